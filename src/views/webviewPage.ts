// The HTML shell of the extension's webviews (the token inspector, the federation report).
// Everything a page shows is built by its script from messages; the page itself holds no data.
// CSP: nothing by default, scripts only with this page's nonce, styles, fonts and images only
// from the extension's own resources — no inline script or style anywhere.
import { nodeCrypto } from '../services/nodeModules';

export interface WebviewPageInput {
  /** `webview.cspSource`. */
  cspSource: string;
  /** webview URIs (asWebviewUri) of the script, the stylesheet and codicon.css. */
  scriptUri: string;
  styleUri: string;
  codiconsUri?: string;
}

export function newNonce(): string {
  return nodeCrypto().randomBytes(18).toString('base64url');
}

/** `page` tells dist/webview.js which page to run. */
export function webviewPage(input: WebviewPageInput & { page: 'inspector' | 'report'; title: string; placeholder: string }, nonce: string = newNonce()): string {
  const csp = [
    "default-src 'none'",
    `script-src 'nonce-${nonce}'`,
    `style-src ${input.cspSource}`,
    `font-src ${input.cspSource}`,
    `img-src ${input.cspSource}`,
  ].join('; ');
  const codicons = input.codiconsUri ? `\n  <link rel="stylesheet" id="vscode-codicon-stylesheet" href="${attr(input.codiconsUri)}">` : '';
  return `<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="UTF-8">
  <meta http-equiv="Content-Security-Policy" content="${attr(csp)}">
  <meta name="viewport" content="width=device-width, initial-scale=1.0">
  <link rel="stylesheet" href="${attr(input.styleUri)}">${codicons}
  <title>${text(input.title)}</title>
</head>
<body data-page="${input.page}">
  <main id="app" aria-live="polite"><p class="placeholder">${text(input.placeholder)}</p></main>
  <script nonce="${nonce}" src="${attr(input.scriptUri)}"></script>
</body>
</html>`;
}

function attr(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function text(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
