// The token function served by the sandbox — the token function project's own handlers: its
// three endpoints with and without a function key, GET and POST, the shapes of Azure.Core
// AccessToken and MSAL AuthenticationResult, a failed exchange as the original's bare 500 or as
// the project's JSON error with Entra's codes, and the OpenAPI document.
import * as assert from 'node:assert/strict';
import { TokenError, TokenFunctionError } from '../../src/core/errors';
import { KNOWN_ENDPOINTS, TokenFunctionClient } from '../../src/services/tokenFunction';
import { call, decodePayload, useSandbox } from './support/sandbox';

/** The exchange audience as the identity's token carries it: the URI, or the exchange app's id. */
const JWT = /eyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\./;

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
      for (const k of ['accessToken', 'expiresOn', 'tenantId', 'scopes', 'tokenType']) assert.ok(k in result, k);
      // MSAL gives a correlation id; @azure/identity's AccessToken has none to give.
      assert.equal('correlationId' in result, endpoint === 'GetAppTokenUsingManagedIdentity');
      assert.ok(Date.parse(result.expiresOn) > Date.now());
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

    it(`${endpoint}: as the token function project, a failed exchange (the broken app) is a JSON error with Entra's AADSTS700212`, async () => {
      const s = sandbox();
      s.control.setTokenFunctionErrors('json');
      try {
        const r = await call(s, 'GET', `/api/${endpoint}?clientId=${s.apps.broken.appId}&tenantId=${s.tenants.customer}&code=${key()}`);
        assert.equal(r.status, 500, r.text);
        assert.match(String(r.headers['content-type']), /^application\/json/);
        const body = r.json();
        assert.equal(body.error, 'invalid_client');
        assert.deepEqual(body.error_codes, [700212]);
        assert.match(body.error_description, /^AADSTS700212:/);
        assert.equal(body.stage, 'exchange');
        assert.doesNotMatch(r.text, JWT, 'a token is in the error answer');
      } finally {
        s.control.setTokenFunctionErrors('json');
      }
    });

    it(`${endpoint}: as the original proof of concept, a failed exchange (the broken app) is a bare 500 without the AADSTS text`, async () => {
      const s = sandbox();
      s.control.clearRequests();
      s.control.setTokenFunctionErrors('bare-500');
      try {
        const r = await call(s, 'GET', `/api/${endpoint}?clientId=${s.apps.broken.appId}&tenantId=${s.tenants.customer}&code=${key()}`);
        assert.equal(r.status, 500);
        assert.equal(r.text, '');
        // The exchange really happened and failed at the token endpoint.
        assert.ok(s.control.requests().some((x) => x.path === `/${s.tenants.customer}/oauth2/v2.0/token` && x.status === 401));
      } finally {
        s.control.setTokenFunctionErrors('json');
      }
    });
  }

  it("GetManagedIdentityToken: the identity's refusal is a JSON error naming that step", async () => {
    const s = sandbox();
    s.control.setTokenFunctionErrors('json');
    try {
      const r = await call(s, 'GET', `/api/GetManagedIdentityToken?scope=${encodeURIComponent('api://no-such-resource-anywhere/.default')}&code=${key()}`);
      assert.equal(r.status, 500, r.text);
      const body = r.json();
      assert.equal(body.stage, 'managedIdentity');
      assert.match(body.error_description, /managed identity gave no token for api:\/\/no-such-resource-anywhere\/\.default/);
      assert.doesNotMatch(r.text, JWT);
      assert.ok(!r.text.includes(s.managedIdentity.header), 'the identity header is in the answer');
    } finally {
      s.control.setTokenFunctionErrors('json');
    }
  });

  it("the extension's client reads both answers: the JSON error as Entra's TokenError, the bare 500 as the doctor's case", async () => {
    const s = sandbox();
    const client = new TokenFunctionClient(s.tokenFunction.url, s.tokenFunction.key, { ca: s.ca });
    const endpoint = KNOWN_ENDPOINTS[1];
    const parameters = { clientId: s.apps.broken.appId, tenantId: s.tenants.customer, fedScope: 'api://AzureADTokenExchange/.default', scope: 'https://graph.microsoft.com/.default' };
    s.control.setTokenFunctionErrors('json');
    try {
      const json = await client.appToken(endpoint, parameters).then(() => undefined, (e: unknown) => e);
      assert.ok(json instanceof TokenError, String(json));
      assert.equal(json.code, 700212);
      assert.equal(json.status, 500);
      const mi = await client.managedIdentityToken('api://no-such-resource-anywhere/.default').then(() => undefined, (e: unknown) => e);
      assert.ok(mi instanceof TokenError, String(mi));
      assert.equal(mi.error, 'managed_identity_unavailable');
      assert.equal(mi.code, 500011);
      s.control.setTokenFunctionErrors('bare-500');
      const bare = await client.appToken(endpoint, parameters).then(() => undefined, (e: unknown) => e);
      assert.ok(bare instanceof TokenFunctionError, String(bare));
      assert.equal(bare.kind, 'server-error-no-body');
    } finally {
      s.control.setTokenFunctionErrors('json');
    }
  });

  it('the sandbox refuses an unknown error-answer mode', () => {
    assert.throws(() => sandbox().control.setTokenFunctionErrors('verbose' as 'json'), RangeError);
  });

  it('missing parameters are a 400; an unknown function is a 404; PUT is not allowed', async () => {
    const s = sandbox();
    assert.equal((await call(s, 'GET', `/api/GetManagedIdentityToken?code=${key()}`)).status, 400);
    assert.equal((await call(s, 'GET', `/api/GetAppTokenUsingManagedIdentity?code=${key()}`)).status, 400);
    assert.equal((await call(s, 'GET', `/api/Nope?code=${key()}`)).status, 404);
    assert.equal((await call(s, 'PUT', `/api/GetManagedIdentityToken?code=${key()}`, { body: '' })).status, 405);
  });

  it('a POST may carry the parameters in a JSON or form body; the query wins', async () => {
    const s = sandbox();
    const json = await call(s, 'POST', `/api/GetAppTokenUsingManagedIdentity?code=${key()}`, { json: { clientId: s.apps.contosoSync.appId, tenantId: s.tenants.customer } });
    assert.equal(json.status, 200, json.text);
    assert.equal(decodePayload(json.json().accessToken).tid, s.tenants.customer);
    const form = await call(s, 'POST', `/api/GetAppTokenUsingManagedIdentityWithLib?code=${key()}&tenantId=${s.tenants.home}`, { form: { clientId: s.apps.contosoSync.appId, tenantId: s.tenants.customer } });
    assert.equal(form.status, 200, form.text);
    assert.equal(decodePayload(form.json().accessToken).tid, s.tenants.home);
  });

  it('serves its OpenAPI document anonymously at /api/openapi/v3.json, GET and POST for each endpoint', async () => {
    const s = sandbox();
    const r = await call(s, 'GET', '/api/openapi/v3.json');
    assert.equal(r.status, 200);
    const doc = r.json();
    assert.equal(doc.openapi, '3.0.1');
    assert.deepEqual(Object.keys(doc.paths).sort(), ['/GetAppTokenUsingManagedIdentity', '/GetAppTokenUsingManagedIdentityWithLib', '/GetManagedIdentityToken']);
    for (const item of Object.values<Record<string, unknown>>(doc.paths)) assert.deepEqual(Object.keys(item).sort(), ['get', 'post']);
    assert.equal(doc.servers[0].url, `${s.authority}/api`);
    assert.ok(!r.text.includes(s.tokenFunction.key), 'the function key is in the document');
  });
});
