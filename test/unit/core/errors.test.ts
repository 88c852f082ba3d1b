import assert from 'node:assert/strict';
import { validateFederatedCredential } from '../../../src/core/credentials';
import {
  CancelledError,
  GraphError,
  MiFederationError,
  NotSignedInError,
  TokenError,
  TokenFunctionError,
  ValidationError,
  describeError,
  isCancellation,
} from '../../../src/core/errors';

const ENTRA_BODY = {
  error: 'invalid_client',
  error_description:
    "AADSTS700213: No matching federated identity record found for presented assertion subject '5e2d1c0b'. Please check your federated identity credential Subject, Audience and Issuer against the presented assertion. Trace ID: 0a1b Correlation ID: 2c3d Timestamp: 2025-01-15 12:00:00Z",
  error_codes: [700213],
  timestamp: '2025-01-15 12:00:00Z',
  trace_id: '0a1b',
  correlation_id: '2c3d',
  error_uri: 'https://login.microsoftonline.com/error?code=700213',
};

describe('errors: GraphError', () => {
  it("reads Graph's error body", () => {
    const body = JSON.stringify({ error: { code: 'Request_MultipleObjectsWithSameKeyValue', message: 'Another object with the same value for property name already exists.', innerError: { date: '2025-01-15T12:00:00', 'request-id': 'req-1', 'client-request-id': 'cli-1' } } });
    const e = GraphError.fromResponse(409, body);
    assert.ok(e instanceof GraphError && e instanceof MiFederationError && e instanceof Error);
    assert.equal(e.name, 'GraphError');
    assert.equal(e.status, 409);
    assert.equal(e.code, 'Request_MultipleObjectsWithSameKeyValue');
    assert.equal(e.requestId, 'req-1');
    assert.equal(e.details?.clientRequestId, 'cli-1');
    assert.equal(e.details?.date, '2025-01-15T12:00:00');
    assert.match(describeError(e), /^Microsoft Graph: Another object .* \(request id req-1\)$/);
  });

  it('takes the request id and Retry-After from headers', () => {
    const headers = new Headers({ 'request-id': 'h-1', 'Retry-After': '7' });
    const e = GraphError.fromResponse(429, { error: { code: 'TooManyRequests', message: 'Slow down' } }, headers);
    assert.equal(e.requestId, 'h-1');
    assert.equal(e.details?.retryAfterSeconds, 7);
    assert.match(describeError(e), /throttling.*in 7 s/);
    assert.equal(GraphError.fromResponse(429, '', { 'Retry-After': '3' }).details?.retryAfterSeconds, 3);
  });

  it('survives HTML, garbage and empty bodies', () => {
    const html = GraphError.fromResponse(502, '<!DOCTYPE html><html>bad gateway</html>');
    assert.equal(html.code, 'HTTP502');
    assert.equal(html.message, 'HTTP 502 Bad Gateway');
    assert.equal(GraphError.fromResponse(500, '').message, 'HTTP 500 Internal Server Error');
    assert.equal(GraphError.fromResponse(400, 'plain text').message, 'HTTP 400 Bad Request: plain text');
    assert.equal(GraphError.fromResponse(400, { error: 'string' }).code, 'HTTP400');
  });

  it('explains 403 as a missing permission', () => {
    assert.match(describeError(GraphError.fromResponse(403, { error: { code: 'Authorization_RequestDenied', message: 'Insufficient privileges' } })), /Application\.ReadWrite\.All/);
  });
});

describe('errors: TokenError', () => {
  it("parses Entra's token endpoint body, codes from error_codes", () => {
    const e = TokenError.fromResponseBody(JSON.stringify(ENTRA_BODY), 401);
    assert.ok(e);
    assert.equal(e.name, 'TokenError');
    assert.equal(e.error, 'invalid_client');
    assert.deepEqual(e.errorCodes, [700213]);
    assert.equal(e.code, 700213);
    assert.equal(e.ids.traceId, '0a1b');
    assert.equal(e.ids.correlationId, '2c3d');
    assert.equal(e.ids.timestamp, '2025-01-15 12:00:00Z');
    assert.equal(e.status, 401);
    assert.match(describeError(e), /^Sign-in failed \(AADSTS700213\): No matching federated identity record found for presented assertion subject '5e2d1c0b'\.$/);
  });

  it('falls back to the AADSTS prefix when error_codes is missing', () => {
    const e = TokenError.fromResponseBody({ error: 'invalid_request', error_description: 'AADSTS90002: Tenant not found.' });
    assert.deepEqual(e?.errorCodes, [90002]);
  });

  it('returns undefined for a body that is not an OAuth error', () => {
    assert.equal(TokenError.fromResponseBody('<html>'), undefined);
    assert.equal(TokenError.fromResponseBody({ access_token: 'x' }), undefined);
    assert.equal(TokenError.fromResponseBody(undefined), undefined);
  });

  it('handles device-code polling errors without codes', () => {
    const e = TokenError.fromResponseBody({ error: 'authorization_pending' });
    assert.equal(e?.code, undefined);
    assert.equal(describeError(e), 'Sign-in failed (authorization_pending): authorization_pending.');
  });
});

describe('errors: the others', () => {
  it('ValidationError carries the problems and says the first error', () => {
    const problems = validateFederatedCredential({ name: 'ab', issuer: '', subject: 'x', audiences: ['a'] }, []);
    const e = new ValidationError(problems);
    assert.equal(e.problems, problems);
    assert.match(e.message, /^Name must be 3–120 characters; it has 2\. \(and 1 more problem\)$/);
    assert.equal(new ValidationError([]).message, 'The input is not valid.');
  });

  it('TokenFunctionError classifies answers', () => {
    assert.equal(TokenFunctionError.fromResponse(401, '').kind, 'unauthorized');
    assert.equal(TokenFunctionError.fromResponse(404, 'nope').kind, 'not-found');
    const hidden = TokenFunctionError.fromResponse(500, '', 'GetAppTokenUsingManagedIdentity');
    assert.equal(hidden.kind, 'server-error-no-body');
    assert.equal(hidden.status, 500);
    assert.match(hidden.message, /hides the reason/);
    assert.match(hidden.message, /doctor/);
    assert.equal(TokenFunctionError.fromResponse(500, 'boom').kind, 'server-error');
    assert.equal(TokenFunctionError.fromResponse(200, '<html>').kind, 'bad-body');
    assert.equal(TokenFunctionError.badBody('no token field').kind, 'bad-body');
    assert.equal(new TokenFunctionError('timeout', 'The token function did not answer within 30 s.').name, 'TokenFunctionError');
  });

  it('describeError gives one sentence for anything', () => {
    assert.equal(describeError(new NotSignedInError()), 'You are not signed in. Sign in to continue.');
    assert.equal(describeError(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' })), 'The server refused the connection; is it running?');
    assert.equal(describeError(new Error('First line. Second line.\n  at stack')), 'First line.');
    assert.equal(describeError(new Error('no period')), 'no period.');
    assert.equal(describeError('text'), 'text.');
    assert.equal(describeError(undefined), 'Something went wrong.');
    assert.equal(describeError({}), 'Something went wrong.');
  });

  it('isCancellation recognises ours and AbortError', () => {
    assert.equal(isCancellation(new CancelledError()), true);
    assert.equal(isCancellation(Object.assign(new Error('aborted'), { name: 'AbortError' })), true);
    assert.equal(isCancellation(Object.assign(new Error('cancelled elsewhere'), { name: 'CancelledError' })), true, 'a CancelledError from another bundle');
    assert.equal(isCancellation(new Error('x')), false);
  });
});
