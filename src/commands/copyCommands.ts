// Copy ids and credential fields, and open an app in the Azure portal of the signed-in cloud.
import * as vscode from 'vscode';
import { portalAppUrl } from '../core/clouds';
import type { CredentialNode } from '../views/tree/credentialNode';
import type { ExtensionServices } from './services';

interface AppLike {
  appId: string;
  appObjectId: string;
}

async function copy(_services: ExtensionServices, what: string, value: string | undefined): Promise<string> {
  if (!value) throw new Error(`Select an item in the MI Federation view to copy its ${what}.`);
  await vscode.env.clipboard.writeText(value);
  void vscode.window.setStatusBarMessage(`Copied ${what}`, 3000);
  return value;
}

export const copyAppId = (services: ExtensionServices, node?: AppLike) => copy(services, 'application (client) id', node?.appId);
export const copyObjectId = (services: ExtensionServices, node?: AppLike) => copy(services, 'object id', node?.appObjectId);

export async function copyCredentialField(services: ExtensionServices, node?: CredentialNode): Promise<string> {
  if (!node) throw new Error('Select a federated credential to copy one of its fields.');
  const fic = node.credential;
  const fields = [
    { label: 'Issuer', value: fic.issuer ?? '' },
    { label: 'Subject', value: fic.subject ?? '' },
    { label: 'Audience', value: fic.audiences?.[0] ?? '' },
    { label: 'Name', value: fic.name ?? '' },
    { label: 'Credential JSON', value: JSON.stringify({ name: fic.name, issuer: fic.issuer, subject: fic.subject, audiences: fic.audiences, description: fic.description }, null, 2) },
  ].filter((f) => f.value);
  const picked = await services.ui.pick(fields.map((f) => ({ ...f, description: f.value.length > 80 ? `${f.value.slice(0, 77)}…` : f.value })), { title: 'Copy which field?' });
  return copy(services, picked.label.toLowerCase(), picked.value);
}

export async function openInPortal(services: ExtensionServices, node?: AppLike): Promise<string | undefined> {
  const cloud = services.session.environment?.cloud;
  if (!node || !cloud) throw new Error('Select an app registration to open it in the Azure portal.');
  const url = portalAppUrl(cloud, node.appId);
  if (!url) {
    void services.ui.message('info', `${cloud.displayName} has no Azure portal; the app id is ${node.appId}.`);
    return undefined;
  }
  await vscode.env.openExternal(vscode.Uri.parse(url));
  return url;
}
