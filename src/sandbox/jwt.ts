// RS256 JWTs with node:crypto: one signing key per tenant, published as a JWKS with a kid.
import * as crypto from 'node:crypto';

export interface SigningKey {
  kid: string;
  privateKey: crypto.KeyObject;
  publicKey: crypto.KeyObject;
}

export interface Jwk {
  kty: string;
  use: string;
  kid: string;
  x5t: string;
  n: string;
  e: string;
  alg: string;
}

export type JwtPayload = Record<string, unknown>;

export interface DecodedJwt {
  header: Record<string, unknown>;
  payload: JwtPayload;
  signingInput: string;
  signature: Buffer;
}

export const b64url = (data: Buffer | string): string => Buffer.from(data).toString('base64url');

export function keyFromPem(privatePem: string): SigningKey {
  const privateKey = crypto.createPrivateKey(privatePem);
  const publicKey = crypto.createPublicKey(privateKey);
  const der = publicKey.export({ type: 'spki', format: 'der' });
  const kid = b64url(crypto.createHash('sha1').update(der).digest());
  return { kid, privateKey, publicKey };
}

export async function generateSigningKey(): Promise<{ key: SigningKey; pem: string }> {
  const pem = await new Promise<string>((resolve, reject) =>
    crypto.generateKeyPair(
      'rsa',
      { modulusLength: 2048, privateKeyEncoding: { type: 'pkcs8', format: 'pem' }, publicKeyEncoding: { type: 'spki', format: 'pem' } },
      (err, _pub, priv) => (err ? reject(err) : resolve(priv)),
    ),
  );
  return { key: keyFromPem(pem), pem };
}

export function toJwk(key: SigningKey): Jwk {
  const jwk = key.publicKey.export({ format: 'jwk' }) as { n: string; e: string };
  return { kty: 'RSA', use: 'sig', kid: key.kid, x5t: key.kid, n: jwk.n, e: jwk.e, alg: 'RS256' };
}

/**
 * `nonce` in the header is what Microsoft Graph's tokens carry: Graph signs over a hash of it,
 * so no one but Graph can check the signature. The sandbox signs the header as it is (its own
 * Graph verifies normally); clients see the header Graph tokens have.
 */
export function signJwt(payload: JwtPayload, key: SigningKey, extraHeader?: { nonce: string }): string {
  const header = { typ: 'JWT', ...(extraHeader ? { nonce: extraHeader.nonce } : {}), alg: 'RS256', x5t: key.kid, kid: key.kid };
  const signingInput = `${b64url(JSON.stringify(header))}.${b64url(JSON.stringify(payload))}`;
  const signature = crypto.sign('sha256', Buffer.from(signingInput), key.privateKey);
  return `${signingInput}.${b64url(signature)}`;
}

const B64URL = /^[A-Za-z0-9_-]*$/;

/** Splits and parses a compact JWS; undefined when it is not one. Never throws. */
export function decodeJwt(token: string): DecodedJwt | undefined {
  if (typeof token !== 'string' || token.length > 64 * 1024) return undefined;
  const parts = token.split('.');
  if (parts.length !== 3 || !parts.every((p) => B64URL.test(p)) || !parts[0] || !parts[1]) return undefined;
  try {
    const header: unknown = JSON.parse(Buffer.from(parts[0], 'base64url').toString('utf8'));
    const payload: unknown = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8'));
    if (!isRecord(header) || !isRecord(payload)) return undefined;
    return { header, payload, signingInput: `${parts[0]}.${parts[1]}`, signature: Buffer.from(parts[2], 'base64url') };
  } catch {
    return undefined;
  }
}

/** True when the token is RS256 and signed by one of the keys (matched by kid when present). */
export function verifyJwt(jwt: DecodedJwt, keys: readonly SigningKey[]): boolean {
  if (jwt.header.alg !== 'RS256') return false;
  const kid = jwt.header.kid ?? jwt.header.x5t;
  const candidates = kid === undefined ? keys : keys.filter((k) => k.kid === kid);
  return candidates.some((k) => {
    try {
      return crypto.verify('sha256', Buffer.from(jwt.signingInput), k.publicKey, jwt.signature);
    } catch {
      return false;
    }
  });
}

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
