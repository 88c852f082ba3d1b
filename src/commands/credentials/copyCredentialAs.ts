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
import type { CommandContext } from '../commandContext';
import { appRef, resolveCredential, type AppRef, type CredentialTarget } from '../appResolver';
import { defineCommand } from '../registry';

export type ExportFormat = 'az' | 'azFile' | 'bicep' | 'csharp' | 'typescript';

const formats: Record<ExportFormat, { label: string; what: string; language: string }> = {
  az: { label: 'Azure CLI Command', what: 'az command', language: 'shellscript' },
  azFile: { label: 'Azure CLI Command with a Parameters File', what: 'az command (its parameters file opens in an editor)', language: 'json' },
  bicep: { label: 'Bicep Resource', what: 'Bicep resource', language: 'bicep' },
  csharp: { label: 'C# (MSAL.NET)', what: 'C# code', language: 'csharp' },
  typescript: { label: 'TypeScript (@azure/msal-node)', what: 'TypeScript code', language: 'typescript' },
};

const openInEditor = 'Open in Editor';

/** Returns the copied text (the command, resource or code; for several credentials, each in turn). */
export async function copyCredentialAs(context: CommandContext, refs: readonly AppRef[], format?: ExportFormat): Promise<string> {
  const credentials = refs.filter((r) => r.kind === 'credential');
  const targets: CredentialTarget[] = [];
  if (credentials.length > 1) for (const ref of credentials) targets.push(await resolveCredential(context, ref, 'Copy Credential As'));
  else targets.push(await resolveCredential(context, refs[0], 'Copy Credential As'));
  context.telemetryProperties.itemCount = targets.length;
  const names = targets.map((t) => `"${t.credential.name ?? ''}"`).join(', ');
  const chosen =
    format ??
    (
      await context.ui.pick(
        (Object.keys(formats) as ExportFormat[]).map((f) => ({ label: formats[f].label, format: f })),
        { title: `Copy ${names} as` },
      )
    ).format;
  const texts: string[] = [];
  for (const target of targets) {
    const fic = target.credential;
    if (!fic.subject) throw new Error(`"${fic.name ?? ''}" matches tokens by a claims expression; only credentials with a subject can be exported.`);
    const parameters = credentialParameters(fic);
    texts.push(await render(context, target, chosen, parameters));
    if (chosen === 'azFile') {
      // The command refers to credential.json: show its content so it can be saved next to it.
      await showDocument(azParametersFile(parameters), 'json');
    }
  }
  const text = texts.join('\n\n');
  await vscode.env.clipboard.writeText(text);
  void context.ui.message('info', `Copied the ${formats[chosen].what} for ${names}.`, ...(chosen === 'azFile' ? [] : [openInEditor])).then((action) => {
    if (action === openInEditor) void showDocument(text, formats[chosen].language);
  });
  return text;
}

async function render(context: CommandContext, target: CredentialTarget, format: ExportFormat, parameters: ReturnType<typeof credentialParameters>): Promise<string> {
  switch (format) {
    case 'az':
      return azCreateCommand(parameters, target.app.appId);
    case 'azFile':
      return azCreateCommandWithFile(target.app.appId);
    case 'bicep':
      return bicepResource(parameters, { appId: target.app.appId, appDisplayName: target.app.displayName });
    case 'csharp':
      return csharpSnippet(parameters, await exportTarget(context, target));
    case 'typescript':
      return typescriptSnippet(parameters, await exportTarget(context, target));
  }
}

/** Client id, tenant and scopes; the identity's client id when the subject is a known identity. */
async function exportTarget(context: CommandContext, target: CredentialTarget): Promise<ExportTarget> {
  const cloud = context.session.environment?.cloud;
  if (!cloud) throw new NotSignedInError();
  const identities = await context.model.tenant(target.app.tenantId).whenIdentitiesLoaded();
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

const copyAs = (id: string, format?: ExportFormat) =>
  defineCommand(id, { target: appRef, run: (context, { targets, args }) => copyCredentialAs(context, targets, format ?? formatArg(args[0])) });

function isFormat(value: unknown): value is ExportFormat {
  return typeof value === 'string' && Object.hasOwn(formats, value);
}

function formatArg(value: unknown): ExportFormat | undefined {
  return isFormat(value) ? value : undefined;
}

export const copyCredentialAsCommands = [
  copyAs('miFederation.copyCredentialAs'),
  copyAs('miFederation.copyCredentialAsAz', 'az'),
  copyAs('miFederation.copyCredentialAsBicep', 'bicep'),
  copyAs('miFederation.copyCredentialAsCSharp', 'csharp'),
  copyAs('miFederation.copyCredentialAsTypeScript', 'typescript'),
];
