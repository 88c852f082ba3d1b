// The sandbox under hostile clients and a hostile disk: stalled and half-sent connections are
// dropped by the server while it keeps serving others; the request log holds no function key or
// token and stays bounded; device codes expire; and signing keys planted in the key cache (a
// loose file, a loose or foreign folder, a symbolic link) or in a stateDir are refused, said so,
// and never served in the JWKS.
import * as assert from 'node:assert/strict';
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import * as tls from 'node:tls';
import { startSandbox, type LoggedRequest, type RunningSandbox, type SandboxOptions } from '../../src/sandbox';
import { appendRequest, loggableUrl, MAX_LOGGED_BYTES, MAX_LOGGED_URL } from '../../src/sandbox/requestLog';
import type { SandboxState } from '../../src/sandbox/state';
import { adminToken, call } from './support/sandbox';

async function withSandbox<T>(options: SandboxOptions, body: (s: RunningSandbox) => Promise<T>): Promise<T> {
  const s = await startSandbox({ tokenFunction: false, ...options });
  try {
    return await body(s);
  } finally {
    await s.close();
  }
}

/**
 * Resolves when the socket closes; the test never ends or destroys it itself. The socket reads
 * (and drops) what arrives: a paused socket would never see the server's end of it.
 */
const closed = (socket: net.Socket) =>
  new Promise<void>((resolve) => {
    socket.once('close', () => resolve());
    socket.resume();
  });

