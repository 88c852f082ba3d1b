// How one field of a federated credential compares with the assertion, the way Entra compares
// it (exact, case-sensitive), plus the near misses a person makes: a trailing slash, a space,
// a capital letter, the client id instead of the object id, a typo, the wrong tenant or cloud.

import { CLOUDS, PUBLIC_EXCHANGE_AUDIENCE, PUBLIC_EXCHANGE_AUDIENCE_GUID, cloudOfExchangeAudience, type EntraIssuer, parseEntraIssuer } from './clouds';
import { isGuid } from './guid';
import { boundedEditDistance } from './textDistance';

/**
 * `match`: Entra accepts this field; `near`: one specific fix makes it match; `different`:
 * unrelated values (probably meant for another workload).
 */
export type Closeness = 'match' | 'near' | 'different';

export type IssuerVerdict =
  | { closeness: 'match' }
  | { closeness: 'near'; why: 'whitespace' | 'trailing-slash' | 'v1-token' | 'v1-credential' | 'other-tenant' | 'other-cloud' | 'case' | 'typo' }
  | { closeness: 'different'; why: 'v1-token' | 'other-cloud' | 'unrelated' };

export type SubjectVerdict =
  | { closeness: 'match' }
  | { closeness: 'near'; why: 'whitespace' | 'case' | 'client-id' | 'typo' }
  | { closeness: 'different'; why: 'flexible' | 'other-identity' | 'unrelated'; identityName?: string };

export type AudienceVerdict =
  | { closeness: 'match'; equivalent?: 'guid-form' | 'app-id-uri' }
  | { closeness: 'near'; why: 'whitespace' | 'scope-suffix' | 'case' | 'other-cloud' | 'typo' }
  | { closeness: 'different'; why: 'unrelated' | 'other-cloud' };

export interface AssertionClaims {
  iss: string;
  sub: string;
  aud: readonly string[];
  /** Client id of the managed identity (azp/appid), if the token carries it. */
  clientId?: string;
  entraIssuer?: EntraIssuer;
  knownAuthorities?: readonly string[];
  identities: ReadonlyArray<{ id: string; appId: string; displayName?: string }>;
}

/** The claims plus what every credential is compared against, computed once per diagnosis. */
export interface AssertionFacts extends AssertionClaims {
  /** Lowercased client ids of the token's own identity (azp/appid, or a known identity's). */
  ownClientIds: ReadonlySet<string>;
  /** Known identities by lowercased object id and client id. */
  identityByLowerId: ReadonlyMap<string, { id: string; appId: string; displayName?: string }>;
  /** audienceKey() of each aud value. */
  audKeys: ReadonlyMap<string, string>;
  /** Every spelling of the token's audience (GUID and URI forms), for near-miss checks. */
  audSpellings: readonly string[];
}

export function deriveFacts(claims: AssertionClaims): AssertionFacts {
  const subLower = claims.sub.toLowerCase();
  const ownClientIds = new Set<string>();
  if (claims.clientId) ownClientIds.add(claims.clientId.toLowerCase());
  const identityByLowerId = new Map<string, { id: string; appId: string; displayName?: string }>();
  for (const mi of claims.identities) {
    if (mi.id.toLowerCase() === subLower) ownClientIds.add(mi.appId.toLowerCase());
    identityByLowerId.set(mi.id.toLowerCase(), mi);
    identityByLowerId.set(mi.appId.toLowerCase(), mi);
  }
  const audKeys = new Map<string, string>();
  const spellings = new Set<string>(claims.aud);
  for (const a of claims.aud) {
    const key = audienceKey(a);
    audKeys.set(key, a);
    if (a.toLowerCase() === PUBLIC_EXCHANGE_AUDIENCE_GUID) spellings.add(PUBLIC_EXCHANGE_AUDIENCE);
    else if (isGuid(a)) spellings.add(`api://${a}`);
  }
  return { ...claims, ownClientIds, identityByLowerId, audKeys, audSpellings: [...spellings] };
}

const TYPO_DISTANCE = 3;
const TYPO_MAX_LENGTH = 200;

function looksLikeTypo(a: string, b: string): boolean {
  if (a.length > TYPO_MAX_LENGTH || b.length > TYPO_MAX_LENGTH || Math.min(a.length, b.length) < 8) return false;
  return boundedEditDistance(a, b, TYPO_DISTANCE) <= TYPO_DISTANCE;
}

