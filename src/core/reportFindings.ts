// Why one federated credential can never work, as the report's "never works" rows: each is a
// mistake Entra accepts when the credential is written and refuses at every exchange. The rules
// are the extension's credential rules (`credentialWarnings`, the issuer helpers of clouds.ts);
// this file only picks the findings that are certain failures and works out their fix.
import type { FederatedIdentityCredential } from '@microsoft/microsoft-graph-types';
import { CLOUDS, parseEntraIssuer, type EntraIssuer } from './clouds';
import { credentialWarnings, type Problem } from './credentials';
import type { NeverWorksKind, ReportIdentity, RowFix } from './federationReportTypes';
import { isFlexible, supportsFlexibleCredentials } from './flexibleCredentials';
import { isGuid } from './guid';
import { boundedEditDistance } from './textDistance';

/** What the checks of one credential need to know of its tenant. */
export interface FindingContext {
  tenantId: string;
  knownAuthorities?: readonly string[];
  /** The signed-in cloud's authority: where a v1 issuer's v2 replacement lives. */
  authority?: string;
  /** The tenant's identities; undefined when they could not be listed (those checks are skipped). */
  identities?: readonly ReportIdentity[];
  /** Object ids known to exist (lower-case) → true, known absent → false; absent keys were not asked. */
  subjectExists?: ReadonlyMap<string, boolean>;
  /** Application ID URIs of the tenant's apps: the audiences of the federation-app pattern (2022). */
  federationAudiences: ReadonlySet<string>;
  /** False when some apps could not be read: an unofficial audience may be the URI of one of them. */
  appsComplete: boolean;
}

export interface Finding {
  kind: NeverWorksKind;
  message: string;
  fix?: RowFix;
}

/** Edits that turn a value into the official audience and still count as a typo of it. */
const MISSPELLING_DISTANCE = 3;

/**
 * The findings of one credential, in a fixed order (issuer, subject, audience, expression): the
 * order its rows are listed in.
 */
export function neverWorksFindings(fic: FederatedIdentityCredential, context: FindingContext): Finding[] {
  const issuer = typeof fic.issuer === 'string' ? fic.issuer : '';
  const subject = typeof fic.subject === 'string' ? fic.subject : null;
  const audience = Array.isArray(fic.audiences) && fic.audiences.length === 1 ? fic.audiences[0] : undefined;
  const warnings = credentialWarnings(
    { issuer, subject, audiences: fic.audiences ?? [] },
    { knownAuthorities: context.knownAuthorities, managedIdentities: context.identities },
  );
  const has = (code: Problem['code'], field?: Problem['field']) => warnings.find((w) => w.code === code && (field === undefined || w.field === field));
  const entra = parseEntraIssuer(issuer.trim(), context.knownAuthorities);
  const findings: Finding[] = [];

  // Every fix of the issuer writes it whole as the token carries it, so fixing one row of a
  // credential never leaves another issuer problem behind.
  const v2 = entra ? canonicalIssuer(entra, context) : undefined;
  if (has('whitespace', 'issuer')) {
    const cleaned = v2 ?? issuer.replace(/\s+/g, '');
    findings.push({
      kind: 'issuer-whitespace',
      message: `The issuer ${JSON.stringify(issuer)} contains spaces or line breaks; a token's issuer never does and Entra compares them exactly.`,
      fix: { action: 'edit', changes: { issuer: cleaned }, summary: `Remove the whitespace: ${cleaned}` },
    });
  }

  if (entra && v2) {
    if (has('issuer-trailing-slash')) {
      findings.push({
        kind: 'issuer-trailing-slash',
        message: 'The issuer ends with "/"; the token\'s issuer has none and Entra compares them exactly.',
        fix: { action: 'edit', changes: { issuer: v2 }, summary: `Remove the trailing slash: ${v2}` },
      });
    }
    if (entra.version === '1.0') {
      findings.push({
        kind: 'issuer-v1',
        message: `The issuer is the v1 form (${issuer.trim()}); a managed identity's token for the exchange audience is v2 and carries ${v2}.`,
        fix: { action: 'edit', changes: { issuer: v2 }, summary: `Use the v2 issuer ${v2}` },
      });
    }
    const issuerTenant = isGuid(entra.tenant) ? entra.tenant.toLowerCase() : undefined;
    const otherTenant = issuerTenant !== undefined && issuerTenant !== context.tenantId.toLowerCase();
    if (otherTenant) {
      findings.push({
        kind: 'issuer-other-tenant',
        message: `The issuer names tenant ${issuerTenant}, not this app's tenant; Entra accepts a managed identity's token only for apps of the identity's own tenant (AADSTS700236).`,
      });
    }
    findings.push(...subjectFindings(subject, otherTenant, has('subject-is-client-id') !== undefined, context));
    const official = entra.cloud === 'sandbox' ? CLOUDS.public.exchangeAudience : CLOUDS[entra.cloud].exchangeAudience;
    if (has('audience-not-official') && audience !== undefined && isUnknownAudience(audience, official, context)) {
      findings.push({
        kind: 'audience-not-official',
        message: `The audience "${audience}" is neither ${official} nor the Application ID URI of an app of this tenant, so no managed identity's token carries it.`,
        fix: { action: 'edit', changes: { audiences: [official] }, summary: `Use the official audience ${official}` },
      });
    }
  }

  if (isFlexible(fic) && !supportsFlexibleCredentials(issuer)) {
    findings.push({
      kind: 'flexible-unsupported-issuer',
      message: `The credential matches claims with an expression, which Entra supports only for GitHub, GitLab and Terraform Cloud tokens; issuer ${issuer.trim() || '(none)'} is none of them.`,
      fix: { action: 'delete', summary: 'Delete the credential; add one with a subject instead' },
    });
  }
  return findings;
}

