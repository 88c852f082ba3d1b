// The sandbox survives any request: garbage thrown at every route (bad JSON, huge bodies,
// bad URLs and percent-encoding, wrong methods, odd OData, forged tokens) is answered in the
// shape of the service the path belongs to, and the server keeps serving afterwards.
import * as assert from 'node:assert/strict';
import { SEEDED_APPS } from '../../src/sandbox';
import { evaluate, EVALUATION_BUDGET, parseFilter } from '../../src/sandbox/graph/filter';
import { GraphError } from '../../src/sandbox/graph/types';
import { adminToken, call, type RawResponse, useSandbox } from './support/sandbox';

type Family = 'graph' | 'entra' | 'mi' | 'function';

/** A small deterministic PRNG so a failure can be replayed. */
function prng(seed: number): () => number {
  let x = seed >>> 0;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 0x100000000;
  };
}

function familyOf(path: string): Family {
  if (/^\/(v1\.0|beta)(\/|$|\?)/i.test(path)) return 'graph';
  if (/^\/api(\/|$|\?)/i.test(path)) return 'function';
  if (path.startsWith('/msi/') || path.startsWith('/metadata/')) return 'mi';
  return 'entra';
}

function assertShape(family: Family, r: RawResponse, what: string): void {
  assert.ok(r.status >= 200 && r.status < 600, `${what}: status ${r.status}`);
  if (r.status < 400) return;
  if (family === 'function') return; // the Functions host answers errors without a body
  const type = String(r.headers['content-type'] ?? '');
  if (family === 'entra' && type.startsWith('text/html')) return; // the device login page
  let body: Record<string, unknown>;
  try {
    body = JSON.parse(r.text) as Record<string, unknown>;
  } catch {
    assert.fail(`${what}: ${r.status} with a non-JSON body: ${r.text.slice(0, 200)}`);
  }
  if (family === 'graph') {
    const e = body.error as Record<string, unknown>;
    assert.equal(typeof e?.code, 'string', `${what}: Graph error shape ${r.text.slice(0, 200)}`);
    assert.equal(typeof e?.message, 'string', what);
    assert.ok((e.innerError as Record<string, unknown>)?.['request-id'], what);
  } else if (family === 'entra') {
    assert.equal(typeof body.error, 'string', `${what}: Entra error shape ${r.text.slice(0, 200)}`);
    assert.ok(Array.isArray(body.error_codes), what);
    assert.match(String(body.error_description), /^AADSTS\d+: /, what);
  } else {
    assert.ok(typeof body.message === 'string' || typeof body.error === 'string', `${what}: MI error shape ${r.text.slice(0, 200)}`);
  }
}

