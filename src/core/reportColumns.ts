// The columns of the report's tables: one definition per category that the panel's webview
// draws, sorts and filters on, and the host's Copy turns into text, so what is copied is what is
// shown. Also binds the report panel's wire shapes (shared/reportProtocol.ts) to the report's
// type. Pure: no DOM, no vscode.
import type { HostToReportWebviewOf, ReportCategoryName, ReportViewStateOf } from '../shared/reportProtocol';
import type { BudgetRow, FederationReport, NeverWorksRow, ReportCategory, SecretsRow, TrustRow } from './federationReportTypes';
import { NEVER_WORKS_LABELS } from './reportExport';

export type ReportViewState = ReportViewStateOf<FederationReport>;
export type HostToReportWebview = HostToReportWebviewOf<FederationReport>;

/** The protocol's category names and the report's are the same set (a compile error otherwise). */
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : never) : never;
export const categoryNamesAgree: Same<ReportCategory, ReportCategoryName> = true;

export type CellValue = string | number;

export interface Column<R> {
  key: string;
  title: string;
  value(row: R): CellValue;
  /** Ids, issuers, subjects: drawn in the editor font. */
  mono?: boolean;
  /** Counts: right-aligned, sorted as numbers. */
  numeric?: boolean;
  /** Sentences: shown on a line under the row rather than in a column of their own. */
  detail?: boolean;
}

export interface RowsOf {
  neverWorks: NeverWorksRow;
  trust: TrustRow;
  budget: BudgetRow;
  secrets: SecretsRow;
}

export type AnyRow = RowsOf[ReportCategory];

const yesNo = (value: boolean) => (value ? 'yes' : 'no');
const appName = (app: { displayName: string; appId: string }) => app.displayName || app.appId;

export const columns: { [C in ReportCategory]: ReadonlyArray<Column<RowsOf[C]>> } = {
  neverWorks: [
    { key: 'problem', title: 'Problem', value: (r) => NEVER_WORKS_LABELS[r.kind] ?? r.kind },
    { key: 'app', title: 'App', value: (r) => appName(r.app) },
    { key: 'credential', title: 'Credential', value: (r) => r.credential.name },
    { key: 'issuer', title: 'Issuer', value: (r) => r.credential.issuer, mono: true },
    { key: 'subject', title: 'Subject', value: (r) => r.credential.subject ?? '(claims expression)', mono: true },
    { key: 'audience', title: 'Audience', value: (r) => r.credential.audience, mono: true },
    { key: 'why', title: 'Why', value: (r) => r.message, detail: true },
    { key: 'fix', title: 'Fix', value: (r) => r.fix?.summary ?? '', detail: true },
  ],
  trust: [
    { key: 'identity', title: 'Managed identity', value: (r) => r.identity.displayName },
    { key: 'kind', title: 'Kind', value: (r) => (r.identity.kind === 'userAssigned' ? 'user-assigned' : 'system-assigned') },
    { key: 'count', title: 'Trusted by', value: (r) => r.apps.length, numeric: true },
    { key: 'apps', title: 'Apps (credential)', value: (r) => r.apps.map((a) => `${appName(a)} (${a.credentialName})`).join(', ') },
    { key: 'many', title: 'Many apps', value: (r) => yesNo(r.many) },
  ],
  budget: [
    { key: 'app', title: 'App', value: (r) => appName(r.app) },
    { key: 'appId', title: 'Client id', value: (r) => r.app.appId, mono: true },
    { key: 'credentials', title: 'Credentials', value: (r) => r.credentials, numeric: true },
    { key: 'remaining', title: 'Remaining of 20', value: (r) => r.remaining, numeric: true },
  ],
  secrets: [
    { key: 'app', title: 'App', value: (r) => appName(r.app) },
    { key: 'secrets', title: 'Secrets', value: (r) => r.secrets, numeric: true },
    { key: 'certificates', title: 'Certificates', value: (r) => r.certificates, numeric: true },
    { key: 'soonest', title: 'Soonest expiry', value: (r) => r.soonestExpiry?.slice(0, 10) ?? '' },
    { key: 'expired', title: 'Expired', value: (r) => r.expired, numeric: true },
    { key: 'expiring', title: 'Expiring soon', value: (r) => r.expiringSoon, numeric: true },
    { key: 'mi', title: 'Managed-identity credential', value: (r) => yesNo(r.hasManagedIdentityCredential) },
    { key: 'candidate', title: 'Go-secretless candidate', value: (r) => yesNo(r.candidate) },
  ],
};

export function rowsOf<C extends ReportCategory>(report: FederationReport, category: C): ReadonlyArray<RowsOf[C]> {
  return report[category] as unknown as ReadonlyArray<RowsOf[C]>;
}

export function columnsOf<C extends ReportCategory>(category: C): ReadonlyArray<Column<RowsOf[C]>> {
  return columns[category] as ReadonlyArray<Column<RowsOf[C]>>;
}

export interface TableView {
  /** Lower-cased substring every shown row has in one of its cells. */
  filter: string;
  sortKey?: string;
  descending?: boolean;
}

/** The rows a table shows: those matching the filter, in the chosen order (stable). */
export function visibleRows<C extends ReportCategory>(category: C, rows: ReadonlyArray<RowsOf[C]>, view: TableView): Array<RowsOf[C]> {
  const cols = columnsOf(category);
  const needle = view.filter.trim().toLowerCase();
  const shown = needle ? rows.filter((row) => cols.some((c) => String(c.value(row)).toLowerCase().includes(needle))) : [...rows];
  const column = cols.find((c) => c.key === view.sortKey);
  if (!column) return shown;
  const sign = view.descending ? -1 : 1;
  return shown
    .map((row, index) => ({ row, index, value: column.value(row) }))
    .sort((a, b) => sign * compare(a.value, b.value) || a.index - b.index)
    .map((x) => x.row);
}

function compare(a: CellValue, b: CellValue): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return String(a).localeCompare(String(b), undefined, { numeric: true, sensitivity: 'base' });
}

/** One row as text: "Column: value" lines, as Copy puts it on the clipboard. */
export function rowText<C extends ReportCategory>(category: C, row: RowsOf[C]): string {
  return columnsOf(category)
    .map((c) => [c.title, String(c.value(row))] as const)
    .filter(([, value]) => value !== '')
    .map(([title, value]) => `${title}: ${value}`)
    .join('\n');
}

/** The row of a category by its id, if the report still has it. */
export function findRow<C extends ReportCategory>(report: FederationReport, category: C, rowId: string): RowsOf[C] | undefined {
  return rowsOf(report, category).find((r) => r.rowId === rowId);
}
