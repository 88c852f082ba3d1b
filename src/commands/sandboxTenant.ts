// "Start Sandbox Tenant" / "Stop Sandbox Tenant". The sandbox always runs as a child process of
// the extension host (SandboxConnection.start), never inside it. Start is "Try the Sandbox
// Tenant" that keeps a sandbox this window already runs; Stop signs out of the sandbox cloud,
// ends the child, and gives the user their own cloud setting back. "Add the Sandbox Tenant's
// Token Function" saves typing its URL and key (the walkthrough's token step on the sandbox).
import { NotSignedInError } from '../core/errors';
import type { TokenFunctionEntry } from '../services/tokenFunction';
import { restoreCloudBeforeSandbox } from './cloudBeforeSandbox';
import type { ExtensionServices } from './services';
import { signIn, signOut, useSandbox } from './signIn';
import { addTokenFunction } from './tokens/addTokenFunction';

export interface SandboxTenantStatus {
  /** The sandbox's authority host while it runs; undefined once stopped. */
  authority?: string;
  /** True when this window started it (and so stops it); false for one started elsewhere, e.g. by `npm start`. */
  startedHere: boolean;
  signedIn: boolean;
}

export async function startSandboxTenant(services: ExtensionServices): Promise<SandboxTenantStatus> {
  const running = services.sandbox.connected;
  if (running?.child) {
    if (services.session.environment?.cloud.name !== 'sandbox' || !services.session.account) await signIn(services);
    void services.ui.message('info', `The sandbox tenant is already running at ${running.info.authority}.`);
    return { authority: running.info.authority, startedHere: true, signedIn: services.session.account !== undefined };
  }
  const account = await useSandbox(services);
  const started = services.sandbox.connected;
  void services.ui.message('info', `Sandbox tenant started at ${started?.info.authority}; signed in as ${account.username}.`);
  return { authority: started?.info.authority, startedHere: true, signedIn: true };
}

export async function stopSandboxTenant(services: ExtensionServices): Promise<SandboxTenantStatus> {
  const running = services.sandbox.connected;
  if (services.session.environment?.cloud.name === 'sandbox') await signOut(services);
  if (!running) {
    void services.ui.message('info', 'No sandbox tenant is running.');
    return { startedHere: false, signedIn: services.session.account !== undefined };
  }
  await services.sandbox.stop();
  const cloud = await restoreCloudBeforeSandbox(services);
  const startedHere = running.child !== undefined;
  const what = startedHere
    ? 'Stopped the sandbox tenant and signed out of it.'
    : `Signed out of the sandbox tenant at ${running.info.authority}; it was started outside VS Code and keeps running.`;
  services.log.info(`${what} Cloud: ${cloud}.`);
  void services.ui.message('info', what);
  return { startedHere, signedIn: services.session.account !== undefined };
}

export async function addSandboxTokenFunction(services: ExtensionServices): Promise<TokenFunctionEntry> {
  const running = services.sandbox.connected;
  if (!running) throw new NotSignedInError('No sandbox tenant is running. Run "MI Federation: Start Sandbox Tenant" first.');
  const { url, key } = running.info.tokenFunction;
  return addTokenFunction(services, { url, key, name: 'Sandbox token function' });
}
