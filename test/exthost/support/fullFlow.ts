// The whole product in one flow, as a user walks it: the tree lists a fresh multi-tenant app,
// "Add Managed Identity Credential…" gives it the token function's identity (scripted answers),
// the sandbox's token function is added and invoked for the managed identity's token, and that
// token is exchanged locally for the app's token in the customer tenant. Shared by the fault,
// telemetry and redaction tests; every step asserts on what the sandbox really holds.
import * as assert from 'node:assert/strict';
import type { FederatedIdentityCredential } from '@microsoft/microsoft-graph-types';
import { USER_ASSIGNED_MI } from '../../../src/sandbox/ids';
import type { TokenFunctionEntry } from '../../../src/services/tokenFunction';
import type { InspectorState } from '../../../src/shared/protocol';
import { appNode, credentialNode, endpointNode } from './modelNodes';
import { removeAllTokenFunctions, type SandboxSuite } from './sandboxSuite';
import { accept, confirm, pick } from './scriptedUserInput';

export const EXCHANGE_AUDIENCE = 'api://AzureADTokenExchange';

/** The suite the flow runs in (the fault tests swap its sandbox for a restarted one). */
export type FlowParts = Pick<SandboxSuite, 'api' | 'sandbox' | 'admin' | 'ui' | 'run'>;

export interface FlowOutcome {
  app: { id: string; appId: string; displayName: string };
  credential: FederatedIdentityCredential;
  managedIdentityToken: InspectorState;
  appToken: { tenantId: string; inspector: InspectorState };
}

/**
 * An admin's fresh app, multi-tenant, provisioned in both tenants (so the exchange into the
 * customer tenant may succeed once the credential exists). Made before any fault is armed.
 */
export async function freshProvisionedApp(parts: FlowParts, name: string): Promise<FlowOutcome['app']> {
  const { admin, sandbox } = parts;
  const app = await admin.createApp(sandbox.tenants.home, `${name} ${Math.random().toString(36).slice(2, 8)}`);
  for (const tenant of [sandbox.tenants.home, sandbox.tenants.customer]) {
    const created = await admin.request(tenant, 'POST', '/servicePrincipals', { appId: app.appId });
    assert.equal(created.status, 201, `service principal in ${tenant}: ${JSON.stringify(created.body)}`);
  }
  return app;
}

export async function runFullFlow(parts: FlowParts, app: FlowOutcome['app']): Promise<FlowOutcome> {
  const { api, sandbox, admin } = parts;
  const home = sandbox.tenants.home;
  // The flow exchanges the credential it has just made, so it asks for immediate propagation
  // (by default each write takes 20–60 s to reach the token endpoint, as in a real tenant).
  sandbox.control.setFicPropagationDelay(0);

  // List: the tree loads the tenant and shows the app.
  const node = await appNode(api, home, app.id);
  assert.equal(node.app.displayName, app.displayName);

  // Add the credential through the wizard.
  parts.ui.queue(pick(USER_ASSIGNED_MI.name), pick(EXCHANGE_AUDIENCE), accept(), accept(), confirm('Create'));
  const created = await parts.run<FederatedIdentityCredential>('miFederation.addCredential', node);
  assert.ok(created, `the credential was not created:\n${parts.ui.transcript()}`);
  const stored = await despiteFaults(() => admin.credentials(home, app.id));
  assert.deepEqual(
    stored.map((f) => [f.name, f.issuer, f.subject, f.audiences]),
    [[created.name, `${sandbox.authority}/${home}/v2.0`, USER_ASSIGNED_MI.objectId, [EXCHANGE_AUDIENCE]]],
    'exactly the one credential the user reviewed',
  );

  // The token function, then the managed identity's token for the credential's audience.
  await removeAllTokenFunctions(api);
  const entry = await parts.run<TokenFunctionEntry>('miFederation.addTokenFunction', { url: sandbox.tokenFunction.url, key: sandbox.tokenFunction.key, name: 'sandbox' });
  assert.ok(entry?.discovery, `the token function's endpoints were not discovered:\n${parts.ui.transcript()}`);
  const credential = credentialNode(api, await appNode(api, home, app.id), created.name ?? '');
  parts.ui.queue(pick('Invoke'));
  const invoked = await parts.run<{ inspector?: InspectorState }>(
    'miFederation.invokeTokenFunction',
    await endpointNode(api, 'GetManagedIdentityToken'),
    credential,
  );
  assert.ok(invoked?.inspector, `no managed identity token:\n${parts.ui.transcript()}`);
  const [mi] = invoked.inspector.tokens;
  assert.equal(mi.objectId, USER_ASSIGNED_MI.objectId);
  assert.equal(mi.audience, 'fb60f99c-7a34-4190-8149-302f77469936', 'a v2 token names the exchange app by its id');
  assert.equal(invoked.inspector.diagnosis?.matched, created.name);

  // The local exchange: the app's own token in the customer tenant.
  parts.ui.queue(pick('Invoke'));
  const exchanged = await parts.run<{ tenantId: string; inspector: InspectorState }>('miFederation.exchangeForAppToken', credential);
  assert.ok(exchanged, `the exchange failed:\n${parts.ui.transcript()}`);
  assert.equal(exchanged.tenantId, sandbox.tenants.customer);
  const appToken = exchanged.inspector.tokens[1];
  assert.equal(appToken?.appId, app.appId);
  assert.equal(appToken?.tenantId, sandbox.tenants.customer);

  return { app, credential: stored[0], managedIdentityToken: invoked.inspector, appToken: exchanged };
}

/** The admin's own reads meet the same injected faults; unlike the extension, it just asks again. */
async function despiteFaults<T>(read: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await read();
    } catch (e) {
      if (attempt >= 20 || !/got (429|503)/.test((e as Error).message)) throw e;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}
