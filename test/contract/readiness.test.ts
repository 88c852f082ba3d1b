// Readiness look-ups against the sandbox over HTTPS with the extension's own Graph client: the
// service principals of many apps in few requests (answers shuffled, matched by id), role names
// through the resource's appRoles, a tenant that refuses reads, Provision Here's POST, and the
// admin-consent page provisioning and granting as Entra's does, after which the exchange works.
import * as assert from 'node:assert/strict';
import type { TokenCredential } from '@azure/identity';
import { sandboxCloud } from '../../src/core/clouds';
import { GraphError } from '../../src/core/errors';
import { adminConsentUrl, assessReadiness, roleLabel } from '../../src/core/readiness';
import { Emitter } from '../../src/model/emitter';
import { Readiness } from '../../src/model/readiness';
import { SEEDED_APPS } from '../../src/sandbox/ids';
import type { RunningSandbox } from '../../src/sandbox/types';
import { createGraphClient } from '../../src/services/graph/graphClient';
import { createServicePrincipal, lookUpServicePrincipals, type ResourceRoles } from '../../src/services/graph/readiness';
import { adminToken, call, decodePayload, graph, miToken, useSandbox } from './support/sandbox';

function credentialFor(s: RunningSandbox, tenantId: string): TokenCredential {
  let token: Promise<string> | undefined;
  return { getToken: async () => ({ token: await (token ??= adminToken(s, tenantId)), expiresOnTimestamp: Date.now() + 3_600_000 }) };
}

