import assert from 'node:assert/strict';
import type { FederatedIdentityCredential } from '@microsoft/microsoft-graph-types';
import { diagnose, explainTokenError } from '../../../src/core/doctor';
import { EXPLAINED_AADSTS_CODES } from '../../../src/core/doctorTokenErrors';
import { TokenError } from '../../../src/core/errors';
import { ISSUER, MI_CLIENT_ID, NOW, NOW_S, goodFic, miPayload } from './tokens';

const fic = (o?: Record<string, unknown>) => goodFic(o) as FederatedIdentityCredential;

describe('doctor: explainTokenError', function () {
  // RSA key generation and timing loops take seconds on a busy machine.
  this.timeout(30_000);
  it('explains every AADSTS code of the federation flow', () => {
    for (const code of [700211, 700212, 700213, 7002137, 7002138, 70021, 70025, 700024, 700027, 700016, 7000229, 700223, 700231, 700236, 700238, 700214, 90002]) {
      assert.ok(EXPLAINED_AADSTS_CODES.includes(code), String(code));
      const e = explainTokenError(code);
      assert.equal(e.code, code);
      assert.ok(e.title.length > 5 && e.explanation.length > 20 && e.action.length > 20, String(code));
      assert.deepEqual(e.findings, []);
    }
  });

  it('ties 700213 to the subject finding of the diagnosis', () => {
    const diagnosis = diagnose({ assertion: miPayload(), credentials: [fic({ name: 'client-id', subject: MI_CLIENT_ID }), fic({ name: 'slash', issuer: `${ISSUER}/` })], now: NOW });
    const body = { error: 'invalid_client', error_description: 'AADSTS700213: No matching federated identity record found.', error_codes: [700213] };
    const e = explainTokenError(TokenError.fromResponseBody(body)!, diagnosis);
    assert.deepEqual(e.findings.map((f) => f.code), ['subject-is-client-id']);
    assert.match(e.action, /Credential "client-id"/);
    assert.match(e.action, /1 more finding|^Credential/);
  });

  it('ties 700211 to issuer findings only', () => {
    const diagnosis = diagnose({ assertion: miPayload(), credentials: [fic({ name: 'slash', issuer: `${ISSUER}/` }), fic({ name: 'sp', subject: ` ${miPayload().sub as string}` })], now: NOW });
    assert.deepEqual(explainTokenError(700211, diagnosis).findings.map((f) => [f.code, f.credential]), [['issuer-trailing-slash', 'slash']]);
  });

  it('ties 700212 to the audience and 700024 to the time window', () => {
    const aud = diagnose({ assertion: miPayload(), credentials: [fic({ audiences: ['api://AzureADTokenExchnage'] })], now: NOW });
    assert.deepEqual(explainTokenError(700212, aud).findings.map((f) => f.code), ['audience-mismatch']);
    const expired = diagnose({ assertion: miPayload({ exp: NOW_S - 600 }), credentials: [fic()], now: NOW });
    const e = explainTokenError(700024, expired);
    assert.deepEqual(e.findings.map((f) => f.code), ['expired']);
    assert.equal(e.retryable, true);
  });

  it('70021 with a matching credential means propagation: retry', () => {
    const diagnosis = diagnose({ assertion: miPayload(), credentials: [fic()], now: NOW });
    const e = explainTokenError(70021, diagnosis);
    assert.equal(e.retryable, true);
    assert.match(e.action, /wait a minute and retry/);
  });

  it('700214 points at the non-official audience', () => {
    const fed = 'api://9b5c7d3e-1f2a-4b6c-8d9e-0a1b2c3d4e5f';
    const diagnosis = diagnose({ assertion: miPayload({ aud: fed }), credentials: [fic({ audiences: [fed] })], now: NOW });
    assert.deepEqual(explainTokenError(700214, diagnosis).findings.map((f) => f.code), ['audience-not-official']);
  });

  it('an unknown code still gets a sentence from the description', () => {
    const e = explainTokenError({ errorCodes: [50000], description: 'AADSTS50000: Something odd happened.\r\nTrace ID: x' });
    assert.equal(e.code, 50000);
    assert.equal(e.explanation, 'Something odd happened.');
    assert.match(e.title, /AADSTS50000/);
    const none = explainTokenError({ errorCodes: [] });
    assert.equal(none.code, undefined);
  });
});
