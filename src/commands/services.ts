// The extension's long-lived services, built once in extension.ts. Commands get them inside
// their CommandContext (commandContext.ts), never as globals.
import type * as vscode from 'vscode';
import type { Log } from '../log';
import type { Model } from '../model';
import type { Session } from '../services/session';
import type { SandboxConnection } from '../services/sandboxConnection';
import type { Telemetry } from '../telemetry';
import type { Views } from '../views/registerViews';
import type { UserInput } from './userInput';

export interface ExtensionServices {
  readonly extension: vscode.ExtensionContext;
  readonly session: Session;
  readonly sandbox: SandboxConnection;
  readonly log: Log;
  readonly telemetry: Telemetry;
  readonly model: Model;
  readonly views: Views;
  /** The prompts a command uses unless its call was given others (the test API scripts them). */
  readonly ui: UserInput;
}
