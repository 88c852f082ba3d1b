// Checks a token's signature against its issuer's published keys (OpenID metadata → jwks_uri)
// with `jose`: its remote key set (cached, refetched once on an unknown kid) fetches through
// the extension's transport, so a deadline, a size cap and the loopback-only CA apply. Keys are
// fetched on their own only from known Entra authorities (every national cloud, the sandbox);
// any other issuer is checked only when asked, and then said to be "verified against keys
// published by {host}" — anyone can publish keys, so that is never plain "verified". Anything
// that prevents a check (offline, no metadata, a Graph token's nonce) gives "not verified" with
// the reason, never a false "verified".
import type { FetchImplementation, JWTVerifyGetKey } from 'jose' with { 'resolution-mode': 'import' };
import { parseEntraIssuer } from '../../core/clouds';
import type { DecodedJwt } from '../../core/jwt';
import type { SignatureStatus } from '../../shared/protocol';
import { httpRequest } from '../../services/tokenFunction/http';
import { sendHttp } from '../../services/http/transport';
import { loadSdk } from '../../services/loadSdk';

const FETCH_TIMEOUT_MS = 5_000;
/** A key set is a few KB; Entra's is under 20 KB. */
const MAX_KEYS_BYTES = 256 * 1024;
const CACHE_MS = 10 * 60_000;

export interface VerifyOptions {
  /** Extra CA for loopback issuers (the sandbox tenant). */
  ca?: string;
  knownAuthorities?: readonly string[];
  signal?: AbortSignal;
  /** Check an issuer that is not a known Entra authority too (the user asked for it). */
  anyIssuer?: boolean;
}

interface KeySet {
  jwksUri: string;
  getKey: JWTVerifyGetKey;
}

const keySets = new Map<string, { keySet: KeySet; at: number }>();

/**
 * True when keys for this issuer are fetched without asking: a national cloud's Entra authority,
 * or the connected sandbox (one of `knownAuthorities`). Any other local server is not the sandbox.
 */
export function isTrustedKeyIssuer(iss: string, knownAuthorities?: readonly string[]): boolean {
  const known = authorityUrls(knownAuthorities);
  const entra = parseEntraIssuer(iss, known);
  if (!entra) return false;
  if (entra.cloud !== 'sandbox') return true;
  return known.some((a) => new URL(a).origin.toLowerCase() === entra.authority.toLowerCase());
}

export async function verifySignature(jwt: DecodedJwt, options: VerifyOptions = {}): Promise<SignatureStatus> {
  if (jwt.unsigned) return { state: 'unsigned' };
  if (typeof jwt.header.nonce === 'string') {
    return { state: 'unverified', reason: 'Signature not verified: this token carries a nonce in its header (a Microsoft Graph token); only Graph itself can verify it.' };
  }
  const iss = typeof jwt.payload.iss === 'string' ? jwt.payload.iss : '';
  if (!iss.startsWith('https://')) return { state: 'unverified', reason: 'Signature not verified: the token has no https issuer to fetch keys from.' };
  const trusted = isTrustedKeyIssuer(iss, options.knownAuthorities);
  const host = new URL(iss).host;
  if (!trusted && !options.anyIssuer) {
    return { state: 'unverified', reason: `Signature not checked: ${host} is not a Microsoft Entra authority, so its keys are not fetched without asking. Check it on request to verify against the keys ${host} publishes.` };
  }

  let keySet: KeySet;
  try {
    keySet = await issuerKeySet(iss, options);
  } catch (e) {
    return { state: 'unverified', reason: `Signature not verified: the issuer's keys are not reachable (${e instanceof Error ? e.message : String(e)})` };
  }
  const kid = typeof jwt.header.kid === 'string' ? jwt.header.kid : undefined;
  // jose is in the SDK bundle, loaded on first use (not at activation).
  const { compactVerify, errors } = await loadSdk().loadJose();
  try {
    await compactVerify(`${jwt.signingInput}.${jwt.signature}`, keySet.getKey);
  } catch (e) {
    if (e instanceof errors.JWKSNoMatchingKey) {
      return { state: 'invalid', reason: `The issuer publishes no key ${kid ?? (jwt.header.x5t as string | undefined) ?? ''} at ${keySet.jwksUri}: the token was not signed by ${iss}.` };
    }
    if (e instanceof errors.JWSSignatureVerificationFailed || e instanceof errors.JWSInvalid) {
      return { state: 'invalid', reason: `The signature does not match the issuer's key${kid ? ` ${kid}` : ''}: the token was altered or not issued by ${iss}.` };
    }
    if (e instanceof errors.JOSENotSupported || e instanceof errors.JOSEAlgNotAllowed) {
      return { state: 'unverified', reason: `Signature not verified: algorithm ${jwt.alg || '(none)'} is not supported here.` };
    }
    return { state: 'unverified', reason: `Signature not verified: ${e instanceof Error ? e.message : String(e)}` };
  }
  return {
    state: 'verified',
    jwksUri: keySet.jwksUri,
    ...(kid ? { keyId: kid } : {}),
    ...(trusted ? {} : { label: `Signature verified against keys published by ${host} (not a Microsoft Entra authority).` }),
  };
}

