// Graph's federated identity credential rules as the sandbox enforces them (its own rules,
// src/sandbox/graph/ficRules.ts): every refusal with Graph's status and error code, warnings
// accepted, the name immutable, upsert by name, the FIC addressing forms, v1.0 against /beta
// for flexible credentials, propagation of each write and the read-after-write 404.
import * as assert from 'node:assert/strict';
import { SEEDED_APPS } from '../../src/sandbox';
import { drawPropagationMs, parsePropagationSeconds } from '../../src/sandbox/graph/propagation';
import { adminToken, call, graph, graphBeta, miToken, useSandbox } from './support/sandbox';

describe('contract: federated identity credential rules', () => {
  const sandbox = useSandbox();
  let token = '';
  let appId = '';
  let issuer = '';
  const base = () => `/applications/${appId}/federatedIdentityCredentials`;
  const valid = (name: string, subject: string = crypto.randomUUID()) => ({ name, issuer, subject, audiences: ['api://AzureADTokenExchange'] });

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
    { what: 'name too short', body: () => valid('ab'), status: 400, code: 'InvalidFederatedIdentityCredentialValue' },
    { what: 'name too long (121)', body: () => valid('n'.repeat(121)), status: 400, code: 'InvalidFederatedIdentityCredentialValue' },
    { what: 'name with bad characters', body: () => valid('bad name!'), status: 400, code: 'InvalidFederatedIdentityCredentialValue' },
    { what: 'claimsMatchingExpression on v1.0 (a /beta property)', body: () => ({ ...valid('v1-flexible'), subject: null, claimsMatchingExpression: { value: "claims['sub'] eq 'x'", languageVersion: 1 } }), status: 400, code: 'BadRequest' },
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

    const flexible = await graphBeta(s, token, 'POST', base(), {
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

  it('v1.0 lists a flexible credential with subject null and no expression; /beta shows the expression, in lists and $expand', async () => {
    const s = sandbox();
    const path = `/applications/${SEEDED_APPS.flexible.objectId}/federatedIdentityCredentials`;
    const v1 = (await graph(s, token, 'GET', path)).json().value[0];
    assert.equal(v1.subject, null);
    assert.equal('claimsMatchingExpression' in v1, false);
    const beta = (await graphBeta(s, token, 'GET', path)).json().value[0];
    assert.equal(beta.subject, null);
    assert.equal(beta.claimsMatchingExpression.languageVersion, 1);
    assert.match(beta.claimsMatchingExpression.value, /\S/);
    const expanded = (await graphBeta(s, token, 'GET', `/applications/${SEEDED_APPS.flexible.objectId}?$expand=federatedIdentityCredentials`)).json();
    assert.deepEqual(expanded.federatedIdentityCredentials[0].claimsMatchingExpression, beta.claimsMatchingExpression);
    const v1Expanded = (await graph(s, token, 'GET', `/applications/${SEEDED_APPS.flexible.objectId}?$expand=federatedIdentityCredentials`)).json();
    assert.equal('claimsMatchingExpression' in v1Expanded.federatedIdentityCredentials[0], false);
    // A plain credential under /beta carries the property as null.
    const plain = (await graphBeta(s, token, 'GET', `/applications/${s.apps.contosoSync.objectId}/federatedIdentityCredentials`)).json().value[0];
    assert.equal(plain.claimsMatchingExpression, null);
  });

  it('/beta: create, patch and delete a flexible credential; v1.0 PATCH may not set the expression', async () => {
    const s = sandbox();
    const expression = { value: "claims['sub'] matches 'repo:contoso/*:environment:prod'", languageVersion: 1 };
    const made = await graphBeta(s, token, 'POST', base(), { name: 'beta-flexible', issuer: 'https://token.actions.githubusercontent.com', audiences: ['api://AzureADTokenExchange'], claimsMatchingExpression: expression });
    assert.equal(made.status, 201, made.text);
    assert.deepEqual(made.json().claimsMatchingExpression, expression);
    const v1Patch = await graph(s, token, 'PATCH', `${base()}/beta-flexible`, { claimsMatchingExpression: { value: "claims['sub'] eq 'x'", languageVersion: 1 } });
    assert.equal(v1Patch.status, 400);
    assert.equal(v1Patch.json().error.code, 'BadRequest');
    const both = await graphBeta(s, token, 'PATCH', `${base()}/beta-flexible`, { subject: 'repo:contoso/app:ref:refs/heads/main' });
    assert.equal(both.status, 400, 'a subject beside an expression is refused');
    const unknownKey = await graphBeta(s, token, 'PATCH', `${base()}/beta-flexible`, { claimsMatchingExpression: { ...expression, extra: 1 } });
    assert.equal(unknownKey.status, 400);
    assert.equal((await graphBeta(s, token, 'PATCH', `${base()}/beta-flexible`, { description: 'still flexible' })).status, 204);
    const got = (await graphBeta(s, token, 'GET', `${base()}/beta-flexible`)).json();
    assert.equal(got.description, 'still flexible');
    assert.deepEqual(got.claimsMatchingExpression, expression);
    assert.equal((await graphBeta(s, token, 'DELETE', `${base()}/beta-flexible`)).status, 204);
  });

  it('a created credential carries @odata.context and @odata.id (its own URL)', async () => {
    const s = sandbox();
    const r = await graph(s, token, 'POST', base(), valid('with-odata-id'));
    const body = r.json();
    assert.equal(body['@odata.id'], `${s.authority}/v1.0/applications/${appId}/federatedIdentityCredentials/${body.id}`);
    assert.match(body['@odata.context'], /\/\$metadata#applications\('.+'\)\/federatedIdentityCredentials\/\$entity$/);
    const follow = await call(s, 'GET', new URL(body['@odata.id']).pathname, { headers: { authorization: `Bearer ${token}` } });
    assert.equal(follow.json().name, 'with-odata-id');
  });

  it('read-after-write (a control, off by default): a new credential answers 404 by id and by name for a moment', async () => {
    const s = sandbox();
    const first = (await graph(s, token, 'POST', base(), valid('visible-at-once'))).json();
    assert.equal((await graph(s, token, 'GET', `${base()}/${first.id}`)).status, 200, 'off by default');
    s.control.setReadAfterWrite404(5_000);
    try {
      s.control.clock.advance(6_000); // 'visible-at-once' is older than the window now
      const made = (await graph(s, token, 'POST', base(), valid('not-yet-visible'))).json();
      for (const ref of [made.id, 'not-yet-visible', "(name='not-yet-visible')"]) {
        const r = await graph(s, token, 'GET', ref.startsWith('(') ? `${base()}${ref}` : `${base()}/${ref}`);
        assert.equal(r.status, 404, ref);
        assert.equal(r.json().error.code, 'Request_ResourceNotFound');
      }
      assert.equal((await graph(s, token, 'GET', `${base()}/visible-at-once`)).status, 200, 'older credentials are unaffected');
      s.control.clock.advance(5_001);
      assert.equal((await graph(s, token, 'GET', `${base()}/${made.id}`)).status, 200);
    } finally {
      s.control.setReadAfterWrite404(0);
      s.control.clock.reset();
    }
  });

  it('propagation by default: a new credential exchanges only after its delay (20–60 s, sandbox clock)', async () => {
    const s = sandbox();
    const app = (await graph(s, token, 'POST', '/applications', { displayName: 'Propagating', signInAudience: 'AzureADMultipleOrgs' })).json();
    assert.equal((await graph(s, token, 'POST', '/servicePrincipals', { appId: app.appId })).status, 201);
    const created = await graph(s, token, 'POST', `/applications/${app.id}/federatedIdentityCredentials`, valid('propagating', s.managedIdentity.userAssigned.objectId));
    assert.equal(created.status, 201, created.text);
    const assertion = await miToken(s);
    const exchange = () => call(s, 'POST', `/${s.tenants.home}/oauth2/v2.0/token`, {
      form: {
        grant_type: 'client_credentials', client_id: app.appId, scope: 'https://graph.microsoft.com/.default',
        client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer', client_assertion: assertion,
      },
    });
    try {
      s.control.clock.advance(5_000);
      const early = await exchange();
      assert.equal(early.status, 401, early.text);
      assert.ok([70021, 700211, 700212, 700213].includes(early.json().error_codes[0]), early.text);
      s.control.clock.advance(56_000);
      const later = await exchange();
      assert.equal(later.status, 200, later.text);
    } finally {
      s.control.clock.reset();
    }
  });

  it('the propagation range: each write draws from it; --propagation-s reads N or MIN-MAX', () => {
    const draws = Array.from({ length: 200 }, () => drawPropagationMs({ minMs: 20_000, maxMs: 60_000 }));
    assert.ok(draws.every((d) => d >= 20_000 && d <= 60_000));
    assert.ok(new Set(draws).size > 100, 'drawn per write, not one value');
    assert.equal(drawPropagationMs({ minMs: 0, maxMs: 0 }), 0);
    assert.deepEqual(parsePropagationSeconds('0'), { minMs: 0, maxMs: 0 });
    assert.deepEqual(parsePropagationSeconds('20-60'), { minMs: 20_000, maxMs: 60_000 });
    assert.deepEqual(parsePropagationSeconds('1.5'), { minMs: 1500, maxMs: 1500 });
    for (const bad of ['', '-1', '60-20', 'soon', '1-2-3']) assert.throws(() => parsePropagationSeconds(bad), RangeError, bad);
    assert.throws(() => sandbox().control.setFicPropagation({ minMs: 5, maxMs: 1 }), RangeError);
  });
});
