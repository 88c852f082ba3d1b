// Signature checks with jose over the transport: keys are fetched without asking only from
// Entra authorities and the sandbox; another issuer is checked on request and labelled with
// the host that published the keys, never plain "verified".
import * as assert from 'node:assert/strict';
import * as https from 'node:https';
import type { AddressInfo } from 'node:net';
import { decodeJwt } from '../../../src/core/jwt';
import { generateTls } from '../../../src/sandbox/tls';
import { clearKeyCache, isTrustedKeyIssuer, verifySignature } from '../../../src/views/inspector/signature';

describe('signature check: which issuers are asked for keys', function () {
  this.timeout(20_000);
  let server: https.Server;
  let issuer = '';
  let ca = '';
  let token = '';
  const requests: string[] = [];

  before(async () => {
    const jose = await import('jose');
    const tls = await generateTls();
    ca = tls.caCert;
    const { publicKey, privateKey } = await jose.generateKeyPair('RS256');
    const jwk = { ...(await jose.exportJWK(publicKey)), kid: 'k1', use: 'sig' };
    server = https.createServer({ key: tls.serverKey, cert: tls.serverCert }, (req, res) => {
      requests.push(req.url ?? '');
      res.setHeader('content-type', 'application/json');
      if (req.url === '/issuer/.well-known/openid-configuration') return res.end(JSON.stringify({ issuer, jwks_uri: `${origin()}/keys` }));
      if (req.url === '/keys') return res.end(JSON.stringify({ keys: [jwk] }));
      res.statusCode = 404;
      return res.end('{}');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    // A local issuer that is not the connected sandbox: not an Entra authority.
    const origin = () => `https://localhost:${(server.address() as AddressInfo).port}`;
    issuer = `${origin()}/issuer`;
    token = await new jose.SignJWT({ sub: 'someone' }).setProtectedHeader({ alg: 'RS256', kid: 'k1' }).setIssuer(issuer).setIssuedAt().sign(privateKey);
  });

  after(async () => {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  });

  beforeEach(() => {
    clearKeyCache();
    requests.length = 0;
  });

  it('treats the national clouds and the sandbox as Entra authorities, and nothing else', () => {
    assert.equal(isTrustedKeyIssuer('https://login.microsoftonline.com/tid/v2.0'), true);
    assert.equal(isTrustedKeyIssuer('https://sts.windows.net/tid/'), true);
    assert.equal(isTrustedKeyIssuer('https://login.microsoftonline.us/tid/v2.0'), true);
    assert.equal(isTrustedKeyIssuer('https://127.0.0.1:8443/tid/v2.0', ['127.0.0.1:8443']), true);
    assert.equal(isTrustedKeyIssuer('https://127.0.0.1:8443/tid/v2.0'), false, 'a local server that is not the connected sandbox');
    assert.equal(isTrustedKeyIssuer('https://token.actions.githubusercontent.com'), false);
    assert.equal(isTrustedKeyIssuer('https://login.microsoftonline.com.evil.example/tid/v2.0'), false);
    assert.equal(isTrustedKeyIssuer(issuer), false);
  });

  it('does not fetch keys of another issuer unless asked', async () => {
    const status = await verifySignature(decodeJwt(token), { ca });
    assert.equal(status.state, 'unverified');
    assert.match(status.state === 'unverified' ? status.reason : '', /not a Microsoft Entra authority/);
    assert.deepEqual(requests, []);
  });

  it('on request, verifies against the keys that host publishes and says so', async () => {
    const status = await verifySignature(decodeJwt(token), { ca, anyIssuer: true });
    assert.equal(status.state, 'verified');
    assert.ok(status.state === 'verified' && status.label);
    assert.match(status.label, new RegExp(`verified against keys published by localhost:\\d+`));
    assert.equal(status.keyId, 'k1');
    assert.deepEqual(requests, ['/issuer/.well-known/openid-configuration', '/keys']);
  });

  it('on request, still catches an altered token', async () => {
    const [h, p, s] = token.split('.');
    const claims = JSON.parse(Buffer.from(p, 'base64url').toString('utf8')) as Record<string, unknown>;
    const altered = `${h}.${Buffer.from(JSON.stringify({ ...claims, sub: 'someone-else' })).toString('base64url')}.${s}`;
    const status = await verifySignature(decodeJwt(altered), { ca, anyIssuer: true });
    assert.equal(status.state, 'invalid');
  });

  it('names a key the issuer does not publish', async () => {
    const [, p, s] = token.split('.');
    const header = Buffer.from(JSON.stringify({ alg: 'RS256', kid: 'not-there' })).toString('base64url');
    const status = await verifySignature(decodeJwt(`${header}.${p}.${s}`), { ca, anyIssuer: true });
    assert.equal(status.state, 'invalid');
    assert.match(status.state === 'invalid' ? status.reason : '', /publishes no key not-there/);
  });
});
