// The federation doctor: would Entra accept this managed identity token as a client assertion
// for an app with these federated credentials, and if not, which field of which credential is
// wrong and what to change. Pure and fast (it runs beside every token the inspector shows).
//
// Entra's rule, which `verdict` and `matched` follow (doctorVerdict.ts): some FIC in force has
// issuer === iss, subject === sub (both exact, case-sensitive) and an audience naming the same
// resource as aud (api://AzureADTokenExchange for the exchange app's id fb60f99c-…, api://{appId}
// for an appId); the assertion is signed and within its time window give or take 300 s; the
// app and its identity pass the checks around that (service principals, tenant, no chaining).
// Everything else here is about explaining a miss.

import type { FederatedIdentityCredential } from '@microsoft/microsoft-graph-types';
import { formatDuration } from './claims';
import { PUBLIC_EXCHANGE_AUDIENCE_GUID, isOfficialExchangeAudience, parseEntraIssuer } from './clouds';
import {
  type AssertionClaims,
  type AssertionFacts,
  type AudienceVerdict,
  type Closeness,
  type IssuerVerdict,
  type SubjectVerdict,
  cloudDisplayName,
  compareAudience,
  compareIssuer,
  compareSubject,
  deriveFacts,
  expectedAudience,
} from './doctorFields';
import type { DiagnoseInput, Diagnosis, ExchangeVerdict, Finding, FindingCode } from './doctorTypes';
import { contextFindings } from './doctorContext';
import { ASSERTION_CLOCK_SKEW_S, predictExchange } from './doctorVerdict';
import { decodeJwt, JwtDecodeError } from './jwt';

export { explainTokenError, type TokenErrorExplanation } from './doctorTokenErrors';
export type { DiagnoseInput, Diagnosis, ExchangeVerdict, Finding, FindingCode, PropagatingCredential } from './doctorTypes';
export { ASSERTION_CLOCK_SKEW_S } from './doctorVerdict';

interface Verdicts {
  fic: FederatedIdentityCredential;
  name: string;
  issuer: IssuerVerdict;
  subject: SubjectVerdict;
  audience: AudienceVerdict;
  score: number;
}

const SCORE: Record<Closeness, number> = { match: 2, near: 1, different: 0 };

export function diagnose(input: DiagnoseInput): Diagnosis {
  const findings: Finding[] = [];
  const payload = readAssertion(input.assertion, findings);
  if (!payload) return { findings, verdict: predictExchange({ payload: {}, facts: undefined, unsigned: false }, input) };

  const facts = readFacts(payload, input, findings);
  checkTime(payload, input.now ?? new Date(), findings);
  const unsigned = findings.some((f) => f.code === 'unsigned-token');
  const verdict = predictExchange({ payload, facts, unsigned }, input);
  if (!facts) return { findings, verdict };
  const accepted = verdict.outcome === 'accepted';

  const credentials = Array.isArray(input.credentials) ? input.credentials.filter((c) => typeof c === 'object' && c !== null) : [];
  if (credentials.length === 0) {
    findings.push({
      code: 'no-credentials',
      severity: 'error',
      message: `The app has no federated credentials (AADSTS70025). Add one with issuer ${facts.iss}, subject ${facts.sub} and audience ${expectedAudienceFor(facts)}.`,
    });
    findings.push(...contextFindings(verdict, input, facts, undefined));
    return { findings, verdict };
  }

  const verdicts = credentials.map((fic, i) => judge(fic, i, facts));
  const exact = verdicts.find((v) => v.issuer.closeness === 'match' && v.subject.closeness === 'match' && v.audience.closeness === 'match');
  findings.push(...contextFindings(verdict, input, facts, exact?.name));
  if (exact) {
    explainMatch(exact, facts, findings, accepted && verdict.credential === exact.name);
    attachCredential(findings, exact.name);
    return result(findings, verdict);
  }

  // Near misses (every field matches or is one fix away) are each worth reporting; otherwise
  // the single closest credential tells the user what to change.
  const near = verdicts.filter((v) => v.issuer.closeness !== 'different' && v.subject.closeness !== 'different' && v.audience.closeness !== 'different');
  const reported = near.length > 0 ? near : [closest(verdicts)];
  for (const v of reported) explainMiss(v, facts, findings);
  return result(findings, verdict);
}

