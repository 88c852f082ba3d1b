// Go Secretless, step 3: the change to make in the workload, for the user's stack, opened as an
// untitled Markdown document (the values filled in, the code block, what to remove). Skippable:
// someone who changed the code already goes straight on.
import * as vscode from 'vscode';
import { getCloud } from '../../core/clouds';
import { SECRETLESS_STACKS, secretlessSnippet, type SecretlessSnippet, type SecretlessStack, type SecretlessValues } from '../../core/secretlessSnippets';
import type { AppTarget } from '../appResolver';
import type { CommandContext } from '../commandContext';
import type { Trust } from './trustStep';

const skip = '$(debug-step-over) Skip: the workload no longer uses a secret';

export async function offerSnippet(context: CommandContext, app: AppTarget, trust: Trust): Promise<SecretlessSnippet | undefined> {
  const picked = await context.ui.pick(
    [
      ...SECRETLESS_STACKS.map((s) => ({ label: s.label, description: s.description, stack: s.stack as SecretlessStack | undefined })),
      { label: skip, description: undefined, stack: undefined },
    ],
    { title: `Go Secretless: ${app.displayName} — show the change for which stack?`, placeHolder: 'The code or configuration your workload signs in with' },
  );
  if (!picked.stack) return undefined;
  const snippet = secretlessSnippet(picked.stack, valuesFor(context, app, trust));
  const document = await vscode.workspace.openTextDocument({ language: 'markdown', content: snippet.document });
  await vscode.window.showTextDocument(document, { preview: false });
  return snippet;
}

function valuesFor(context: CommandContext, app: AppTarget, trust: Trust): SecretlessValues {
  const cloud = context.session.environment?.cloud ?? getCloud('public');
  const identity = trust.identity;
  return {
    tenantId: app.tenantId,
    appId: app.appId,
    appDisplayName: app.displayName,
    identity: identity ? { clientId: identity.appId, objectId: identity.id, kind: identity.kind, displayName: identity.displayName } : { objectId: trust.subject },
    audience: trust.audience || cloud.exchangeAudience,
    authority: cloud.authority,
    resourceScope: cloud.graphScope,
  };
}