/**
 * Not the URI of any app read. When some apps were not read, only a misspelling of the official
 * audience is certain (no federation app is named like that); anything else is not guessed.
 */
function isUnknownAudience(audience: string, official: string, context: FindingContext): boolean {
  const value = audience.trim().toLowerCase();
  if (context.federationAudiences.has(value)) return false;
  return context.appsComplete || boundedEditDistance(value, official.toLowerCase(), MISSPELLING_DISTANCE) <= MISSPELLING_DISTANCE;
}

function subjectFindings(subject: string | null, otherTenant: boolean, clientIdWarning: boolean, context: FindingContext): Finding[] {
  if (subject === null || context.identities === undefined) return [];
  const s = subject.trim();
  const asClient = context.identities.find((mi) => mi.appId.toLowerCase() === s.toLowerCase() && mi.id.toLowerCase() !== s.toLowerCase());
  if (clientIdWarning && asClient) {
    return [{
      kind: 'subject-is-client-id',
      message: `The subject is the client id of managed identity "${asClient.displayName}"; its token's subject is the object id ${asClient.id}.`,
      fix: { action: 'edit', changes: { subject: asClient.id.toLowerCase() }, summary: `Use the identity's object id ${asClient.id.toLowerCase()}` },
    }];
  }
  // A subject of another tenant names an object there, which this tenant's directory cannot see.
  if (otherTenant || asClient || !isGuid(s)) return [];
  const id = s.toLowerCase();
  if (context.identities.some((mi) => mi.id.toLowerCase() === id)) return [];
  if (context.subjectExists?.get(id) !== false) return [];
  return [{
    kind: 'dangling-subject',
    message: `No object with id ${id} exists in this tenant: the identity was deleted (or recreated with a new id), so no token carries this subject.`,
    fix: { action: 'delete', summary: 'Delete the credential: the identity it trusted is gone' },
  }];
}

/**
 * `{authority}/{tenant}/v2.0` of the issuer's cloud (for a v1 issuer, of the signed-in cloud),
 * with the issuer's own tenant when it names one by id.
 */
function canonicalIssuer(entra: EntraIssuer, context: Pick<FindingContext, 'tenantId' | 'authority'>): string {
  const tenant = isGuid(entra.tenant) ? entra.tenant.toLowerCase() : context.tenantId.toLowerCase();
  const authority = entra.version === '1.0' && context.authority ? context.authority.replace(/\/+$/, '') : entra.authority;
  return `${authority}/${tenant}/v2.0`;
}
