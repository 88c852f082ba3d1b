// The token inspector's page (in dist/webview.js, runs in the browser). It renders what the
// host sends, persists that state (never a raw token: the host keeps those) for the panel
// serializer, and says `ready` before anything else.
import { assertNever, type HostToWebview, type InspectorState, type WebviewToHost } from '../shared/protocol';
import { toast } from './dom';
import { renderState, signatureLine } from './render';

export interface VsCodeApi {
  postMessage(message: WebviewToHost): void;
  getState(): unknown;
  setState(state: InspectorState): void;
}

/** Runs the page: `vscode` is the webview's one acquireVsCodeApi(), `root` the page's #app. */
export function startInspector(vscode: VsCodeApi, root: HTMLElement): void {
  let state: InspectorState | undefined;

  const actions = {
    copyToken: (tokenId: string) => vscode.postMessage({ type: 'copyToken', tokenId }),
    copyValue: (label: string, value: string) => vscode.postMessage({ type: 'copyValue', label, value }),
  };

  function show(next: InspectorState): void {
    state = next;
    vscode.setState(next);
    renderState(root, next, actions);
    vscode.postMessage({ type: 'rendered', version: next.version, tokenCount: next.tokens.length });
  }

  window.addEventListener('message', (event: MessageEvent<HostToWebview>) => {
    const message = event.data;
    switch (message.type) {
      case 'show':
        show(message.state);
        return;
      case 'signature': {
        if (!state || state.version !== message.version) return;
        const token = state.tokens.find((t) => t.id === message.tokenId);
        if (!token) return;
        token.signature = message.status;
        vscode.setState(state);
        const line = root.querySelector(`article[data-token-id="${CSS.escape(message.tokenId)}"] .signature`);
        line?.replaceWith(signatureLine(message.status));
        return;
      }
      case 'copied':
        toast(`${message.what} copied to the clipboard.`);
        return;
      default:
        assertNever(message);
    }
  });


  // A restored or re-shown webview paints its persisted state at once; the host answers `ready`
  // with the current state anyway.
  const persisted = vscode.getState() as InspectorState | undefined;
  if (persisted && Array.isArray(persisted.tokens)) {
    state = persisted;
    renderState(root, persisted, actions);
  }
  vscode.postMessage({ type: 'ready' });
}
