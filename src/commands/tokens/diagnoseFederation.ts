// "Diagnose Federation…": would Entra accept this managed identity's token for this app, and if
// not, which field of which credential to change. The token comes from a token function, the
// clipboard or an input box; the app's credentials are read fresh from Graph.
import * as vscode from 'vscode';
import type { Diagnosis } from '../../core/doctor';
import { decodeJwt, looksLikeJwt } from '../../core/jwt';
import type { CommandContext } from '../commandContext';
import { flowContext } from './flowContext';
import { appRef, type AppRef } from '../appResolver';
import { defineCommand } from '../registry';
import { defaultFedScope, pickApp, readClipboard, selectedApp, type AppSelection } from './tokenContext';

export const diagnoseFederationCommand = defineCommand('miFederation.diagnoseFederation', {
  target: appRef,
  run: (context, { target, args }) => diagnoseFederation(context, target, typeof args[0] === 'string' ? args[0] : undefined),
});

export async function diagnoseFederation(context: CommandContext, ref: AppRef | undefined, token?: string): Promise<Diagnosis> {
  const app = (await selectedApp(context, ref)) ?? (await pickApp(context, 'Diagnose Federation: which app?'));
  const source = token ? { raw: token, source: 'given token' } : await assertionFromUser(context, app);
  decodeJwt(source.raw); // a clear error for pasted garbage before anything else

  return context.progress(`Diagnosing ${app.displayName ?? app.appId}…`, async (signal) => {
    const around = await flowContext(context, app, signal);
    // The inspector runs the doctor once; its verdict is the one reported here.
    context.views.inspector.show({ title: `Diagnosis: ${app.displayName ?? app.appId}`, tokens: [source], ...around });
    const diagnosis = context.views.inspector.lastDiagnosis ?? { findings: [] };
    const name = app.displayName ?? app.appId;
    if (diagnosis.matched) {
      void context.ui.message('info', `Entra accepts this token for ${name}: credential "${diagnosis.matched}" matches.`);
    } else {
      const first = diagnosis.findings.find((f) => f.severity === 'error');
      void context.ui.message('warning', `Entra would refuse this token for ${name}. ${first?.message ?? ''} The Token Inspector lists every finding.`.trim());
    }
    return diagnosis;
  });
}

async function assertionFromUser(context: CommandContext, app: AppSelection): Promise<{ raw: string; source: string }> {
  const functions = context.model.tokenFunctions.list();
  type Item = vscode.QuickPickItem & { take: () => Promise<{ raw: string; source: string }> };
  const items: Item[] = functions.map((f) => ({
    label: `$(cloud) From ${f.name}`,
    description: "the managed identity's token from its GetManagedIdentityToken",
    take: async () => {
      const scope = await context.ui.input({ title: 'Diagnose Federation', prompt: "Scope of the managed identity's token (the credential's audience + /.default)", value: defaultFedScope(context, app) });
      const client = await context.model.tokenFunctions.client(f);
      const result = await context.progress(`Getting the managed identity's token from ${f.name}…`, (signal) => client.managedIdentityToken(scope, signal));
      return { raw: result.token, source: `${f.name}: GetManagedIdentityToken (${scope})` };
    },
  }));
  // Read only when chosen: a browser asks the user's permission for every clipboard read.
  items.push({
    label: '$(clippy) From the clipboard',
    take: async () => {
      const clipboard = await readClipboard();
      if (!looksLikeJwt(clipboard)) throw new Error('The clipboard holds no token (or this browser did not allow reading it); paste the token instead.');
      return { raw: clipboard, source: 'clipboard' };
    },
  });
  items.push({
    label: '$(edit) Paste a token…',
    description: "the managed identity's token, as its endpoint returned it",
    take: async () => ({ raw: await context.ui.input({ title: 'Diagnose Federation', prompt: "Paste the managed identity's token (a JWT)", password: true }), source: 'pasted' }),
  });
  const picked = items.length === 1 ? items[0] : await context.ui.pick(items, { title: `Diagnose Federation of ${app.displayName ?? app.appId}: which token?` });
  return picked.take();
}
