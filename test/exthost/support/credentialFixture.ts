// What every credential test file needs beyond the suite: a fresh app per test (in the model),
// its credentials, the sandbox's writes, and the tree's selection after a reveal.
import type { LoggedRequest, RunningSandbox } from '../../../src/sandbox/types';
import type { ExtensionTestApi } from '../../../src/testApi';
import { appNode, type AppHandle } from './modelNodes';
import type { SandboxSuite } from './sandboxSuite';

export { appNode, credentialNode, type AppHandle, type CredentialHandle } from './modelNodes';
export { useSandboxSuite as useCredentialsFixture, type SandboxSuite as CredentialsFixture } from './sandboxSuite';

/** A fresh app in the tenant, made by the admin and loaded into the model. */
export async function freshAppNode(fixture: SandboxSuite, displayName: string, tenantId = fixture.home): Promise<AppHandle> {
  const app = await fixture.admin.createApp(tenantId, `${displayName} ${Math.random().toString(36).slice(2, 8)}`);
  return appNode(fixture.api, tenantId, app.id);
}

/** Requests that change the directory (anything but GET), made after `since` (a log length). */
export function writes(sandbox: RunningSandbox, since = 0): LoggedRequest[] {
  return sandbox.control.requests().slice(since).filter((r) => r.method !== 'GET' && /^\/v1\.0\/(applications|servicePrincipals)/i.test(r.path));
}

export function requestCount(sandbox: RunningSandbox): number {
  return sandbox.control.requests().length;
}

/**
 * The ids selected in the App Registrations view once `expected` is selected, or after 5 s:
 * reveal resolves before the workbench reports the new selection back, and the view has no
 * event a test could wait on for another window's selection.
 */
export async function selectionOf(api: ExtensionTestApi, expected: string): Promise<string[]> {
  const ids = () => api.views.appsView.selection.map((n) => n.id);
  if (ids().includes(expected)) return ids();
  await new Promise<void>((resolve) => {
    const timer = setTimeout(done, 5000);
    const subscription = api.views.appsView.onDidChangeSelection(() => ids().includes(expected) && done());
    function done(): void {
      clearTimeout(timer);
      subscription.dispose();
      resolve();
    }
  });
  return ids();
}

export function issuerOf(sandbox: RunningSandbox, tenantId: string): string {
  return `${sandbox.authority}/${tenantId}/v2.0`;
}
