// The token function's pure parts: the URL a person pastes, the OpenAPI document, the answers.
import assert from 'node:assert/strict';
import { TokenFunctionError } from '../../../src/core/errors';
import { endpointsFromOpenApi } from '../../../src/services/tokenFunction/discovery';
import { field, parseInvokeResult } from '../../../src/services/tokenFunction/results';
import { checkTokenFunctionUrl, defaultFunctionName } from '../../../src/services/tokenFunction/url';

const JWT = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln';

describe('token function: URL', () => {
  it('reduces an endpoint URL to the base URL and takes the key out of it', () => {
    const check = checkTokenFunctionUrl(' https://func-x.azurewebsites.net/api/GetManagedIdentityToken?code=abc%3D%3D&scope=x ');
    assert.ok(check.ok);
    assert.deepEqual(check.value, { baseUrl: 'https://func-x.azurewebsites.net', key: 'abc==', endpoint: 'GetManagedIdentityToken' });
  });

  it('keeps a path prefix before /api and drops a trailing slash', () => {
    const check = checkTokenFunctionUrl('https://gateway.example.com/tokens/api/');
    assert.ok(check.ok);
    assert.equal(check.value.baseUrl, 'https://gateway.example.com/tokens');
  });

  it('allows http only on this machine', () => {
    assert.ok(checkTokenFunctionUrl('http://127.0.0.1:7071').ok);
    assert.ok(checkTokenFunctionUrl('http://localhost:7071').ok);
    const remote = checkTokenFunctionUrl('http://func-x.azurewebsites.net');
    assert.ok(!remote.ok && /https/.test(remote.message));
  });

  it('refuses what is not a usable URL', () => {
    for (const bad of ['', 'func-x', 'ftp://x.example', 'https://user:pw@x.example']) assert.equal(checkTokenFunctionUrl(bad).ok, false, bad);
  });

  it('names a function by its host', () => {
    assert.equal(defaultFunctionName('https://func-tokens.azurewebsites.net'), 'func-tokens');
    assert.equal(defaultFunctionName('https://127.0.0.1:8443'), '127.0.0.1:8443');
  });
});

describe('token function: OpenAPI discovery', () => {
  const v3 = {
    openapi: '3.0.1',
    servers: [{ url: 'http://localhost:7071/api' }],
    paths: {
      '/GetManagedIdentityToken': { get: { operationId: 'GetManagedIdentityToken', parameters: [{ name: 'scope', in: 'query', required: true, description: 'The **scope**' }, { name: 'code', in: 'query' }] } },
      '/GetAppTokenUsingManagedIdentity': { get: { operationId: 'GetAppTokenUsingManagedIdentity', parameters: [{ name: 'clientId', in: 'query', required: true }] }, post: {} },
      '/Other': { put: {} },
    },
  };

  it('reads v3: paths under the server path, operation ids, parameters without the key', () => {
    const found = endpointsFromOpenApi(v3);
    assert.equal(found?.version, 'openapi-v3');
    assert.deepEqual(found?.endpoints.map((e) => [e.name, e.path, e.kind, e.methods.join(',')]), [
      ['GetManagedIdentityToken', '/api/GetManagedIdentityToken', 'managedIdentityToken', 'GET'],
      ['GetAppTokenUsingManagedIdentity', '/api/GetAppTokenUsingManagedIdentity', 'appToken', 'GET,POST'],
    ]);
    assert.deepEqual(found?.endpoints[0].parameters, [{ name: 'scope', in: 'query', required: true, description: 'The scope' }]);
  });

  it('reads Swagger 2 with its basePath', () => {
    const found = endpointsFromOpenApi({ swagger: '2.0', basePath: '/api', paths: { '/GetManagedIdentityToken': { post: { parameters: [] } } } });
    assert.equal(found?.version, 'swagger-2');
    assert.equal(found?.endpoints[0].path, '/api/GetManagedIdentityToken');
    assert.equal(found?.endpoints[0].name, 'GetManagedIdentityToken');
  });

  it('says "not a document" for anything else', () => {
    for (const doc of [null, [], {}, { paths: {} }, { openapi: 3, paths: [] }]) assert.equal(endpointsFromOpenApi(doc), undefined);
  });
});

describe('token function: answers', () => {
  it("reads Azure.Core's AccessToken in any casing", () => {
    for (const body of [{ token: JWT, expiresOn: '2030-01-01T00:00:00+00:00' }, { Token: JWT, ExpiresOn: '2030-01-01T00:00:00Z' }]) {
      const r = parseInvokeResult('managedIdentityToken', JSON.stringify(body), 200);
      assert.equal(r.kind, 'managedIdentityToken');
      assert.equal(r.kind === 'managedIdentityToken' && r.token, JWT);
      assert.equal(r.kind === 'managedIdentityToken' && r.expiresOn?.getUTCFullYear(), 2030);
    }
  });

  it("reads MSAL's AuthenticationResult in any casing", () => {
    const r = parseInvokeResult('appToken', JSON.stringify({ AccessToken: JWT, TenantId: 't', Scopes: ['s'], ExpiresOn: 1893456000 }), 200);
    assert.ok(r.kind === 'appToken');
    assert.equal(r.accessToken, JWT);
    assert.equal(r.tenantId, 't');
    assert.deepEqual(r.scopes, ['s']);
    assert.equal(r.expiresOn?.toISOString(), '2030-01-01T00:00:00.000Z');
  });

  it('explains HTML, garbage, empty and token-less answers', () => {
    const cases: Array<[string, RegExp]> = [
      ['<!DOCTYPE html><html>login</html>', /HTML page/],
      ['not json', /not JSON/],
      ['', /empty/],
      ['[1]', /not a JSON object/],
      ['{"value":"x"}', /no token.*fields: value/],
    ];
    for (const [text, message] of cases) {
      assert.throws(() => parseInvokeResult('managedIdentityToken', text, 200), (e: unknown) => e instanceof TokenFunctionError && e.kind === 'bad-body' && message.test(e.message), text);
    }
  });

  it('finds a field whatever its casing or underscores', () => {
    assert.equal(field({ Access_Token: 1 }, 'accessToken'), 1);
    assert.equal(field({ x: 1 }, 'y'), undefined);
  });

  it('never puts a token from an unknown answer into its summary', () => {
    const r = parseInvokeResult('other', JSON.stringify({ result: JWT, note: 'ok' }), 200);
    assert.ok(r.kind === 'other');
    assert.equal(r.token, JWT);
    assert.ok(!r.summary.includes(JWT));
  });
});
