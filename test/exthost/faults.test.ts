// The full flow on a sandbox that misbehaves like the real services on a bad day: throttled
// (429 with Retry-After), unavailable (503) and slow, on every request the extension itself
// sends — Graph, Entra's token endpoint and the token function. It must still end with the
// right credential (exactly one), the right tokens and every answer the user gave used. A
// sandbox killed mid-flow must give a clear error, and work again once it is back on the same
// port, without reloading VS Code.
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ExtensionServices } from '../../src/commands/services';
import { startSandbox } from '../../src/sandbox';
import { SEEDED_APPS, USER_ASSIGNED_MI } from '../../src/sandbox/ids';
import type { LoggedRequest, RunningSandbox } from '../../src/sandbox/types';
import { appNode } from './support/credentialFixture';
import { extensionServices } from './support/extensionUnderTest';
import { EXCHANGE_AUDIENCE, freshProvisionedApp, runFullFlow, type FlowParts } from './support/fullFlow';
import { SandboxAdmin } from './support/sandboxAdmin';
import { accept, act, confirm, pick, ScriptedUserInput } from './support/scriptedUserInput';
import { removeAllTokenFunctions } from './support/tokenFixtures';

/** What the extension calls itself: Graph, the token endpoint, the token function's endpoints. */
const EXTENSION_REQUESTS = /^\/(v1\.0\/|[^/]+\/oauth2\/v2\.0\/token$|api\/)/;

