// The federation report as files a person saves: Markdown to read or paste into a ticket, CSV
// for a spreadsheet, JSON for scripts. Pure text from the report; nothing secret exists in a
// report (secrets are counted and dated, their hints are never copied in), so none is written.
import type { FederationReport, NeverWorksKind, ReportCategory } from './federationReportTypes';

export type ReportExportFormat = 'markdown' | 'csv' | 'json';

export const REPORT_JSON_FORMAT = 'mi-federation-report';
export const REPORT_JSON_VERSION = 1;

/** Headings of the categories, in the order the report lists them. */
export const CATEGORY_TITLES: Readonly<Record<ReportCategory, string>> = {
  neverWorks: 'Credentials that can never work',
  trust: 'Managed identities and the apps that trust them',
  budget: 'Apps at or near the 20-credential limit',
  secrets: 'Apps with client secrets or certificates',
};

/** A few words per kind, for tables and the CSV. */
export const NEVER_WORKS_LABELS: Readonly<Record<NeverWorksKind, string>> = {
  'dangling-subject': 'Subject names no existing object',
  'subject-is-client-id': "Subject is an identity's client id",
  'issuer-whitespace': 'Issuer has whitespace',
  'issuer-trailing-slash': 'Issuer ends with a slash',
  'issuer-v1': 'v1 issuer',
  'issuer-other-tenant': 'Issuer of another tenant',
  'audience-not-official': 'Unofficial audience',
  'flexible-unsupported-issuer': 'Flexible credential on an unsupported issuer',
};

export function exportReport(report: FederationReport, format: ReportExportFormat): string {
  switch (format) {
    case 'markdown':
      return reportMarkdown(report);
    case 'csv':
      return reportCsv(report);
    case 'json':
      return reportJson(report);
  }
}

/** `federation-report-contoso-2026-12-01.md`: the tenant's name (or id) and the report's date. */
export function reportFileName(report: FederationReport, format: ReportExportFormat): string {
  const name = (report.tenantName ?? report.tenantId).toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '') || 'tenant';
  const extension = format === 'markdown' ? 'md' : format;
  return `federation-report-${name}-${report.generatedAt.slice(0, 10)}.${extension}`;
}

// --- JSON ----------------------------------------------------------------------------------

/** The report itself, with a format name and version first so a reader can tell what it holds. */
export function reportJson(report: FederationReport): string {
  return `${JSON.stringify({ format: REPORT_JSON_FORMAT, version: REPORT_JSON_VERSION, ...report }, null, 2)}\n`;
}

// --- CSV -----------------------------------------------------------------------------------

/**
 * One table for every category (RFC 4180: CRLF line ends, fields quoted when they hold a comma,
 * quote or line break, quotes doubled). Columns, empty where they do not apply:
 * - `category`: neverWorks, trust, budget or secrets; `rowId`: the report's id of the row;
 * - `app`, `appId`, `appObjectId`: the app (for trust: an app that trusts the identity);
 * - neverWorks: `kind`, `credential`, `issuer`, `subject`, `audience`, `message`, `fix`;
 * - trust: `identity`, `identityObjectId`, `identityClientId`, `identityKind`, `trustedByApps`
 *   (distinct apps), `many`, and `credential` naming the trusting credential. One line per
 *   trusting credential; an identity no app trusts has one line with no app;
 * - budget: `credentials`, `remaining`;
 * - secrets: `secrets`, `certificates`, `soonestExpiry`, `expired`, `expiringSoon`,
 *   `hasManagedIdentityCredential`, `candidate`.
 */
export const CSV_COLUMNS = [
  'category', 'rowId', 'app', 'appId', 'appObjectId',
  'kind', 'credential', 'issuer', 'subject', 'audience', 'message', 'fix',
  'identity', 'identityObjectId', 'identityClientId', 'identityKind', 'trustedByApps', 'many',
  'credentials', 'remaining',
  'secrets', 'certificates', 'soonestExpiry', 'expired', 'expiringSoon', 'hasManagedIdentityCredential', 'candidate',
] as const;

type CsvColumn = (typeof CSV_COLUMNS)[number];
type CsvRecord = Partial<Record<CsvColumn, string | number | boolean | null | undefined>>;

export function reportCsv(report: FederationReport): string {
  const records: CsvRecord[] = [];
  for (const row of report.neverWorks) {
    records.push({
      category: 'neverWorks', rowId: row.rowId, app: row.app.displayName, appId: row.app.appId, appObjectId: row.app.objectId,
      kind: row.kind, credential: row.credential.name, issuer: row.credential.issuer, subject: row.credential.subject,
      audience: row.credential.audience, message: row.message, fix: row.fix?.summary,
    });
  }
  for (const row of report.trust) {
    const identity: CsvRecord = {
      category: 'trust', rowId: row.rowId, identity: row.identity.displayName, identityObjectId: row.identity.id,
      identityClientId: row.identity.appId, identityKind: row.identity.kind, trustedByApps: new Set(row.apps.map((a) => a.objectId)).size, many: row.many,
    };
    if (row.apps.length === 0) records.push(identity);
    for (const app of row.apps) records.push({ ...identity, app: app.displayName, appId: app.appId, appObjectId: app.objectId, credential: app.credentialName });
  }
  for (const row of report.budget) {
    records.push({ category: 'budget', rowId: row.rowId, app: row.app.displayName, appId: row.app.appId, appObjectId: row.app.objectId, credentials: row.credentials, remaining: row.remaining });
  }
  for (const row of report.secrets) {
    records.push({
      category: 'secrets', rowId: row.rowId, app: row.app.displayName, appId: row.app.appId, appObjectId: row.app.objectId,
      secrets: row.secrets, certificates: row.certificates, soonestExpiry: row.soonestExpiry, expired: row.expired,
      expiringSoon: row.expiringSoon, hasManagedIdentityCredential: row.hasManagedIdentityCredential, candidate: row.candidate,
    });
  }
  const lines = [CSV_COLUMNS.join(','), ...records.map((r) => CSV_COLUMNS.map((c) => csvField(r[c])).join(','))];
  return `${lines.join('\r\n')}\r\n`;
}

