import assert from 'node:assert/strict';
import { base64UrlToBytes, bytesToBase64Url, decodeJwt, JwtDecodeError, looksLikeJwt, MAX_JWT_LENGTH, tryDecodeJwt } from '../../../src/core/jwt';
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

describe('jwt: edges the decoder must get exactly right', function () {
  this.timeout(30_000);
  const header = b64url({ alg: 'RS256' });
  const payload = b64url({ sub: 'x' });

  it('names its errors and says what it got', () => {
    const e = decodeError('abc');
    assert.equal(e.name, 'JwtDecodeError');
    assert.equal(decodeError(42 as unknown as string).reason, 'empty');
    assert.equal(decodeError(42 as unknown as string).message, 'No token was given.');
    assert.equal(decodeError('a.b.c.d.e').message, "The token has 5 parts: it is an encrypted token (JWE), whose claims cannot be read without the recipient's key.");
    assert.equal(decodeError(`${header}.${payload}.a`).message, 'The signature is not valid base64url.');
    assert.equal(decodeError(`${header}..sig`).message, 'The payload is empty.');
    assert.equal(decodeError(`.${payload}.sig`).message, 'The header is empty.');
    assert.equal(decodeError(`${header}.${bytesToBase64Url(new Uint8Array([0xff]))}.sig`).message, 'The payload is not UTF-8 text.');
    assert.equal(decodeError(`${b64url('x'.repeat(40))}.${payload}.sig`).message, 'The header is not JSON (it starts with "xxxxxxxxxxxxxxxxxxxx").');
    assert.equal(decodeError(`${header}.abcde.sig`).message, 'The payload is not valid base64url: its length is impossible for base64url.');
  });

  it('sizes: exactly at each limit is fine, one more is not, and the message names the size', () => {
    assert.notEqual(decodeError(`Bearer ${'a'.repeat(MAX_JWT_LENGTH)}`).reason, 'too-large', 'the limit is on the token without its prefix');
    assert.equal(decodeError(' '.repeat(MAX_JWT_LENGTH * 2 + 1)).reason, 'too-large', 'the raw input is capped before trimming');
    assert.notEqual(decodeError(' '.repeat(MAX_JWT_LENGTH * 2)).reason, 'too-large');
    assert.match(decodeError('a'.repeat(MAX_JWT_LENGTH + 1)).message, /^The input is 64 KB; a token is at most 64 KB\. Paste only the token\.$/);
    assert.equal(looksLikeJwt(`${header}.${payload}.${'A'.repeat(MAX_JWT_LENGTH * 2)}`), false);
    assert.equal(looksLikeJwt(`  bearer   ${header}.${payload}.sig  `), true);
    assert.equal(looksLikeJwt(42 as unknown as string), false);
  });

  it('takes a Bearer prefix in any case, with any whitespace, only at the start', () => {
    const token = `${header}.${payload}.c2ln`;
    assert.equal(decodeJwt(`BEARER\t${token}`).raw, token);
    assert.equal(decodeJwt(`bearer  \n ${token}`).raw, token);
    assert.equal(decodeError(`Bearer${token}`).reason, 'utf8', 'no space: not a prefix, but part of the header');
    assert.equal(decodeError(`x Bearer ${token}`).reason, 'base64url');
  });

  it('alg none in any case is unsigned; so is a token without alg', () => {
    assert.equal(decodeJwt(`${b64url({ alg: 'NONE' })}.${payload}.c2ln`).unsigned, true);
    assert.equal(decodeJwt(`${b64url({ typ: 'JWT' })}.${payload}.c2ln`).unsigned, true);
    assert.equal('alg' in decodeJwt(`${b64url({ typ: 'JWT' })}.${payload}.c2ln`), false);
    assert.equal(decodeJwt(`${header}.${payload}.c2ln`).unsigned, false);
  });

  it('decodes every length of base64url and round-trips bytes', () => {
    for (let n = 0; n < 12; n++) {
      const bytes = new Uint8Array(Array.from({ length: n }, (_, i) => (i * 73 + 250) % 256));
      const text = bytesToBase64Url(bytes);
      assert.doesNotMatch(text, /[+/=]/);
      assert.equal(text, Buffer.from(bytes).toString('base64url'));
      assert.deepEqual([...base64UrlToBytes(text)], [...bytes], `length ${n}`);
    }
    assert.equal(bytesToBase64Url('\u00ff\u00fe'), Buffer.from('\u00ff\u00fe', 'utf8').toString('base64url'));
    assert.throws(() => base64UrlToBytes('ab=c'), /"=" at position 3/);
    assert.throws(() => base64UrlToBytes('abé'), /"é" at position 3/);
    assert.throws(() => base64UrlToBytes('a\u0080bc'), JwtDecodeError, 'a character past ASCII');
  });
});