describe('Faults: the full flow on a throttled, unavailable, slow or stopped sandbox', function () {
  this.timeout(6 * 60_000);
  let services: ExtensionServices;
  let sandbox: RunningSandbox;
  let ui: ScriptedUserInput;
  let admin: { sandbox: RunningSandbox; admin: SandboxAdmin } | undefined;
  const parts: FlowParts = {
    get services() {
      return services;
    },
    get sandbox() {
      return sandbox;
    },
    get admin() {
      // One per sandbox: it keeps its tokens, so armed faults hit only the extension's requests.
      if (admin?.sandbox !== sandbox) admin = { sandbox, admin: new SandboxAdmin(sandbox) };
      return admin.admin;
    },
    ui: () => ui,
  };

  before(async () => {
    services = await extensionServices();
    sandbox = await startSandbox({ tokenFunction: true });
    await vscode.commands.executeCommand('miFederation.useSandbox', sandbox);
    assert.ok(services.session.account, 'signing in to the sandbox failed; see the MI Federation log');
    await vscode.commands.executeCommand('workbench.view.extension.miFederation');
  });

  beforeEach(() => {
    ui = new ScriptedUserInput();
    services.ui = ui;
    sandbox.control.clearFaults();
    sandbox.control.setLatency(0);
  });

  afterEach(function () {
    if (this.currentTest?.state === 'failed') console.log(`prompts:\n${ui.transcript()}`);
  });

  after(async () => {
    await removeAllTokenFunctions(services);
    await vscode.commands.executeCommand('miFederation.signOut');
    await sandbox?.close();
  });

  const since = (start: number): LoggedRequest[] => sandbox.control.requests().slice(start);
  const ficWrites = (requests: LoggedRequest[], appId: string) =>
    requests.filter((r) => r.method === 'POST' && r.path === `/v1.0/applications/${appId}/federatedIdentityCredentials`);

  it('completes with 20 % 429s, 5 % 503s and 200 ms latency: one credential, both tokens, every answer used', async () => {
    const app = await freshProvisionedApp(parts, 'Faults Rate');
    const start = sandbox.control.requests().length;
    sandbox.control.setFaults({ throttleRate: 0.2, unavailableRate: 0.05, path: EXTENSION_REQUESTS });
    sandbox.control.setLatency(200);

    const outcome = await runFullFlow(parts, app);

    ui.assertDone();
    assert.deepEqual(ui.messages('error').map((m) => m.text), [], 'an error reached the user');
    const requests = since(start);
    assert.ok(requests.some((r) => r.fault), 'no fault was injected: the test proved nothing');
    assert.equal(ficWrites(requests, app.id).filter((r) => r.status === 201).length, 1, 'the credential was created more than once');
    assert.equal(outcome.credential.subject, USER_ASSIGNED_MI.objectId);
    console.log(`      ${requests.length} requests, ${requests.filter((r) => r.fault === 'throttle').length} throttled, ${requests.filter((r) => r.fault === 'unavailable').length} unavailable`);
  });

  it('survives a 429 and a 503 at the most delicate request of each step', async () => {
    const app = await freshProvisionedApp(parts, 'Faults Write');
    const start = sandbox.control.requests().length;
    const ficPath = new RegExp(`^/v1\\.0/applications/${app.id}/federatedIdentityCredentials$`);
    // Armed when the user confirms the review: the very POST that creates the credential.
    const armWrite = act(() => {
      sandbox.control.failNext(1, 'throttle', ficPath, 0);
      sandbox.control.failNext(1, 'unavailable', ficPath, 0);
    });
    const node = await appNode(services, sandbox.tenants.home, app.id);
    ui.queue(pick(USER_ASSIGNED_MI.name), pick(EXCHANGE_AUDIENCE), accept(), accept(), armWrite, confirm('Create'));
    await vscode.commands.executeCommand('miFederation.addCredential', node);
    ui.assertDone();
    const writes = ficWrites(since(start), app.id);
    assert.deepEqual(writes.map((r) => r.status), [429, 503, 201], `writes: ${JSON.stringify(writes)}`);

    // The rest of the flow on another app, with the token function and the token endpoint
    // failing once each way.
    const other = await freshProvisionedApp(parts, 'Faults Tokens');
    sandbox.control.failNext(1, 'throttle', /^\/api\/GetManagedIdentityToken$/, 0);
    sandbox.control.failNext(1, 'unavailable', /^\/api\/GetManagedIdentityToken$/, 0);
    sandbox.control.failNext(1, 'throttle', /\/oauth2\/v2\.0\/token$/, 0);
    sandbox.control.failNext(1, 'unavailable', /\/oauth2\/v2\.0\/token$/, 0);
    await runFullFlow(parts, other);
    ui.assertDone();
    const faulted = since(start).filter((r) => r.fault).map((r) => `${r.fault} ${r.path.replace(/^\/[^/]+(\/oauth2)/, '/{tenant}$1')}`);
    for (const expected of ['throttle /api/GetManagedIdentityToken', 'unavailable /api/GetManagedIdentityToken', 'throttle /{tenant}/oauth2/v2.0/token', 'unavailable /{tenant}/oauth2/v2.0/token']) {
      assert.ok(faulted.includes(expected), `no ${expected}; faults: ${faulted.join(', ')}`);
    }
  });

  it('says clearly that the sandbox is gone, keeps the entries, and works again once it is back on the same port', async () => {
    // A seeded app: a restarted sandbox is seeded afresh (same ids), apps made by tests are gone.
    const node = await appNode(services, sandbox.tenants.home, SEEDED_APPS.empty.objectId);
    const { port } = sandbox;
    const stateDir = path.dirname(sandbox.caFile);
    const kill = act(() => sandbox.close());
    const restart = act(async () => {
      sandbox = await startSandbox({ port, stateDir, tokenFunction: true });
    });
    // The sandbox dies while the user reads the review; they confirm, read the error, and
    // confirm again once it is back.
    ui.queue(pick(USER_ASSIGNED_MI.name), pick(EXCHANGE_AUDIENCE), accept(), accept(), kill, confirm('Create'), restart, confirm('Create'));
    const created = await vscode.commands.executeCommand<{ name?: string }>('miFederation.addCredential', node);

    ui.assertDone();
    const errors = ui.messages('error').map((m) => m.text);
    assert.equal(errors.length, 1, `errors: ${errors.join(' | ')}`);
    console.log(`      the user read: ${errors[0]}`);
    assert.match(errors[0], /^Could not reach Microsoft Graph: the server refused the connection; is it running\? /);
    assert.match(errors[0], /Your entries are kept/);
    assert.ok(created?.name, `not created after the restart:\n${ui.transcript()}`);
    const stored = await parts.admin.credentials(sandbox.tenants.home, SEEDED_APPS.empty.objectId);
    assert.deepEqual(stored.map((f) => f.name), [created.name], 'exactly one credential, the one reviewed');

    // The tree, the token function and the exchange work on the restarted sandbox, no reload.
    await runFullFlow(parts, await freshProvisionedApp(parts, 'Faults Restarted'));
    ui.assertDone();
  });
});