describe('contract: robustness', () => {
  const sandbox = useSandbox();

  it('answers 250 garbage requests across every route in the right error shape, and still works afterwards', async function () {
    this.timeout(60000);
    const s = sandbox();
    const token = await adminToken(s);
    const t = s.tenants.home;
    const app = s.apps.contosoSync.objectId;
    const paths = [
      `/${t}/oauth2/v2.0/token`, `/organizations/oauth2/v2.0/devicecode`, `/${t}/v2.0/.well-known/openid-configuration`,
      `/${t}/discovery/v2.0/keys`, '/common/discovery/instance', '/devicelogin', '/msi/token', '/metadata/identity/oauth2/token',
      '/v1.0/applications', `/v1.0/applications/${app}`, `/v1.0/applications/${app}/federatedIdentityCredentials`,
      `/v1.0/applications/${app}/federatedIdentityCredentials/token-function-mi`, "/v1.0/applications(appId='x')",
      '/v1.0/servicePrincipals', '/v1.0/$batch', '/v1.0/organization', '/v1.0/me', '/api/GetManagedIdentityToken',
      '/api/GetAppTokenUsingManagedIdentity', '/', '/nothing/here',
    ];
    const mutations = [
      '', '?$filter=%zz', '?$filter=((((', "?$filter=appId eq 'unterminated", '?$top=abc', '?$top=0', '?$skiptoken=garbage',
      '?$select=,,,', '?$expand=owners($select=id)', '?$search=no-quotes', '?$count=maybe', '?$orderby=nope desc',
      '?%', '?a=%E0%A4%A', '/%zz', '/..%2F..%2Fetc%2Fpasswd', `?$filter=${encodeURIComponent('not '.repeat(200) + "appId eq 'x'")}`,
      `?scope=${'x'.repeat(5000)}`, '?api-version=2019-08-01&resource=', "?$filter=federatedIdentityCredentials/any(f:f/color eq 'red')",
    ];
    const methods = ['GET', 'POST', 'PATCH', 'DELETE', 'PUT', 'OPTIONS', 'HEAD'];
    const bodies: (() => { body?: string | Buffer; type?: string })[] = [
      () => ({}),
      () => ({ body: '{not json', type: 'application/json' }),
      () => ({ body: 'null', type: 'application/json' }),
      () => ({ body: '[1,2,3]', type: 'application/json' }),
      () => ({ body: JSON.stringify({ requests: [{ id: 1, method: 'GET', url: 'https://evil.example.com/x' }, { bogus: true }] }), type: 'application/json' }),
      () => ({ body: JSON.stringify({ displayName: { nested: [1, { deeper: null }] }, identifierUris: 'x', api: [] }), type: 'application/json' }),
      () => ({ body: JSON.stringify({ name: 42, issuer: [], subject: {}, audiences: [1] }), type: 'application/json' }),
      () => ({ body: `${'['.repeat(5000)}${']'.repeat(5000)}`, type: 'application/json' }),
      () => ({ body: 'grant_type=client_credentials&client_id=%zz', type: 'application/x-www-form-urlencoded' }),
      () => ({ body: 'grant_type=urn:ietf:params:oauth:grant-type:device_code&device_code=x&client_id=aebc6443-996d-45c2-90f0-388ff96faa56', type: 'application/x-www-form-urlencoded' }),
      () => ({ body: 'grant_type=refresh_token&refresh_token=a.b.c&client_id=aebc6443-996d-45c2-90f0-388ff96faa56', type: 'application/x-www-form-urlencoded' }),
      () => ({ body: `grant_type=client_credentials&client_id=${s.apps.contosoSync.appId}&scope=https://graph.microsoft.com/.default&client_assertion_type=urn:ietf:params:oauth:client-assertion-type:jwt-bearer&client_assertion=eyJhbGciOiJub25lIn0.eyJpc3MiOjF9.`, type: 'application/x-www-form-urlencoded' }),
      () => ({ body: Buffer.from(Array.from({ length: 512 }, (_, i) => (i * 7919) % 256)), type: 'application/octet-stream' }),
    ];
    const auths = [`Bearer ${token}`, 'Bearer not.a.jwt', 'Basic Zm9vOmJhcg==', '', `Bearer ${token.slice(0, -10)}AAAAAAAAAA`];
    const rand = prng(20261128);
    const pick = <T>(xs: T[]): T => xs[Math.floor(rand() * xs.length)];
    const cases = Array.from({ length: 250 }, () => ({ path: pick(paths) + pick(mutations), method: pick(methods), body: pick(bodies)(), auth: pick(auths) }));

    let i = 0;
    const worker = async () => {
      while (i < cases.length) {
        const c = cases[i++];
        const headers: Record<string, string> = {};
        if (c.auth) headers.authorization = c.auth;
        if (c.body.type) headers['content-type'] = c.body.type;
        if (c.path.startsWith('/msi')) headers['x-identity-header'] = s.managedIdentity.header;
        if (c.path.startsWith('/metadata')) headers.metadata = 'true';
        const what = `${c.method} ${c.path.slice(0, 120)}`;
        const r = await call(s, c.method, c.path, { headers, body: c.method === 'GET' || c.method === 'HEAD' ? undefined : c.body.body }).catch((e: Error) => {
          throw new Error(`${what}: ${e.message}`);
        });
        if (c.method !== 'HEAD') assertShape(familyOf(c.path), r, what);
      }
    };
    await Promise.all(Array.from({ length: 8 }, worker));

    // Still healthy.
    const after = await adminToken(s);
    const list = await call(s, 'GET', '/v1.0/applications?$top=3', { headers: { authorization: `Bearer ${after}` } });
    assert.equal(list.status, 200);
  });

  it('caps request bodies: 2 MB to Graph is a 413 in Graph\'s shape, to Entra in Entra\'s', async () => {
    const s = sandbox();
    const token = await adminToken(s);
    const huge = Buffer.alloc(2 * 1024 * 1024, 'a');
    // The server answers as soon as Content-Length says too much, and reads (discards) the
    // rest, so the client always gets to read the 413.
    const g = await call(s, 'POST', '/v1.0/applications', { headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: huge });
    assert.equal(g.status, 413);
    assertShape('graph', g, 'huge graph body');
    assert.equal(g.json().error.code, 'Request_EntityTooLarge');
    const e = await call(s, 'POST', `/${s.tenants.home}/oauth2/v2.0/token`, { headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: huge });
    assert.equal(e.status, 413);
    assertShape('entra', e, 'huge form body');
    assert.ok(await adminToken(s), 'still serving');
  });

  describe('hostile $filter', () => {
    const FICS = '/v1.0/applications?$filter=';
    /** `federatedIdentityCredentials/any(f0: federatedIdentityCredentials/any(f1: … fN/subject eq 'x'))`. */
    const nestedLambda = (depth: number, inner: (v: string) => string = (v) => `${v}/subject eq 'x'`) => {
      let expr = inner(`f${depth - 1}`);
      for (let i = depth - 1; i >= 0; i--) expr = `federatedIdentityCredentials/any(f${i}: ${i === depth - 1 ? expr : expr})`;
      return expr;
    };

    it('refuses a 40-deep nested lambda with Graph\'s 400 while a concurrent request is answered at once', async function () {
      this.timeout(30000);
      const s = sandbox();
      const token = await adminToken(s);
      const auth = { authorization: `Bearer ${token}` };
      const started = performance.now();
      const nested = call(s, 'GET', `${FICS}${encodeURIComponent(nestedLambda(40))}`, { headers: auth });
      const simple = call(s, 'GET', '/v1.0/organization', { headers: auth }).then((r) => ({ r, ms: performance.now() - started }));
      const [refused, other] = await Promise.all([nested, simple]);
      assert.equal(refused.status, 400, refused.text.slice(0, 300));
      assertShape('graph', refused, 'nested lambda');
      assert.equal(refused.json().error.code, 'Request_UnsupportedQuery');
      assert.equal(other.r.status, 200, 'the other request was answered');
      assert.ok(other.ms < 1000, `the other request took ${Math.round(other.ms)} ms`);
    });

    it('refuses a lambda over a top-level collection inside another lambda, however shallow', async () => {
      const s = sandbox();
      const token = await adminToken(s);
      for (const depth of [2, 5, 12]) {
        const r = await call(s, 'GET', `${FICS}${encodeURIComponent(nestedLambda(depth))}`, { headers: { authorization: `Bearer ${token}` } });
        assert.equal(r.status, 400, `depth ${depth}: ${r.text.slice(0, 200)}`);
        assert.equal(r.json().error.code, 'Request_UnsupportedQuery', `depth ${depth}`);
      }
    });

    it('refuses a top-level property inside a lambda (only its variable may be used there)', async () => {
      const s = sandbox();
      const token = await adminToken(s);
      const filter = "federatedIdentityCredentials/any(f: displayName eq 'x')";
      const r = await call(s, 'GET', `${FICS}${encodeURIComponent(filter)}`, { headers: { authorization: `Bearer ${token}` } });
      assert.equal(r.status, 400, r.text.slice(0, 200));
      assert.equal(r.json().error.code, 'Request_UnsupportedQuery');
    });

    it('stops one query\'s evaluation at its budget of steps, with Graph\'s unsupported-query error', () => {
      // 150 comparisons (3 KB, under the length limit) over 20,000 objects: 3,000,000 steps.
      const tree = parseFilter(Array.from({ length: 150 }, (_, i) => `displayName eq 'n${i}'`).join(' or '));
      const objects = Array.from({ length: 20_000 }, (_, i) => ({ displayName: `app ${i}` }));
      let evaluated = 0;
      assert.throws(
        () => objects.forEach((o) => (evaluate(tree, o), evaluated++)),
        (e: unknown) => e instanceof GraphError && e.status === 400 && e.code === 'Request_UnsupportedQuery',
      );
      assert.ok(evaluated < objects.length && evaluated * 299 <= EVALUATION_BUDGET, `${evaluated} objects evaluated before the stop`);
      // A new query (a new tree) has its own budget.
      assert.equal(evaluate(parseFilter("displayName eq 'app 1'"), objects[1]), true);
    });

    it('still answers a plain lambda on the variable', async () => {
      const s = sandbox();
      const token = await adminToken(s);
      const filter = `federatedIdentityCredentials/any(f: f/subject eq '${s.managedIdentity.userAssigned.objectId}')`;
      const r = await call(s, 'GET', `${FICS}${encodeURIComponent(filter)}`, { headers: { authorization: `Bearer ${token}` } });
      assert.equal(r.status, 200, r.text.slice(0, 200));
      assert.ok(r.json().value.some((a: { appId: string }) => a.appId === s.apps.contosoSync.appId), 'the app trusting the identity is found');
    });
  });

  describe('deep JSON bodies', () => {
    const deepApi = (depth: number) => `{"displayName":"deep-api","api":${'['.repeat(depth)}${']'.repeat(depth)}}`;

    it('refuses a 300,000-deep api with a 400, stores nothing, and the app still reads', async function () {
      this.timeout(30000);
      const s = sandbox();
      const token = await adminToken(s);
      const auth = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
      const body = deepApi(300_000);
      assert.ok(Buffer.byteLength(body) < 1024 * 1024, 'under the body cap: the depth is what is refused');
      const created = await call(s, 'POST', '/v1.0/applications', { headers: auth, body });
      assert.equal(created.status, 400, created.text.slice(0, 200));
      assertShape('graph', created, 'deep create');
      const app = s.apps.contosoSync.objectId;
      const patched = await call(s, 'PATCH', `/v1.0/applications/${app}`, { headers: auth, body });
      assert.equal(patched.status, 400, patched.text.slice(0, 200));
      const read = await call(s, 'GET', `/v1.0/applications/${app}`, { headers: auth });
      assert.equal(read.status, 200, read.text.slice(0, 200));
      assert.equal(read.json().displayName, 'Contoso Sync');
      const found = await call(s, 'GET', `/v1.0/applications?$filter=${encodeURIComponent("displayName eq 'deep-api'")}`, { headers: auth });
      assert.equal(found.status, 200);
      assert.deepEqual(found.json().value, [], 'nothing was created');
      const list = await call(s, 'GET', '/v1.0/applications?$top=999', { headers: auth });
      assert.equal(list.status, 200, 'every app still serializes');
    });

    it('accepts ordinary nesting, deep strings and brackets inside strings', async () => {
      const s = sandbox();
      const token = await adminToken(s);
      const auth = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
      const name = `brackets ${'[{'.repeat(100)} in a name`;
      const r = await call(s, 'POST', '/v1.0/applications', { headers: auth, body: JSON.stringify({ displayName: name.slice(0, 120) }) });
      assert.equal(r.status, 201, r.text.slice(0, 200));
      const del = await call(s, 'DELETE', `/v1.0/applications/${r.json().id}`, { headers: auth });
      assert.equal(del.status, 204);
    });
  });

  it('wrong methods: 405 on the token endpoint (Entra shape) and on a Graph collection (Graph shape)', async () => {
    const s = sandbox();
    const token = await adminToken(s);
    const e = await call(s, 'GET', `/${s.tenants.home}/oauth2/v2.0/token`);
    assert.equal(e.status, 405);
    assertShape('entra', e, 'GET token');
    const g = await call(s, 'PUT', '/v1.0/applications', { headers: { authorization: `Bearer ${token}` } });
    assert.equal(g.status, 405);
    assertShape('graph', g, 'PUT applications');
  });

  it('a connection reset (injected) leaves the server serving', async () => {
    const s = sandbox();
    s.control.failNext(1, 'reset', '/v1.0/organization');
    const token = await adminToken(s);
    await assert.rejects(call(s, 'GET', '/v1.0/organization', { headers: { authorization: `Bearer ${token}` } }), /socket hang up|ECONNRESET/);
    const ok = await call(s, 'GET', '/v1.0/organization', { headers: { authorization: `Bearer ${token}` } });
    assert.equal(ok.status, 200);
    assert.equal(s.control.requests().find((r) => r.fault === 'reset')?.status, 0);
  });

  it('a lost response (injected): the FIC is created, the client only sees the connection drop', async () => {
    const s = sandbox();
    const token = await adminToken(s);
    const path = `/v1.0/applications/${SEEDED_APPS.empty.objectId}/federatedIdentityCredentials`;
    const fic = { name: 'outcome-unknown', issuer: `${s.authority}/${s.tenants.home}/v2.0`, subject: s.managedIdentity.userAssigned.objectId, audiences: ['api://AzureADTokenExchange'] };
    s.control.failNext(1, 'lostResponse', '/federatedIdentityCredentials');
    await assert.rejects(call(s, 'POST', path, { headers: { authorization: `Bearer ${token}` }, json: fic }), /socket hang up|ECONNRESET/);
    const entry = s.control.requests().find((r) => r.fault === 'lostResponse');
    assert.equal(entry?.status, 201, 'logged with the status the client never saw');
    const got = await call(s, 'GET', `${path}/outcome-unknown`, { headers: { authorization: `Bearer ${token}` } });
    assert.equal(got.status, 200);
    const again = await call(s, 'POST', path, { headers: { authorization: `Bearer ${token}` }, json: fic });
    assert.equal(again.status, 409, 'a blind retry collides with the credential that was made');
  });
});
