// The inspector's HTML shell. Everything it shows is built by dist/webview.js from messages;
// the page itself holds no data. CSP: nothing by default, scripts only with this page's nonce,
// styles, fonts and images only from the extension's own resources.
import { nodeCrypto } from '../../services/nodeModules';

export interface InspectorHtmlInput {
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

export function inspectorHtml(input: InspectorHtmlInput, nonce: string = newNonce()): string {
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
  <title>Token Inspector</title>
</head>
<body>
  <main id="app" aria-live="polite"><p class="placeholder">Loading…</p></main>
  <script nonce="${nonce}" src="${attr(input.scriptUri)}"></script>
</body>
</html>`;
}

function attr(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
