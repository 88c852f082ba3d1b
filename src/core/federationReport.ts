// The tenant federation report from what the loader read: which credentials can never work,
// which managed identity each app trusts, which apps are near the 20-credential limit, and which
// still hold secrets or certificates (and could drop them now). Pure: the same input gives the
// same report, row ids included, so the webview and the commands can name rows across redraws.
import type { FederatedIdentityCredential } from '@microsoft/microsoft-graph-types';
import { parseEntraIssuer } from './clouds';
import { MAX_CREDENTIALS_PER_APP } from './credentialLimits';
import { validateFederatedCredential } from './credentials';
import {
  type RowFix,
  EXPIRING_WITHIN_DAYS,
  MANY_TRUSTING_APPS,
  NEAR_CREDENTIAL_LIMIT,
  type AppRef,
  type BudgetRow,
  type FederationReport,
  type NeverWorksRow,
  type ReportApp,
  type ReportIdentity,
  type ReportInput,
  type SecretsRow,
  type TrustRow,
} from './federationReportTypes';
import { neverWorksFindings, type FindingContext } from './reportFindings';

const DAY_MS = 24 * 60 * 60 * 1000;

export function buildFederationReport(input: ReportInput): FederationReport {
  // Without the identity list, "names no identity" and "is an identity's client id" are unknown:
  // those checks are skipped rather than guessed.
  const identitiesKnown = !input.gaps.some((g) => g.part === 'identities');
  const apps = [...input.apps].sort(byAppName);
  const context: FindingContext = {
    tenantId: input.tenantId,
    knownAuthorities: input.knownAuthorities,
    ...(input.authority ? { authority: input.authority } : {}),
    identities: identitiesKnown ? input.identities : undefined,
    subjectExists: input.subjectExists,
    appsComplete: !input.gaps.some((g) => g.part === 'apps'),
    federationAudiences: new Set(input.apps.flatMap((a) => (a.identifierUris ?? []).map((u) => u.trim().toLowerCase()))),
  };

  const neverWorks: NeverWorksRow[] = [];
  const broken = new Set<FederatedIdentityCredential>();
  for (const app of apps) {
    for (const fic of [...app.federatedIdentityCredentials].sort(byCredentialName)) {
      const findings = neverWorksFindings(fic, context);
      if (findings.length > 0) broken.add(fic);
      for (const finding of findings) {
        neverWorks.push({
          rowId: `neverWorks/${app.id}/${credentialKey(fic)}/${finding.kind}`,
          kind: finding.kind,
          app: appRef(app),
          credential: {
            id: fic.id ?? '',
            name: fic.name ?? '',
            issuer: fic.issuer ?? '',
            subject: typeof fic.subject === 'string' ? fic.subject : null,
            audience: fic.audiences?.[0] ?? '',
          },
          message: finding.message,
          ...(finding.fix ? { fix: applicableFix(finding.fix, fic, app) } : {}),
        });
      }
    }
  }

  const trust = identitiesKnown ? trustRows(apps, input) : [];
  // "Already trusts an identity": through a credential that can work as it is written.
  const working = new Set(trust.flatMap((row) => row.apps.filter((a) => !broken.has(a.credential) && worksAsWritten(a.credential, row.identity, input)).map((a) => a.ref.objectId)));
  const budget = apps.filter((a) => a.federatedIdentityCredentials.length >= NEAR_CREDENTIAL_LIMIT).map(budgetRow);
  const secrets = apps
    .filter((a) => a.passwordCredentials.length + a.keyCredentials.length > 0)
    .map((a) => secretsRow(a, input.now, working.has(a.id)));
  const trustOut: TrustRow[] = trust.map((row) => ({
    rowId: row.rowId,
    identity: row.identity,
    apps: row.apps.map((a) => ({ ...a.ref, credentialName: a.credential.name ?? '' })),
    many: row.many,
  }));

  return {
    tenantId: input.tenantId,
    ...(input.tenantName !== undefined ? { tenantName: input.tenantName } : {}),
    generatedAt: new Date(input.now).toISOString(),
    summary: {
      apps: input.apps.length,
      credentials: input.apps.reduce((n, a) => n + a.federatedIdentityCredentials.length, 0),
      identities: input.identities.length,
      neverWorks: neverWorks.length,
      trustedIdentities: trustOut.filter((r) => r.apps.length > 0).length,
      identitiesTrustedByMany: trustOut.filter((r) => r.many).length,
      nearLimit: budget.length,
      appsWithSecrets: secrets.length,
      expired: secrets.reduce((n, r) => n + r.expired, 0),
      expiringSoon: secrets.reduce((n, r) => n + r.expiringSoon, 0),
      candidates: secrets.filter((r) => r.candidate).length,
    },
    neverWorks,
    trust: trustOut,
    budget,
    secrets,
    gaps: [...input.gaps],
  };
}

/**
 * The fix as Graph would take it: an edit that would give the credential the issuer and subject
 * of another credential of the app is refused (the pair is unique per app), so the fix is then
 * to delete this one and keep the other (corrected by its own row, if it has one).
 */
