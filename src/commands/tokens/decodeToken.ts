// "Decode Token…": a token from the editor selection, the clipboard or an input box, shown in
// the inspector. The token stays on the host; the webview gets its decoded claims.
import * as vscode from 'vscode';
import { decodeJwt, looksLikeJwt } from '../../core/jwt';
import type { InspectorState } from '../../shared/protocol';
import type { ExtensionServices } from '../services';
import { flowContext } from './flowContext';
import { selectedApp } from './tokenContext';

export async function decodeToken(services: ExtensionServices, token?: unknown): Promise<InspectorState> {
  const source = typeof token === 'string' ? { raw: token, source: 'given token' } : await tokenFromUser(services);
  decodeJwt(source.raw); // throws a JwtDecodeError that says what is wrong with the input
  const payload = decodeJwt(source.raw).payload;
  // A managed identity's token is diagnosed against the app selected in the tree, if any.
  const app = typeof payload.xms_mirid === 'string' ? selectedApp(services) : undefined;
  const context = await flowContext(services, app);
  return services.views.inspector.show({ title: `Decoded (${source.source})`, tokens: [source], ...context });
}

async function tokenFromUser(services: ExtensionServices): Promise<{ raw: string; source: string }> {
  const editor = vscode.window.activeTextEditor;
  const selection = editor && !editor.selection.isEmpty ? editor.document.getText(editor.selection).trim() : '';
  const clipboard = (await vscode.env.clipboard.readText()).trim();
  type Item = vscode.QuickPickItem & { value?: string; source: string };
  const items: Item[] = [];
  if (selection) items.push({ label: '$(selection) From the editor selection', description: looksLikeJwt(selection) ? 'looks like a token' : undefined, value: selection, source: 'editor selection' });
  if (clipboard) items.push({ label: '$(clippy) From the clipboard', description: looksLikeJwt(clipboard) ? 'looks like a token' : undefined, value: clipboard, source: 'clipboard' });
  items.push({ label: '$(edit) Paste or type a token…', source: 'pasted' });
  // Offer the likely source first: whichever holds something token-shaped.
  items.sort((a, b) => Number(b.value !== undefined && looksLikeJwt(b.value)) - Number(a.value !== undefined && looksLikeJwt(a.value)));
  const picked = items.length === 1 ? items[0] : await services.ui.pick(items, { title: 'Decode a token from…' });
  if (picked.value !== undefined) return { raw: picked.value, source: picked.source };
  const raw = await services.ui.input({
    title: 'Decode Token',
    prompt: 'Paste a token (a JWT); it is decoded on this machine and never sent anywhere except to fetch its issuer\'s public keys',
    password: true,
    validate: (v) => (v.trim() ? undefined : 'Paste a token.'),
  });
  return { raw, source: 'pasted' };
}
