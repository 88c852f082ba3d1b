// The table of contents of the extension: build the services and the model, register views and
// commands, then restore the last sign-in in the background so activation itself stays cheap.
import * as vscode from 'vscode';
import { registerAllCommands } from './commands';
import { useSandboxFromEnvironment } from './commands/sandboxFromEnvironment';
import type { ExtensionServices } from './commands/services';
import { restoreSignIn } from './commands/signIn';
import { knownAuthoritiesOf } from './commands/tokens/flowContext';
import { VsCodeUserInput } from './commands/userInput';
import { Log } from './log';
import { Model, TokenFunctions } from './model';
import { SandboxConnection } from './services/sandboxConnection';
import { Session } from './services/session';
import { TokenFunctionStore } from './services/tokenFunction/store';
import { currentTrust } from './services/tokenFunction/trust';
import { Telemetry } from './telemetry';
import { createTestApi, ScriptedInputs, type ExtensionTestApi } from './testApi';
import { registerViews } from './views/registerViews';

export function activate(context: vscode.ExtensionContext): ExtensionTestApi {
  const log = new Log();
  const session = new Session(context.globalState);
  const sandbox = new SandboxConnection();
  const telemetry = new Telemetry(context.extension.packageJSON.telemetryConnectionString as string | undefined);
  const trust = () => currentTrust(session, sandbox);
  const store = new TokenFunctionStore({ globalState: context.globalState, secrets: context.secrets, addSecret: (s) => log.addSecret(s) });
  const model = new Model(session, new TokenFunctions(store, trust));
  context.subscriptions.push(log, session, telemetry, store, model, { dispose: () => void sandbox.stop() });

  const views = registerViews({ extensionUri: context.extensionUri, log, model, trust, knownAuthorities: () => knownAuthoritiesOf({ session, sandbox }) }, context.subscriptions);
  const services: ExtensionServices = { extension: context, session, sandbox, log, telemetry, model, views, ui: new VsCodeUserInput() };
  const inputs = new ScriptedInputs();
  context.subscriptions.push(...registerAllCommands(services, inputs));

  void vscode.commands.executeCommand('setContext', 'miFederation.signedIn', false);
  setTimeout(() => void restoreSignIn(services), 0);
  setTimeout(() => void useSandboxFromEnvironment(services), 0);
  return createTestApi(services, inputs);
}

export function deactivate(): void {}
