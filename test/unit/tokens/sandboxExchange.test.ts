// The token function client, the local exchange and the signature check over real HTTPS against
// the sandbox tenant, in plain Node: what the extension's commands build on.
import assert from 'node:assert/strict';
import { TokenError, TokenFunctionError } from '../../../src/core/errors';
import { bytesToBase64Url, decodeJwt } from '../../../src/core/jwt';
import { startSandbox } from '../../../src/sandbox';
import { SEEDED_APPS } from '../../../src/sandbox/ids';
import type { RunningSandbox } from '../../../src/sandbox/types';
import { exchangeWithManagedIdentity, tokenFunctionAssertion } from '../../../src/services/exchange';
import { TokenFunctionClient } from '../../../src/services/tokenFunction';
import { verifySignature } from '../../../src/views/inspector/signature';

const EXCHANGE_SCOPE = 'api://AzureADTokenExchange/.default';

describe('token function client, exchange and signature check on the sandbox', function () {
  this.timeout(60_000);
  let sandbox: RunningSandbox;
  let client: TokenFunctionClient;

  before(async () => {
    sandbox = await startSandbox({ tokenFunction: true });
    client = new TokenFunctionClient(sandbox.tokenFunction.url, sandbox.tokenFunction.key, { ca: sandbox.ca });
  });

  after(async () => {
    await sandbox?.close();
  });

  const exchange = (appId: string, getAssertion = tokenFunctionAssertion(client, EXCHANGE_SCOPE)) =>
    exchangeWithManagedIdentity({ authorityHost: sandbox.authority, tenantId: sandbox.tenants.customer, clientId: appId, getAssertion, ca: sandbox.ca, knownAuthorities: [new URL(sandbox.authority).host] });

  it('discovers the three endpoints from the OpenAPI document', async () => {
    const discovery = await client.discover();
    assert.equal(discovery.source, 'openapi-v3');
    assert.deepEqual(discovery.endpoints.map((e) => e.kind), ['managedIdentityToken', 'appToken', 'appToken']);
  });

  it('falls back to the known names where no document is served', async () => {
    const none = new TokenFunctionClient(`${sandbox.authority}/nothing-here`, undefined, { ca: sandbox.ca });
    const discovery = await none.discover();
    assert.equal(discovery.source, 'known-names');
    assert.match(discovery.note ?? '', /HTTP 404/);
  });

  it("exchanges the managed identity's token for an app token in the customer tenant", async () => {
    const result = await exchange(SEEDED_APPS.contosoSync.appId);
    assert.equal(decodeJwt(result.accessToken).payload.tid, sandbox.tenants.customer);
    assert.equal(decodeJwt(result.assertion).payload.aud, 'fb60f99c-7a34-4190-8149-302f77469936');
    assert.deepEqual(result.scopes, ['https://graph.microsoft.com/.default']);
  });

  it("throws Entra's refusal as a TokenError with every code of error_codes", async () => {
    await assert.rejects(exchange(SEEDED_APPS.broken.appId), (e: unknown) => e instanceof TokenError && e.code === 700212 && e.errorCodes.length >= 1 && e.status === 401);
  });

  it("passes on the assertion source's own failure (a wrong function key)", async () => {
    const wrong = new TokenFunctionClient(sandbox.tokenFunction.url, 'wrong', { ca: sandbox.ca });
    await assert.rejects(exchange(SEEDED_APPS.contosoSync.appId, tokenFunctionAssertion(wrong, EXCHANGE_SCOPE)), (e: unknown) => e instanceof TokenFunctionError && e.kind === 'unauthorized');
  });

  it('verifies a sandbox token against its JWKS, and catches a tampered one', async () => {
    const { token } = await client.managedIdentityToken(EXCHANGE_SCOPE);
    const jwt = decodeJwt(token);
    assert.equal((await verifySignature(jwt, { ca: sandbox.ca, knownAuthorities: [new URL(sandbox.authority).host] })).state, 'verified');
    const [header, payload, signature] = token.split('.');
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>;
    const tampered = decodeJwt(`${header}.${bytesToBase64Url(JSON.stringify({ ...claims, sub: 'someone-else' }))}.${signature}`);
    assert.equal((await verifySignature(tampered, { ca: sandbox.ca, knownAuthorities: [new URL(sandbox.authority).host] })).state, 'invalid');
  });

  it('says "not verified" when the issuer cannot be reached, and "unsigned" for alg none', async () => {
    const offline = decodeJwt(`${bytesToBase64Url('{"alg":"RS256","kid":"k"}')}.${bytesToBase64Url('{"iss":"https://127.0.0.1:1/t/v2.0"}')}.c2ln`);
    const status = await verifySignature(offline, { knownAuthorities: ['127.0.0.1:1'] });
    assert.equal(status.state, 'unverified');
    const unsigned = decodeJwt(`${bytesToBase64Url('{"alg":"none"}')}.${bytesToBase64Url('{"iss":"x"}')}.`);
    assert.equal((await verifySignature(unsigned)).state, 'unsigned');
  });
});
