// The token endpoint's checks of a client assertion, each triggered the way it happens in real
// life: a broken FIC, a missing service principal, a forged or expired assertion. Answers are
// Entra's error body with the AADSTS code in error_codes and at the start of error_description.
import { ConfidentialClientApplication } from '@azure/msal-node';
import * as assert from 'node:assert/strict';
import * as crypto from 'node:crypto';
import { FABRIKAM_MI, SEEDED_APPS } from '../../src/sandbox/ids';
import { adminToken, call, decodePayload, graph, miToken, msalNetworkClient, useSandbox, type RawResponse } from './support/sandbox';

const JWT_BEARER = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';

describe('contract: AADSTS codes of the client-assertion exchange', () => {
  // Credentials made here are exchanged at once: propagation is its own test below.
  const sandbox = useSandbox({ ficPropagationS: 0 });
  let token = '';
  let issuer = '';

  before(async () => {
    const s = sandbox();
    token = await adminToken(s);
    issuer = `${s.authority}/${s.tenants.home}/v2.0`;
  });

  /** A new app in Contoso with these FICs and a service principal in Contoso. */
  async function appWith(fics: Record<string, unknown>[], provision = true): Promise<string> {
    const s = sandbox();
    const app = (await graph(s, token, 'POST', '/applications', { displayName: `AADSTS ${crypto.randomUUID().slice(0, 8)}`, signInAudience: 'AzureADMultipleOrgs' })).json();
    for (const [i, f] of fics.entries()) {
      const r = await graph(s, token, 'POST', `/applications/${app.id}/federatedIdentityCredentials`, { name: `fic-${i}`, audiences: ['api://AzureADTokenExchange'], ...f });
      assert.equal(r.status, 201, r.text);
    }
    if (provision) assert.equal((await graph(s, token, 'POST', '/servicePrincipals', { appId: app.appId })).status, 201);
    return app.appId as string;
  }

  function exchange(clientId: string, assertion: string, tenant = sandbox().tenants.home): Promise<RawResponse> {
    return call(sandbox(), 'POST', `/${tenant}/oauth2/v2.0/token`, {
      form: { grant_type: 'client_credentials', client_id: clientId, scope: 'https://graph.microsoft.com/.default', client_assertion_type: JWT_BEARER, client_assertion: assertion },
    });
  }

  function expectCode(r: RawResponse, code: number, error = 'invalid_client'): void {
    const body = r.json();
    assert.deepEqual(body.error_codes, [code], r.text);
    assert.equal(body.error, error);
    assert.ok(String(body.error_description).startsWith(`AADSTS${code}: `));
    assert.match(String(body.error_description), /\r\nTrace ID: [0-9a-f-]{36}\r\nCorrelation ID: [0-9a-f-]{36}\r\nTimestamp: [^\r\n]+$/);
    for (const k of ['timestamp', 'trace_id', 'correlation_id', 'error_uri']) assert.ok(body[k], k);
  }

  const uaObjectId = () => sandbox().managedIdentity.userAssigned.objectId;

  it('a correct FIC exchanges (the baseline)', async () => {
    const appId = await appWith([{ issuer, subject: uaObjectId() }]);
    const r = await exchange(appId, await miToken(sandbox()));
    assert.equal(r.status, 200, r.text);
  });

  it('700211: issuer with a trailing slash', async () => {
    const appId = await appWith([{ issuer: `${issuer}/`, subject: uaObjectId() }]);
    const r = await exchange(appId, await miToken(sandbox()));
    assert.equal(r.status, 401);
    expectCode(r, 700211);
    assert.match(r.json().error_description, new RegExp(`assertion issuer '${issuer.replace(/[.]/g, '\\.')}'`));
  });

  it("7002137: subject set to the identity's client id (issuer and audience right); the message names the expected subject", async () => {
    const clientId = sandbox().managedIdentity.userAssigned.clientId;
    const appId = await appWith([{ issuer, subject: clientId }]);
    const r = await exchange(appId, await miToken(sandbox()));
    expectCode(r, 7002137);
    assert.match(r.json().error_description, new RegExp(`expects subject '${clientId}'`));
  });

  it('700213: no credential with the issuer has the subject, nor the audience', async () => {
    const appId = await appWith([{ issuer, subject: sandbox().managedIdentity.userAssigned.clientId, audiences: ['api://AzureADTokenExchnage'] }]);
    expectCode(await exchange(appId, await miToken(sandbox())), 700213);
  });

  it('7002138: subject differs only in case (matching is case-sensitive)', async () => {
    const appId = await appWith([{ issuer, subject: uaObjectId().toUpperCase() }]);
    expectCode(await exchange(appId, await miToken(sandbox())), 7002138);
  });

  it('700212: audience typo', async () => {
    const appId = await appWith([{ issuer, subject: uaObjectId(), audiences: ['api://AzureADTokenExchnage'] }]);
    expectCode(await exchange(appId, await miToken(sandbox())), 700212);
  });

  it('the seeded broken app: 700212 for the user-assigned identity, 7002137 for the system-assigned one', async () => {
    const s = sandbox();
    expectCode(await exchange(s.apps.broken.appId, await miToken(s), s.tenants.customer), 700212);
    const sys = await miToken(s, 'api://AzureADTokenExchange', '');
    expectCode(await exchange(s.apps.broken.appId, sys, s.tenants.customer), 7002137);
  });

  it('7000229: the seeded app whose service principal in its home tenant is gone, in any tenant', async () => {
    const s = sandbox();
    const sys = await miToken(s, 'api://AzureADTokenExchange', '');
    for (const tenant of [s.tenants.customer, s.tenants.home]) {
      const r = await exchange(SEEDED_APPS.unprovisioned.appId, sys, tenant);
      expectCode(r, 7000229);
      assert.match(r.json().error_description, new RegExp(`missing service principal in the tenant ${s.tenants.home}`));
    }
  });

  it('70025: an app with no federated credentials at all', async () => {
    const appId = await appWith([]);
    const r = await exchange(appId, await miToken(sandbox()));
    expectCode(r, 70025);
    assert.match(r.json().error_description, /has no configured federated identity credentials/);
  });

  it('700231: a token bought with a federated credential cannot be the assertion of another exchange', async () => {
    const s = sandbox();
    // Contoso Sync exchanges the identity's token for a token for the exchange audience...
    const first = await exchange(s.apps.contosoSync.appId, await miToken(s), s.tenants.home);
    const scoped = await call(s, 'POST', `/${s.tenants.home}/oauth2/v2.0/token`, {
      form: { grant_type: 'client_credentials', client_id: s.apps.contosoSync.appId, scope: 'api://AzureADTokenExchange/.default', client_assertion_type: JWT_BEARER, client_assertion: await miToken(s) },
    });
    assert.equal(first.status, 200);
    assert.equal(scoped.status, 200, scoped.text);
    const chained = scoped.json().access_token as string;
    const c = decodePayload(chained);
    assert.equal(c.aud, 'fb60f99c-7a34-4190-8149-302f77469936');
    assert.ok(c.xms_ficinfo);
    // ...and another app trusts exactly that token: Entra still refuses the chain.
    const appId = await appWith([{ issuer, subject: c.sub }]);
    expectCode(await exchange(appId, chained), 700231);
  });

  it("700236: an identity in Fabrikam cannot be trusted by a Contoso app, even with a matching FIC", async () => {
    const s = sandbox();
    const fabrikamIssuer = `${s.authority}/${s.tenants.customer}/v2.0`;
    const appId = await appWith([{ issuer: fabrikamIssuer, subject: FABRIKAM_MI.objectId }]);
    const assertion = await miToken(s, 'api://AzureADTokenExchange', `client_id=${FABRIKAM_MI.clientId}`);
    assert.equal(decodePayload(assertion).iss, fabrikamIssuer);
    expectCode(await exchange(appId, assertion), 700236);
  });

  it('700016: no service principal in the requested tenant', async () => {
    const s = sandbox();
    const appId = await appWith([{ issuer, subject: uaObjectId() }]);
    const r = await exchange(appId, await miToken(s), s.tenants.customer);
    assert.equal(r.status, 400);
    expectCode(r, 700016, 'unauthorized_client');
  });

  it('700027: assertion signature does not verify', async () => {
    const s = sandbox();
    const [h, p, sig] = (await miToken(s)).split('.');
    const forged = `${h}.${p}.${sig.slice(0, -6)}AAAAAA`;
    expectCode(await exchange(s.apps.contosoSync.appId, forged, s.tenants.customer), 700027);
  });

  it('700024: assertion outside its time window, with 300 s of clock skew allowed on both ends', async () => {
    const s = sandbox();
    const assertion = await miToken(s);
    const { nbf, exp } = decodePayload(assertion) as { nbf: number; exp: number };
    const at = async (seconds: number) => {
      s.control.clock.set(seconds * 1000);
      return exchange(s.apps.contosoSync.appId, assertion, s.tenants.customer);
    };
    try {
      assert.equal((await at(exp + 299)).status, 200, 'within the allowance after exp');
      expectCode(await at(exp + 300), 700024);
      assert.equal((await at(nbf - 300)).status, 200, 'within the allowance before nbf');
      expectCode(await at(nbf - 301), 700024);
    } finally {
      s.control.clock.reset();
    }
  });

  it('70021: a FIC still propagating does not match yet; it does once the delay has passed', async () => {
    const s = sandbox();
    s.control.setFicPropagationDelay(60_000);
    try {
      const appId = await appWith([{ issuer, subject: uaObjectId() }]);
      expectCode(await exchange(appId, await miToken(s)), 70021);
      s.control.clock.advance(61_000);
      const assertion = await miToken(s);
      assert.equal((await exchange(appId, assertion)).status, 200);
    } finally {
      s.control.setFicPropagationDelay(0);
      s.control.clock.reset();
    }
  });

  it('an edited FIC matches as its previous version until the edit has propagated', async () => {
    const s = sandbox();
    const app = (await graph(s, token, 'POST', '/applications', { displayName: `Edited ${crypto.randomUUID().slice(0, 8)}`, signInAudience: 'AzureADMultipleOrgs' })).json();
    assert.equal((await graph(s, token, 'POST', `/applications/${app.id}/federatedIdentityCredentials`, { name: 'token-mi', issuer, subject: uaObjectId(), audiences: ['api://AzureADTokenExchange'] })).status, 201);
    assert.equal((await graph(s, token, 'POST', '/servicePrincipals', { appId: app.appId })).status, 201);
    s.control.setFicPropagationDelay(60_000);
    try {
      const patch = (subject: string) => graph(s, token, 'PATCH', `/applications/${app.id}/federatedIdentityCredentials/token-mi`, { subject });
      assert.equal((await patch(s.managedIdentity.systemAssigned.objectId)).status, 204);
      assert.equal((await exchange(app.appId, await miToken(s))).status, 200, 'the old subject is still in force');
      s.control.clock.advance(61_000);
      expectCode(await exchange(app.appId, await miToken(s)), 7002137);
      assert.equal((await patch(uaObjectId())).status, 204);
      expectCode(await exchange(app.appId, await miToken(s)), 7002137);
      s.control.clock.advance(61_000);
      assert.equal((await exchange(app.appId, await miToken(s))).status, 200);
    } finally {
      s.control.setFicPropagationDelay(0);
      s.control.clock.reset();
    }
  });

  it('50166: a FIC names an external issuer whose keys the sandbox cannot fetch', async () => {
    const appId = await appWith([{ issuer: 'https://token.actions.githubusercontent.com', subject: 'repo:contoso/app:ref:refs/heads/main' }]);
    const { privateKey } = crypto.generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const now = Math.floor(Date.now() / 1000);
    const enc = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
    const input = `${enc({ alg: 'ES256', typ: 'JWT', kid: 'gh' })}.${enc({ iss: 'https://token.actions.githubusercontent.com', sub: 'repo:contoso/app:ref:refs/heads/main', aud: 'api://AzureADTokenExchange', iat: now, nbf: now, exp: now + 300 })}`;
    const jwt = `${input}.${crypto.sign('sha256', Buffer.from(input), { key: privateKey, dsaEncoding: 'ieee-p1363' }).toString('base64url')}`;
    expectCode(await exchange(appId, jwt), 50166);
  });

  it('50027: a garbage assertion is invalid_request; a wrong assertion type too', async () => {
    const s = sandbox();
    const garbage = await exchange(s.apps.contosoSync.appId, 'not-a-jwt', s.tenants.customer);
    assert.equal(garbage.status, 400);
    expectCode(garbage, 50027, 'invalid_request');
    const wrongType = await call(s, 'POST', `/${s.tenants.customer}/oauth2/v2.0/token`, {
      form: { grant_type: 'client_credentials', client_id: s.apps.contosoSync.appId, scope: 'https://graph.microsoft.com/.default', client_assertion_type: 'jwt', client_assertion: 'x' },
    });
    expectCode(wrongType, 50027, 'invalid_request');
  });

  it('malformed requests: missing grant_type (900144), unsupported grant (70003), non-.default scope (1002012), unknown resource (500011), odd tenant (900023)', async () => {
    const s = sandbox();
    const t = `/${s.tenants.home}/oauth2/v2.0/token`;
    expectCode(await call(s, 'POST', t, { form: {} }), 900144, 'invalid_request');
    expectCode(await call(s, 'POST', t, { form: { grant_type: 'password' } }), 70003, 'unsupported_grant_type');
    const base = { grant_type: 'client_credentials', client_id: s.admin.clientId, client_secret: s.admin.clientSecret };
    expectCode(await call(s, 'POST', t, { form: { ...base, scope: 'User.Read' } }), 1002012, 'invalid_scope');
    expectCode(await call(s, 'POST', t, { form: { ...base, scope: 'api://nothing-here/.default' } }), 500011, 'invalid_resource');
    expectCode(await call(s, 'POST', '/not%20a%20tenant/oauth2/v2.0/token', { form: base }), 900023, 'invalid_request');
  });

  it('msal-node surfaces the code: errorCode invalid_client, AADSTS700213 in the message', async () => {
    const s = sandbox();
    const appId = await appWith([{ issuer, subject: s.managedIdentity.userAssigned.clientId, audiences: ['api://other'] }]);
    const cca = new ConfidentialClientApplication({
      auth: { clientId: appId, authority: `${s.authority}/${s.tenants.home}`, knownAuthorities: [new URL(s.authority).host], clientAssertion: () => miToken(s) },
      system: { networkClient: msalNetworkClient(s.ca) },
    });
    await assert.rejects(cca.acquireTokenByClientCredential({ scopes: ['https://graph.microsoft.com/.default'] }), (e: Error & { errorCode?: string }) => {
      assert.equal(e.errorCode, 'invalid_client');
      assert.match(e.message, /AADSTS700213/);
      return true;
    });
  });

  it('a read-only app token (Contoso Sync in Fabrikam) cannot write: 403 Authorization_RequestDenied', async () => {
    const s = sandbox();
    const r = await exchange(s.apps.contosoSync.appId, await miToken(s), s.tenants.customer);
    const readOnly = r.json().access_token as string;
    assert.equal((await graph(s, readOnly, 'GET', '/applications?$top=1')).status, 200);
    const denied = await graph(s, readOnly, 'POST', '/applications', { displayName: 'nope' });
    assert.equal(denied.status, 403);
    assert.equal(denied.json().error.code, 'Authorization_RequestDenied');
  });
});
