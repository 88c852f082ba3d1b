// The table of contents of the extension: build the services and the model, register views and
// commands, then restore the last sign-in in the background so activation itself stays cheap.
// What runs here is the start-up bundle (dist/extension.js); the commands' code, the token
// inspector and the sign-in flows are in the features bundle, loaded on first use.
import * as vscode from 'vscode';
import { contributedCommandIds, definitionsOnFirstUse, registerCommands } from './commands/registry';
import type { ExtensionServices } from './commands/services';
import { VsCodeUserInput } from './commands/userInput';
import { loadFeatures } from './loadFeatures';
import { Log } from './log';
import { Model, TokenFunctions } from './model';
import { SandboxConnection } from './services/sandboxConnection';
import { LAST_SIGN_IN_METHOD_KEY, Session } from './services/session';
import { TokenFunctionStore } from './services/tokenFunction/store';
import { currentTrust, entraAuthorities } from './services/tokenFunction/trust';
import { SANDBOX_FILE_VARIABLE } from './shared/sandboxHandOver';
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

  const views = registerViews(
    { extensionUri: context.extensionUri, log, model, trust, knownAuthorities: () => entraAuthorities(session, sandbox), loadInspector: () => loadFeatures().TokenInspector, loadReports: () => loadFeatures().FederationReports },
    context.subscriptions,
  );
  const services: ExtensionServices = { extension: context, session, sandbox, log, telemetry, model, views, ui: new VsCodeUserInput() };
  const inputs = new ScriptedInputs();
  // The manifest's ids, each to a stub: the definitions load with the features on the first call.
  const definitions = definitionsOnFirstUse(() => loadFeatures().commands);
  context.subscriptions.push(...registerCommands(services, contributedCommandIds(context.extension.packageJSON), definitions, inputs));

  void vscode.commands.executeCommand('setContext', 'miFederation.signedIn', false);
  restoreInBackground(services);
  return createTestApi(services, inputs);
}

/**
 * After activation: the last sign-in back, and the sandbox `npm start` announces. The code of
 * both is in the features bundle, loaded only when there is something to restore.
 */
function restoreInBackground(services: ExtensionServices): void {
  if (services.extension.globalState.get(LAST_SIGN_IN_METHOD_KEY)) setTimeout(() => void loadFeatures().restoreSignIn(services), 0);
  if (process.env[SANDBOX_FILE_VARIABLE]) setTimeout(() => void loadFeatures().useSandboxFromEnvironment(services), 0);
}

export function deactivate(): void {}
