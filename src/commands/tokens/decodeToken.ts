// "Decode Token…": a token from the editor selection, the clipboard or an input box, shown in
// the inspector. The token stays on the host; the webview gets its decoded claims.
import * as vscode from 'vscode';
import { decodeJwt, looksLikeJwt } from '../../core/jwt';
import type { InspectorState } from '../../shared/protocol';
import type { CommandContext } from '../commandContext';
import { defineCommand } from '../registry';
import { flowContext } from './flowContext';
import { readClipboard, selectedApp } from './tokenContext';

export const decodeTokenCommand = defineCommand('miFederation.decodeToken', { run: (context, { args }) => decodeToken(context, typeof args[0] === 'string' ? args[0] : undefined) });

export async function decodeToken(context: CommandContext, token?: string): Promise<InspectorState> {
  const source = token !== undefined ? { raw: token, source: 'given token' } : await tokenFromUser(context);
  const { payload } = decodeJwt(source.raw); // throws a JwtDecodeError that says what is wrong with the input
  // A managed identity's token is diagnosed against the app selected in the tree, if any.
  const app = typeof payload.xms_mirid === 'string' ? await selectedApp(context) : undefined;
  const around = await flowContext(context, app, context.signal);
  return context.views.inspector.show({ title: `Decoded (${source.source})`, tokens: [source], ...around });
}

async function tokenFromUser(context: CommandContext): Promise<{ raw: string; source: string }> {
  const editor = vscode.window.activeTextEditor;
  const selection = editor && !editor.selection.isEmpty ? editor.document.getText(editor.selection).trim() : '';
  type Item = vscode.QuickPickItem & { source: 'editor selection' | 'clipboard' | 'pasted' };
  const items: Item[] = [];
  if (selection) items.push({ label: '$(selection) From the editor selection', description: looksLikeJwt(selection) ? 'looks like a token' : undefined, source: 'editor selection' });
  // The clipboard is read only when chosen: a browser asks the user's permission for every read.
  items.push({ label: '$(clippy) From the clipboard', source: 'clipboard' });
  items.push({ label: '$(edit) Paste or type a token…', source: 'pasted' });
  const picked = await context.ui.pick(items, { title: 'Decode a token from…' });
  if (picked.source === 'editor selection') return { raw: selection, source: picked.source };
  if (picked.source === 'clipboard') {
    const clipboard = await readClipboard();
    if (!clipboard) throw new Error('The clipboard holds no text (or this browser did not allow reading it); paste the token instead.');
    return { raw: clipboard, source: picked.source };
  }
  const raw = await context.ui.input({
    title: 'Decode Token',
    prompt: "Paste a token (a JWT); it is decoded on this machine and sent nowhere (only its issuer's public keys are fetched)",
    password: true,
    validate: (v) => (v.trim() ? undefined : 'Paste a token.'),
  });
  return { raw, source: 'pasted' };
}
