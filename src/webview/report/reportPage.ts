// The Federation Report's page (in dist/webview.js, runs in the browser). It renders what the
// host sends, persists that state with the user's filters and sort orders (the report holds no
// token or secret) for the panel serializer, and says `ready` first.
import { reportRowCount, type FederationReport, type ReportCategory } from '../../core/federationReportTypes';
import type { HostToReportWebview, ReportViewState } from '../../core/reportColumns';
import { assertNeverReport, isReportViewState, type ReportWebviewToHost } from '../../shared/reportProtocol';
import { toast } from '../dom';
import { renderReport, type ReportActions, type TableViews } from './render';

/** What the webview persists: the host's state plus how the user left the tables. */
interface Persisted extends ReportViewState {
  tables?: TableViews;
}

export interface VsCodeApi {
  postMessage(message: ReportWebviewToHost): void;
  getState(): unknown;
  setState(state: Persisted): void;
}

/** Runs the page: `vscode` is the webview's one acquireVsCodeApi(), `root` the page's #app. */
export function startReport(vscode: VsCodeApi, root: HTMLElement): void {
  let state: ReportViewState | undefined;
  let tables: TableViews = {};

  const persist = () => state && vscode.setState({ ...state, tables });

  const actions: ReportActions = {
    refresh: () => vscode.postMessage({ type: 'refresh' }),
    exportAs: (format) => vscode.postMessage({ type: 'export', format }),
    row: (action, category, rowId) => vscode.postMessage({ type: 'row', action, category, rowId }),
    viewChanged: (category: ReportCategory, view) => {
      tables = { ...tables, [category]: view };
      persist();
    },
  };

  function show(next: ReportViewState): void {
    // A new report of the same tenant keeps the user's filters and sort orders.
    state = next;
    persist();
    renderReport(root, next, tables, actions);
    const rows = reportRowCount(next.report);
    vscode.postMessage({ type: 'rendered', version: next.version, rows });
  }

  window.addEventListener('message', (event: MessageEvent<HostToReportWebview>) => {
    const message = event.data;
    switch (message.type) {
      case 'show':
        show(message.state);
        return;
      case 'busy': {
        if (!state || state.version !== message.version) return;
        state = { ...state, ...(message.busy ? { busy: message.busy } : {}) };
        if (!message.busy) delete state.busy;
        persist();
        renderReport(root, state, tables, actions);
        return;
      }
      case 'copied':
        toast(`${message.what} copied to the clipboard.`);
        return;
      default:
        assertNeverReport(message);
    }
  });


  // A restored or re-shown webview paints its persisted state at once; the host answers `ready`
  // with the current state anyway.
  const persisted = vscode.getState() as Persisted | undefined;
  if (isReportViewState<FederationReport>(persisted)) {
    state = persisted;
    tables = persisted.tables ?? {};
    renderReport(root, persisted, tables, actions);
  }
  vscode.postMessage({ type: 'ready' });
}
