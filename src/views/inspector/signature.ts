// Checks a token's signature against its issuer's published keys (OpenID metadata → jwks_uri),
// with node:crypto only. Anything that prevents a check (offline, an issuer without metadata,
// a Graph token's nonce) gives "not verified" with the reason, never a false "verified".
import * as crypto from 'node:crypto';
import { parseEntraIssuer } from '../../core/clouds';
import { base64UrlToBytes, type DecodedJwt } from '../../core/jwt';
import type { SignatureStatus } from '../../shared/protocol';
import { httpRequest } from '../../services/tokenFunction/http';

const FETCH_TIMEOUT_MS = 5_000;
const CACHE_MS = 10 * 60_000;

interface Jwk {
  kty?: string;
  kid?: string;
  x5t?: string;
  use?: string;
  n?: string;
  e?: string;
  crv?: string;
  x?: string;
  y?: string;
}

export interface VerifyOptions {
  /** Extra CA for loopback issuers (the sandbox tenant). */
  ca?: string;
  knownAuthorities?: readonly string[];
  signal?: AbortSignal;
}

const ALGORITHMS: Record<string, { hash: string; kty: 'RSA' | 'EC'; pss?: boolean; curve?: string }> = {
  RS256: { hash: 'sha256', kty: 'RSA' },
  RS384: { hash: 'sha384', kty: 'RSA' },
  RS512: { hash: 'sha512', kty: 'RSA' },
  PS256: { hash: 'sha256', kty: 'RSA', pss: true },
  PS384: { hash: 'sha384', kty: 'RSA', pss: true },
  PS512: { hash: 'sha512', kty: 'RSA', pss: true },
  ES256: { hash: 'sha256', kty: 'EC', curve: 'P-256' },
  ES384: { hash: 'sha384', kty: 'EC', curve: 'P-384' },
};

const jwksCache = new Map<string, { keys: Jwk[]; jwksUri: string; at: number }>();

export async function verifySignature(jwt: DecodedJwt, options: VerifyOptions = {}): Promise<SignatureStatus> {
  if (jwt.unsigned) return { state: 'unsigned' };
  const alg = jwt.alg ?? '';
  const spec = ALGORITHMS[alg];
  if (!spec) return { state: 'unverified', reason: `Signature not verified: algorithm ${alg || '(none)'} is not supported here.` };
  if (typeof jwt.header.nonce === 'string') {
    return { state: 'unverified', reason: 'Signature not verified: this token carries a nonce in its header (a Microsoft Graph token); only Graph itself can verify it.' };
  }
  const iss = typeof jwt.payload.iss === 'string' ? jwt.payload.iss : '';
  if (!iss.startsWith('https://')) return { state: 'unverified', reason: 'Signature not verified: the token has no https issuer to fetch keys from.' };

  let keySet: { keys: Jwk[]; jwksUri: string };
  try {
    keySet = await issuerKeys(iss, options);
  } catch (e) {
    return { state: 'unverified', reason: `Signature not verified: the issuer's keys are not reachable (${e instanceof Error ? e.message : String(e)})` };
  }
  const kid = typeof jwt.header.kid === 'string' ? jwt.header.kid : undefined;
  const x5t = typeof jwt.header.x5t === 'string' ? jwt.header.x5t : undefined;
  const candidates = keySet.keys.filter((k) => k.kty === spec.kty && (k.use === undefined || k.use === 'sig'));
  const named = candidates.filter((k) => (kid !== undefined && k.kid === kid) || (kid === undefined && x5t !== undefined && (k.x5t === x5t || k.kid === x5t)));
  const tryKeys = kid !== undefined || x5t !== undefined ? named : candidates;
  if (tryKeys.length === 0) {
    return { state: 'invalid', reason: `The issuer publishes no key ${kid ?? x5t ?? ''} at ${keySet.jwksUri}: the token was not signed by ${iss}.` };
  }
  const data = Buffer.from(jwt.signingInput, 'ascii');
  const signature = Buffer.from(base64UrlToBytes(jwt.signature, 'signature'));
  for (const jwk of tryKeys) {
    if (verifyWith(jwk, spec, data, signature)) return { state: 'verified', jwksUri: keySet.jwksUri, ...(jwk.kid ? { keyId: jwk.kid } : {}) };
  }
  return { state: 'invalid', reason: `The signature does not match the issuer's key${kid ? ` ${kid}` : ''}: the token was altered or not issued by ${iss}.` };
}

