// Graph's federated identity credential rules as the sandbox enforces them (the same rules as
// src/core/credentials.ts): every refusal with Graph's status and error code, warnings accepted,
// the name immutable, upsert by name, and the FIC addressing forms.
import * as assert from 'node:assert/strict';
import { adminToken, graph, useSandbox } from './support/sandbox';

describe('contract: federated identity credential rules', () => {
  const sandbox = useSandbox();
  let token = '';
  let appId = '';
  let issuer = '';
  const base = () => `/applications/${appId}/federatedIdentityCredentials`;
  const valid = (name: string, subject = crypto.randomUUID()) => ({ name, issuer, subject, audiences: ['api://AzureADTokenExchange'] });

  before(async () => {
    const s = sandbox();
    token = await adminToken(s);
    issuer = `${s.authority}/${s.tenants.home}/v2.0`;
    const created = await graph(s, token, 'POST', '/applications', { displayName: 'FIC rules' });
    assert.equal(created.status, 201);
    appId = created.json().id;
  });

  it('creates a valid FIC: 201 with the object, listed afterwards', async () => {
    const s = sandbox();
    const r = await graph(s, token, 'POST', base(), { ...valid('first-credential'), description: 'a description' });
    assert.equal(r.status, 201);
    const body = r.json();
    assert.equal(body.name, 'first-credential');
    assert.deepEqual(body.audiences, ['api://AzureADTokenExchange']);
    assert.match(String(r.headers.location), new RegExp(`/applications/${appId}/federatedIdentityCredentials/${body.id}$`));
    const list = await graph(s, token, 'GET', base());
    assert.deepEqual(list.json().value.map((f: { name: string }) => f.name), ['first-credential']);
  });

  const refusals: { what: string; body: () => Record<string, unknown>; status: number; code: string }[] = [
    { what: 'name missing', body: () => { const b: Record<string, unknown> = valid('x'); delete b.name; return b; }, status: 400, code: 'Request_BadRequest' },
    { what: 'name too short', body: () => valid('ab'), status: 400, code: 'Request_BadRequest' },
    { what: 'name too long (121)', body: () => valid('n'.repeat(121)), status: 400, code: 'Request_BadRequest' },
    { what: 'name with bad characters', body: () => valid('bad name!'), status: 400, code: 'Request_BadRequest' },
    { what: 'name taken', body: () => valid('first-credential'), status: 409, code: 'Request_MultipleObjectsWithSameKeyValue' },
    { what: 'name taken (other case)', body: () => valid('FIRST-credential'), status: 409, code: 'Request_MultipleObjectsWithSameKeyValue' },
    { what: 'issuer missing', body: () => ({ ...valid('no-issuer'), issuer: '' }), status: 400, code: 'Request_BadRequest' },
    { what: 'subject missing', body: () => ({ ...valid('no-subject'), subject: null }), status: 400, code: 'Request_BadRequest' },
    { what: 'no audience', body: () => ({ ...valid('no-audience'), audiences: [] }), status: 400, code: 'Request_BadRequest' },
    { what: 'two audiences', body: () => ({ ...valid('two-audiences'), audiences: ['api://AzureADTokenExchange', 'api://other'] }), status: 400, code: 'Request_BadRequest' },
    { what: 'issuer over 600 characters', body: () => ({ ...valid('long-issuer'), issuer: `https://example.com/${'i'.repeat(600)}` }), status: 400, code: 'Request_BadRequest' },
    { what: 'subject over 600 characters', body: () => ({ ...valid('long-subject'), subject: 's'.repeat(601) }), status: 400, code: 'Request_BadRequest' },
    { what: 'audience over 600 characters', body: () => ({ ...valid('long-audience'), audiences: [`api://${'a'.repeat(600)}`] }), status: 400, code: 'Request_BadRequest' },
    { what: 'description over 600 characters', body: () => ({ ...valid('long-description'), description: 'd'.repeat(601) }), status: 400, code: 'Request_BadRequest' },
    { what: 'audiences not an array', body: () => ({ ...valid('audience-string'), audiences: 'api://AzureADTokenExchange' }), status: 400, code: 'Request_BadRequest' },
    { what: 'an unknown property', body: () => ({ ...valid('unknown-prop'), color: 'blue' }), status: 400, code: 'BadRequest' },
  ];
  for (const r of refusals) {
    it(`refuses ${r.what}: ${r.status} ${r.code}, in Graph's error shape`, async () => {
      const s = sandbox();
      const res = await graph(s, token, 'POST', base(), r.body());
      assert.equal(res.status, r.status, res.text);
      const e = res.json().error;
      assert.equal(e.code, r.code);
      assert.equal(typeof e.message, 'string');
      assert.match(e.innerError['request-id'], /^[0-9a-f-]{36}$/);
      assert.ok(e.innerError.date);
    });
  }

  it('refuses a second FIC with the same issuer and subject: 400 InvalidFederatedIdentityCredentialValue', async () => {
    const s = sandbox();
    const subject = crypto.randomUUID();
    assert.equal((await graph(s, token, 'POST', base(), valid('pair-one', subject))).status, 201);
    const r = await graph(s, token, 'POST', base(), valid('pair-two', subject));
    assert.equal(r.status, 400);
    assert.equal(r.json().error.code, 'InvalidFederatedIdentityCredentialValue');
    assert.match(r.json().error.message, /combination of issuer and subject must be unique/);
  });

  it('refuses the 21st FIC of an app, and a flexible FIC may have subject null', async () => {
    const s = sandbox();
    const app = (await graph(s, token, 'POST', '/applications', { displayName: 'Full house' })).json();
    for (let i = 1; i <= 20; i++) {
      const r = await graph(s, token, 'POST', `/applications/${app.id}/federatedIdentityCredentials`, valid(`credential-${i}`));
      assert.equal(r.status, 201, r.text);
    }
    const r = await graph(s, token, 'POST', `/applications/${app.id}/federatedIdentityCredentials`, valid('credential-21'));
    assert.equal(r.status, 400);
    assert.equal(r.json().error.code, 'Request_BadRequest');
    assert.match(r.json().error.message, /at most 20/);

    const flexible = await graph(s, token, 'POST', base(), {
      name: 'flexible-one', issuer: 'https://token.actions.githubusercontent.com', subject: null, audiences: ['api://AzureADTokenExchange'],
      claimsMatchingExpression: { value: "claims['sub'] matches 'repo:contoso/*'", languageVersion: 1 },
    });
    assert.equal(flexible.status, 201, flexible.text);
    assert.equal(flexible.json().subject, null);
  });

  it('accepts what only warns (trailing slash, client id as subject, audience typo, whitespace): Graph takes them', async () => {
    const s = sandbox();
    const cases = [
      { ...valid('warn-trailing-slash'), issuer: `${issuer}/` },
      { ...valid('warn-client-id'), subject: s.managedIdentity.userAssigned.clientId },
      { ...valid('warn-audience'), audiences: ['api://AzureADTokenExchnage'] },
      { ...valid('warn-whitespace'), subject: ` ${crypto.randomUUID()} ` },
      { ...valid('warn-not-guid'), subject: 'not-a-guid' },
    ];
    for (const c of cases) assert.equal((await graph(s, token, 'POST', base(), c)).status, 201, c.name);
  });

  it('PATCH updates fields (204) but the name is immutable; unknown FIC is 404', async () => {
    const s = sandbox();
    const created = (await graph(s, token, 'POST', base(), valid('patch-me'))).json();
    const upd = await graph(s, token, 'PATCH', `${base()}/${created.id}`, { description: 'changed', subject: crypto.randomUUID() });
    assert.equal(upd.status, 204);
    const byName = await graph(s, token, 'GET', `${base()}/patch-me`);
    assert.equal(byName.json().description, 'changed');
    const rename = await graph(s, token, 'PATCH', `${base()}/patch-me`, { name: 'renamed' });
    assert.equal(rename.status, 400);
    assert.match(rename.json().error.message, /immutable/);
    const missing = await graph(s, token, 'GET', `${base()}/no-such-credential`);
    assert.equal(missing.status, 404);
    assert.equal(missing.json().error.code, 'Request_ResourceNotFound');
  });

  it("upsert: PATCH (name='…') with Prefer: create-if-missing creates (201), then updates (204); without it, 404", async () => {
    const s = sandbox();
    const url = `${base()}(name='upserted')`;
    const body = { issuer, subject: crypto.randomUUID(), audiences: ['api://AzureADTokenExchange'] };
    assert.equal((await graph(s, token, 'PATCH', url, body)).status, 404);
    const created = await graph(s, token, 'PATCH', url, body, { prefer: 'create-if-missing' });
    assert.equal(created.status, 201, created.text);
    const again = await graph(s, token, 'PATCH', url, { ...body, description: 'second' }, { prefer: 'create-if-missing' });
    assert.equal(again.status, 204);
    const got = await graph(s, token, 'GET', url);
    assert.equal(got.json().description, 'second');
  });

  it("addresses the app by (appId='…') and deletes a FIC (204)", async () => {
    const s = sandbox();
    const app = (await graph(s, token, 'GET', `/applications/${appId}?$select=appId`)).json();
    const created = (await graph(s, token, 'POST', `/applications(appId='${app.appId}')/federatedIdentityCredentials`, valid('via-app-id'))).json();
    assert.equal((await graph(s, token, 'DELETE', `${base()}/${created.id}`)).status, 204);
    assert.equal((await graph(s, token, 'GET', `${base()}/via-app-id`)).status, 404);
  });

  it('denyGraph: writes, then reads, answer 403 Authorization_RequestDenied in that tenant', async () => {
    const s = sandbox();
    const r = await graph(s, token, 'GET', '/applications?$top=1');
    assert.equal(r.status, 200);
    s.control.denyGraph(s.tenants.home, 'write');
    try {
      const denied = await graph(s, token, 'POST', base(), valid('denied-write'));
      assert.equal(denied.status, 403);
      assert.equal(denied.json().error.code, 'Authorization_RequestDenied');
      assert.equal((await graph(s, token, 'GET', base())).status, 200, 'reads still work');
      s.control.denyGraph(s.tenants.home, 'read');
      assert.equal((await graph(s, token, 'GET', base())).status, 403);
    } finally {
      s.control.denyGraph(s.tenants.home, false);
    }
  });
});
