// The Federation Report panels, host side: one panel per tenant (running the report again for
// a tenant refreshes its panel), each restored after a window reload by the serializer from the
// state its webview persisted. The report holds no token or secret, only counts and dates, so
// the whole of it may be persisted. Buttons in the panel run commands (reportCommandIds.ts).
import * as vscode from 'vscode';
import type { FederationReport } from '../../core/federationReportTypes';
import { idOf } from '../../model/refs';
import type { HostToReportWebview, ReportViewState } from '../../core/reportColumns';
import { assertNeverReport, isReportViewState, isReportWebviewToHost, REPORT_VIEW_TYPE } from '../../shared/reportProtocol';
import { EXPORT_REPORT_COMMAND, GO_SECRETLESS_COMMAND, REPORT_COMMAND, ROW_ACTION_COMMANDS } from './reportCommandIds';
import { reportHtml } from './reportHtml';

interface OpenReport {
  panel: vscode.WebviewPanel;
  state: ReportViewState | undefined;
  ready: boolean;
  renderedVersion: number;
  waiters: Array<{ version: number; resolve: () => void }>;
}

export interface ShowOptions {
  /** Offer "Go Secretless…" on the secrets rows. */
  goSecretless?: boolean;
}

export class FederationReports implements vscode.Disposable {
  private readonly open = new Map<string, OpenReport>();
  private version = 0;

  constructor(readonly extensionUri: vscode.Uri) {}

  /** The tenants with a report panel open. */
  tenants(): string[] {
    return [...this.open.keys()];
  }

  /** What a tenant's panel shows now (tests assert on this model, not only on text). */
  state(tenantId: string): ReportViewState | undefined {
    return this.open.get(tenantId)?.state;
  }

  report(tenantId: string): FederationReport | undefined {
    return this.state(tenantId)?.report;
  }

  /** Opens (or refreshes) the tenant's panel with a report; returns the state posted. */
  show(report: FederationReport, options: ShowOptions = {}): ReportViewState {
    const state: ReportViewState = { version: ++this.version, report, ...(options.goSecretless ? { goSecretless: true } : {}) };
    let entry = this.open.get(report.tenantId);
    if (!entry) entry = this.adopt(report.tenantId, createReportPanel(this.extensionUri, titleOf(report)));
    entry.state = state;
    const title = titleOf(report);
    if (entry.panel.title !== title) entry.panel.title = title;
    if (!entry.panel.active) entry.panel.reveal(undefined, false);
    this.post(entry, { type: 'show', state });
    return state;
  }

  /** Greys out the panel's actions while a refresh or fix runs for its tenant. */
  setBusy(tenantId: string, busy: string | undefined): void {
    const entry = this.open.get(tenantId);
    if (!entry?.state) return;
    entry.state = { ...entry.state, ...(busy ? { busy } : {}) };
    if (!busy) delete entry.state.busy;
    this.post(entry, { type: 'busy', version: entry.state.version, ...(busy ? { busy } : {}) });
  }

  /** A short confirmation in the panel (after Copy). */
  notify(tenantId: string, what: string): void {
    const entry = this.open.get(tenantId);
    if (entry) this.post(entry, { type: 'copied', what });
  }