describe('contract: readiness look-ups on the sandbox', function () {
  this.timeout(30_000);
  const sandbox = useSandbox({ apps: 120, ficPropagationS: 0 });
  const client = (tenantId: string) =>
    createGraphClient({ baseUrl: sandbox().authority, scope: 'https://graph.microsoft.com/.default', ca: sandbox().ca }, credentialFor(sandbox(), tenantId));
  const graphPosts = () => sandbox().control.requests().filter((r) => r.path.startsWith('/v1.0/') && !r.batch);

  beforeEach(() => {
    sandbox().control.clearFaults();
    sandbox().control.denyGraph(sandbox().tenants.customer, false);
  });

  it('finds the service principals of several apps in Fabrikam, with roles by name, in two requests', async () => {
    const s = sandbox();
    const c = await client(s.tenants.customer);
    await adminToken(s, s.tenants.customer);
    s.control.clearRequests();
    const resources = new Map<string, ResourceRoles>();
    const apps = [SEEDED_APPS.contosoSync.appId, SEEDED_APPS.broken.appId, SEEDED_APPS.internalTool.appId, SEEDED_APPS.empty.appId];
    const found = await lookUpServicePrincipals(c, apps, resources);
    const sync = found.get(SEEDED_APPS.contosoSync.appId);
    assert.equal(sync?.kind, 'found');
    assert.deepEqual(sync.kind === 'found' && sync.roles.map(roleLabel), ['Microsoft Graph: Application.Read.All']);
    assert.equal(found.get(SEEDED_APPS.broken.appId)?.kind, 'found');
    assert.deepEqual(found.get(SEEDED_APPS.internalTool.appId), { kind: 'absent' });
    assert.deepEqual(found.get(SEEDED_APPS.empty.appId), { kind: 'absent' });
    const sent = graphPosts();
    assert.deepEqual(sent.map((r) => `${r.method} ${r.path}`), ['POST /v1.0/$batch', 'POST /v1.0/$batch'], 'the look-up, then the resource names');
    // Known resources are not asked again.
    s.control.clearRequests();
    await lookUpServicePrincipals(c, apps, resources);
    assert.equal(graphPosts().length, 1);
  });

  it('matches 100 apps in two tenants by id although the answers come back shuffled: four requests', async () => {
    const s = sandbox();
    s.control.setBatchOrder('shuffled');
    const list = (await graph(s, await adminToken(s), 'GET', '/applications?$select=appId,displayName&$top=100')).json().value as Array<{ appId: string; displayName: string }>;
    const home = await client(s.tenants.home);
    const customer = await client(s.tenants.customer);
    await Promise.all([adminToken(s, s.tenants.home), adminToken(s, s.tenants.customer)]);
    s.control.clearRequests();
    const [inHome, inCustomer] = await Promise.all([home, customer].map((c) => lookUpServicePrincipals(c, list.map((a) => a.appId), new Map())));
    assert.ok(graphPosts().length <= 4, `${graphPosts().length} requests`);
    const spsIn = async (tenantId: string) =>
      new Set(((await graph(s, await adminToken(s, tenantId), 'GET', '/servicePrincipals?$select=appId&$top=999')).json().value as Array<{ appId: string }>).map((x) => x.appId));
    for (const [tenantId, answers] of [[s.tenants.home, inHome], [s.tenants.customer, inCustomer]] as const) {
      const truth = await spsIn(tenantId);
      for (const app of list) assert.equal(answers.get(app.appId)?.kind, truth.has(app.appId) ? 'found' : 'absent', `${app.displayName} in ${tenantId}`);
    }
  });

  it('says a tenant that refuses reads is unreadable, naming the permission, without throwing', async () => {
    const s = sandbox();
    s.control.denyGraph(s.tenants.customer, 'read');
    const found = await lookUpServicePrincipals(await client(s.tenants.customer), [SEEDED_APPS.contosoSync.appId], new Map());
    const lookup = found.get(SEEDED_APPS.contosoSync.appId);
    assert.equal(lookup?.kind, 'unreadable');
    assert.equal(lookup.kind === 'unreadable' && lookup.status, 403);
    const verdict = assessReadiness({
      app: { appId: SEEDED_APPS.contosoSync.appId, signInAudience: 'AzureADMultipleOrgs', credentialIssuers: [] },
      homeTenantId: s.tenants.home, tenantId: s.tenants.customer, cloud: sandboxCloud(s.authority), lookup,
    });
    assert.equal(verdict.verdict, 'unreadable');
    assert.match(verdict.checks.find((c) => c.id === 'servicePrincipal')!.text, /403 Authorization_RequestDenied.*Application\.Read\.All/);
  });

  it('Provision Here: POST /servicePrincipals creates it; a tenant that refuses writes answers 403 and nothing is created', async () => {
    const s = sandbox();
    const c = await client(s.tenants.customer);
    s.control.denyGraph(s.tenants.customer, 'write');
    await assert.rejects(createServicePrincipal(c, SEEDED_APPS.empty.appId), (e: unknown) => e instanceof GraphError && e.status === 403);
    s.control.denyGraph(s.tenants.customer, false);
    assert.equal((await lookUpServicePrincipals(c, [SEEDED_APPS.empty.appId], new Map())).get(SEEDED_APPS.empty.appId)?.kind, 'absent');
    const created = await createServicePrincipal(c, SEEDED_APPS.empty.appId);
    const after = (await lookUpServicePrincipals(c, [SEEDED_APPS.empty.appId], new Map())).get(SEEDED_APPS.empty.appId);
    assert.equal(after?.kind === 'found' && after.id, created.id);
    await graph(s, await adminToken(s, s.tenants.customer), 'DELETE', `/servicePrincipals/${created.id}`);
  });

  it('the admin-consent URL: the page asks, Accept provisions with the declared roles, then the exchange into Fabrikam works', async () => {
    const s = sandbox();
    const cloud = sandboxCloud(s.authority);
    const customerAdmin = await adminToken(s, s.tenants.customer);
    const sp = (await graph(s, customerAdmin, 'GET', `/servicePrincipals(appId='${SEEDED_APPS.contosoSync.appId}')`)).json() as { id: string };
    assert.equal((await graph(s, customerAdmin, 'DELETE', `/servicePrincipals/${sp.id}`)).status, 204);
    const c = await client(s.tenants.customer);
    const before = (await lookUpServicePrincipals(c, [SEEDED_APPS.contosoSync.appId], new Map())).get(SEEDED_APPS.contosoSync.appId)!;
    const app = { appId: SEEDED_APPS.contosoSync.appId, signInAudience: 'AzureADMultipleOrgs', credentialIssuers: [`${s.authority}/${s.tenants.home}/v2.0`] };
    const verdict = assessReadiness({ app, homeTenantId: s.tenants.home, tenantId: s.tenants.customer, cloud, lookup: before });
    assert.equal(verdict.verdict, 'notProvisioned');
    assert.equal(verdict.consentUrl, adminConsentUrl(cloud, s.tenants.customer, app.appId));

    const path = verdict.consentUrl!.slice(s.authority.length);
    const shown = await call(s, 'GET', path);
    assert.equal(shown.status, 200);
    assert.match(shown.text, /Microsoft Graph: Application\.Read\.All/);
    const accepted = await call(s, 'POST', path, { form: { approve: 'yes' } });
    assert.equal(accepted.status, 200, accepted.text);

    const after = (await lookUpServicePrincipals(c, [app.appId], new Map())).get(app.appId)!;
    const ready = assessReadiness({ app, homeTenantId: s.tenants.home, tenantId: s.tenants.customer, cloud, lookup: after });
    assert.equal(ready.verdict, 'ready');
    assert.deepEqual(ready.roles.map(roleLabel), ['Microsoft Graph: Application.Read.All']);
    const exchanged = await call(s, 'POST', `/${s.tenants.customer}/oauth2/v2.0/token`, {
      form: {
        grant_type: 'client_credentials', client_id: app.appId, scope: 'https://graph.microsoft.com/.default',
        client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer', client_assertion: await miToken(s),
      },
    });
    assert.equal(exchanged.status, 200, exchanged.text);
    const claims = decodePayload(exchanged.json().access_token as string);
    assert.equal(claims.tid, s.tenants.customer);
    assert.deepEqual(claims.roles, ['Application.Read.All']);
  });

  it('the consent page refuses a single-tenant app outside its home (AADSTS700016) and creates nothing', async () => {
    const s = sandbox();
    const url = adminConsentUrl(sandboxCloud(s.authority), s.tenants.customer, SEEDED_APPS.internalTool.appId);
    const refused = await call(s, 'POST', url.slice(s.authority.length), { form: { approve: 'yes' } });
    assert.equal(refused.status, 400);
    assert.match(refused.text, /AADSTS700016/);
    const c = await client(s.tenants.customer);
    assert.equal((await lookUpServicePrincipals(c, [SEEDED_APPS.internalTool.appId], new Map())).get(SEEDED_APPS.internalTool.appId)?.kind, 'absent');
  });
});

