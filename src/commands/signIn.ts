// Sign In / Sign Out / Try the Sandbox Tenant. The method comes from miFederation.signIn; the
// sandbox cloud always uses device code against the sandbox, which approves it by itself, so
// tests run the real sign-in path.
import * as vscode from 'vscode';
import { CancelledError, isCancellation, NotSignedInError } from '../core/errors';
import { isCloudName } from '../core/clouds';
import { AzureCliSignIn, AzureCliUnavailableError } from '../services/auth/azureCliSignIn';
import { DeviceCodeSignIn } from '../services/auth/deviceCodeSignIn';
import type { DeviceCodePrompt, SignInMethod, SignInMethodId, SignedInAccount } from '../services/auth/signInMethod';
import { VsCodeSignIn } from '../services/auth/vscodeSignIn';
import { cloudEnvironment, type Environment } from '../services/environment';
import { LAST_SIGN_IN_METHOD_KEY } from '../services/session';
import type { SandboxInfo } from '../sandbox/types';
import { rememberCloudBeforeSandbox } from './cloudBeforeSandbox';
import type { ExtensionServices } from './services';

const lastMethodKey = LAST_SIGN_IN_METHOD_KEY;

export function configuredEnvironment(context: ExtensionServices): Environment {
  const config = vscode.workspace.getConfiguration('miFederation');
  const cloud = config.get<string>('cloud', 'public');
  if (cloud === 'sandbox') {
    const environment = context.sandbox.environment();
    if (!environment) throw new NotSignedInError('The cloud is set to "sandbox" but no sandbox tenant is running. Run "MI Federation: Try the Sandbox Tenant".');
    return environment;
  }
  if (!isCloudName(cloud) || cloud === 'sandbox') throw new Error(`Setting miFederation.cloud has an unknown value "${cloud}"; use public, usgov, china or sandbox.`);
  return cloudEnvironment(cloud, config.get<string>('clientId') || undefined);
}

function methodFor(context: ExtensionServices, environment: Environment, id: SignInMethodId): SignInMethod {
  switch (id) {
    case 'azureCli':
      return new AzureCliSignIn(environment);
    case 'deviceCode':
      return new DeviceCodeSignIn(environment, context.extension.secrets);
    case 'vscode':
      return new VsCodeSignIn(environment, vscode.workspace.getConfiguration('miFederation').get<string>('clientId') || undefined);
  }
}

function configuredMethod(environment: Environment): SignInMethodId {
  if (environment.cloud.name === 'sandbox') return 'deviceCode';
  const id = vscode.workspace.getConfiguration('miFederation').get<string>('signIn', 'vscode');
  return id === 'azureCli' || id === 'deviceCode' ? id : 'vscode';
}

export async function signIn(context: ExtensionServices): Promise<SignedInAccount> {
  const environment = configuredEnvironment(context);
  const id = configuredMethod(environment);
  try {
    return await signInWith(context, environment, id);
  } catch (e) {
    if (!(e instanceof AzureCliUnavailableError)) throw e;
    const choice = await context.ui.message('warning', e.message, 'Sign In with Device Code');
    if (choice !== 'Sign In with Device Code') throw new CancelledError();
    return signInWith(context, environment, 'deviceCode');
  }
}

async function signInWith(context: ExtensionServices, environment: Environment, id: SignInMethodId): Promise<SignedInAccount> {
  const method = methodFor(context, environment, id);
  const account = await reportSignIn(context, id, environment, vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: 'MI Federation: signing in…', cancellable: true },
    (progress, token) => {
      const controller = new AbortController();
      token.onCancellationRequested(() => controller.abort());
      const onDeviceCode = (prompt: DeviceCodePrompt) => {
        // The progress toast closes by itself when sign-in completes.
        progress.report({ message: `enter the code ${prompt.userCode} at ${prompt.verificationUri}` });
        // The sandbox approves its own codes; elsewhere the user must act, so offer the copy button.
        if (environment.cloud.name !== 'sandbox') showDeviceCode(context, prompt);
      };
      return context.session.signIn(environment, method, { signal: controller.signal, onDeviceCode });
    },
  ));
  await context.extension.globalState.update(lastMethodKey, id);
  await vscode.commands.executeCommand('setContext', 'miFederation.signedIn', true);
  context.log.info(`Signed in as ${account.username} (${id}, ${environment.cloud.displayName}).`);
  return account;
}

/** One signIn event per attempt, also for the ones that fail or are cancelled. */
async function reportSignIn<T>(context: ExtensionServices, method: SignInMethodId, environment: Environment, attempt: Thenable<T>): Promise<T> {
  try {
    const result = await attempt;
    context.telemetry.send('signIn', { method, cloud: environment.cloud.name, result: 'Succeeded' });
    return result;
  } catch (e) {
    context.telemetry.send('signIn', { method, cloud: environment.cloud.name, result: isCancellation(e) ? 'Canceled' : 'Failed' });
    throw e;
  }
}

function showDeviceCode(context: ExtensionServices, prompt: DeviceCodePrompt): void {
  const copy = 'Copy Code and Open Browser';
  void context.ui.message('info', `To sign in, enter the code ${prompt.userCode} at ${prompt.verificationUri}.`, copy).then(async (action) => {
    if (action !== copy) return;
    await vscode.env.clipboard.writeText(prompt.userCode);
    await vscode.env.openExternal(vscode.Uri.parse(prompt.verificationUri));
  });
}

/** Restores the last sign-in without prompting, right after activation. Quiet on failure. */
export async function restoreSignIn(context: ExtensionServices): Promise<boolean> {
  const id = context.extension.globalState.get<SignInMethodId>(lastMethodKey);
  if (!id) return false;
  try {
    const environment = configuredEnvironment(context);
    const restored = await context.session.restore(environment, methodFor(context, environment, configuredMethod(environment) === 'deviceCode' ? 'deviceCode' : id));
    await vscode.commands.executeCommand('setContext', 'miFederation.signedIn', restored);
    return restored;
  } catch (e) {
    context.log.info(`Could not restore the last sign-in: ${(e as Error).message}`);
    return false;
  }
}

export async function signOut(context: ExtensionServices): Promise<void> {
  await context.session.signOut();
  await context.extension.globalState.update(lastMethodKey, undefined);
  await vscode.commands.executeCommand('setContext', 'miFederation.signedIn', false);
  context.log.info('Signed out; cached tokens cleared.');
}

/**
 * Switches to the sandbox cloud and signs in to it. With no argument it starts the bundled
 * sandbox; given a running sandbox's info (its JSON line), it connects to that one instead.
 */
export async function useSandbox(context: ExtensionServices, running?: SandboxInfo & { ca?: string }): Promise<SignedInAccount> {
  if (context.session.account) await context.session.signOut();
  const connected = running
    ? await context.sandbox.attach(running)
    : await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: 'Starting the sandbox tenant…' }, () =>
        context.sandbox.start(context.extension.extensionPath, { apps: 200 }),
      );
  // Its admin secret, identity header and function key never reach the log or a pop-up.
  context.log.addSandboxSecrets(connected.info);
  context.log.info(`Sandbox tenant at ${connected.info.authority}.`);
  await rememberCloudBeforeSandbox(context);
  await vscode.workspace.getConfiguration('miFederation').update('cloud', 'sandbox', vscode.ConfigurationTarget.Global);
  const account = await signIn(context);
  // The sandbox's customer tenant is where cross-tenant tokens go: show it too.
  await context.session.addTenant({ id: connected.info.tenants.customer });
  return account;
}
