// @microsoft/microsoft-graph-client against the sandbox: paging through 1,200 apps with
// PageIterator, $expand's 100 cap, $batch, the retry handler riding out 429s, and the
// OData options Graph supports on directory objects.
import { ClientSecretCredential } from '@azure/identity';
import {
  AuthenticationHandler, BatchRequestContent, BatchResponseContent, Client, PageIterator, RetryHandler, RetryHandlerOptions,
  TelemetryHandler, type Context, type Middleware, type PageCollection,
} from '@microsoft/microsoft-graph-client';
import { TokenCredentialAuthenticationProvider } from '@microsoft/microsoft-graph-client/authProviders/azureTokenCredentials';
import * as assert from 'node:assert/strict';
import type { RunningSandbox } from '../../src/sandbox';
import { adminToken, call, graph, httpsFetch, useSandbox } from './support/sandbox';

/** The last middleware: sends with a fetch that trusts the sandbox CA. */
class CaFetchHandler implements Middleware {
  constructor(private readonly fetchImpl: ReturnType<typeof httpsFetch>) {}
  async execute(context: Context): Promise<void> {
    context.response = await this.fetchImpl(context.request as string, context.options as RequestInit);
  }
}

function graphClient(s: RunningSandbox, tenantId = s.tenants.home, maxRetries = 3): Client {
  const credential = new ClientSecretCredential(tenantId, s.admin.clientId, s.admin.clientSecret, {
    authorityHost: s.authority,
    disableInstanceDiscovery: true,
    tlsOptions: { ca: s.ca },
  });
  const authProvider = new TokenCredentialAuthenticationProvider(credential, { scopes: ['https://graph.microsoft.com/.default'] });
  return Client.initWithMiddleware({
    baseUrl: s.authority,
    defaultVersion: 'v1.0',
    // The auth handler only adds the token for Graph hosts and these (hostname, no port).
    customHosts: new Set([new URL(s.authority).hostname]),
    middleware: [
      new AuthenticationHandler(authProvider),
      new RetryHandler(new RetryHandlerOptions(0, maxRetries)),
      new TelemetryHandler(),
      new CaFetchHandler(httpsFetch(s.ca)),
    ],
  });
}

/** Every item of a collection, following @odata.nextLink with PageIterator. */
async function pageThrough(client: Client, request: string): Promise<unknown[]> {
  const items: unknown[] = [];
  const first = (await client.api(request).get()) as PageCollection;
  await new PageIterator(client, first, (item) => {
    items.push(item);
    return true;
  }).iterate();
  return items;
}

