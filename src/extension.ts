// The table of contents of the extension: build the services, register views and commands,
// then restore the last sign-in in the background so activation itself stays cheap.
import * as vscode from 'vscode';
import { registerAllCommands } from './commands';
import { useSandboxFromEnvironment } from './commands/sandboxFromEnvironment';
import { restoreSignIn } from './commands/signIn';
import type { ExtensionServices } from './commands/services';
import { VsCodeUserInput } from './commands/userInput';
import { Log } from './log';
import { SandboxConnection } from './services/sandboxConnection';
import { Session } from './services/session';
import { Telemetry } from './telemetry';
import { registerViews } from './views/registerViews';

export function activate(context: vscode.ExtensionContext): ExtensionServices {
  const log = new Log();
  const session = new Session(context.globalState);
  const sandbox = new SandboxConnection();
  const telemetry = new Telemetry(context.extension.packageJSON.telemetryConnectionString as string | undefined);
  context.subscriptions.push(log, session, telemetry, { dispose: () => void sandbox.stop() });

  const views = registerViews(session, context.subscriptions, { context, log, sandbox });
  const services: ExtensionServices = { context, session, sandbox, log, telemetry, ui: new VsCodeUserInput(), views };
  context.subscriptions.push(...registerAllCommands(services));

  void vscode.commands.executeCommand('setContext', 'miFederation.signedIn', false);
  setTimeout(() => void restoreSignIn(services), 0);
  setTimeout(() => void useSandboxFromEnvironment(services), 0);
  // The services are the extension's API: tests script `ui` and read the session through it.
  return services;
}

export function deactivate(): void {}
