// Decoding (not verifying) JSON Web Tokens. Runs in the extension host and in the webview, so
// it uses its own base64url table and TextDecoder, never Buffer. Every bad input gets a JwtDecodeError that says
// what is wrong and where, because the input is often pasted by a person.

/** Tokens are a few KB; anything past this is not a token, and is refused before any work. */
export const MAX_JWT_LENGTH = 64 * 1024;

export type JwtPart = 'header' | 'payload' | 'signature';

export type JwtErrorReason = 'empty' | 'too-large' | 'part-count' | 'encrypted' | 'base64url' | 'utf8' | 'json' | 'not-object';

export class JwtDecodeError extends Error {
  constructor(
    readonly reason: JwtErrorReason,
    message: string,
    readonly part?: JwtPart,
  ) {
    super(message);
    this.name = 'JwtDecodeError';
  }
}

export interface DecodedJwt {
  header: Record<string, unknown>;
  payload: Record<string, unknown>;
  /** The signature as it appears in the token (base64url); empty for an unsigned token. */
  signature: string;
  /** `{header}.{payload}` exactly as in the token: what the signature covers. */
  signingInput: string;
  /** `alg` from the header, if it is a string. */
  alg?: string;
  /** True for `alg: none` or an empty signature: nothing vouches for these claims. */
  unsigned: boolean;
  /** The token as decoded (whitespace and a `Bearer ` prefix removed). */
  raw: string;
}

const BASE64URL = /^[A-Za-z0-9_-]*$/;

/** Decodes a compact JWS. Throws JwtDecodeError with a clear message for anything else. */
export function decodeJwt(input: string): DecodedJwt {
  if (typeof input !== 'string') throw new JwtDecodeError('empty', 'No token was given.');
  // Size first: a megabyte of garbage must fail before trimming or splitting it.
  if (input.length > MAX_JWT_LENGTH * 2) throw tooLarge(input.length);
  const raw = stripBearer(input.trim());
  if (raw.length === 0) throw new JwtDecodeError('empty', 'The token is empty.');
  if (raw.length > MAX_JWT_LENGTH) throw tooLarge(raw.length);

  const parts = raw.split('.');
  if (parts.length === 5) {
    throw new JwtDecodeError('encrypted', 'The token has 5 parts: it is an encrypted token (JWE), whose claims cannot be read without the recipient\'s key.');
  }
  if (parts.length !== 3) {
    throw new JwtDecodeError('part-count', `A JWT has 3 parts separated by dots (header.payload.signature); this one has ${parts.length}.`);
  }

  const header = decodeJsonPart(parts[0], 'header');
  const payload = decodeJsonPart(parts[1], 'payload');
  const signature = parts[2];
  if (!BASE64URL.test(signature) || signature.length % 4 === 1) {
    throw new JwtDecodeError('base64url', 'The signature is not valid base64url.', 'signature');
  }
  const alg = typeof header.alg === 'string' ? header.alg : undefined;
  return {
    header,
    payload,
    signature,
    signingInput: `${parts[0]}.${parts[1]}`,
    ...(alg === undefined ? {} : { alg }),
    unsigned: signature.length === 0 || alg === undefined || alg.toLowerCase() === 'none',
    raw,
  };
}

/** Like decodeJwt, but returns the error instead of throwing it. */
export function tryDecodeJwt(input: string): { ok: true; jwt: DecodedJwt } | { ok: false; error: JwtDecodeError } {
  try {
    return { ok: true, jwt: decodeJwt(input) };
  } catch (e) {
    if (e instanceof JwtDecodeError) return { ok: false, error: e };
    throw e;
  }
}

function decodeJsonPart(segment: string, part: JwtPart): Record<string, unknown> {
  const label = part === 'header' ? 'header' : 'payload';
  if (segment.length === 0) throw new JwtDecodeError('base64url', `The ${label} is empty.`, part);
  const bytes = base64UrlToBytes(segment, part);
  let text: string;
  try {
    text = UTF8.decode(bytes);
  } catch {
    throw new JwtDecodeError('utf8', `The ${label} is not UTF-8 text.`, part);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new JwtDecodeError('json', `The ${label} is not JSON (it starts with ${JSON.stringify(text.slice(0, 20))}).`, part);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    const kind = Array.isArray(value) ? 'an array' : value === null ? 'null' : `a ${typeof value}`;
    throw new JwtDecodeError('not-object', `The ${label} must be a JSON object; it is ${kind}.`, part);
  }
  return value as Record<string, unknown>;
}

