// The one transport (services/http) over real HTTPS: the deadline, the size cap and
// cancellation against a server that never answers and against the sandbox, and the clients
// built on it (msal-node's network client, the tenant lookup).
import * as assert from 'node:assert/strict';
import * as https from 'node:https';
import type { AddressInfo } from 'node:net';
import { CancelledError } from '../../src/core/errors';
import { CONTOSO_DOMAIN } from '../../src/sandbox/ids';
import { generateTls, type TlsMaterial } from '../../src/sandbox/tls';
import { createMsalNetworkClient } from '../../src/services/auth/msalNetworkClient';
import { sandboxEnvironment } from '../../src/services/environment';
import { sendHttp, TransportError } from '../../src/services/http';
import { resolveTenantId } from '../../src/services/tenantResolver';
import { useSandbox } from './support/sandbox';

describe('contract: the transport', function () {
  this.timeout(20_000);
  const sandbox = useSandbox();
  let tls: TlsMaterial;
  let silent: https.Server;
  let silentUrl = '';
  const received: string[] = [];
  const closed: string[] = [];

  before(async () => {
    tls = await generateTls();
    // Reads the request, never answers; notes when the client gives up on the connection.
    silent = https.createServer({ key: tls.serverKey, cert: tls.serverCert }, (req) => {
      received.push(`${req.method} ${req.url}`);
      req.socket.once('close', () => closed.push(`${req.method} ${req.url}`));
    });
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
    silentUrl = `https://127.0.0.1:${(silent.address() as AddressInfo).port}`;
  });

  after(async () => {
    silent.closeAllConnections();
    await new Promise((r) => silent.close(r));
  });

  beforeEach(() => {
    received.length = 0;
    closed.length = 0;
    sandbox().control.clearFaults();
  });

  const until = async (check: () => boolean) => {
    while (!check()) await new Promise((r) => setImmediate(r));
  };

  it('ends a call to a server that never answers at its deadline, naming it, and closes the connection', async () => {
    await assert.rejects(sendHttp({ url: `${silentUrl}/slow`, ca: tls.caCert, deadlineMs: 250 }), (e: unknown) => {
      assert.ok(e instanceof TransportError);
      assert.equal(e.kind, 'timeout');
      assert.match(e.message, /did not answer within 250 ms/);
      return true;
    });
    await until(() => closed.length === 1);
    assert.deepEqual(received, ['GET /slow']);
  });

  it('aborts a pending call when its signal fires: CancelledError, and the connection is closed', async () => {
    const controller = new AbortController();
    const pending = sendHttp({ url: `${silentUrl}/cancel-me`, method: 'POST', body: '{}', ca: tls.caCert, signal: controller.signal });
    await until(() => received.length === 1);
    controller.abort();
    await assert.rejects(pending, (e: unknown) => e instanceof CancelledError);
    await until(() => closed.length === 1);
  });

  it('stops reading an answer larger than the cap', async () => {
    const s = sandbox();
    await assert.rejects(sendHttp({ url: `${s.authority}/${s.tenants.home}/discovery/v2.0/keys`, ca: s.ca, maxBodyBytes: 64 }), (e: unknown) => e instanceof TransportError && e.kind === 'tooLarge');
    const whole = await sendHttp({ url: `${s.authority}/${s.tenants.home}/discovery/v2.0/keys`, ca: s.ca });
    assert.equal(whole.status, 200);
  });

  it("refuses the sandbox's certificate without its CA (nothing is trusted process-wide)", async () => {
    const s = sandbox();
    await assert.rejects(sendHttp({ url: `${s.authority}/${s.tenants.home}/v2.0/.well-known/openid-configuration` }), (e: unknown) => e instanceof TransportError && e.kind === 'network');
  });

  it("gives msal-node's network client a deadline of its own", async () => {
    const client = createMsalNetworkClient(tls.caCert, { deadlineMs: 200 });
    await assert.rejects(client.sendPostRequestAsync(`${silentUrl}/tenant/oauth2/v2.0/token`, { body: 'grant_type=x' }), (e: unknown) => e instanceof TransportError && e.kind === 'timeout');
    assert.deepEqual(received, ['POST /tenant/oauth2/v2.0/token']);
  });

  it("retries msal's throttled token request, and a cancel ends the wait", async () => {
    const s = sandbox();
    const waits: number[] = [];
    const controller = new AbortController();
    s.control.failNext(1, 'throttle', /\/oauth2\/v2\.0\/token$/, 5);
    const client = createMsalNetworkClient(s.ca, {
      signal: controller.signal,
      clock: { now: () => s.control.clock.now(), sleep: async (ms) => void waits.push(ms) },
    });
    const answer = await client.sendPostRequestAsync<{ error?: string }>(`${s.authority}/${s.tenants.home}/oauth2/v2.0/token`, { body: 'grant_type=client_credentials', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    assert.equal(answer.status, 400, 'the second try reached the token endpoint');
    assert.deepEqual(waits, [5000]);

    s.control.failNext(1, 'throttle', /\/oauth2\/v2\.0\/token$/, 30);
    const cancelling = createMsalNetworkClient(s.ca, {
      signal: controller.signal,
      clock: { now: () => Date.now(), sleep: (_ms, signal) => new Promise((_, reject) => { signal?.addEventListener('abort', () => reject(new CancelledError())); controller.abort(); }) },
    });
    await assert.rejects(cancelling.sendPostRequestAsync(`${s.authority}/${s.tenants.home}/oauth2/v2.0/token`, { body: 'x' }), (e: unknown) => e instanceof CancelledError);
  });

  it('looks a tenant up by domain through the transport, and again after a 429', async () => {
    const s = sandbox();
    const environment = sandboxEnvironment(s.authority, s.ca, s.user.clientId);
    assert.equal(await resolveTenantId(environment, CONTOSO_DOMAIN), s.tenants.home);
    s.control.failNext(1, 'throttle', '/.well-known/openid-configuration', 0);
    s.control.clearRequests();
    assert.equal(await resolveTenantId(environment, CONTOSO_DOMAIN), s.tenants.home);
    assert.deepEqual(s.control.requests().map((r) => r.status), [429, 200]);
  });
});
