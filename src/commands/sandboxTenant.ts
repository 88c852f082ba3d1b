// "Start Sandbox Tenant" / "Stop Sandbox Tenant". The sandbox always runs as a child process of
// the extension host (SandboxConnection.start), never inside it. Start is "Try the Sandbox
// Tenant" that keeps a sandbox this window already runs; Stop signs out of the sandbox cloud,
// ends the child, and gives the user their own cloud setting back. "Add the Sandbox Tenant's
// Token Function" saves typing its URL and key (the walkthrough's token step on the sandbox).
import { NotSignedInError } from '../core/errors';
import type { TokenFunctionEntry } from '../services/tokenFunction';
import { restoreCloudBeforeSandbox } from './cloudBeforeSandbox';
import type { CommandContext } from './commandContext';
import { signIn, signOut, useSandbox } from './signIn';
import { addTokenFunction } from './tokens/addTokenFunction';

export interface SandboxTenantStatus {
  /** The sandbox's authority host while it runs; undefined once stopped. */
  authority?: string;
  /** True when this window started it (and so stops it); false for one started elsewhere, e.g. by `npm start`. */
  startedHere: boolean;
  signedIn: boolean;
}

export async function startSandboxTenant(context: CommandContext): Promise<SandboxTenantStatus> {
  const running = context.sandbox.connected;
  if (running?.child) {
    if (context.session.environment?.cloud.name !== 'sandbox' || !context.session.account) await signIn(context);
    void context.ui.message('info', `The sandbox tenant is already running at ${running.info.authority}.`);
    return { authority: running.info.authority, startedHere: true, signedIn: context.session.account !== undefined };
  }
  const account = await useSandbox(context);
  const started = context.sandbox.connected;
  void context.ui.message('info', `Sandbox tenant started at ${started?.info.authority}; signed in as ${account.username}.`);
  return { authority: started?.info.authority, startedHere: true, signedIn: true };
}

export async function stopSandboxTenant(context: CommandContext): Promise<SandboxTenantStatus> {
  const running = context.sandbox.connected;
  if (context.session.environment?.cloud.name === 'sandbox') await signOut(context);
  if (!running) {
    void context.ui.message('info', 'No sandbox tenant is running.');
    return { startedHere: false, signedIn: context.session.account !== undefined };
  }
  await context.sandbox.stop();
  const cloud = await restoreCloudBeforeSandbox(context);
  const startedHere = running.child !== undefined;
  const what = startedHere
    ? 'Stopped the sandbox tenant and signed out of it.'
    : `Signed out of the sandbox tenant at ${running.info.authority}; it was started outside VS Code and keeps running.`;
  context.log.info(`${what} Cloud: ${cloud}.`);
  void context.ui.message('info', what);
  return { startedHere, signedIn: context.session.account !== undefined };
}

export async function addSandboxTokenFunction(context: CommandContext): Promise<TokenFunctionEntry> {
  const running = context.sandbox.connected;
  if (!running) throw new NotSignedInError('No sandbox tenant is running. Run "MI Federation: Start Sandbox Tenant" first.');
  const { url, key } = running.info.tokenFunction;
  return addTokenFunction(context, { url, key, name: 'Sandbox token function' });
}