/** `matched` names the credential exactly when the verdict says Entra accepts. */
function result(findings: Finding[], verdict: ExchangeVerdict): Diagnosis {
  return verdict.outcome === 'accepted' ? { matched: verdict.credential, findings, verdict } : { findings, verdict };
}

function readAssertion(assertion: unknown, findings: Finding[]): Record<string, unknown> | undefined {
  if (typeof assertion === 'string') {
    try {
      const jwt = decodeJwt(assertion);
      if (jwt.unsigned) {
        findings.push({ code: 'unsigned-token', severity: 'error', message: `The token is not signed (alg ${jwt.alg ?? 'missing'}); Entra refuses an unsigned assertion (AADSTS700027). Use the token exactly as the managed identity endpoint returned it.` });
      }
      return jwt.payload;
    } catch (e) {
      const why = e instanceof JwtDecodeError ? e.message : 'It could not be decoded.';
      findings.push({ code: 'malformed-token', severity: 'error', message: `The assertion is not a readable JWT: ${why}` });
      return undefined;
    }
  }
  if (typeof assertion === 'object' && assertion !== null && !Array.isArray(assertion)) return assertion as Record<string, unknown>;
  findings.push({ code: 'malformed-token', severity: 'error', message: 'The assertion must be a JWT or its decoded payload (a JSON object).' });
  return undefined;
}

function readFacts(payload: Record<string, unknown>, input: DiagnoseInput, findings: Finding[]): AssertionFacts | undefined {
  const iss = payload.iss;
  const sub = payload.sub;
  const audRaw = payload.aud;
  const aud = typeof audRaw === 'string' ? [audRaw] : Array.isArray(audRaw) ? audRaw.filter((a): a is string => typeof a === 'string') : [];
  const missing = [typeof iss === 'string' && iss ? undefined : 'iss', typeof sub === 'string' && sub ? undefined : 'sub', aud.length > 0 ? undefined : 'aud'].filter(Boolean);
  if (missing.length > 0) {
    findings.push({ code: 'missing-claim', severity: 'error', message: `The token has no ${missing.join(', ')} claim${missing.length > 1 ? 's' : ''}; Entra matches credentials on iss, sub and aud, so it cannot be used as an assertion.` });
    return undefined;
  }
  const clientId = typeof payload.azp === 'string' ? payload.azp : typeof payload.appid === 'string' ? payload.appid : undefined;
  const facts: AssertionClaims = {
    iss: iss as string,
    sub: sub as string,
    aud,
    identities: Array.isArray(input.managedIdentities) ? input.managedIdentities.filter((m) => m && typeof m.id === 'string' && typeof m.appId === 'string') : [],
  };
  if (clientId) facts.clientId = clientId;
  if (input.knownAuthorities) facts.knownAuthorities = input.knownAuthorities;
  const entra = parseEntraIssuer(facts.iss, input.knownAuthorities);
  if (entra) facts.entraIssuer = entra;
  return deriveFacts(facts);
}

/**
 * Adds expired / not-yet-valid findings, judged with Entra's clock-skew allowance (a token a
 * minute past exp is still accepted); true when the time window is fine.
 */
