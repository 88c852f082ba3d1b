// The extension's own Graph client (createGraphClient → GraphTransportHandler → services/http)
// against the sandbox over HTTPS: its retry policy, the wait a Retry-After asks for (on the
// sandbox's clock, never wall time), the send-once rule and the look-up after an unknown
// outcome, paging, $batch, the size cap, a server that never answers, and cancellation.
import * as assert from 'node:assert/strict';
import * as https from 'node:https';
import type { AddressInfo } from 'node:net';
import type { TokenCredential } from '@azure/identity';
import { CancelledError, GraphError } from '../../src/core/errors';
import { SEEDED_APPS } from '../../src/sandbox/ids';
import { generateTls } from '../../src/sandbox/tls';
import type { RunningSandbox } from '../../src/sandbox/types';
import { ApplicationsApi } from '../../src/services/graph/applications';
import { CreateOutcomeUnknownError, CredentialsApi, isUnknownOutcome, type CredentialFields } from '../../src/services/graph/credentialsApi';
import { createGraphClient } from '../../src/services/graph/graphClient';
import { DEADLINE_CODE } from '../../src/services/graph/graphErrors';
import { graphCollect, graphPages, sendGraphRequest } from '../../src/services/graph/graphRequest';
import { listManagedIdentities } from '../../src/services/graph/managedIdentities';
import type { RetryClock } from '../../src/services/http';
import { adminToken, graph, useSandbox } from './support/sandbox';

/** Waits on the sandbox's clock: each wait is recorded and moves the sandbox's time on. */
function sandboxClock(s: RunningSandbox): RetryClock & { waits: number[] } {
  const waits: number[] = [];
  return {
    waits,
    now: () => s.control.clock.now(),
    sleep: async (ms) => {
      waits.push(ms);
      s.control.clock.advance(ms);
    },
  };
}

function adminCredential(s: RunningSandbox): TokenCredential {
  let token: Promise<string> | undefined;
  return { getToken: async () => ({ token: await (token ??= adminToken(s)), expiresOnTimestamp: Date.now() + 3_600_000 }) };
}