describe("contract: the model's readiness on the sandbox", function () {
  this.timeout(30_000);
  const sandbox = useSandbox({ apps: 60, ficPropagationS: 0 });

  it('apps asked for in the same turn share one look-up per tenant; an app refresh asks again', async () => {
    const s = sandbox();
    const tenants = [s.tenants.home, s.tenants.customer];
    const clients = new Map(tenants.map((t) => [t, createGraphClient({ baseUrl: s.authority, scope: 'https://graph.microsoft.com/.default', ca: s.ca }, credentialFor(s, t))]));
    await Promise.all(tenants.map((t) => adminToken(s, t)));
    const apps = [
      { id: SEEDED_APPS.contosoSync.objectId, appId: SEEDED_APPS.contosoSync.appId, displayName: 'Contoso Sync', signInAudience: 'AzureADMultipleOrgs', federatedIdentityCredentials: [{ issuer: `${s.authority}/${s.tenants.home}/v2.0` }] },
      { id: SEEDED_APPS.internalTool.objectId, appId: SEEDED_APPS.internalTool.appId, displayName: 'Contoso Internal Tool', signInAudience: 'AzureADMyOrg', federatedIdentityCredentials: [] },
    ];
    const changes = new Emitter<{ tenantId: string; what: 'app'; objectId: string } | { what: 'tenants' }>();
    const fired: string[] = [];
    const readiness = new Readiness(
      { tenants: () => tenants.map((id) => ({ id })), tenant: () => ({ app: (id: string) => apps.find((a) => a.id === id) as never }), onDidChange: changes.event as never },
      { tenants: () => tenants.map((id) => ({ id })), graph: (id) => ({ client: async () => clients.get(id)! }), environment: { cloud: sandboxCloud(s.authority) } },
      (change) => fired.push('objectId' in change ? change.objectId : change.what),
    );
    s.control.clearRequests();
    await Promise.all([readiness.check(s.tenants.home, [apps[0].id]), readiness.check(s.tenants.home, [apps[1].id])]);
    const batches = () => s.control.requests().filter((r) => r.path === '/v1.0/$batch' && !r.batch).length;
    // Per tenant: the look-up, and the names of Graph's roles (held in Fabrikam only).
    assert.equal(batches(), 3);
    assert.deepEqual(new Set(fired), new Set(apps.map((a) => a.id)));
    const sync = readiness.get(s.tenants.home, apps[0].id)!;
    assert.deepEqual(sync.tenants.map((t) => t.verdict), ['ready', 'ready']);
    const internal = readiness.get(s.tenants.home, apps[1].id)!;
    assert.deepEqual(internal.tenants.map((t) => t.verdict), ['ready', 'singleTenant']);

    s.control.clearRequests();
    changes.fire({ tenantId: s.tenants.home, what: 'app', objectId: apps[0].id });
    assert.equal(readiness.get(s.tenants.home, apps[0].id)?.status, 'loading');
    await readiness.check(s.tenants.home, []);
    assert.equal(readiness.get(s.tenants.home, apps[0].id)?.status, 'loaded');
    assert.equal(batches(), 2, 'one look-up per tenant; the resource names are known');
    readiness.dispose();
  });
});