/** The issuer's key set: OpenID metadata first (it names jwks_uri), kept for a while. */
async function issuerKeySet(iss: string, options: VerifyOptions): Promise<KeySet> {
  const metadataUrl = metadataUrlFor(iss, options.knownAuthorities);
  const cached = keySets.get(metadataUrl);
  if (cached && Date.now() - cached.at < CACHE_MS) return cached.keySet;
  const metadata = await fetchJson(metadataUrl, options, 'the issuer metadata');
  const jwksUri = typeof metadata.jwks_uri === 'string' ? metadata.jwks_uri : undefined;
  if (!jwksUri) throw new Error('its OpenID metadata names no jwks_uri');
  if (!jwksUri.startsWith('https://')) throw new Error("the issuer's key set is not served over https");
  const { createRemoteJWKSet, customFetch } = await loadSdk().loadJose();
  const getKey = createRemoteJWKSet(new URL(jwksUri), {
    timeoutDuration: FETCH_TIMEOUT_MS,
    cacheMaxAge: CACHE_MS,
    [customFetch]: transportFetch(options.ca),
  });
  const keySet = { jwksUri, getKey };
  keySets.set(metadataUrl, { keySet, at: Date.now() });
  return keySet;
}

/** jose's fetch, over the transport: the CA for loopback hosts only, a deadline, a size cap. */
function transportFetch(ca: string | undefined): FetchImplementation {
  return async (url, init) => {
    const headers: Record<string, string> = {};
    new Headers(init.headers).forEach((value, name) => (headers[name] = value));
    const answer = await sendHttp({ url, method: init.method ?? 'GET', headers, ca, deadlineMs: FETCH_TIMEOUT_MS, maxBodyBytes: MAX_KEYS_BYTES, signal: init.signal });
    return new Response(new Uint8Array(answer.body), { status: answer.status, headers: answer.headers });
  };
}

/** v2 issuers publish metadata under themselves; v1 (sts.windows.net) under their authority. */
function metadataUrlFor(iss: string, knownAuthorities?: readonly string[]): string {
  const entra = parseEntraIssuer(iss, authorityUrls(knownAuthorities));
  if (entra?.version === '1.0') return `${entra.authority}/${entra.tenant}/.well-known/openid-configuration`;
  return `${iss.replace(/\/+$/, '')}/.well-known/openid-configuration`;
}

/** knownAuthorities are msal's "host:port"; parseEntraIssuer compares origins. */
function authorityUrls(knownAuthorities?: readonly string[]): string[] {
  return (knownAuthorities ?? []).map((a) => (/^https:\/\//i.test(a) ? a : `https://${a}`));
}

async function fetchJson(url: string, options: VerifyOptions, target: string): Promise<Record<string, unknown>> {
  if (!url.startsWith('https://')) throw new Error(`${target} is not served over https`);
  const response = await httpRequest({ url, ca: options.ca, timeoutMs: FETCH_TIMEOUT_MS, signal: options.signal, target, maxBodyBytes: MAX_KEYS_BYTES });
  if (response.status !== 200) throw new Error(`${target} answered HTTP ${response.status}`);
  const value: unknown = JSON.parse(response.text);
  if (typeof value !== 'object' || value === null) throw new Error(`${target} is not a JSON object`);
  return value as Record<string, unknown>;
}

/** Forgets cached key sets (tests rotate the sandbox's keys). */
export function clearKeyCache(): void {
  keySets.clear();
}