const UTF8 = new TextDecoder('utf-8', { fatal: true });

// Sextet of each base64url character, -1 for anything else. A table instead of atob: Node's atob
// is slow, and this validates and decodes in one pass.
const SEXTETS = (() => {
  const table = new Int8Array(128).fill(-1);
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
  for (let i = 0; i < alphabet.length; i++) table[alphabet.charCodeAt(i)] = i;
  return table;
})();

/** base64url (no padding) to bytes; throws JwtDecodeError naming the part. */
export function base64UrlToBytes(segment: string, part: JwtPart = 'payload'): Uint8Array {
  const n = segment.length;
  const rest = n % 4;
  if (rest === 1) throw new JwtDecodeError('base64url', `The ${part} is not valid base64url: its length is impossible for base64url.`, part);
  const out = new Uint8Array(((n - rest) / 4) * 3 + (rest === 0 ? 0 : rest - 1));
  const full = n - rest;
  let o = 0;
  // Four characters make three bytes; any invalid character turns the OR of the four negative.
  for (let i = 0; i < full; i += 4) {
    const a = sextet(segment.charCodeAt(i));
    const b = sextet(segment.charCodeAt(i + 1));
    const c = sextet(segment.charCodeAt(i + 2));
    const d = sextet(segment.charCodeAt(i + 3));
    if ((a | b | c | d) < 0) throw badCharacter(segment, part);
    const triple = (a << 18) | (b << 12) | (c << 6) | d;
    out[o++] = triple >> 16;
    out[o++] = (triple >> 8) & 0xff;
    out[o++] = triple & 0xff;
  }
  if (rest > 0) {
    const a = sextet(segment.charCodeAt(full));
    const b = sextet(segment.charCodeAt(full + 1));
    const c = rest === 3 ? sextet(segment.charCodeAt(full + 2)) : 0;
    if ((a | b | c) < 0) throw badCharacter(segment, part);
    const triple = (a << 18) | (b << 12) | (c << 6);
    out[o++] = triple >> 16;
    if (rest === 3) out[o++] = (triple >> 8) & 0xff;
  }
  return out;
}

function sextet(code: number): number {
  return code < 128 ? SEXTETS[code] : -1;
}

function badCharacter(segment: string, part: JwtPart): JwtDecodeError {
  const i = segment.search(/[^A-Za-z0-9_-]/);
  return new JwtDecodeError('base64url', `The ${part} is not valid base64url: ${JSON.stringify(segment[i])} at position ${i + 1} is not a base64url character.`, part);
}

/** base64url without padding, of UTF-8 text or bytes (for building tokens in tests and the sandbox). */
export function bytesToBase64Url(bytes: Uint8Array | string): string {
  const data = typeof bytes === 'string' ? new TextEncoder().encode(bytes) : bytes;
  let binary = '';
  for (let i = 0; i < data.length; i++) binary += String.fromCharCode(data[i]);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function stripBearer(s: string): string {
  return /^bearer\s+/i.test(s) ? s.replace(/^bearer\s+/i, '').trim() : s;
}

function tooLarge(length: number): JwtDecodeError {
  return new JwtDecodeError('too-large', `The input is ${formatSize(length)}; a token is at most ${formatSize(MAX_JWT_LENGTH)}. Paste only the token.`);
}

function formatSize(chars: number): string {
  return chars >= 1024 ? `${Math.round(chars / 1024)} KB` : `${chars} characters`;
}

/** Cheap shape test: three base64url parts, the first one a JSON object (`eyJ`). */
export function looksLikeJwt(s: string): boolean {
  if (typeof s !== 'string' || s.length > MAX_JWT_LENGTH * 2) return false;
  return SINGLE_JWT.test(stripBearer(s.trim()));
}

const SINGLE_JWT = /^eyJ[A-Za-z0-9_-]*\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/;