function applicableFix(fix: RowFix, fic: FederatedIdentityCredential, app: ReportApp): RowFix {
  if (fix.action !== 'edit' || (fix.changes.issuer === undefined && fix.changes.subject === undefined)) return fix;
  const candidate = { ...fic, ...fix.changes };
  const name = fic.name ?? '';
  const problems = validateFederatedCredential(candidate, app.federatedIdentityCredentials, { updating: name });
  if (!problems.some((p) => p.code === 'issuer-subject-taken')) return fix;
  const twin = app.federatedIdentityCredentials.find((f) => f !== fic && f.issuer === candidate.issuer && f.subject === candidate.subject);
  return { action: 'delete', summary: `Delete the credential: corrected, it would repeat the issuer and subject of "${twin?.name ?? '?'}", which an app may hold once` };
}

interface TrustDraft {
  rowId: string;
  identity: ReportIdentity;
  apps: Array<{ ref: AppRef; credential: FederatedIdentityCredential }>;
  many: boolean;
}

/**
 * Every identity of the tenant with the credentials that name it: its object id as subject and
 * an Entra issuer of this tenant (a managed identity's token is issued by its own tenant). A
 * credential broken otherwise still shows the intent to trust, so it is listed too.
 */
function trustRows(apps: readonly ReportApp[], input: ReportInput): TrustDraft[] {
  const byId = new Map<string, TrustDraft>();
  const identities = [...input.identities].sort((a, b) => compareText(a.displayName, b.displayName) || compareText(a.id, b.id));
  for (const identity of identities) byId.set(identity.id.toLowerCase(), { rowId: `trust/${identity.id}`, identity, apps: [], many: false });
  const tenant = input.tenantId.toLowerCase();
  for (const app of apps) {
    for (const fic of [...app.federatedIdentityCredentials].sort(byCredentialName)) {
      if (typeof fic.subject !== 'string') continue;
      const row = byId.get(fic.subject.trim().toLowerCase());
      if (!row) continue;
      const entra = parseEntraIssuer((fic.issuer ?? '').trim(), input.knownAuthorities);
      if (!entra || entra.tenant.toLowerCase() !== tenant) continue;
      row.apps.push({ ref: appRef(app), credential: fic });
    }
  }
  const rows = [...byId.values()];
  for (const row of rows) row.many = new Set(row.apps.map((a) => a.ref.objectId)).size >= MANY_TRUSTING_APPS;
  return rows;
}

/** Exactly the identity's object id and the canonical v2 issuer: what its token carries. */
function worksAsWritten(fic: FederatedIdentityCredential, identity: ReportIdentity, input: ReportInput): boolean {
  const entra = parseEntraIssuer(fic.issuer ?? '', input.knownAuthorities);
  return fic.subject === identity.id.toLowerCase() && entra?.version === '2.0' && entra.canonical;
}

function budgetRow(app: ReportApp): BudgetRow {
  const credentials = app.federatedIdentityCredentials.length;
  return { rowId: `budget/${app.id}`, app: appRef(app), credentials, remaining: Math.max(0, MAX_CREDENTIALS_PER_APP - credentials) };
}

function secretsRow(app: ReportApp, now: number, hasManagedIdentityCredential: boolean): SecretsRow {
  const soon = now + EXPIRING_WITHIN_DAYS * DAY_MS;
  let expired = 0;
  let expiringSoon = 0;
  let soonest: number | undefined;
  for (const item of [...app.passwordCredentials, ...app.keyCredentials]) {
    const end = item.endDateTime ? Date.parse(item.endDateTime) : NaN;
    // No end date (or one that does not parse): it never expires as far as the report can tell.
    if (Number.isNaN(end)) continue;
    if (end <= now) {
      expired++;
      continue;
    }
    if (end <= soon) expiringSoon++;
    if (soonest === undefined || end < soonest) soonest = end;
  }
  return {
    rowId: `secrets/${app.id}`,
    app: appRef(app),
    secrets: app.passwordCredentials.length,
    certificates: app.keyCredentials.length,
    ...(soonest !== undefined ? { soonestExpiry: new Date(soonest).toISOString() } : {}),
    expired,
    expiringSoon,
    hasManagedIdentityCredential,
    // Only apps with a secret or certificate get a row, so trusting an identity is what decides.
    candidate: hasManagedIdentityCredential,
  };
}

function appRef(app: ReportApp): AppRef {
  return { objectId: app.id, appId: app.appId, displayName: app.displayName ?? app.appId };
}

/** The credential's id, else its name (both are keys within the app). */
function credentialKey(fic: FederatedIdentityCredential): string {
  return fic.id || `name:${fic.name ?? ''}`;
}

function byAppName(a: ReportApp, b: ReportApp): number {
  return compareText(a.displayName ?? a.appId, b.displayName ?? b.appId) || compareText(a.id, b.id);
}

function byCredentialName(a: FederatedIdentityCredential, b: FederatedIdentityCredential): number {
  return compareText(a.name ?? '', b.name ?? '') || compareText(a.id ?? '', b.id ?? '');
}

/** Locale-independent, so the same input sorts the same on every machine. */
function compareText(a: string, b: string): number {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  if (x !== y) return x < y ? -1 : 1;
  return a < b ? -1 : a > b ? 1 : 0;
}