  /** Resolves when the tenant's webview reports the given state version (default: the latest) on screen. */
  whenRendered(tenantId: string, version?: number, timeoutMs = 15_000): Promise<void> {
    const entry = this.open.get(tenantId);
    if (!entry) return Promise.reject(new Error(`No federation report is open for ${tenantId}.`));
    const wanted = version ?? entry.state?.version ?? 0;
    if (entry.renderedVersion >= wanted) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const waiter = { version: wanted, resolve: () => (clearTimeout(timer), resolve()) };
      const timer = setTimeout(() => {
        entry.waiters.splice(entry.waiters.indexOf(waiter), 1);
        reject(new Error(`The federation report did not render state ${wanted} within ${timeoutMs} ms.`));
      }, timeoutMs);
      entry.waiters.push(waiter);
    });
  }

  /** The serializer's entry: a panel VS Code kept across a reload, with its persisted state. */
  restore(panel: vscode.WebviewPanel, persisted: unknown): void {
    if (!isReportViewState<FederationReport>(persisted)) {
      // Nothing usable to show (an older format): close rather than leave an empty panel.
      panel.dispose();
      return;
    }
    const tenantId = persisted.report.tenantId;
    const previous = this.open.get(tenantId);
    this.open.delete(tenantId);
    const state: ReportViewState = { ...persisted, version: Math.max(this.version, persisted.version) + 1 };
    delete state.busy;
    this.version = state.version;
    const entry = this.adopt(tenantId, panel);
    entry.state = state;
    previous?.panel.dispose();
  }

  /** Closes a tenant's panel, if open; resolves once VS Code has disposed of it. */
  async close(tenantId: string): Promise<boolean> {
    const entry = this.open.get(tenantId);
    if (!entry) return false;
    const closed = new Promise<void>((resolve) => entry.panel.onDidDispose(() => resolve()));
    entry.panel.dispose();
    await closed;
    return true;
  }

  dispose(): void {
    for (const entry of this.open.values()) entry.panel.dispose();
    this.open.clear();
  }

  private adopt(tenantId: string, panel: vscode.WebviewPanel): OpenReport {
    const entry: OpenReport = { panel, state: undefined, ready: false, renderedVersion: 0, waiters: [] };
    this.open.set(tenantId, entry);
    const webview = panel.webview;
    webview.options = reportPanelOptions(this.extensionUri);
    const uri = (...path: string[]) => webview.asWebviewUri(vscode.Uri.joinPath(this.extensionUri, ...path)).toString();
    webview.html = reportHtml({
      cspSource: webview.cspSource,
      scriptUri: uri('dist', 'webview.js'),
      styleUri: uri('media', 'report.css'),
      codiconsUri: uri('dist', 'codicons', 'codicon.css'),
    });
    const subscriptions = [
      webview.onDidReceiveMessage((m: unknown) => this.receive(tenantId, entry, m)),
      panel.onDidDispose(() => {
        for (const s of subscriptions) s.dispose();
        if (this.open.get(tenantId) === entry) this.open.delete(tenantId);
      }),
    ];
    return entry;
  }

  private receive(tenantId: string, entry: OpenReport, message: unknown): void {
    if (!isReportWebviewToHost(message)) return;
    const tenantNode = { id: idOf({ kind: 'tenant', tenantId }) };
    switch (message.type) {
      case 'ready':
        entry.ready = true;
        if (entry.state) this.post(entry, { type: 'show', state: entry.state });
        return;
      case 'rendered':
        entry.renderedVersion = Math.max(entry.renderedVersion, message.version);
        for (const w of entry.waiters.filter((x) => x.version <= entry.renderedVersion)) {
          entry.waiters.splice(entry.waiters.indexOf(w), 1);
          w.resolve();
        }
        return;
      case 'refresh':
        void vscode.commands.executeCommand(REPORT_COMMAND, tenantNode);
        return;
      case 'export':
        void vscode.commands.executeCommand(EXPORT_REPORT_COMMAND, tenantNode, message.format);
        return;
      case 'row':
        if (message.action === 'goSecretless') {
          const row = entry.state?.report.secrets.find((r) => r.rowId === message.rowId);
          if (row) void vscode.commands.executeCommand(GO_SECRETLESS_COMMAND, { id: idOf({ kind: 'app', tenantId, objectId: row.app.objectId }) });
          return;
        }
        void vscode.commands.executeCommand(ROW_ACTION_COMMANDS[message.action], tenantNode, { category: message.category, rowId: message.rowId });
        return;
      default:
        assertNeverReport(message);
    }
  }

  private post(entry: OpenReport, message: HostToReportWebview): void {
    // Before `ready` the webview cannot listen yet; `ready` triggers a post of the current state.
    if (entry.ready) void entry.panel.webview.postMessage(message);
  }
}

function titleOf(report: FederationReport): string {
  return `Federation Report: ${report.tenantName ?? report.tenantId}`;
}

function reportPanelOptions(extensionUri: vscode.Uri): vscode.WebviewOptions & vscode.WebviewPanelOptions {
  return {
    enableScripts: true,
    enableFindWidget: true,
    localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'dist'), vscode.Uri.joinPath(extensionUri, 'media')],
  };
}

/** A new, empty report panel in the active column: what `show()` opens, or a restore adopts. */
export function createReportPanel(extensionUri: vscode.Uri, title = 'Federation Report'): vscode.WebviewPanel {
  return vscode.window.createWebviewPanel(REPORT_VIEW_TYPE, title, { viewColumn: vscode.ViewColumn.Active, preserveFocus: false }, reportPanelOptions(extensionUri));
}
