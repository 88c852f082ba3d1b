// The token function (the seed's Functions app) served by the sandbox: its three endpoints with
// and without a function key, GET and POST, the shapes of Azure.Core AccessToken and MSAL
// AuthenticationResult, a bare 500 on a failed exchange, and the OpenAPI document.
import * as assert from 'node:assert/strict';
import { call, decodePayload, useSandbox } from './support/sandbox';

describe('contract: token function', () => {
  const sandbox = useSandbox();
  const key = () => encodeURIComponent(sandbox().tokenFunction.key);
  const exchangeScope = encodeURIComponent('api://AzureADTokenExchange/.default');

  it('GetManagedIdentityToken with the key in `code`: Azure.Core AccessToken of the user-assigned identity', async () => {
    const s = sandbox();
    const r = await call(s, 'GET', `/api/GetManagedIdentityToken?scope=${exchangeScope}&code=${key()}`);
    assert.equal(r.status, 200, r.text);
    const body = r.json();
    assert.deepEqual(Object.keys(body).sort(), ['expiresOn', 'token']);
    assert.ok(Date.parse(body.expiresOn) > Date.now());
    const c = decodePayload(body.token);
    assert.equal(c.sub, s.managedIdentity.userAssigned.objectId);
    assert.equal(c.aud, 'fb60f99c-7a34-4190-8149-302f77469936', 'a v2 token names the exchange app by its id');
    assert.equal(c.iss, `${s.authority}/${s.tenants.home}/v2.0`);
  });

  it('the key may come in the x-functions-key header, and POST works like GET', async () => {
    const s = sandbox();
    const viaHeader = await call(s, 'GET', `/api/GetManagedIdentityToken?scope=${exchangeScope}`, { headers: { 'x-functions-key': s.tokenFunction.key } });
    assert.equal(viaHeader.status, 200);
    const post = await call(s, 'POST', `/api/GetManagedIdentityToken?scope=${exchangeScope}&code=${key()}`, { body: '' });
    assert.equal(post.status, 200);
  });

  for (const endpoint of ['GetManagedIdentityToken', 'GetAppTokenUsingManagedIdentity', 'GetAppTokenUsingManagedIdentityWithLib']) {
    it(`${endpoint} without a key, or with a wrong one: 401 with no body`, async () => {
      const s = sandbox();
      const none = await call(s, 'GET', `/api/${endpoint}?scope=${exchangeScope}`);
      assert.equal(none.status, 401);
      assert.equal(none.text, '');
      const wrong = await call(s, 'GET', `/api/${endpoint}?scope=${exchangeScope}&code=wrong`);
      assert.equal(wrong.status, 401);
    });
  }

  for (const endpoint of ['GetAppTokenUsingManagedIdentity', 'GetAppTokenUsingManagedIdentityWithLib']) {
    it(`${endpoint}: an MSAL AuthenticationResult for Contoso Sync in Fabrikam`, async () => {
      const s = sandbox();
      const r = await call(s, 'GET', `/api/${endpoint}?clientId=${s.apps.contosoSync.appId}&tenantId=${s.tenants.customer}&scope=${encodeURIComponent('https://graph.microsoft.com/.default')}&code=${key()}`);
      assert.equal(r.status, 200, r.text);
      const result = r.json();
      for (const k of ['accessToken', 'expiresOn', 'tenantId', 'scopes', 'tokenType', 'correlationId']) assert.ok(k in result, k);
      assert.equal(result.tokenType, 'Bearer');
      assert.equal(result.tenantId, s.tenants.customer);
      assert.deepEqual(result.scopes, ['https://graph.microsoft.com/.default']);
      const c = decodePayload(result.accessToken);
      assert.equal(c.tid, s.tenants.customer);
      assert.equal(c.appid, s.apps.contosoSync.appId, 'Graph tokens are v1');
    });

    it(`${endpoint}: the federation-app pattern (fedScope api://{federation app}/.default) for Contoso Reporting`, async () => {
      const s = sandbox();
      const fedScope = encodeURIComponent(`${s.apps.federation.identifierUri}/.default`);
      const r = await call(s, 'POST', `/api/${endpoint}?clientId=${s.apps.reporting.appId}&tenantId=${s.tenants.customer}&fedScope=${fedScope}&code=${key()}`, { body: '' });
      assert.equal(r.status, 200, r.text);
      assert.equal(decodePayload(r.json().accessToken).appid, s.apps.reporting.appId);
    });

    it(`${endpoint}: a failed exchange (the broken app) is a bare 500 without the AADSTS text`, async () => {
      const s = sandbox();
      s.control.clearRequests();
      const r = await call(s, 'GET', `/api/${endpoint}?clientId=${s.apps.broken.appId}&tenantId=${s.tenants.customer}&code=${key()}`);
      assert.equal(r.status, 500);
      assert.equal(r.text, '');
      // The exchange really happened and failed at the token endpoint.
      assert.ok(s.control.requests().some((x) => x.path === `/${s.tenants.customer}/oauth2/v2.0/token` && x.status === 401));
    });
  }

  it('missing parameters are a 400; an unknown function is a 404', async () => {
    const s = sandbox();
    assert.equal((await call(s, 'GET', `/api/GetManagedIdentityToken?code=${key()}`)).status, 400);
    assert.equal((await call(s, 'GET', `/api/GetAppTokenUsingManagedIdentity?code=${key()}`)).status, 400);
    assert.equal((await call(s, 'GET', `/api/Nope?code=${key()}`)).status, 404);
  });

  it('serves its OpenAPI document anonymously at /api/openapi/v3.json', async () => {
    const s = sandbox();
    const r = await call(s, 'GET', '/api/openapi/v3.json');
    assert.equal(r.status, 200);
    const doc = r.json();
    assert.equal(doc.openapi, '3.0.1');
    assert.deepEqual(Object.keys(doc.paths).sort(), ['/GetAppTokenUsingManagedIdentity', '/GetAppTokenUsingManagedIdentityWithLib', '/GetManagedIdentityToken']);
    assert.equal(doc.servers[0].url, `${s.authority}/api`);
  });
});
