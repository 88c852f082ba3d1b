// The messages between the Federation Report panel's host side (src/views/report) and its
// webview (src/webview/report). Both sides switch on `type` exhaustively. The report holds no
// secret or token (only counts and expiry dates of secrets), so the webview may persist the
// whole state with setState and a reloaded window restores it without asking Graph again.
//
// Like every wire shape here it names nothing of src/core: the report's own type
// (core/federationReportTypes.ts) is the parameter `R`, and both sides bind it
// (core/reportColumns.ts), where the compiler checks the category names agree.

/** The report's tables, in the order the panel and the exports show them. */
export type ReportCategoryName = 'neverWorks' | 'trust' | 'budget' | 'secrets';

/** The webview type registered with VS Code (also the serializer's key). */
export const REPORT_VIEW_TYPE = 'miFederation.federationReport';

export interface ReportViewStateOf<R> {
  /** Bumped on every update; `rendered` echoes it so the host knows what is on screen. */
  version: number;
  report: R;
  /** A refresh or fix is running: the panel greys out its actions. */
  busy?: string;
  /** The secrets rows offer "Go Secretless…" (that command exists in this installation). */
  goSecretless?: boolean;
}

/** What a row button asks for. */
export type RowAction = 'reveal' | 'fix' | 'copy' | 'goSecretless';
export type ExportFormat = 'markdown' | 'csv' | 'json';

export type HostToReportWebviewOf<R> =
  | { type: 'show'; state: ReportViewStateOf<R> }
  | { type: 'busy'; version: number; busy?: string }
  | { type: 'copied'; what: string };

export type ReportWebviewToHost =
  | { type: 'ready' }
  | { type: 'rendered'; version: number; rows: number }
  | { type: 'refresh' }
  | { type: 'export'; format: ExportFormat }
  | { type: 'row'; action: RowAction; category: ReportCategoryName; rowId: string };

export const reportCategories: readonly ReportCategoryName[] = ['neverWorks', 'trust', 'budget', 'secrets'];

/** Exhaustiveness guard for `switch (message.type)` on either side. */
export function assertNeverReport(value: never): never {
  throw new Error(`Unhandled message: ${JSON.stringify(value)}`);
}

const formats: readonly string[] = ['markdown', 'csv', 'json'];
const actions: readonly string[] = ['reveal', 'fix', 'copy', 'goSecretless'];

/** Shape check of an incoming message (the other side is trusted code, but state is replayed). */
export function isReportWebviewToHost(value: unknown): value is ReportWebviewToHost {
  if (typeof value !== 'object' || value === null) return false;
  const m = value as Record<string, unknown>;
  switch (m.type) {
    case 'ready':
    case 'refresh':
      return true;
    case 'rendered':
      return typeof m.version === 'number' && typeof m.rows === 'number';
    case 'export':
      return typeof m.format === 'string' && formats.includes(m.format);
    case 'row':
      return typeof m.action === 'string' && actions.includes(m.action) && typeof m.rowId === 'string' && typeof m.category === 'string' && (reportCategories as readonly string[]).includes(m.category);
    default:
      return false;
  }
}

/** A persisted state handed back by VS Code after a reload: checked before it is shown. */
export function isReportViewState<R>(value: unknown): value is ReportViewStateOf<R> {
  const s = value as Partial<ReportViewStateOf<Record<string, unknown>>> | undefined;
  if (typeof s !== 'object' || s === null || typeof s.version !== 'number') return false;
  const r = s.report;
  return typeof r === 'object' && r !== null && typeof r.tenantId === 'string' && typeof r.summary === 'object' && reportCategories.every((c) => Array.isArray(r[c])) && Array.isArray(r.gaps);
}