function checkTime(payload: Record<string, unknown>, now: Date, findings: Finding[]): boolean {
  const t = now.getTime();
  const skew = ASSERTION_CLOCK_SKEW_S * 1000;
  let ok = true;
  if (typeof payload.exp === 'number' && t >= payload.exp * 1000 + skew) {
    findings.push({ code: 'expired', severity: 'error', message: `The token expired ${formatDuration(t - payload.exp * 1000)} ago, beyond the ${ASSERTION_CLOCK_SKEW_S / 60} minutes of clock skew Entra allows; Entra refuses it (AADSTS700024). Get a fresh token from the managed identity.` });
    ok = false;
  }
  if (typeof payload.nbf === 'number' && t < payload.nbf * 1000 - skew) {
    findings.push({ code: 'not-yet-valid', severity: 'error', message: `The token is not valid for another ${formatDuration(payload.nbf * 1000 - t)} (nbf is in the future, beyond the ${ASSERTION_CLOCK_SKEW_S / 60} minutes of clock skew Entra allows); Entra refuses it (AADSTS700024). Check this machine's clock, or wait.` });
    ok = false;
  }
  return ok;
}

function judge(fic: FederatedIdentityCredential, index: number, facts: AssertionFacts): Verdicts {
  const issuer = compareIssuer(fic.issuer, facts);
  const subject = compareSubject(fic.subject, facts);
  const audience = compareAudience(fic.audiences, facts);
  const name = typeof fic.name === 'string' && fic.name ? fic.name : `#${index + 1}`;
  return { fic, name, issuer, subject, audience, score: SCORE[issuer.closeness] + SCORE[subject.closeness] + SCORE[audience.closeness] };
}

/** Highest score; among equals, the first one with a matching issuer, then the first one. */
function closest(verdicts: Verdicts[]): Verdicts {
  let best = verdicts[0];
  for (const v of verdicts) {
    if (v.score > best.score || (v.score === best.score && v.issuer.closeness === 'match' && best.issuer.closeness !== 'match')) best = v;
  }
  return best;
}

function explainMatch(v: Verdicts, facts: AssertionFacts, findings: Finding[], accepted: boolean): void {
  if (accepted) {
    findings.unshift({ code: 'matched', severity: 'info', credential: v.name, message: `Credential "${v.name}" matches the token's issuer, subject and audience: Entra accepts this token for the app.` });
  } else {
    // `matched` stays unset (Entra refuses), but the user should know the credential is right.
    for (const f of findings) {
      if (f.severity === 'error') f.message += ` Credential "${v.name}" itself matches the token.`;
    }
  }
  audienceNotes(v, facts, findings);
}

/** Information about the audience that applies whether or not the FIC matched. */
function audienceNotes(v: Verdicts, facts: AssertionFacts, findings: Finding[]): void {
  // The token-level note is said once, however many credentials it applies to.
  const noted = findings.some((f) => f.code === 'audience-guid-form' && f.severity === 'info');
  if (v.audience.closeness === 'match' && v.audience.equivalent === 'guid-form') {
    const ficAud = firstAudience(v.fic);
    const ficIsGuid = ficAud.toLowerCase() === PUBLIC_EXCHANGE_AUDIENCE_GUID;
    if (noted && !ficIsGuid) return;
    // The GUID in the token is what every v2 exchange token carries: a note about the token, not
    // about any one credential. A credential storing the GUID is worth a warning of its own.
    findings.push(ficIsGuid
      ? { code: 'audience-guid-form', severity: 'warning', credential: v.name, field: 'audience', message: `Credential "${v.name}" stores the audience as the GUID ${PUBLIC_EXCHANGE_AUDIENCE_GUID}; store the URI form api://AzureADTokenExchange instead.` }
      : { code: 'audience-guid-form', severity: 'info', field: 'audience', message: `The token names the audience by the exchange app's id (${PUBLIC_EXCHANGE_AUDIENCE_GUID}), as v2 tokens do; Entra treats it as api://AzureADTokenExchange, the audience credentials store.` });
  } else if (v.audience.closeness === 'match' && v.audience.equivalent === 'app-id-uri' && !noted) {
    findings.push({ code: 'audience-guid-form', severity: 'info', credential: v.name, field: 'audience', message: `The token names the audience by the app id in "${firstAudience(v.fic)}"; they are the same application, so credential "${v.name}" matches it.` });
  }
  const ficAud = firstAudience(v.fic);
  if (facts.entraIssuer && ficAud && v.audience.closeness === 'match' && !isOfficialExchangeAudience(ficAud) && ficAud.toLowerCase() !== PUBLIC_EXCHANGE_AUDIENCE_GUID) {
    findings.push({
      code: 'audience-not-official',
      severity: 'warning',
      credential: v.name,
      field: 'audience',
      message: `Credential "${v.name}" uses the audience "${ficAud}" (the federation-app pattern). It works, but current docs list only ${expectedAudience(facts)} for managed identities and some tenants refuse others (AADSTS700214, reported); switch to ${expectedAudience(facts)} if the exchange fails.`,
    });
  }
}

