import assert from 'node:assert/strict';
import { bytesToBase64Url, decodeJwt, JwtDecodeError, looksLikeJwt, MAX_JWT_LENGTH, tryDecodeJwt } from '../../../src/core/jwt';
import { b64url, makeJwt, miPayload } from './tokens';

function decodeError(input: string): JwtDecodeError {
  try {
    decodeJwt(input);
  } catch (e) {
    assert.ok(e instanceof JwtDecodeError, `expected JwtDecodeError, got ${String(e)}`);
    return e;
  }
  assert.fail('decodeJwt did not throw');
}

describe('jwt: decodeJwt', function () {
  // RSA key generation and timing loops take seconds on a busy machine.
  this.timeout(30_000);
  it('decodes header, payload, signature and signing input of a signed token', () => {
    const token = makeJwt(miPayload());
    const jwt = decodeJwt(token);
    assert.equal(jwt.header.alg, 'RS256');
    assert.equal(jwt.alg, 'RS256');
    assert.equal(jwt.payload.sub, miPayload().sub);
    assert.equal(jwt.signingInput, token.split('.').slice(0, 2).join('.'));
    assert.equal(jwt.signature, token.split('.')[2]);
    assert.equal(jwt.unsigned, false);
    assert.equal(jwt.raw, token);
  });

  it('accepts surrounding whitespace and a Bearer prefix (pasted from a header)', () => {
    const token = makeJwt(miPayload());
    assert.equal(decodeJwt(`  Bearer ${token}\n`).raw, token);
  });

  it('decodes UTF-8 claims (names with accents, emoji)', () => {
    const jwt = decodeJwt(makeJwt({ name: 'Zoë Ñandú 🚀' }));
    assert.equal(jwt.payload.name, 'Zoë Ñandú 🚀');
  });

  it('decodes alg none but flags it unsigned', () => {
    const jwt = decodeJwt(makeJwt(miPayload(), { unsigned: true }));
    assert.equal(jwt.alg, 'none');
    assert.equal(jwt.unsigned, true);
    assert.equal(jwt.signature, '');
  });

  it('flags a token with an empty signature as unsigned even when alg says RS256', () => {
    const token = makeJwt(miPayload());
    const jwt = decodeJwt(token.slice(0, token.lastIndexOf('.') + 1));
    assert.equal(jwt.unsigned, true);
  });

  it('refuses an empty input', () => {
    assert.equal(decodeError('').reason, 'empty');
    assert.equal(decodeError('   \n').reason, 'empty');
    assert.match(decodeError('').message, /empty/);
  });

  it('refuses two parts, saying how many there are', () => {
    const e = decodeError(`${b64url({ alg: 'RS256' })}.${b64url({ sub: 'x' })}`);
    assert.equal(e.reason, 'part-count');
    assert.match(e.message, /3 parts/);
    assert.match(e.message, /has 2/);
  });

  it('refuses one and four parts', () => {
    assert.match(decodeError('abc').message, /has 1/);
    assert.match(decodeError('a.b.c.d').message, /has 4/);
  });

  it('recognises an encrypted token (5 parts)', () => {
    assert.equal(decodeError('eyJh.b.c.d.e').reason, 'encrypted');
  });

  it('names the part that is not base64url', () => {
    const good = b64url({ alg: 'RS256' });
    const e1 = decodeError(`${good}.pay$load.sig`);
    assert.equal(e1.reason, 'base64url');
    assert.equal(e1.part, 'payload');
    assert.match(e1.message, /payload is not valid base64url/);
    assert.match(e1.message, /"\$" at position 4/);
    const e2 = decodeError(`he+ader.${good}.sig`);
    assert.equal(e2.part, 'header');
    const e3 = decodeError(`${good}.${good}.si=g`);
    assert.equal(e3.part, 'signature');
  });

  it('refuses base64url of impossible length', () => {
    const e = decodeError(`${b64url({ alg: 'RS256' })}.abcde.sig`);
    assert.equal(e.reason, 'base64url');
    assert.equal(e.part, 'payload');
  });

  it('names the part that is not JSON', () => {
    const e = decodeError(`${b64url({ alg: 'RS256' })}.${b64url('not json at all')}.sig`);
    assert.equal(e.reason, 'json');
    assert.equal(e.part, 'payload');
    assert.match(e.message, /payload is not JSON/);
    const h = decodeError(`${b64url('{oops')}.${b64url({})}.sig`);
    assert.equal(h.reason, 'json');
    assert.equal(h.part, 'header');
  });

  it('refuses a payload that is JSON but not an object', () => {
    for (const [value, kind] of [['[1,2]', 'an array'], ['42', 'a number'], ['"s"', 'a string'], ['null', 'null']] as const) {
      const e = decodeError(`${b64url({ alg: 'RS256' })}.${b64url(value)}.sig`);
      assert.equal(e.reason, 'not-object');
      assert.equal(e.part, 'payload');
      assert.match(e.message, new RegExp(kind));
    }
  });

  it('refuses bytes that are not UTF-8', () => {
    const bad = bytesToBase64Url(new Uint8Array([0x7b, 0xff, 0xfe, 0x7d]));
    const e = decodeError(`${b64url({ alg: 'RS256' })}.${bad}.sig`);
    assert.equal(e.reason, 'utf8');
  });

  it('refuses an empty header or payload', () => {
    assert.equal(decodeError(`.${b64url({})}.sig`).part, 'header');
    assert.equal(decodeError(`${b64url({ alg: 'RS256' })}..sig`).part, 'payload');
  });

  it('refuses 1 MB clearly, by its size, before reading any part of it', () => {
    // The payload is not base64url at all: only a size check that runs first can give 'too-large'.
    const huge = `${b64url({ alg: 'RS256' })}.${'$'.repeat(1024 * 1024)}.sig`;
    const e = decodeError(huge);
    assert.equal(e.reason, 'too-large');
    assert.equal(e.part, undefined);
    assert.match(e.message, /1024 KB/);
    assert.match(e.message, /64 KB/);
  });

  it('refuses just over the limit and accepts a large real token under it', () => {
    assert.equal(decodeError('a'.repeat(MAX_JWT_LENGTH + 1)).reason, 'too-large');
    const big = makeJwt({ ...miPayload(), groups: Array.from({ length: 400 }, (_, i) => `group-${i}-${'x'.repeat(60)}`) });
    assert.ok(big.length > 32 * 1024 && big.length < MAX_JWT_LENGTH);
    assert.equal((decodeJwt(big).payload.groups as string[]).length, 400);
  });

  it('never throws anything but JwtDecodeError, whatever the input', () => {
    const refused: [string, string][] = [
      ['.', 'part-count'], ['..', 'base64url'], ['...', 'part-count'], ['eyJ.eyJ.', 'json'], ['\u0000.\u0000.\u0000', 'base64url'], ['%%%.%%%.%%%', 'base64url'],
    ];
    for (const [input, reason] of refused) {
      const r = tryDecodeJwt(input);
      assert.equal(r.ok, false, `${JSON.stringify(input)} was accepted`);
      if (r.ok) continue;
      assert.ok(r.error instanceof JwtDecodeError, `${JSON.stringify(input)}: ${String(r.error)}`);
      assert.equal(r.error.reason, reason, JSON.stringify(input));
    }
    // A header with a non-string alg and an empty signature decodes, flagged unsigned, with no alg.
    const odd = tryDecodeJwt(`${b64url('{"alg":1}')}.${b64url('{}')}.`);
    assert.equal(odd.ok, true);
    if (odd.ok) {
      assert.equal(odd.jwt.unsigned, true);
      assert.equal(odd.jwt.alg, undefined);
    }
  });
});

describe('jwt: looksLikeJwt', function () {
  // RSA key generation and timing loops take seconds on a busy machine.
  this.timeout(30_000);
  it('accepts tokens and refuses other text', () => {
    assert.equal(looksLikeJwt(makeJwt(miPayload())), true);
    assert.equal(looksLikeJwt(`Bearer ${makeJwt({})}`), true);
    assert.equal(looksLikeJwt('hello.world.again'), false);
    assert.equal(looksLikeJwt('eyJhbGciOi.only-two'), false);
    assert.equal(looksLikeJwt(''), false);
    assert.equal(looksLikeJwt('x'.repeat(1024 * 1024)), false);
  });
});
