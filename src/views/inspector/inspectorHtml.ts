// The inspector's HTML shell: the extension's webview page (CSP with a nonce, no data in the
// page), filled in by dist/webview.js from messages.
import { webviewPage, type WebviewPageInput } from '../webviewPage';

export type InspectorHtmlInput = WebviewPageInput;

export function inspectorHtml(input: InspectorHtmlInput, nonce?: string): string {
  return webviewPage({ ...input, page: 'inspector', title: 'Token Inspector', placeholder: 'Loading…' }, nonce);
}