describe('contract: microsoft-graph-client', () => {
  describe('with 1,200 apps', () => {
    const sandbox = useSandbox({ apps: 1200 });

    it('PageIterator pages through 1,200 apps with $top=999 in 2 requests', async () => {
      const s = sandbox();
      const client = graphClient(s);
      await client.api('/organization').get(); // token acquired, not counted below
      s.control.clearRequests();
      const items = await pageThrough(client, '/applications?$select=id,appId,displayName&$top=999');
      assert.equal(items.length, 1200);
      assert.equal(new Set(items.map((a) => (a as { id: string }).id)).size, 1200, 'no duplicates across pages');
      const listed = s.control.requests().filter((r) => r.path === '/v1.0/applications');
      assert.equal(listed.length, 2);
    });

    it('$expand=federatedIdentityCredentials pages are capped at 100 whatever $top says: 12 requests', async () => {
      const s = sandbox();
      const client = graphClient(s);
      await client.api('/organization').get();
      s.control.clearRequests();
      const items = await pageThrough(client, '/applications?$select=id,displayName&$expand=federatedIdentityCredentials&$top=999');
      assert.equal(items.length, 1200);
      assert.equal(s.control.requests().filter((r) => r.path === '/v1.0/applications').length, 12);
      const full = items.find((a) => (a as { displayName: string }).displayName === 'Twenty Credentials') as { federatedIdentityCredentials: unknown[] };
      assert.equal(full.federatedIdentityCredentials.length, 20);
      const flexible = items.find((a) => (a as { displayName: string }).displayName === 'Flexible Credentials') as { federatedIdentityCredentials: { subject: unknown }[] };
      assert.equal(flexible.federatedIdentityCredentials[0].subject, null);
    });

    it('$search needs ConsistencyLevel: eventual, and is refused together with $expand', async () => {
      const s = sandbox();
      const client = graphClient(s);
      await assert.rejects(client.api('/applications').search('"displayName:contoso"').get(), (e: { statusCode?: number; code?: string }) => e.statusCode === 400 && e.code === 'Request_UnsupportedQuery');
      const found = await client.api('/applications').header('ConsistencyLevel', 'eventual').search('"displayName:contoso"').count(true).select('displayName').get();
      assert.deepEqual(
        (found.value as { displayName: string }[]).map((a) => a.displayName).sort(),
        [
          'Contoso Broken Sync', 'Contoso Internal Tool', 'Contoso Invoicing', 'Contoso Legacy Worker', 'Contoso Misconfigured',
          'Contoso Monorepo CI', 'Contoso Nightly Export', 'Contoso Reporting', 'Contoso Retired Worker', 'Contoso Sync',
        ],
      );
      assert.equal(found['@odata.count'], 10);
      await assert.rejects(
        client.api('/applications').header('ConsistencyLevel', 'eventual').search('"displayName:contoso"').expand('federatedIdentityCredentials').get(),
        (e: { statusCode?: number; code?: string }) => e.statusCode === 400 && e.code === 'Request_UnsupportedQuery',
      );
    });
  });

  describe('seeded tenants', () => {
    const sandbox = useSandbox();

    it('$filter on appId, displayName, startswith, and the reverse lookup federatedIdentityCredentials/any(...)', async () => {
      const s = sandbox();
      const client = graphClient(s);
      const byAppId = await client.api('/applications').filter(`appId eq '${s.apps.contosoSync.appId}'`).get();
      assert.equal(byAppId.value[0].displayName, 'Contoso Sync');
      const byName = await client.api('/applications').filter("startswith(displayName,'contoso r')").select('displayName').get();
      assert.deepEqual(byName.value, [{ displayName: 'Contoso Reporting' }, { displayName: 'Contoso Retired Worker' }]);
      const trusting = await client.api('/applications')
        .filter(`federatedIdentityCredentials/any(f:f/subject eq '${s.managedIdentity.userAssigned.objectId}')`)
        .header('ConsistencyLevel', 'eventual').count(true).select('displayName').get();
      assert.deepEqual(
        (trusting.value as { displayName: string }[]).map((a) => a.displayName).sort(),
        ['Contoso Broken Sync', 'Contoso Invoicing', 'Contoso Misconfigured', 'Contoso Nightly Export', 'Contoso Reporting', 'Contoso Sync'],
      );
    });

    it('managed identities: servicePrincipals with servicePrincipalType eq ManagedIdentity and alternativeNames', async () => {
      const s = sandbox();
      const client = graphClient(s);
      const mis = await client.api('/servicePrincipals').filter("servicePrincipalType eq 'ManagedIdentity'").select('id,appId,displayName,alternativeNames').get();
      const ua = (mis.value as { id: string; appId: string; alternativeNames: string[] }[]).find((m) => m.id === s.managedIdentity.userAssigned.objectId)!;
      assert.equal(ua.appId, s.managedIdentity.userAssigned.clientId);
      assert.deepEqual(ua.alternativeNames, ['isExplicit=True', s.managedIdentity.userAssigned.resourceId]);
      const sa = (mis.value as { id: string; alternativeNames: string[] }[]).find((m) => m.id === s.managedIdentity.systemAssigned.objectId)!;
      assert.equal(sa.alternativeNames[0], 'isExplicit=False');
      const byApp = await client.api(`/servicePrincipals(appId='${s.apps.contosoSync.appId}')`).get();
      assert.equal(byApp.displayName, 'Contoso Sync');
    });

    it('$batch: 20 sub-requests (URLs with /v1.0 as BatchRequestContent writes them), a POST among them', async () => {
      const s = sandbox();
      const client = graphClient(s);
      const ids = [s.apps.contosoSync.objectId, s.apps.broken.objectId, s.apps.federation.objectId, s.apps.reporting.objectId];
      const steps = [];
      for (let i = 0; i < 19; i++) {
        steps.push({ id: String(i + 1), request: new Request(`${s.authority}/v1.0/applications/${ids[i % ids.length]}/federatedIdentityCredentials`, { method: 'GET' }) });
      }
      steps.push({
        id: '20',
        request: new Request(`${s.authority}/v1.0/applications`, { method: 'POST', body: JSON.stringify({ displayName: 'Made in a batch' }), headers: { 'Content-Type': 'application/json' } }),
      });
      const content = new BatchRequestContent(steps);
      s.control.clearRequests();
      const raw = await client.api('/$batch').post(await content.getContent());
      const responses = new BatchResponseContent(raw);
      assert.equal(s.control.requests().filter((r) => !r.batch && r.path.startsWith('/v1.0/')).length, 1, 'one HTTP request');
      const sync = await responses.getResponseById('1').json();
      assert.equal(sync.value[0].name, 'token-function-mi');
      const made = responses.getResponseById('20');
      assert.equal(made.status, 201);
      assert.equal((await made.json()).displayName, 'Made in a batch');
    });

    it('$batch: more than 20 requests is a 400; a body without Content-Type fails that item only; relative URLs without /v1.0 work', async () => {
      const s = sandbox();
      const token = await adminToken(s);
      const many = Array.from({ length: 21 }, (_, i) => ({ id: String(i), method: 'GET', url: '/organization' }));
      const tooMany = await graph(s, token, 'POST', '/$batch', { requests: many });
      assert.equal(tooMany.status, 400);
      const mixed = await graph(s, token, 'POST', '/$batch', {
        requests: [
          { id: 'a', method: 'GET', url: '/organization' },
          { id: 'b', method: 'POST', url: '/applications', body: { displayName: 'no content type' } },
          { id: 'c', method: 'GET', url: `applications/${s.apps.contosoSync.objectId}?$select=displayName` },
        ],
      });
      assert.equal(mixed.status, 200);
      const byId = Object.fromEntries((mixed.json().responses as { id: string; status: number; body: unknown }[]).map((r) => [r.id, r]));
      assert.equal(byId.a.status, 200);
      assert.equal(byId.b.status, 400);
      assert.equal(byId.c.status, 200);
      assert.equal((byId.c.body as { displayName: string }).displayName, 'Contoso Sync');
    });

    it('the retry handler rides out 429s with Retry-After, and gives up after its retries', async () => {
      const s = sandbox();
      const client = graphClient(s);
      await client.api('/organization').get();
      s.control.clearRequests();
      s.control.failNext(2, 'throttle', '/v1.0/applications', 0);
      const apps = await client.api('/applications').top(5).get();
      assert.equal(apps.value.length, 5);
      assert.deepEqual(s.control.requests().map((r) => r.status), [429, 429, 200]);
      assert.equal(s.control.requests()[0].fault, 'throttle');

      s.control.failNext(4, 'throttle', '/v1.0/applications', 0);
      await assert.rejects(client.api('/applications').top(5).get(), (e: { statusCode?: number; code?: string }) => e.statusCode === 429 && e.code === 'TooManyRequests');
      s.control.clearFaults();
    });

    it('a 429 storm: with 30 % throttling and 10 % 503s every request still completes through retries', async () => {
      const s = sandbox();
      const client = graphClient(s, s.tenants.home, 10);
      await client.api('/organization').get();
      s.control.setFaults({ throttleRate: 0.3, unavailableRate: 0.1, retryAfterSeconds: 0, path: '/v1.0/', seed: 7 });
      try {
        for (let i = 0; i < 15; i++) {
          const r = await client.api(`/applications/${s.apps.contosoSync.objectId}/federatedIdentityCredentials`).get();
          assert.equal(r.value.length, 1);
        }
      } finally {
        s.control.clearFaults();
      }
    });

    it('a seeded fault rate injects the same faults on every run', async () => {
      const s = sandbox();
      const client = graphClient(s, s.tenants.home, 10);
      const run = async () => {
        s.control.clearRequests();
        s.control.setFaults({ throttleRate: 0.3, retryAfterSeconds: 0, path: '/v1.0/organization', seed: 3 });
        try {
          for (let i = 0; i < 6; i++) await client.api('/organization').get();
        } finally {
          s.control.clearFaults();
        }
        return s.control.requests().filter((r) => r.path === '/v1.0/organization').map((r) => r.fault ?? 'none');
      };
      const first = await run();
      assert.ok(first.includes('throttle'), first.join(' '));
      assert.deepEqual(await run(), first);
    });

    it('401 without a token, with an expired one (sandbox clock), or with a token for another audience', async () => {
      const s = sandbox();
      const none = await call(s, 'GET', '/v1.0/applications');
      assert.equal(none.status, 401);
      assert.equal(none.json().error.code, 'InvalidAuthenticationToken');
      const token = await adminToken(s);
      s.control.clock.advance(2 * 3600 * 1000);
      try {
        const expired = await graph(s, token, 'GET', '/applications');
        assert.equal(expired.status, 401);
        assert.match(expired.json().error.message, /expired/);
      } finally {
        s.control.clock.reset();
      }
      const mi = await call(s, 'GET', `/msi/token?api-version=2019-08-01&resource=api://AzureADTokenExchange&client_id=${s.managedIdentity.userAssigned.clientId}`, { headers: { 'x-identity-header': s.managedIdentity.header } });
      const wrongAudience = await graph(s, mi.json().access_token, 'GET', '/applications');
      assert.equal(wrongAudience.status, 401);
      assert.match(wrongAudience.json().error.message, /audience/);
    });

    it('OData errors: $top over 999, an unknown $select property, an unknown segment; $count without eventual is ignored', async () => {
      const s = sandbox();
      const token = await adminToken(s);
      const top = await graph(s, token, 'GET', '/applications?$top=1000');
      assert.equal(top.status, 400);
      assert.match(top.json().error.message, /between 1 and 999/);
      const select = await graph(s, token, 'GET', '/applications?$select=nope');
      assert.equal(select.status, 400);
      const segment = await graph(s, token, 'GET', '/gadgets');
      assert.equal(segment.status, 400);
      assert.match(segment.json().error.message, /segment 'gadgets'/);
      const ignored = await graph(s, token, 'GET', '/applications?$count=true&$top=2');
      assert.equal(ignored.status, 200, 'Graph ignores $count=true without ConsistencyLevel: eventual');
      assert.equal('@odata.count' in ignored.json(), false);
      const count = await graph(s, token, 'GET', '/applications/$count', undefined, { consistencylevel: 'eventual' });
      assert.equal(count.status, 200);
      assert.ok(Number(count.text) >= 10);
    });

    it('@odata.count is on the first page only; $orderby needs ConsistencyLevel: eventual and $count=true', async () => {
      const s = sandbox();
      const token = await adminToken(s);
      const eventual = { consistencylevel: 'eventual' };
      const first = (await graph(s, token, 'GET', '/applications?$count=true&$top=3&$select=id', undefined, eventual)).json();
      assert.ok(first['@odata.count'] >= 10);
      const next = new URL(first['@odata.nextLink']);
      const second = (await call(s, 'GET', `${next.pathname}${next.search}`, { headers: { authorization: `Bearer ${token}`, ...eventual } })).json();
      assert.equal(second.value.length, 3);
      assert.equal('@odata.count' in second, false, 'later pages carry no count');
      for (const [query, headers] of [['$orderby=displayName', {}], ['$orderby=displayName', eventual], ['$orderby=displayName&$count=true', {}]] as const) {
        const r = await graph(s, token, 'GET', `/applications?${query}`, undefined, headers);
        assert.equal(r.status, 400, `${query} ${JSON.stringify(headers)}`);
        assert.equal(r.json().error.code, 'Request_UnsupportedQuery');
      }
      const sorted = (await graph(s, token, 'GET', '/applications?$orderby=displayName desc&$count=true&$select=displayName&$top=999', undefined, eventual)).json();
      const names = (sorted.value as { displayName: string }[]).map((a) => a.displayName);
      assert.deepEqual(names, [...names].sort((a, b) => b.localeCompare(a, 'en', { sensitivity: 'base' })));
    });

    it('$batch answers come back shuffled by default (match them by id); setBatchOrder("ordered") keeps request order', async () => {
      const s = sandbox();
      const token = await adminToken(s);
      const requests = Array.from({ length: 20 }, (_, i) => ({ id: String(i + 1), method: 'GET', url: `/organization?n=${i}` }));
      const ids = async () => ((await graph(s, token, 'POST', '/$batch', { requests })).json().responses as { id: string }[]).map((r) => r.id);
      const inOrder = requests.map((r) => r.id);
      const shuffledIds = await ids();
      assert.notDeepEqual(shuffledIds, inOrder);
      assert.deepEqual([...shuffledIds].sort(), [...inOrder].sort(), 'every request answered once');
      s.control.setBatchOrder('ordered');
      try {
        assert.deepEqual(await ids(), inOrder);
      } finally {
        s.control.setBatchOrder('shuffled');
      }
    });

    it('created objects carry @odata.id; PATCH merges only the declared sub-properties of api', async () => {
      const s = sandbox();
      const token = await adminToken(s);
      const app = (await graph(s, token, 'POST', '/applications', { displayName: 'Odata id' })).json();
      assert.equal(app['@odata.id'], `${s.authority}/v1.0/directoryObjects/${app.id}/Microsoft.DirectoryServices.Application`);
      const sp = (await graph(s, token, 'POST', '/servicePrincipals', { appId: app.appId })).json();
      assert.equal(sp['@odata.id'], `${s.authority}/v1.0/directoryObjects/${sp.id}/Microsoft.DirectoryServices.ServicePrincipal`);
      const unknown = await graph(s, token, 'PATCH', `/applications/${app.id}`, { api: { requestedAccessTokenVersion: 2, smuggled: { deep: true } } });
      assert.equal(unknown.status, 400);
      assert.match(unknown.json().error.message, /smuggled/);
      const badType = await graph(s, token, 'PATCH', `/applications/${app.id}`, { api: { knownClientApplications: [{ nested: 1 }] } });
      assert.equal(badType.status, 400);
      assert.equal((await graph(s, token, 'PATCH', `/applications/${app.id}`, { api: { requestedAccessTokenVersion: 2 } })).status, 204);
      assert.equal((await graph(s, token, 'PATCH', `/applications/${app.id}`, { api: { acceptMappedClaims: true } })).status, 204);
      const got = (await graph(s, token, 'GET', `/applications/${app.id}?$select=api`)).json();
      assert.equal(got.api.requestedAccessTokenVersion, 2, 'an earlier sub-property survives a later PATCH');
      assert.equal(got.api.acceptMappedClaims, true);
      assert.equal('smuggled' in got.api, false);
    });

    it('create, provision and delete an app the federation-app way (identifierUris api://{appId}, v2 tokens)', async () => {
      const s = sandbox();
      const client = graphClient(s);
      const app = await client.api('/applications').post({ displayName: 'New federation app' });
      await client.api(`/applications/${app.id}`).patch({ identifierUris: [`api://${app.appId}`], api: { requestedAccessTokenVersion: 2 } });
      const sp = await client.api('/servicePrincipals').post({ appId: app.appId });
      assert.equal(sp.appId, app.appId);
      const got = await client.api(`/applications(appId='${app.appId}')`).select('identifierUris,api').get();
      assert.deepEqual(got.identifierUris, [`api://${app.appId}`]);
      assert.equal(got.api.requestedAccessTokenVersion, 2);
      await assert.rejects(client.api('/servicePrincipals').post({ appId: app.appId }), (e: { statusCode?: number }) => e.statusCode === 409);
      await assert.rejects(
        client.api(`/applications/${app.id}`).patch({ identifierUris: ['api://somebody-else.example.com'] }),
        (e: { statusCode?: number; code?: string }) => e.statusCode === 400 && e.code === 'HostNameNotOnVerifiedDomain',
      );
      await client.api(`/applications/${app.id}`).delete();
      await assert.rejects(client.api(`/applications/${app.id}`).get(), (e: { statusCode?: number }) => e.statusCode === 404);
    });
  });
});
