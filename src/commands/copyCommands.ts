// Copy ids and credential fields (of one item, or of every selected one), and open an app in
// the Azure portal of the signed-in cloud.
import * as vscode from 'vscode';
import { portalAppUrl } from '../core/clouds';
import { appOfRef, appRef, credentialRef, resolveCredential, type AppRef } from './appResolver';
import type { CommandContext } from './commandContext';
import { defineCommand } from './registry';

async function copy(what: string, values: readonly string[]): Promise<string> {
  const value = values.filter(Boolean).join('\n');
  if (!value) throw new Error(`Select an item in the MI Federation view to copy its ${what}.`);
  await vscode.env.clipboard.writeText(value);
  void vscode.window.setStatusBarMessage(values.length > 1 ? `Copied ${values.length} ${what}s` : `Copied ${what}`, 3000);
  return value;
}

/** The apps of the selected nodes (one line each when several are selected). */
async function appsOf(context: CommandContext, refs: readonly AppRef[]) {
  context.telemetryProperties.itemCount = refs.length;
  const apps = [];
  for (const ref of refs) apps.push(await appOfRef(context, ref));
  return apps;
}

export const copyAppIdCommand = defineCommand('miFederation.copyAppId', {
  target: appRef,
  run: async (context, { targets }) => copy('application (client) id', (await appsOf(context, targets)).map((a) => a.appId)),
});

export const copyObjectIdCommand = defineCommand('miFederation.copyObjectId', {
  target: appRef,
  run: async (context, { targets }) => copy('object id', (await appsOf(context, targets)).map((a) => a.objectId)),
});

export const copyCredentialFieldCommand = defineCommand('miFederation.copyCredentialField', {
  target: credentialRef,
  run: async (context, { target }) => {
    if (!target) throw new Error('Select a federated credential to copy one of its fields.');
    const { credential: fic } = await resolveCredential(context, target, 'Copy Credential Field');
    const fields = [
      { label: 'Issuer', value: fic.issuer ?? '' },
      { label: 'Subject', value: fic.subject ?? '' },
      { label: 'Audience', value: fic.audiences?.[0] ?? '' },
      { label: 'Name', value: fic.name ?? '' },
      { label: 'Credential JSON', value: JSON.stringify({ name: fic.name, issuer: fic.issuer, subject: fic.subject, audiences: fic.audiences, description: fic.description }, null, 2) },
    ].filter((f) => f.value);
    const picked = await context.ui.pick(fields.map((f) => ({ ...f, description: f.value.length > 80 ? `${f.value.slice(0, 77)}…` : f.value })), { title: 'Copy which field?' });
    return copy(picked.label.toLowerCase(), [picked.value]);
  },
});

export const openInPortalCommand = defineCommand('miFederation.openInPortal', {
  target: appRef,
  run: async (context, { target }) => {
    const cloud = context.session.environment?.cloud;
    if (!target || !cloud) throw new Error('Select an app registration to open it in the Azure portal.');
    const app = await appOfRef(context, target);
    const url = portalAppUrl(cloud, app.appId);
    if (!url) {
      void context.ui.message('info', `${cloud.displayName} has no Azure portal; the app id is ${app.appId}.`);
      return undefined;
    }
    await vscode.env.openExternal(vscode.Uri.parse(url));
    return url;
  },
});

export const copyCommands = [copyAppIdCommand, copyObjectIdCommand, copyCredentialFieldCommand, openInPortalCommand];
