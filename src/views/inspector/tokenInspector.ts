// The Token Inspector panel, host side: one panel that shows the chain of the latest flow. The
// raw tokens stay here (for Copy and the signature check); the webview gets decoded claims only
// and persists nothing else, so a panel restored after a reload has no token to leak.
import * as vscode from 'vscode';
import type { Diagnosis } from '../../core/doctor';
import type { Log } from '../../log';
import { assertNever, INSPECTOR_VIEW_TYPE, isWebviewToHost, type HostToWebview, type InspectorState, type SignatureStatus, type WebviewToHost } from '../../shared/protocol';
import { inspectorHtml } from './inspectorHtml';
import { buildInspectorState, type InspectorFlow } from './inspectorModel';
import { verifySignature } from './signature';
import type { DecodedJwt } from '../../core/jwt';

/** Longest wait for the webview's `rendered` before the signature checks start anyway. */
const SIGNATURE_CHECK_DELAY_MS = 1_000;

export interface InspectorEnvironment {
  /** Extra CA for loopback issuers (the sandbox tenant's). */
  ca?: string;
  knownAuthorities?: readonly string[];
}


export class TokenInspector implements vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;
  private webviewReady = false;
  private current: InspectorState | undefined;
  private tokens = new Map<string, { raw: string; jwt: DecodedJwt }>();
  private version = 0;
  private renderedVersion = 0;
  private readonly renderWaiters: Array<{ version: number; resolve: () => void }> = [];
  private checks: AbortController | undefined;
  private signaturesDone: Promise<void> = Promise.resolve();
  private diagnosis: Diagnosis | undefined;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    readonly extensionUri: vscode.Uri,
    private readonly log: Log,
    private readonly environment: () => InspectorEnvironment,
  ) {}

  /** What the panel shows now (for tests and the bench); never holds a raw token. */
  get state(): InspectorState | undefined {
    return this.current;
  }

  /** The doctor's verdict on the shown managed identity token, when an app was in context. */
  get lastDiagnosis(): Diagnosis | undefined {
    return this.diagnosis;
  }

  get visible(): boolean {
    return this.panel?.visible ?? false;
  }

  /** Opens (or reuses) the panel for a flow; returns the state posted to the webview. */
  show(flow: InspectorFlow): InspectorState {
    const version = ++this.version;
    const built = buildInspectorState(flow, version);
    this.tokens = built.raw;
    this.current = built.state;
    this.diagnosis = built.diagnosis;
    const panel = this.ensurePanel();
    // Each of these is a round trip to the workbench: only when something changes.
    if (!panel.active) panel.reveal(undefined, false);
    const title = flow.title ? `Token Inspector: ${flow.title}` : 'Token Inspector';
    if (panel.title !== title) panel.title = title;
    this.post({ type: 'show', state: built.state });
    this.checkSignatures(version);
    return built.state;
  }

  /** Resolves when the webview reports the given state version (default: the latest) on screen. */
  whenRendered(version: number = this.version, timeoutMs = 15_000): Promise<void> {
    if (this.renderedVersion >= version) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const waiter = { version, resolve: () => (clearTimeout(timer), resolve()) };
      const timer = setTimeout(() => {
        this.renderWaiters.splice(this.renderWaiters.indexOf(waiter), 1);
        reject(new Error(`The token inspector did not render state ${version} within ${timeoutMs} ms.`));
      }, timeoutMs);
      this.renderWaiters.push(waiter);
    });
  }

  /** Resolves when the signature checks of the latest flow are done. */
  whenSignaturesChecked(): Promise<void> {
    return this.signaturesDone;
  }

  /** The serializer's entry: a panel VS Code kept across a reload, with its persisted state. */
  restore(panel: vscode.WebviewPanel, persisted: unknown): void {
    const previous = this.panel;
    const state = isInspectorState(persisted) ? persisted : undefined;
    // The raw tokens did not survive the reload: Copy is disabled, claims stay readable.
    if (state) {
      // A new version, so `rendered` tells when the restored webview has painted it.
      this.version = Math.max(this.version, state.version) + 1;
      state.version = this.version;
      state.tokens = state.tokens.map((t) => ({ ...t, rawAvailable: false, signature: t.signature.state === 'pending' ? { state: 'unverified', reason: 'Signature not verified: the window was reloaded before the check finished.' } : t.signature }));
    }
    this.current = state;
    this.tokens = new Map();
    this.adopt(panel);
    previous?.dispose();
  }

  /** Closes the panel, if one is open; resolves once VS Code has disposed of it. */
  async close(): Promise<boolean> {
    const panel = this.panel;
    if (!panel) return false;
    const closed = new Promise<void>((resolve) => panel.onDidDispose(() => resolve()));
    panel.dispose();
    await closed;
    return true;
  }

  dispose(): void {
    this.checks?.abort();
    this.panel?.dispose();
    for (const d of this.disposables) d.dispose();
  }

  private ensurePanel(): vscode.WebviewPanel {
    if (this.panel) return this.panel;
    const panel = createInspectorPanel(this.extensionUri);
    this.adopt(panel);
    return panel;
  }

  private adopt(panel: vscode.WebviewPanel): void {
    this.panel = panel;
    this.webviewReady = false;
    const webview = panel.webview;
    webview.options = inspectorPanelOptions(this.extensionUri);
    const uri = (...path: string[]) => webview.asWebviewUri(vscode.Uri.joinPath(this.extensionUri, ...path)).toString();
    webview.html = inspectorHtml({
      cspSource: webview.cspSource,
      scriptUri: uri('dist', 'webview.js'),
      styleUri: uri('media', 'inspector.css'),
      codiconsUri: uri('dist', 'codicons', 'codicon.css'),
    });
    const subscriptions = [
      webview.onDidReceiveMessage((m: unknown) => this.receive(m)),
      panel.onDidDispose(() => {
        for (const s of subscriptions) s.dispose();
        if (this.panel !== panel) return; // replaced by a restored panel
        this.panel = undefined;
        this.webviewReady = false;
        this.tokens = new Map();
        this.checks?.abort();
      }),
    ];
  }

  private receive(message: unknown): void {
    if (!isWebviewToHost(message)) return;
    const m: WebviewToHost = message;
    switch (m.type) {
      case 'ready':
        // A (re)loaded webview: hand it the current state, which it may also have persisted.
        this.webviewReady = true;
        if (this.current) this.post({ type: 'show', state: this.current });
        return;
      case 'rendered':
        this.renderedVersion = Math.max(this.renderedVersion, m.version);
        for (const w of this.renderWaiters.filter((x) => x.version <= this.renderedVersion)) {
          this.renderWaiters.splice(this.renderWaiters.indexOf(w), 1);
          w.resolve();
        }
        return;
      case 'copyToken':
        void this.copyToken(m.tokenId);
        return;
      case 'copyValue':
        void vscode.env.clipboard.writeText(m.value).then(() => this.post({ type: 'copied', what: m.label }));
        return;
      default:
        assertNever(m);
    }
  }

  private async copyToken(tokenId: string): Promise<void> {
    const token = this.tokens.get(tokenId);
    if (!token) {
      void vscode.window.showInformationMessage('The raw token is no longer available (the window was reloaded). Get the token again to copy it.');
      return;
    }
    await vscode.env.clipboard.writeText(token.raw);
    this.post({ type: 'copied', what: 'Token' });
  }

  /**
   * Key-set fetches start once the claims are on screen (or after a short wait if the webview
   * is not showing), so they never compete with the render the user is waiting for.
   */
  private checkSignatures(version: number): void {
    this.checks?.abort();
    const controller = new AbortController();
    this.checks = controller;
    const onScreen = Promise.race([this.whenRendered(version).catch(() => undefined), new Promise((r) => setTimeout(r, SIGNATURE_CHECK_DELAY_MS))]);
    this.signaturesDone = onScreen.then(() => (controller.signal.aborted ? undefined : this.runSignatureChecks(version, controller)));
  }

  private async runSignatureChecks(version: number, controller: AbortController): Promise<void> {
    const environment = this.environment();
    const pending = [...this.tokens].filter(([id]) => this.current?.tokens.find((t) => t.id === id)?.signature.state === 'pending');
    await Promise.all(
      pending.map(async ([tokenId, { jwt }]) => {
        let status: SignatureStatus;
        try {
          status = await verifySignature(jwt, { ca: environment.ca, knownAuthorities: environment.knownAuthorities, signal: controller.signal });
        } catch (e) {
          status = { state: 'unverified', reason: `Signature not verified: ${e instanceof Error ? e.message : String(e)}` };
        }
        if (controller.signal.aborted || this.current?.version !== version) return;
        const token = this.current.tokens.find((t) => t.id === tokenId);
        if (token) token.signature = status;
        if (status.state === 'invalid') this.log.warn(`Token inspector: ${status.reason}`);
        this.post({ type: 'signature', version, tokenId, status });
      }),
    );
  }

  private post(message: HostToWebview): void {
    // Before `ready` the webview cannot listen yet; `ready` triggers a post of the current state.
    if (!this.panel || !this.webviewReady) return;
    void this.panel.webview.postMessage(message);
  }
}

function inspectorPanelOptions(extensionUri: vscode.Uri): vscode.WebviewOptions & vscode.WebviewPanelOptions {
  return {
    enableScripts: true,
    enableFindWidget: true,
    // The codicon font is bundled under dist/codicons (esbuild), so dist and media are all it needs.
    localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'dist'), vscode.Uri.joinPath(extensionUri, 'media')],
  };
}

/** A new, empty inspector panel in the active column: what `show()` opens, or a restore adopts. */
export function createInspectorPanel(extensionUri: vscode.Uri): vscode.WebviewPanel {
  return vscode.window.createWebviewPanel(INSPECTOR_VIEW_TYPE, 'Token Inspector', { viewColumn: vscode.ViewColumn.Active, preserveFocus: false }, inspectorPanelOptions(extensionUri));
}

function isInspectorState(value: unknown): value is InspectorState {
  const s = value as InspectorState | undefined;
  return typeof s === 'object' && s !== null && typeof s.version === 'number' && Array.isArray(s.tokens) && typeof s.title === 'string';
}
