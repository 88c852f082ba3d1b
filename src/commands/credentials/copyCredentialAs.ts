// Copy as az Command / Bicep / C# / TypeScript. The text comes from src/core/credentialExport.ts,
// filled in with the app's client id, its tenant, the cloud's authority and Graph scope, and the
// managed identity's client id when the subject is a known identity. Copied to the clipboard,
// with an offer to open it in an editor.
import * as vscode from 'vscode';
import {
  azCreateCommand,
  azCreateCommandWithFile,
  azParametersFile,
  bicepResource,
  credentialParameters,
  csharpSnippet,
  typescriptSnippet,
  type ExportTarget,
} from '../../core/credentialExport';
import { NotSignedInError } from '../../core/errors';
import type { ExtensionServices } from '../services';
import { resolveCredential, type CredentialTarget } from './targets';

export type ExportFormat = 'az' | 'azFile' | 'bicep' | 'csharp' | 'typescript';

const formats: Record<ExportFormat, { label: string; what: string; language: string }> = {
  az: { label: 'Azure CLI Command', what: 'az command', language: 'shellscript' },
  azFile: { label: 'Azure CLI Command with a Parameters File', what: 'az command (its parameters file opens in an editor)', language: 'json' },
  bicep: { label: 'Bicep Resource', what: 'Bicep resource', language: 'bicep' },
  csharp: { label: 'C# (MSAL.NET)', what: 'C# code', language: 'csharp' },
  typescript: { label: 'TypeScript (@azure/msal-node)', what: 'TypeScript code', language: 'typescript' },
};

const openInEditor = 'Open in Editor';

/** Returns the copied text (the command, resource or code). */
export async function copyCredentialAs(services: ExtensionServices, node?: unknown, format?: ExportFormat): Promise<string> {
  const target = await resolveCredential(services, node, 'Copy Credential As');
  const chosen =
    format ??
    (
      await services.ui.pick(
        (Object.keys(formats) as ExportFormat[]).map((f) => ({ label: formats[f].label, format: f })),
        { title: `Copy "${target.credential.name ?? ''}" as` },
      )
    ).format;
  const fic = target.credential;
  if (!fic.subject) throw new Error(`"${fic.name ?? ''}" matches tokens by a claims expression; only credentials with a subject can be exported.`);
  const parameters = credentialParameters(fic);
  const text = await render(services, target, chosen, parameters);
  await vscode.env.clipboard.writeText(text);
  if (chosen === 'azFile') {
    // The command refers to credential.json: show its content so it can be saved next to it.
    await showDocument(azParametersFile(parameters), 'json');
  }
  void services.ui.message('info', `Copied the ${formats[chosen].what} for "${fic.name ?? ''}".`, ...(chosen === 'azFile' ? [] : [openInEditor])).then((action) => {
    if (action === openInEditor) void showDocument(text, formats[chosen].language);
  });
  return text;
}

async function render(services: ExtensionServices, target: CredentialTarget, format: ExportFormat, parameters: ReturnType<typeof credentialParameters>): Promise<string> {
  switch (format) {
    case 'az':
      return azCreateCommand(parameters, target.app.appId);
    case 'azFile':
      return azCreateCommandWithFile(target.app.appId);
    case 'bicep':
      return bicepResource(parameters, { appId: target.app.appId, appDisplayName: target.app.displayName });
    case 'csharp':
      return csharpSnippet(parameters, await exportTarget(services, target));
    case 'typescript':
      return typescriptSnippet(parameters, await exportTarget(services, target));
  }
}

/** Client id, tenant and scopes; the identity's client id when the subject is a known identity. */
async function exportTarget(services: ExtensionServices, target: CredentialTarget): Promise<ExportTarget> {
  const cloud = services.session.environment?.cloud;
  if (!cloud) throw new NotSignedInError();
  const identities = await services.session.graph(target.app.tenantId).managedIdentities().catch(() => []);
  const identity = identities.find((i) => i.id === target.credential.subject);
  return {
    appId: target.app.appId,
    appDisplayName: target.app.displayName,
    tenantId: target.app.tenantId,
    authority: cloud.authority,
    resourceScope: cloud.graphScope,
    identity: identity ? { clientId: identity.appId, kind: identity.kind, displayName: identity.displayName } : undefined,
  };
}

async function showDocument(content: string, language: string): Promise<void> {
  const document = await vscode.workspace.openTextDocument({ content, language });
  await vscode.window.showTextDocument(document, { preview: true, preserveFocus: true });
}

export const copyCredentialAsAz = (services: ExtensionServices, node?: unknown) => copyCredentialAs(services, node, 'az');
export const copyCredentialAsBicep = (services: ExtensionServices, node?: unknown) => copyCredentialAs(services, node, 'bicep');
export const copyCredentialAsCSharp = (services: ExtensionServices, node?: unknown) => copyCredentialAs(services, node, 'csharp');
export const copyCredentialAsTypeScript = (services: ExtensionServices, node?: unknown) => copyCredentialAs(services, node, 'typescript');
