// Readiness in the extension host against the sandbox, asserting on the sandbox's state and
// request log: Contoso Sync without a service principal in Fabrikam shows "not provisioned" with
// the admin-consent URL; after the sandbox's admin consent it is ready with the role it holds and
// the exchange into Fabrikam succeeds; Provision Here creates the service principal (and a 403
// creates nothing); a tenant that refuses reads says so on its row, with no error pop-up.
import * as assert from 'node:assert/strict';
import { adminConsentUrl } from '../../src/core/readiness';
import { sandboxCloud } from '../../src/core/clouds';
import { SEEDED_APPS } from '../../src/sandbox/ids';
import type { TenantReadiness } from '../../src/core/readiness';
import type { TreeNode } from '../../src/views/tree/treeNode';
import { appNode, contextValueOf, credentialNode, description, drawnApps, label, labels, type AppHandle } from './support/modelNodes';
import { useSandboxSuite } from './support/sandboxSuite';
import { confirm, pick, ScriptedUserInput } from './support/scriptedUserInput';

describe('Readiness per app and tenant', function () {
  this.timeout(60_000);
  const suite = useSandboxSuite({ tokenFunction: true });
  const home = () => suite.home;
  const fabrikam = () => suite.customer;

  before(async function () {
    // Contoso Sync starts without a service principal in Fabrikam: not provisioned there.
    const [sp] = await suite.admin.servicePrincipals(fabrikam(), SEEDED_APPS.contosoSync.appId);
    assert.equal((await suite.admin.request(fabrikam(), 'DELETE', `/servicePrincipals/${sp.id}`)).status, 204);
    await suite.runWith(new ScriptedUserInput(), 'miFederation.addTokenFunction', { url: suite.sandbox.tokenFunction.url, key: suite.sandbox.tokenFunction.key, name: 'sandbox' });
  });

  /** The rows under the app's Tenants node, drawn through the view's provider. */
  async function tenantRows(app: AppHandle): Promise<{ tenants: TreeNode; rows: TreeNode[] }> {
    const children = await drawnApps(suite.api, await drawnAppNode(app));
    const tenants = children.find((n) => n.id.endsWith('/readiness'));
    assert.ok(tenants, `no Tenants node: ${(await labels(children)).join(' | ')}`);
    assert.equal(await label(tenants), 'Tenants');
    // The first draw asks for the verdicts (and shows "Checking readiness…" until they are in).
    await drawnApps(suite.api, tenants);
    await suite.api.model.readiness.whenChecked(app.tenantId, app.objectId);
    return { tenants, rows: await drawnApps(suite.api, tenants) };
  }

  async function drawnAppNode(app: AppHandle): Promise<TreeNode> {
    const [tenant] = (await drawnApps(suite.api)).filter((n) => n.id === `tenant/${app.tenantId}`);
    const apps = await drawnApps(suite.api, tenant);
    const node = apps.find((n) => n.id === app.id);
    assert.ok(node, `${app.id} is not drawn`);
    return node;
  }

  const rowOf = (rows: TreeNode[], tenantId: string) => {
    const row = rows.find((r) => r.id.endsWith(`/readiness/${tenantId}`));
    assert.ok(row, `no row for ${tenantId}`);
    return row;
  };

  it('shows Contoso Sync as not provisioned in Fabrikam with the consent URL, from read-only batched Graph calls', async () => {
    const app = await appNode(suite.api, home(), SEEDED_APPS.contosoSync.objectId);
    suite.api.model.readiness.clear();
    suite.sandbox.control.clearRequests();
    const { rows } = await tenantRows(app);
    assert.equal(rows.length, 2);
    const row = rowOf(rows, fabrikam());
    assert.equal(await description(row), 'not provisioned');
    assert.match(await contextValueOf(row), /\bcanConsent\b/);
    assert.equal(await description(rowOf(rows, home())), 'ready');
    const graph = suite.sandbox.control.requests().filter((r) => r.path.startsWith('/v1.0/'));
    // Drawing the tree also lists apps and identities (GETs); readiness adds $batch posts only.
    const top = graph.filter((r) => !r.batch);
    assert.ok(top.every((r) => r.method === 'GET' || r.path === '/v1.0/$batch'), top.map((r) => `${r.method} ${r.path}`).join(', '));
    const batches = top.filter((r) => r.path === '/v1.0/$batch');
    assert.ok(batches.length >= 2 && batches.length <= 4, `${batches.length} batches for one app in two tenants`);
    assert.ok(graph.filter((r) => r.batch).every((r) => r.method === 'GET'), 'a readiness check wrote something');
    assert.match(await description(await drawnAppNode(app)), /ready in 1 of 2 tenants/);

    const url = await suite.run<string>('miFederation.copyAdminConsentUrl', row);
    assert.equal(url, adminConsentUrl(sandboxCloud(suite.sandbox.authority), fabrikam(), SEEDED_APPS.contosoSync.appId));
  });

  it("after the sandbox's admin consent it is ready with the role it holds, and the exchange into Fabrikam succeeds", async () => {
    const app = await appNode(suite.api, home(), SEEDED_APPS.contosoSync.objectId);
    const url = adminConsentUrl(sandboxCloud(suite.sandbox.authority), fabrikam(), SEEDED_APPS.contosoSync.appId);
    const accepted = await fetchForm(url, 'approve=yes');
    assert.equal(accepted, 200);
    assert.equal((await suite.admin.servicePrincipals(fabrikam(), SEEDED_APPS.contosoSync.appId)).length, 1, 'consent created the service principal');

    suite.ui.queue(pick(/Fabrikam/));
    const verdicts = await suite.run<TenantReadiness[]>('miFederation.showReadiness', app);
    const there = verdicts.find((v) => v.tenantId === fabrikam());
    assert.equal(there?.verdict, 'ready', suite.ui.transcript());
    assert.deepEqual(there.roles.map((r) => `${r.resource}: ${r.role}`), ['Microsoft Graph: Application.Read.All']);
    const { rows } = await tenantRows(app);
    assert.equal(await description(rowOf(rows, fabrikam())), 'ready · 1 permission');
    assert.match(await description(await drawnAppNode(app)), /ready in 2 of 2 tenants/);

    suite.sandbox.control.clearRequests();
    const credential = credentialNode(suite.api, app, 'token-function-mi');
    const exchangeUi = new ScriptedUserInput(pick('Invoke'));
    const outcome = await suite.runWith<{ tenantId: string }>(exchangeUi, 'miFederation.exchangeForAppToken', credential);
    assert.equal(outcome?.tenantId, fabrikam(), exchangeUi.transcript());
    const tokenCalls = suite.sandbox.control.requests().filter((r) => r.method === 'POST' && r.path === `/${fabrikam()}/oauth2/v2.0/token`);
    assert.ok(tokenCalls.some((r) => r.status === 200), 'no successful exchange into Fabrikam');
  });

  it('Provision Here: a 403 creates nothing and says why; allowed, it creates the service principal after the confirmation', async () => {
    const app = await appNode(suite.api, home(), SEEDED_APPS.empty.objectId);
    const { rows } = await tenantRows(app);
    const row = rowOf(rows, fabrikam());
    assert.match(await contextValueOf(row), /\bcanProvision\b/);

    suite.sandbox.control.denyGraph(fabrikam(), 'write');
    suite.ui.queue(confirm('Provision'));
    assert.equal(await suite.run('miFederation.provisionHere', row), undefined);
    assert.match(suite.ui.messages('error')[0]?.text ?? '', /cannot create service principals in Fabrikam/);
    assert.equal((await suite.admin.servicePrincipals(fabrikam(), SEEDED_APPS.empty.appId)).length, 0);

    suite.sandbox.control.denyGraph(fabrikam(), false);
    const ui = new ScriptedUserInput(confirm('Provision'));
    const after = await suite.runWith<TenantReadiness>(ui, 'miFederation.provisionHere', row);
    assert.equal(after?.verdict, 'ready', ui.transcript());
    const sps = await suite.admin.servicePrincipals(fabrikam(), SEEDED_APPS.empty.appId);
    assert.equal(sps.length, 1);
    await suite.admin.request(fabrikam(), 'DELETE', `/servicePrincipals/${sps[0].id}`);
  });

  it('a tenant that refuses reads says so on its row, never as an error pop-up', async () => {
    const app = await appNode(suite.api, home(), SEEDED_APPS.reporting.objectId);
    suite.sandbox.control.denyGraph(fabrikam(), 'read');
    await suite.api.model.readiness.check(home(), [app.objectId]);
    const { rows } = await tenantRows(app);
    assert.equal(await description(rowOf(rows, fabrikam())), 'cannot read the tenant (permission denied)');
    assert.equal(suite.ui.messages('error').length, 0);
  });

  /** Posts the consent page's form as the sandbox's administrator would (the page's Accept). */
  async function fetchForm(url: string, body: string): Promise<number> {
    const https = await import('node:https');
    return new Promise((resolve, reject) => {
      const req = https.request(url, { method: 'POST', ca: suite.sandbox.ca, headers: { 'content-type': 'application/x-www-form-urlencoded', 'content-length': String(Buffer.byteLength(body)) } }, (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      });
      req.on('error', reject);
      req.end(body);
    });
  }
});