describe('contract: robustness of connections, the request log and stored keys', function () {
  this.timeout(60_000);

  it('drops 20 stalled or half-sent connections while serving a normal request', async () => {
    await withSandbox({ connectionLimits: { headersMs: 1000, bodyMs: 1000, idleMs: 3000 } }, async (s) => {
      const port = s.port;
      const opened: net.Socket[] = [];
      const connectTls = () =>
        new Promise<tls.TLSSocket>((resolve, reject) => {
          const socket = tls.connect({ host: '127.0.0.1', port, ca: s.ca, servername: 'localhost' }, () => resolve(socket));
          socket.on('error', () => undefined); // a reset by the server is what is being tested
          socket.once('error', reject);
        });
      // 6 that connect and never start TLS, 7 that stop inside the headers, 7 inside the body.
      for (let i = 0; i < 6; i++) {
        const socket = net.connect(port, '127.0.0.1');
        socket.on('error', () => undefined);
        opened.push(socket);
      }
      for (let i = 0; i < 7; i++) {
        const socket = await connectTls();
        socket.write(`GET /v1.0/organization HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow-${i}: `);
        opened.push(socket);
      }
      for (let i = 0; i < 7; i++) {
        const socket = await connectTls();
        socket.write(`POST /v1.0/applications HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"displayName":"half`);
        opened.push(socket);
      }
      assert.equal(opened.length, 20);
      const allClosed = Promise.all(opened.map(closed));

      const token = await adminToken(s);
      const r = await call(s, 'GET', '/v1.0/organization', { headers: { authorization: `Bearer ${token}` } });
      assert.equal(r.status, 200, 'a normal request is served while 20 connections stall');

      await allClosed; // the server closes every one of them; the test's timeout is the bound
      assert.ok(opened.every((socket) => socket.destroyed), 'every stalled socket was closed by the server');
      const half = await call(s, 'GET', '/v1.0/applications?$top=1', { headers: { authorization: `Bearer ${token}` } });
      assert.equal(half.status, 200, 'still serving');
      const names = await call(s, 'GET', `/v1.0/applications?$filter=${encodeURIComponent("startswith(displayName,'half')")}`, { headers: { authorization: `Bearer ${token}` } });
      assert.deepEqual(names.json().value, [], 'a half-sent create stored nothing');
    });
  });

  it('keeps no function key or token in the request log', async () => {
    await withSandbox({}, async (s) => {
      const token = await adminToken(s);
      const key = s.tokenFunction.key;
      await call(s, 'GET', `/api/GetManagedIdentityToken?code=${encodeURIComponent(key)}&scope=api://AzureADTokenExchange/.default`);
      await call(s, 'GET', `/v1.0/organization?access_token=${token}&x=1`, { headers: { authorization: `Bearer ${token}` } });
      await call(s, 'GET', `/v1.0/organization?note=${token}`, { headers: { authorization: `Bearer ${token}` } });
      const log = JSON.stringify(s.control.requests());
      assert.ok(!log.includes(key) && !log.includes(encodeURIComponent(key)), 'the function key is not in the log');
      assert.ok(!log.includes(token.split('.')[1]), 'the token is not in the log');
      const urls = s.control.requests().map((r) => r.url);
      assert.ok(urls.some((u) => u.includes('code=<redacted>&scope=api://AzureADTokenExchange/.default')), urls.join('\n'));
      assert.ok(urls.some((u) => u.includes('access_token=<redacted>&x=1')), urls.join('\n'));
      assert.ok(urls.some((u) => u.includes('note=<token redacted>')), urls.join('\n'));
    });
  });

  it('caps each logged URL and the log\'s bytes', () => {
    assert.equal(loggableUrl('/a?b=1&Code=s3cret&c'), '/a?b=1&Code=<redacted>&c');
    assert.equal(loggableUrl('/a?%63ode=s3cret'), '/a?%63ode=<redacted>', 'an encoded name is still the name');
    assert.equal(loggableUrl(`/${'x'.repeat(5000)}`).length, MAX_LOGGED_URL + 1);
    const state = { log: [] as LoggedRequest[] } as SandboxState;
    const entry = (i: number): LoggedRequest => ({ method: 'GET', path: `/p${'x'.repeat(4000)}`, url: `/u${i}?${'y'.repeat(4000)}`, status: 200, time: i });
    for (let i = 0; i < 10_000; i++) appendRequest(state, entry(i));
    const bytes = state.log.reduce((n, e) => n + e.path.length + e.url.length, 0);
    assert.ok(bytes <= MAX_LOGGED_BYTES, `${bytes} bytes kept`);
    assert.ok(state.log.length < 10_000 && state.log.length > 1000, `${state.log.length} entries kept`);
    assert.equal(state.log[state.log.length - 1].time, 9999, 'the newest entry is kept');
    assert.equal(state.log[0].time, 10_000 - state.log.length, 'the oldest go first, none skipped');
    state.log.length = 0; // as clearRequests() does
    appendRequest(state, entry(1));
    assert.equal(state.log.length, 1);
  });

  it('device codes expire: after expires_in the poll answers expired_token', async () => {
    await withSandbox({}, async (s) => {
      s.control.setDeviceCodeApproval('manual');
      const started = await call(s, 'POST', '/organizations/oauth2/v2.0/devicecode', { form: { client_id: s.user.clientId, scope: 'https://graph.microsoft.com/.default' } });
      assert.equal(started.status, 200, started.text);
      const { device_code: deviceCode, expires_in: expiresIn, user_code: userCode } = started.json();
      assert.equal(typeof expiresIn, 'number');
      const poll = () => call(s, 'POST', '/organizations/oauth2/v2.0/token', { form: { grant_type: 'urn:ietf:params:oauth:grant-type:device_code', client_id: s.user.clientId, device_code: deviceCode } });
      const pending = await poll();
      assert.equal(pending.json().error, 'authorization_pending');
      s.control.clock.advance((expiresIn + 1) * 1000);
      assert.equal(s.control.approveDeviceCode(userCode), 0, 'an expired code cannot be approved');
      const expired = await poll();
      assert.equal(expired.status, 400);
      assert.equal(expired.json().error, 'expired_token');
      assert.deepEqual(expired.json().error_codes, [70020]);
    });
  });

  describe('stored keys', () => {
    let root: string;
    beforeEach(() => {
      root = fs.mkdtempSync(path.join(os.tmpdir(), 'mi-federation-keytest-'));
    });
    afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

    const attacker = () => {
      const { privateKey, publicKey } = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
      const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
      const n = (publicKey.export({ format: 'jwk' }) as { n: string }).n;
      return { keys: JSON.stringify({ contoso: pem, fabrikam: pem }), n };
    };
    const jwksModuli = async (s: RunningSandbox): Promise<string[]> => {
      const moduli: string[] = [];
      for (const tenant of [s.tenants.home, s.tenants.customer]) {
        const r = await call(s, 'GET', `/${tenant}/discovery/v2.0/keys`);
        assert.equal(r.status, 200);
        moduli.push(...r.json().keys.map((k: { n: string }) => k.n));
      }
      return moduli;
    };
    const start = async (cacheDir: string, check: (s: RunningSandbox, warnings: string[]) => Promise<void>) => {
      const warnings: string[] = [];
      await withSandbox({ keyCacheDir: cacheDir, onWarning: (m) => warnings.push(m) }, (s) => check(s, warnings));
    };

    it('makes its cache folder 0700 and the key file 0600, and a second start reuses them', async () => {
      const dir = path.join(root, 'cache');
      let first: string[] = [];
      await start(dir, async (s, warnings) => {
        assert.deepEqual(warnings, []);
        first = await jwksModuli(s);
      });
      assert.equal(fs.statSync(dir).mode & 0o777, 0o700);
      assert.equal(fs.statSync(path.join(dir, 'signing-keys.json')).mode & 0o777, 0o600);
      await start(dir, async (s, warnings) => {
        assert.deepEqual(warnings, []);
        assert.deepEqual(await jwksModuli(s), first, 'the same keys on the second start');
      });
    });

    const plantings: { name: string; plant: (dir: string, keys: string) => void; says: RegExp }[] = [
      {
        name: 'a key file others may read (0644)',
        plant: (dir, keys) => {
          fs.writeFileSync(path.join(dir, 'signing-keys.json'), keys);
          fs.chmodSync(path.join(dir, 'signing-keys.json'), 0o644);
        },
        says: /refused the signing-key cache .*signing-keys\.json: others may read or write it \(mode 644/,
      },
      {
        name: 'a symbolic link to a key file elsewhere',
        plant: (dir, keys) => {
          const elsewhere = path.join(path.dirname(dir), 'planted.json');
          fs.writeFileSync(elsewhere, keys, { mode: 0o600 });
          fs.rmSync(path.join(dir, 'signing-keys.json'), { force: true });
          fs.symlinkSync(elsewhere, path.join(dir, 'signing-keys.json'));
        },
        says: /refused the signing-key cache .*: it is a symbolic link/,
      },
      {
        name: 'a folder others may write to (0777)',
        plant: (dir, keys) => {
          fs.writeFileSync(path.join(dir, 'signing-keys.json'), keys, { mode: 0o600 });
          fs.chmodSync(dir, 0o777);
        },
        says: /does not use the signing-key cache .*: others may use it \(mode 777, not 700\)/,
      },
    ];
    // Root can hand the folder to another user; anyone else sees the same refusal for a folder
    // that is not theirs through its mode (above).
    if (process.getuid?.() === 0) {
      plantings.push({
        name: 'a folder that belongs to another user',
        plant: (dir, keys) => {
          fs.writeFileSync(path.join(dir, 'signing-keys.json'), keys, { mode: 0o600 });
          fs.chownSync(path.join(dir, 'signing-keys.json'), 65534, 65534);
          fs.chownSync(dir, 65534, 65534);
        },
        says: /does not use the signing-key cache .*: it belongs to user 65534/,
      });
    }

    for (const planting of plantings) {
      it(`a second start refuses ${planting.name}: fresh keys, the refusal said, the planted key never in the JWKS`, async () => {
        const dir = path.join(root, 'cache');
        await start(dir, async () => undefined);
        const planted = attacker();
        planting.plant(dir, planted.keys);
        await start(dir, async (s, warnings) => {
          assert.equal(warnings.length, 1, warnings.join('\n'));
          assert.match(warnings[0], planting.says);
          const moduli = await jwksModuli(s);
          assert.equal(moduli.length, 2);
          assert.ok(!moduli.includes(planted.n), 'the planted key is not served');
        });
      });
    }

    it('a stateDir whose stored keys others may read is refused: a new CA and keys', async () => {
      const stateDir = path.join(root, 'state');
      fs.mkdirSync(stateDir, { mode: 0o700 });
      const cacheDir = path.join(root, 'cache');
      let firstCa = '';
      await withSandbox({ stateDir, keyCacheDir: cacheDir }, async (s) => {
        firstCa = s.ca;
      });
      const material = path.join(stateDir, 'sandbox-material.json');
      assert.equal(fs.statSync(material).mode & 0o777, 0o600);
      await withSandbox({ stateDir, keyCacheDir: cacheDir }, async (s) => assert.equal(s.ca, firstCa, 'reused while it is the user\'s own'));
      fs.chmodSync(material, 0o644);
      const warnings: string[] = [];
      await withSandbox({ stateDir, keyCacheDir: cacheDir, onWarning: (m) => warnings.push(m) }, async (s) => {
        assert.notEqual(s.ca, firstCa, 'a new CA');
        assert.match(warnings.join('\n'), /refused the stored keys .*sandbox-material\.json: others may read or write it/);
      });
      assert.equal(fs.statSync(material).mode & 0o777, 0o600, 'replaced by a file of the user\'s own');
    });
  });
});
