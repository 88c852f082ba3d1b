// The Federation Report's HTML shell. Everything it shows is built by dist/reportWebview.js from
// messages; the page itself holds no data. The same CSP as the token inspector: nothing by
// default, scripts only with this page's nonce, styles, fonts and images only from the
// extension's own resources.
import { newNonce } from '../inspector/inspectorHtml';

export interface ReportHtmlInput {
  /** `webview.cspSource`. */
  cspSource: string;
  /** webview URIs (asWebviewUri) of the script, the stylesheet and codicon.css. */
  scriptUri: string;
  styleUri: string;
  codiconsUri: string;
}

export function reportHtml(input: ReportHtmlInput, nonce: string = newNonce()): string {
  const csp = [
    "default-src 'none'",
    `script-src 'nonce-${nonce}'`,
    `style-src ${input.cspSource}`,
    `font-src ${input.cspSource}`,
    `img-src ${input.cspSource}`,
  ].join('; ');
  return `<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="UTF-8">
  <meta http-equiv="Content-Security-Policy" content="${attr(csp)}">
  <meta name="viewport" content="width=device-width, initial-scale=1.0">
  <link rel="stylesheet" href="${attr(input.styleUri)}">
  <link rel="stylesheet" id="vscode-codicon-stylesheet" href="${attr(input.codiconsUri)}">
  <title>Federation Report</title>
</head>
<body>
  <main id="app" aria-live="polite"><p class="placeholder">Loading the report…</p></main>
  <script nonce="${nonce}" src="${attr(input.scriptUri)}"></script>
</body>
</html>`;
}

function attr(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
