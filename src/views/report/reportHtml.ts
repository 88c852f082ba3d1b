// The Federation Report's HTML shell: the extension's webview page (the same CSP as the token
// inspector, no data in the page), filled in by dist/webview.js from messages.
import { webviewPage, type WebviewPageInput } from '../webviewPage';

export type ReportHtmlInput = WebviewPageInput & { codiconsUri: string };

export function reportHtml(input: ReportHtmlInput, nonce?: string): string {
  return webviewPage({ ...input, page: 'report', title: 'Federation Report', placeholder: 'Loading the report…' }, nonce);
}