function csvField(value: string | number | boolean | null | undefined): string {
  if (value === undefined || value === null) return '';
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

// --- Markdown ------------------------------------------------------------------------------

export function reportMarkdown(report: FederationReport): string {
  const s = report.summary;
  const out: string[] = [];
  out.push(`# Federation report: ${mdText(report.tenantName ?? report.tenantId)}`, '');
  out.push(`Tenant ${mdText(report.tenantId)}, made ${mdText(report.generatedAt)}.`, '');
  if (report.gaps.length > 0) {
    out.push('> **Partial report.** Some of the tenant could not be read, so rows may be missing:');
    for (const gap of report.gaps) out.push(`> - ${mdText(gap.message)}`);
    out.push('');
  }
  out.push('## Summary', '');
  out.push(...table(['', 'count'], [
    ['App registrations', s.apps],
    ['Federated credentials', s.credentials],
    ['Managed identities', s.identities],
    ['Credentials that can never work', s.neverWorks],
    ['Identities trusted by an app', s.trustedIdentities],
    ['Identities trusted by many apps', s.identitiesTrustedByMany],
    ['Apps near the credential limit', s.nearLimit],
    ['Apps with secrets or certificates', s.appsWithSecrets],
    ['Secrets and certificates expired', s.expired],
    ['Secrets and certificates expiring soon', s.expiringSoon],
    ['Apps that can go secretless now', s.candidates],
  ]));

  section(out, 'neverWorks', ['App', 'Credential', 'Problem', 'Issuer', 'Subject', 'Audience', 'Why', 'Fix'], report.neverWorks.map((r) => [
    r.app.displayName, r.credential.name, NEVER_WORKS_LABELS[r.kind], r.credential.issuer, r.credential.subject ?? '', r.credential.audience, r.message, r.fix?.summary ?? '',
  ]));
  section(out, 'trust', ['Identity', 'Kind', 'Object id', 'Client id', 'Trusted by', 'Many'], report.trust.map((r) => [
    r.identity.displayName, r.identity.kind === 'userAssigned' ? 'user-assigned' : 'system-assigned', r.identity.id, r.identity.appId,
    r.apps.map((a) => `${a.displayName} (${a.credentialName})`).join('\n'), r.many ? 'yes' : '',
  ]));
  section(out, 'budget', ['App', 'App id', 'Credentials', 'Remaining'], report.budget.map((r) => [r.app.displayName, r.app.appId, r.credentials, r.remaining]));
  section(out, 'secrets', ['App', 'App id', 'Secrets', 'Certificates', 'Soonest expiry', 'Expired', 'Expiring soon', 'Trusts an identity', 'Candidate'], report.secrets.map((r) => [
    r.app.displayName, r.app.appId, r.secrets, r.certificates, r.soonestExpiry ?? '', r.expired, r.expiringSoon, r.hasManagedIdentityCredential ? 'yes' : '', r.candidate ? 'yes' : '',
  ]));
  return `${out.join('\n')}\n`;
}

function section(out: string[], category: ReportCategory, headers: string[], rows: Array<Array<string | number>>): void {
  out.push(`## ${CATEGORY_TITLES[category]}`, '');
  if (rows.length === 0) out.push('None.', '');
  else out.push(...table(headers, rows));
}

function table(headers: string[], rows: Array<Array<string | number>>): string[] {
  const line = (cells: Array<string | number>) => `| ${cells.map((c) => mdCell(String(c))).join(' | ')} |`;
  return [line(headers), `|${headers.map(() => ' --- ').join('|')}|`, ...rows.map(line), ''];
}

/**
 * A value as literal text in a table cell: Markdown's punctuation backslash-escaped (a pipe
 * would end the cell, `<` start HTML), line breaks as `<br>` so a row stays one line.
 */
export function mdCell(value: string): string {
  return escapeMarkdown(value).replace(/\r\n|\r|\n/g, '<br>');
}

/** Literal text outside a table: the same escapes, line breaks as spaces. */
function mdText(value: string): string {
  return escapeMarkdown(value).replace(/\r\n|\r|\n/g, ' ');
}

function escapeMarkdown(value: string): string {
  return value.replace(/[\\`*_[\]<>|#~&!]/g, (c) => `\\${c}`);
}