function verifyWith(jwk: Jwk, spec: (typeof ALGORITHMS)[string], data: Buffer, signature: Buffer): boolean {
  try {
    // Only the public members: JWKS entries carry extras (x5c, issuer) the importer has no use for.
    const publicJwk = spec.kty === 'RSA' ? { kty: 'RSA', n: jwk.n, e: jwk.e } : { kty: 'EC', crv: jwk.crv, x: jwk.x, y: jwk.y };
    const key = crypto.createPublicKey({ key: publicJwk as crypto.JsonWebKey, format: 'jwk' });
    if (spec.kty === 'EC') return crypto.verify(spec.hash, data, { key, dsaEncoding: 'ieee-p1363' }, signature);
    if (spec.pss) return crypto.verify(spec.hash, data, { key, padding: crypto.constants.RSA_PKCS1_PSS_PADDING, saltLength: crypto.constants.RSA_PSS_SALTLEN_DIGEST }, signature);
    return crypto.verify(spec.hash, data, key, signature);
  } catch {
    return false;
  }
}

/** The issuer's signing keys: OpenID metadata first (it names jwks_uri), cached for a while. */
async function issuerKeys(iss: string, options: VerifyOptions): Promise<{ keys: Jwk[]; jwksUri: string }> {
  const metadataUrl = metadataUrlFor(iss, options.knownAuthorities);
  const cached = jwksCache.get(metadataUrl);
  if (cached && Date.now() - cached.at < CACHE_MS) return cached;
  const metadata = await fetchJson(metadataUrl, options, 'the issuer metadata');
  const jwksUri = typeof metadata.jwks_uri === 'string' ? metadata.jwks_uri : undefined;
  if (!jwksUri) throw new Error('its OpenID metadata names no jwks_uri');
  const jwks = await fetchJson(jwksUri, options, "the issuer's key set");
  const keys = Array.isArray(jwks.keys) ? (jwks.keys.filter((k) => typeof k === 'object' && k !== null) as Jwk[]) : [];
  const entry = { keys, jwksUri, at: Date.now() };
  jwksCache.set(metadataUrl, entry);
  return entry;
}

/** v2 issuers publish metadata under themselves; v1 (sts.windows.net) under their authority. */
function metadataUrlFor(iss: string, knownAuthorities?: readonly string[]): string {
  const entra = parseEntraIssuer(iss, knownAuthorities);
  if (entra?.version === '1.0') return `${entra.authority}/${entra.tenant}/.well-known/openid-configuration`;
  return `${iss.replace(/\/+$/, '')}/.well-known/openid-configuration`;
}

async function fetchJson(url: string, options: VerifyOptions, target: string): Promise<Record<string, unknown>> {
  if (!url.startsWith('https://')) throw new Error(`${target} is not served over https`);
  const response = await httpRequest({ url, ca: options.ca, timeoutMs: FETCH_TIMEOUT_MS, signal: options.signal, target });
  if (response.status !== 200) throw new Error(`${target} answered HTTP ${response.status}`);
  const value: unknown = JSON.parse(response.text);
  if (typeof value !== 'object' || value === null) throw new Error(`${target} is not a JSON object`);
  return value as Record<string, unknown>;
}

/** Forgets cached key sets (tests rotate the sandbox's keys). */
export function clearKeyCache(): void {
  jwksCache.clear();
}