export function compareIssuer(ficIssuer: string | undefined | null, facts: AssertionFacts): IssuerVerdict {
  const token = facts.iss;
  if (typeof ficIssuer !== 'string' || ficIssuer.length === 0) return { closeness: 'different', why: 'unrelated' };
  if (ficIssuer === token) return { closeness: 'match' };
  const f = ficIssuer.trim();
  if (f === token) return { closeness: 'near', why: 'whitespace' };
  if (f.replace(/\/+$/, '') === token.replace(/\/+$/, '')) return { closeness: 'near', why: 'trailing-slash' };

  const tokenEntra = facts.entraIssuer;
  const ficEntra = parseEntraIssuer(f, facts.knownAuthorities);
  if (tokenEntra && ficEntra) {
    const sameTenant = tokenEntra.tenant.toLowerCase() === ficEntra.tenant.toLowerCase();
    if (tokenEntra.cloud !== ficEntra.cloud) return { closeness: sameTenant ? 'near' : 'different', why: 'other-cloud' };
    if (tokenEntra.version === '1.0' && ficEntra.version === '2.0') return { closeness: sameTenant ? 'near' : 'different', why: 'v1-token' };
    if (tokenEntra.version === '2.0' && ficEntra.version === '1.0' && sameTenant) return { closeness: 'near', why: 'v1-credential' };
    if (!sameTenant && tokenEntra.version === ficEntra.version && ficEntra.canonical) return { closeness: 'near', why: 'other-tenant' };
  }
  if (f.toLowerCase() === token.toLowerCase()) return { closeness: 'near', why: 'case' };
  if (looksLikeTypo(f, token)) return { closeness: 'near', why: 'typo' };
  return { closeness: 'different', why: 'unrelated' };
}

export function compareSubject(ficSubject: string | undefined | null, facts: AssertionFacts): SubjectVerdict {
  const token = facts.sub;
  // A flexible FIC (claims matching expression) has no subject; it never matches an Entra token.
  if (typeof ficSubject !== 'string' || ficSubject.length === 0) return { closeness: 'different', why: 'flexible' };
  if (ficSubject === token) return { closeness: 'match' };
  const f = ficSubject.trim();
  if (f === token) return { closeness: 'near', why: 'whitespace' };
  const lower = f.toLowerCase();
  if (lower === token.toLowerCase()) return { closeness: 'near', why: 'case' };
  if (facts.ownClientIds.has(lower)) return { closeness: 'near', why: 'client-id' };
  const other = facts.identityByLowerId.get(lower);
  if (other) return { closeness: 'different', why: 'other-identity', identityName: other.displayName ?? other.id };
  if (!isGuid(f) && looksLikeTypo(f, token)) return { closeness: 'near', why: 'typo' };
  return { closeness: 'different', why: 'unrelated' };
}

/**
 * Entra resolves an audience to the resource app, so in a v2 token the exchange audience may
 * appear as its app id GUID (reported). The same is assumed for a federation app whose
 * Application ID URI is `api://{appId}`: a v2 token names it by the bare app id (unconfirmed).
 */
export function audienceKey(aud: string): string {
  const lower = aud.toLowerCase();
  if (lower === PUBLIC_EXCHANGE_AUDIENCE_GUID) return PUBLIC_EXCHANGE_AUDIENCE;
  if (lower.startsWith('api://') && isGuid(aud.slice(6))) return lower.slice(6);
  if (isGuid(aud)) return lower;
  return aud;
}

export function compareAudience(ficAudiences: readonly unknown[] | undefined | null, facts: AssertionFacts): AudienceVerdict {
  const fics = Array.isArray(ficAudiences) ? ficAudiences.filter((a): a is string => typeof a === 'string') : [];
  if (fics.length === 0) return { closeness: 'different', why: 'unrelated' };
  for (const f of fics) if (facts.aud.includes(f)) return { closeness: 'match' };
  for (const f of fics) {
    const a = facts.audKeys.get(audienceKey(f));
    if (a !== undefined) {
      return { closeness: 'match', equivalent: a.toLowerCase() === PUBLIC_EXCHANGE_AUDIENCE_GUID || f.toLowerCase() === PUBLIC_EXCHANGE_AUDIENCE_GUID ? 'guid-form' : 'app-id-uri' };
    }
  }
  // Near misses are judged against every spelling of the token's audience (GUID and URI forms).
  let best: AudienceVerdict = { closeness: 'different', why: 'unrelated' };
  for (const raw of fics) {
    const f = raw.trim();
    for (const a of facts.audSpellings) {
      if (f === a) return { closeness: 'near', why: 'whitespace' };
      if (f.replace(/\/\.default$/i, '') === a) return { closeness: 'near', why: 'scope-suffix' };
      if (f.toLowerCase() === a.toLowerCase()) return { closeness: 'near', why: 'case' };
      const fc = cloudOfExchangeAudience(f);
      const ac = cloudOfExchangeAudience(a);
      if (fc && ac && fc !== ac) best = { closeness: 'different', why: 'other-cloud' };
      else if (looksLikeTypo(f, a)) return { closeness: 'near', why: 'typo' };
    }
  }
  return best;
}

/** The official exchange audience for the cloud that issued the token. */
export function expectedAudience(facts: AssertionFacts): string {
  const cloud = facts.entraIssuer?.cloud;
  return cloud && cloud !== 'sandbox' ? CLOUDS[cloud].exchangeAudience : PUBLIC_EXCHANGE_AUDIENCE;
}

export function cloudDisplayName(cloud: string | undefined): string {
  if (cloud === 'sandbox') return 'the sandbox tenant';
  const c = cloud ? CLOUDS[cloud as keyof typeof CLOUDS] : undefined;
  return c ? c.displayName : 'another cloud';
}