function explainMiss(v: Verdicts, facts: AssertionFacts, findings: Finding[]): void {
  const n = `Credential "${v.name}"`;
  const ficIssuer = typeof v.fic.issuer === 'string' ? v.fic.issuer : '';
  const ficSubject = v.fic.subject;
  const ficAud = firstAudience(v.fic);
  const add = (code: FindingCode, field: Finding['field'], message: string, severity: Finding['severity'] = 'error') =>
    findings.push({ code, severity, credential: v.name, ...(field ? { field } : {}), message });

  const iv = v.issuer;
  if (iv.closeness !== 'match') {
    const tokenCloud = cloudDisplayName(facts.entraIssuer?.cloud);
    const setIssuer = `Set the issuer to ${facts.iss}`;
    switch (iv.why) {
      case 'whitespace': add('whitespace', 'issuer', `${n}: the issuer has stray spaces or line breaks (${JSON.stringify(ficIssuer)}); matching is exact. ${setIssuer}.`); break;
      case 'trailing-slash': add('issuer-trailing-slash', 'issuer', ficIssuer.endsWith('/') && !facts.iss.endsWith('/')
        ? `${n}: the issuer ends with "/" but the token's issuer (${facts.iss}) does not; matching is exact. Remove the trailing slash.`
        : `${n}: the token's issuer ends with "/" (${facts.iss}) but the credential's does not. ${setIssuer}.`); break;
      case 'v1-token': add('issuer-v1-token', 'issuer', `The token is a v1 token (issuer ${facts.iss}), which never matches the v2 issuer ${ficIssuer} of credential "${v.name}". Request the managed identity's token for ${expectedAudience(facts)}/.default; with a federation app, set its api.requestedAccessTokenVersion to 2.`); break;
      case 'v1-credential': add('issuer-mismatch', 'issuer', `${n}: the issuer ${ficIssuer} is the v1 form, but the token is a v2 token. ${setIssuer}.`); break;
      case 'other-tenant': add('issuer-other-tenant', 'issuer', `${n} trusts tenant ${parseEntraIssuer(ficIssuer, facts.knownAuthorities)?.tenant ?? '?'}, but the token comes from tenant ${facts.entraIssuer?.tenant ?? '?'}. ${setIssuer}, or use a managed identity of that tenant.`); break;
      case 'other-cloud': add('cross-cloud', 'issuer', `${n} trusts ${cloudDisplayName(parseEntraIssuer(ficIssuer, facts.knownAuthorities)?.cloud)}, but the token comes from ${tokenCloud}; federation across clouds is not supported. ${setIssuer}, or use an identity in the credential's cloud.`); break;
      case 'case': add('issuer-mismatch', 'issuer', `${n}: the issuer differs from the token's only in case; matching is case-sensitive. ${setIssuer}.`); break;
      case 'typo': add('issuer-mismatch', 'issuer', `${n}: the issuer ${ficIssuer} looks like a mistyped ${facts.iss}. ${setIssuer}.`); break;
      default: add('issuer-mismatch', 'issuer', `${n}: the issuer ${ficIssuer || '(empty)'} differs from the token's issuer ${facts.iss}. ${setIssuer}.`);
    }
  }

  const sv = v.subject;
  if (sv.closeness !== 'match') {
    const setSubject = `Set the subject to ${facts.sub}`;
    switch (sv.why) {
      case 'whitespace': add('whitespace', 'subject', `${n}: the subject has stray spaces or line breaks (${JSON.stringify(ficSubject)}); matching is exact. ${setSubject}.`); break;
      case 'case': add('subject-case', 'subject', `${n}: the subject ${ficSubject} differs from the token's only in case, and matching is case-sensitive (AADSTS7002138). ${setSubject}.`); break;
      case 'client-id': add('subject-is-client-id', 'subject', `${n}: the subject ${ficSubject} is the managed identity's client id; the token's subject is its object id. ${setSubject}.`); break;
      case 'typo': add('subject-mismatch', 'subject', `${n}: the subject ${ficSubject} looks like a mistyped ${facts.sub}. ${setSubject}.`); break;
      case 'flexible': add('subject-mismatch', 'subject', `${n} has no subject (a claims matching expression, used for GitHub, GitLab or Terraform), so it cannot match a managed identity's token. Add a credential with subject ${facts.sub}.`); break;
      case 'other-identity': add('subject-mismatch', 'subject', `${n} trusts managed identity "${sv.identityName}", but the token belongs to ${facts.sub}. ${setSubject}, or use that identity's token.`); break;
      default: add('subject-mismatch', 'subject', `${n}: the subject ${ficSubject} differs from the token's subject ${facts.sub}. ${setSubject}.`);
    }
  }

  const av = v.audience;
  if (av.closeness !== 'match') {
    const tokenAud = facts.aud[0];
    const tokenIsOfficial = facts.aud.some((a) => isOfficialExchangeAudience(a) || a.toLowerCase() === PUBLIC_EXCHANGE_AUDIENCE_GUID);
    const fix = tokenIsOfficial || !isOfficialExchangeAudience(ficAud.trim())
      ? `Set the audience to ${tokenIsOfficial ? expectedAudience(facts) : tokenAud}`
      : `Request the managed identity's token for ${ficAud.trim()}/.default (its audience is ${tokenAud})`;
    switch (av.why) {
      case 'whitespace': add('whitespace', 'audience', `${n}: the audience has stray spaces or line breaks (${JSON.stringify(ficAud)}); matching is exact. ${fix}.`); break;
      case 'scope-suffix': add('audience-mismatch', 'audience', `${n}: the audience ends with "/.default", which belongs to the scope, not the audience. ${fix}.`); break;
      case 'case': add('audience-mismatch', 'audience', `${n}: the audience ${ficAud} differs from the token's ${tokenAud} only in case. ${fix}.`); break;
      case 'typo': add('audience-mismatch', 'audience', `${n}: the audience ${ficAud} looks like a mistyped ${tokenAud}. ${fix}.`); break;
      case 'other-cloud': add('cross-cloud', 'audience', `${n}: the audience ${ficAud} belongs to another cloud than the token's ${tokenAud}; federation across clouds is not supported. ${fix}.`); break;
      default: add('audience-mismatch', 'audience', `${n}: the audience ${ficAud || '(none)'} differs from the token's audience ${tokenAud}. ${fix}.`);
    }
  } else {
    audienceNotes(v, facts, findings);
  }
}

function expectedAudienceFor(facts: AssertionFacts): string {
  const official = facts.aud.find((a) => isOfficialExchangeAudience(a));
  if (official) return official;
  if (facts.aud.some((a) => a.toLowerCase() === PUBLIC_EXCHANGE_AUDIENCE_GUID)) return expectedAudience(facts);
  return facts.aud[0];
}

/** Time findings are about the token; once a credential matched, name it in them too. */
function attachCredential(findings: Finding[], name: string): void {
  for (const f of findings) {
    if ((f.code === 'expired' || f.code === 'not-yet-valid' || f.code === 'unsigned-token') && f.credential === undefined) f.credential = name;
  }
}

/** The credential's audience as a string, whatever Graph (or a hand-edited JSON) put there. */
function firstAudience(fic: FederatedIdentityCredential): string {
  const a: unknown = Array.isArray(fic.audiences) ? fic.audiences[0] : undefined;
  return typeof a === 'string' ? a : '';
}
