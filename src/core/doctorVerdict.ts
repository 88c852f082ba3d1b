// The doctor's prediction of Entra's answer: accepted through which credential, or refused with
// which AADSTS code. The checks run in the order Entra's documentation and its answers show;
// the wording of each finding lives in doctor.ts, this file only decides.
//
// This is the extension's own reading. The sandbox tenant has a separate one
// (src/sandbox/entra/federation.ts); agreement tests compare the two over real HTTPS.

import type { FederatedIdentityCredential } from '@microsoft/microsoft-graph-types';
import { type AssertionFacts, compareAudience, compareIssuer, compareSubject } from './doctorFields';
import type { DiagnoseInput, ExchangeVerdict, MatchedFields } from './doctorTypes';

/**
 * Entra's allowance for clocks that disagree, before nbf and after exp. The sandbox uses the
 * same value; Microsoft does not publish it (unconfirmed), 5 minutes is the common default.
 */
export const ASSERTION_CLOCK_SKEW_S = 300;

/** The claim Entra puts in a token obtained through a federated credential (seen in public token dumps). */
export const FIC_INFO_CLAIM = 'xms_ficinfo';

interface NamedFields extends MatchedFields {
  name: string;
}

export interface VerdictFacts {
  payload: Record<string, unknown>;
  /** Undefined when iss, sub or aud is missing. */
  facts: AssertionFacts | undefined;
  unsigned: boolean;
}

const refused = (code: number): ExchangeVerdict => ({ outcome: 'refused', code });

export function predictExchange(v: VerdictFacts, input: DiagnoseInput): ExchangeVerdict {
  const { facts, payload } = v;
  // Entra finds the client before it reads the assertion.
  if (input.app?.servicePrincipalInHomeTenant === false) return refused(7000229);
  if (input.app?.servicePrincipalInTargetTenant === false) return refused(700016);
  if (!facts) return refused(50027);
  const listed = usableCredentials(input.credentials);
  if (listed.length === 0) return refused(70025);
  const inForce = credentialsInForce(listed, input);

  // An issuer that is not Entra: Entra looks for a credential naming it before fetching its keys.
  const byIssuer = inForce.filter((f) => compareIssuer(f.issuer, facts).closeness === 'match');
  if (!facts.entraIssuer && byIssuer.length === 0) return refused(inForce.length === 0 ? 70021 : 700211);
  if (v.unsigned || input.signature === 'invalid') return refused(700027);
  if (!withinTimeWindow(payload, input.now ?? new Date())) return refused(700024);
  if (payload[FIC_INFO_CLAIM] !== undefined) return refused(700231);
  const home = input.app?.homeTenantId;
  if (facts.entraIssuer && home && facts.entraIssuer.tenant.toLowerCase() !== home.toLowerCase()) return refused(700236);
  if (inForce.length === 0) return refused(70021);
  if (byIssuer.length === 0) return refused(700211);

  const audienceMatches = (f: NamedFields) => compareAudience(f.audiences, facts).closeness === 'match';
  const bySubject = byIssuer.filter((f) => compareSubject(f.subject, facts).closeness === 'match');
  if (bySubject.length === 0) {
    const sub = facts.sub.toLowerCase();
    if (byIssuer.some((f) => typeof f.subject === 'string' && f.subject.toLowerCase() === sub)) return refused(7002138);
    // Issuer and audience agree with a credential, only its subject differs.
    if (byIssuer.some((f) => typeof f.subject === 'string' && f.subject !== '' && audienceMatches(f))) return refused(7002137);
    return refused(700213);
  }
  const matching = bySubject.find(audienceMatches);
  return matching ? { outcome: 'accepted', credential: matching.name } : refused(700212);
}

/** Valid while nbf - skew <= now < exp + skew; a token without exp is never valid. */
export function withinTimeWindow(payload: Record<string, unknown>, now: Date): boolean {
  const t = Math.floor(now.getTime() / 1000);
  const exp = typeof payload.exp === 'number' ? payload.exp : undefined;
  const nbf = typeof payload.nbf === 'number' ? payload.nbf : typeof payload.iat === 'number' ? payload.iat : undefined;
  if (exp === undefined || t - ASSERTION_CLOCK_SKEW_S >= exp) return false;
  return nbf === undefined || t + ASSERTION_CLOCK_SKEW_S >= nbf;
}

function usableCredentials(credentials: readonly FederatedIdentityCredential[]): NamedFields[] {
  const list = Array.isArray(credentials) ? credentials.filter((c) => typeof c === 'object' && c !== null) : [];
  return list.map((c, i) => ({ name: typeof c.name === 'string' && c.name ? c.name : `#${i + 1}`, issuer: c.issuer, subject: c.subject, audiences: c.audiences }));
}

/** What Entra matches now: a credential created moments ago is absent, an edited one its previous version. */
export function credentialsInForce(listed: readonly NamedFields[], input: DiagnoseInput): NamedFields[] {
  const pending = new Map((input.propagating ?? []).map((p) => [p.name, p.previous]));
  const out: NamedFields[] = [];
  for (const f of listed) {
    if (!pending.has(f.name)) out.push(f);
    else {
      const previous = pending.get(f.name);
      if (previous) out.push({ name: f.name, issuer: previous.issuer, subject: previous.subject, audiences: previous.audiences });
    }
  }
  return out;
}