describe('contract: the extension Graph client on the sandbox', function () {
  this.timeout(30_000);
  const sandbox = useSandbox({ apps: 250 });
  let clock: ReturnType<typeof sandboxClock>;
  let credentials: CredentialsApi;
  let issuer = '';
  const client = (deadlineMs?: number) =>
    createGraphClient({ baseUrl: sandbox().authority, scope: 'https://graph.microsoft.com/.default', ca: sandbox().ca }, adminCredential(sandbox()), undefined, { clock, deadlineMs });
  const fields = (name: string): CredentialFields => ({ name, issuer, subject: crypto.randomUUID(), audiences: ['api://AzureADTokenExchange'] });
  const posts = (s: RunningSandbox) => s.control.requests().filter((r) => r.method === 'POST' && r.path.endsWith('/federatedIdentityCredentials') && !r.batch);
  const appFics = async (s: RunningSandbox, name: string) => {
    const r = await graph(s, await adminToken(s), 'GET', `/applications/${SEEDED_APPS.empty.objectId}/federatedIdentityCredentials`);
    return (r.json().value as Array<{ name: string }>).filter((f) => f.name === name);
  };

  beforeEach(() => {
    const s = sandbox();
    s.control.clearFaults();
    s.control.setLatency(0);
    s.control.clock.reset();
    clock = sandboxClock(s);
    const c = client();
    credentials = new CredentialsApi(async () => c);
    issuer = `${s.authority}/${s.tenants.home}/v2.0`;
  });

  afterEach(() => {
    sandbox().control.clearFaults();
    sandbox().control.setLatency(0);
  });

  describe('retry policy', () => {
    it('waits what Retry-After asks on a 429, then succeeds', async () => {
      const s = sandbox();
      s.control.failNext(1, 'throttle', '/v1.0/applications', 7);
      s.control.clearRequests();
      const page = (await sendGraphRequest(client(), 'GET', '/applications?$top=1')) as { value: unknown[] };
      assert.equal(page.value.length, 1);
      assert.deepEqual(clock.waits, [7000]);
      assert.deepEqual(s.control.requests().filter((r) => r.path === '/v1.0/applications').map((r) => r.status), [429, 200]);
    });

    it('caps a Retry-After of a day, and of more than 2^31 ms, at 60 s instead of waiting or overflowing', async () => {
      const s = sandbox();
      s.control.failNext(1, 'throttle', '/v1.0/applications', 86_400);
      s.control.failNext(1, 'throttle', '/v1.0/applications', 2 ** 31 / 1000 + 1);
      await sendGraphRequest(client(), 'GET', '/applications?$top=1');
      assert.deepEqual(clock.waits, [60_000, 60_000]);
    });

    it('backs off exponentially on 503 and 500 for a read', async () => {
      const s = sandbox();
      s.control.failNext(2, 'unavailable', '/v1.0/applications', 0);
      await sendGraphRequest(client(), 'GET', '/applications?$top=1');
      assert.equal(clock.waits.length, 2);
      s.control.failNext(1, 'reset', '/v1.0/applications');
      await sendGraphRequest(client(), 'GET', '/applications?$top=1');
      assert.equal(clock.waits.length, 3, 'a dropped connection of a read is retried');
    });

    it('ends a busy wait at once when cancelled', async () => {
      const s = sandbox();
      s.control.failNext(1, 'throttle', '/v1.0/applications', 30);
      const controller = new AbortController();
      const waiting: RetryClock = { now: () => s.control.clock.now(), sleep: (_ms, signal) => new Promise((_, reject) => { signal?.addEventListener('abort', () => reject(new CancelledError())); controller.abort(); }) };
      const c = createGraphClient({ baseUrl: s.authority, scope: 'https://graph.microsoft.com/.default', ca: s.ca }, adminCredential(s), undefined, { clock: waiting });
      await assert.rejects(sendGraphRequest(c, 'GET', '/applications?$top=1', { signal: controller.signal }), (e: unknown) => e instanceof CancelledError);
    });
  });

  describe('send-once creates', () => {
    it('does not resend a create after a 503, and the look-up finds nothing was made', async () => {
      const s = sandbox();
      const f = fields('once-after-503');
      s.control.failNext(1, 'unavailable', '/federatedIdentityCredentials');
      s.control.clearRequests();
      const error = await credentials.createOrFind(SEEDED_APPS.empty.objectId, f).then(() => undefined, (e: unknown) => e);
      assert.ok(error instanceof CreateOutcomeUnknownError, String(error));
      assert.equal(error.created, false);
      assert.ok(isUnknownOutcome(error.reason));
      assert.equal(posts(s).length, 1, 'the create was sent again');
      assert.ok(s.control.requests().some((r) => r.method === 'GET' && r.path.endsWith(`/federatedIdentityCredentials/${f.name}`)), 'no look-up by name');
      assert.deepEqual(clock.waits, []);
      assert.equal((await appFics(s, f.name)).length, 0);
    });

    it('resends a create once after a 429 (the server did not act), waiting its Retry-After', async () => {
      const s = sandbox();
      const f = fields('once-after-429');
      s.control.failNext(1, 'throttle', '/federatedIdentityCredentials', 3);
      s.control.clearRequests();
      const { credential, foundByLookUp } = await credentials.createOrFind(SEEDED_APPS.empty.objectId, f);
      assert.equal(credential.name, f.name);
      assert.equal(foundByLookUp, false);
      assert.deepEqual(posts(s).map((r) => r.status), [429, 201]);
      assert.deepEqual(clock.waits, [3000]);
      assert.equal((await appFics(s, f.name)).length, 1);
    });

    it('treats a 500-class answer or a lost answer as "maybe applied": looks up and finds the one credential', async () => {
      const s = sandbox();
      const f = fields('once-lost-answer');
      s.control.failNext(1, 'lostResponse', '/federatedIdentityCredentials');
      s.control.clearRequests();
      const { credential, foundByLookUp } = await credentials.createOrFind(SEEDED_APPS.empty.objectId, f);
      assert.equal(foundByLookUp, true);
      assert.equal(credential.subject, f.subject);
      assert.equal(posts(s).length, 1);
      assert.equal((await appFics(s, f.name)).length, 1);
    });

    it('counts 500, 502, 503, 504, a reset and a deadline as unknown outcomes, 429/400/409 and a refused connection as known', () => {
      for (const status of [500, 502, 503, 504]) assert.equal(isUnknownOutcome(new GraphError(status, 'x', 'x')), true, String(status));
      for (const status of [400, 409, 429]) assert.equal(isUnknownOutcome(new GraphError(status, 'x', 'x')), false, String(status));
      assert.equal(isUnknownOutcome(new GraphError(0, 'ECONNRESET', 'x')), true);
      assert.equal(isUnknownOutcome(new GraphError(0, DEADLINE_CODE, 'x')), true);
      assert.equal(isUnknownOutcome(new GraphError(0, 'ECONNREFUSED', 'x')), false);
    });
  });

  describe('paging and $batch', () => {
    it('pages() follows @odata.nextLink verbatim to the last page', async () => {
      const s = sandbox();
      s.control.clearRequests();
      const sizes: number[] = [];
      const links: string[] = [];
      for await (const page of graphPages<{ id: string }>(client(), '/applications?$select=id&$top=100')) {
        sizes.push(page.value.length);
        if (page.nextLink) links.push(page.nextLink);
      }
      assert.ok(sizes.length >= 3, `pages: ${sizes.join(',')}`);
      // Each next page was asked for with the link exactly as Graph gave it.
      const asked = s.control.requests().filter((r) => r.path === '/v1.0/applications').map((r) => `${s.authority}${r.url}`);
      assert.deepEqual(asked.slice(1), links);
      assert.equal(sizes.slice(0, -1).every((n) => n === 100), true);
      const total = sizes.reduce((a, b) => a + b, 0);
      const all = await graphCollect<{ id: string }>(client(), '/applications?$select=id&$top=999');
      assert.equal(total, all.length);
      assert.equal(new Set(all.map((a) => a.id)).size, all.length);
    });

    it('lists managed identities through the same helper', async () => {
      const identities = await listManagedIdentities(client());
      assert.ok(identities.length >= 2);
      assert.equal(identities[0].kind, 'userAssigned');
    });

    it('loads credentials by $batch (answers in any order) and matches each to its app by id', async () => {
      const apps = new ApplicationsApi(async () => client(), clock);
      const found = await apps.findTrusting(sandbox().managedIdentity.userAssigned.objectId);
      const sync = found.find((a) => a.id === SEEDED_APPS.contosoSync.objectId);
      assert.ok(sync, 'Contoso Sync trusts the user-assigned identity');
      assert.ok(sync.federatedIdentityCredentials.some((f) => f.name === 'token-function-mi'));
      const search = await apps.listPage({ search: 'Contoso' });
      const direct = await new CredentialsApi(async () => client()).list(SEEDED_APPS.broken.objectId);
      const broken = search.apps.find((a) => a.id === SEEDED_APPS.broken.objectId);
      assert.deepEqual(broken?.federatedIdentityCredentials.map((f) => f.name).sort(), direct.map((f) => f.name).sort());
    });

    it('retries throttled $batch items after their capped Retry-After', async () => {
      const s = sandbox();
      s.control.setFaults({ throttleRate: 1, retryAfterSeconds: 86_400, path: '/federatedIdentityCredentials', batchItems: true });
      const apps = new ApplicationsApi(async () => client(), {
        now: () => s.control.clock.now(),
        sleep: async (ms) => {
          clock.waits.push(ms);
          s.control.clearFaults();
        },
      });
      const page = await apps.listPage({ search: 'Contoso Sync' });
      assert.ok(page.apps.some((a) => a.federatedIdentityCredentials.length > 0));
      assert.deepEqual(clock.waits, [60_000]);
    });
  });

  describe('deadlines, size cap and cancellation', () => {
    it('refuses an answer larger than the cap with a clear error', async () => {
      await assert.rejects(sendGraphRequest(client(), 'GET', '/applications?$top=999', { maxBodyBytes: 4096 }), (e: unknown) => {
        assert.ok(e instanceof GraphError);
        assert.equal(e.code, 'ResponseTooLarge');
        assert.match(e.message, /larger than 4 KB/);
        return true;
      });
    });

    it('a server that never answers ends in a timeout naming the deadline; the create is looked up, not resent', async () => {
      const tls = await generateTls();
      const seen: string[] = [];
      const silent = https.createServer({ key: tls.serverKey, cert: tls.serverCert }, (req) => seen.push(`${req.method} ${req.url}`));
      await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
      try {
        const base = `https://127.0.0.1:${(silent.address() as AddressInfo).port}`;
        const c = createGraphClient({ baseUrl: base, scope: 'https://graph.microsoft.com/.default', ca: tls.caCert }, { getToken: async () => ({ token: 'x', expiresOnTimestamp: Date.now() + 60_000 }) }, undefined, { deadlineMs: 300, clock });
        const api = new CredentialsApi(async () => c);
        const error = await api.createOrFind('app-object-id', fields('never-answered')).then(() => undefined, (e: unknown) => e);
        assert.ok(error instanceof CreateOutcomeUnknownError, String(error));
        assert.equal(error.created, undefined, 'the look-up timed out too: the outcome stays unknown');
        assert.ok(error.reason instanceof GraphError);
        assert.equal(error.reason.code, DEADLINE_CODE);
        assert.match(error.reason.message, /did not answer within 300 ms/);
        assert.deepEqual(seen, ['POST /v1.0/applications/app-object-id/federatedIdentityCredentials', 'GET /v1.0/applications/app-object-id/federatedIdentityCredentials/never-answered']);
      } finally {
        silent.closeAllConnections();
        await new Promise((r) => silent.close(r));
      }
    });

    it('cancelling mid-request aborts it: CancelledError, and nothing or the one credential exists', async () => {
      const s = sandbox();
      const f = fields('cancelled-create');
      s.control.setLatency(400);
      const controller = new AbortController();
      const pending = credentials.create(SEEDED_APPS.empty.objectId, f, controller.signal);
      setImmediate(() => controller.abort());
      await assert.rejects(pending, (e: unknown) => e instanceof CancelledError);
      // Let the sandbox finish whatever it had received, then read its state.
      await new Promise((r) => setTimeout(r, 500));
      s.control.setLatency(0);
      assert.ok((await appFics(s, f.name)).length <= 1);
      assert.equal(posts(s).filter((r) => r.status === 201).length <= 1, true);
    });
  });
});
