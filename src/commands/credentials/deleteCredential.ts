// Delete Credential — one, or every credential selected in the tree, after one modal
// confirmation naming the apps and the credentials. Cancelling the confirmation sends nothing;
// Cancel on the progress stops before the next delete. A credential already gone counts as
// deleted. Only the affected apps' nodes are redrawn.
import type { CommandContext } from '../commandContext';
import { appRef, credentialsApi, credentialsChanged, resolveCredential, type CredentialTarget } from '../appResolver';
import { defineCommand } from '../registry';

export const deleteCredentialCommand = defineCommand('miFederation.deleteCredential', {
  target: appRef,
  run: async (context, { target, targets }) => {
    const credentials = targets.filter((t) => t.kind === 'credential');
    if (credentials.length <= 1) return deleteCredentials(context, [await resolveCredential(context, target, 'Delete Credential')]);
    const resolved: CredentialTarget[] = [];
    for (const ref of credentials) resolved.push(await resolveCredential(context, ref, 'Delete Credential'));
    return deleteCredentials(context, resolved);
  },
});

/** Resolves with true for one credential deleted (false: it was already gone); with the count for several. */
export async function deleteCredentials(context: CommandContext, targets: CredentialTarget[]): Promise<boolean | number> {
  context.telemetryProperties.itemCount = targets.length;
  await confirmDelete(context, targets);
  const deleted: string[] = [];
  let alreadyGone = 0;
  await context.progress(targets.length === 1 ? `Deleting credential "${targets[0].credential.name ?? ''}"…` : `Deleting ${targets.length} credentials…`, async (signal, report) => {
    for (const [i, { app, credential }] of targets.entries()) {
      if (signal.aborted) break;
      const name = credential.name ?? '';
      if (targets.length > 1) report(`${i + 1} of ${targets.length}: "${name}" of ${app.displayName}`);
      if (await credentialsApi(context, app.tenantId).delete(app.objectId, name, signal)) deleted.push(name);
      else alreadyGone++;
    }
  }).finally(() => refreshApps(context, targets));
  if (targets.length === 1) {
    const [{ app, credential }] = targets;
    const name = credential.name ?? '';
    void context.ui.message('info', deleted.length === 1 ? `Deleted credential "${name}" of ${app.displayName}.` : `Credential "${name}" of ${app.displayName} was already deleted.`);
    return deleted.length === 1;
  }
  void context.ui.message('info', `Deleted ${deleted.length} credentials${alreadyGone ? ` (${alreadyGone} more were already deleted)` : ''}.`);
  return deleted.length;
}

async function confirmDelete(context: CommandContext, targets: CredentialTarget[]): Promise<void> {
  if (targets.length === 1) {
    const [{ app, credential }] = targets;
    const name = credential.name ?? '';
    const what = credential.subject ? `issuer ${credential.issuer ?? ''}, subject ${credential.subject}` : `issuer ${credential.issuer ?? ''}`;
    await context.ui.confirm(
      `Delete the federated credential "${name}" of the app "${app.displayName}"?`,
      `Workloads that sign in as ${app.displayName} (client id ${app.appId}) with this credential (${what}) will no longer get tokens. This cannot be undone.`,
      'Delete',
    );
    return;
  }
  const lines = targets.map(({ app, credential }) => `• "${credential.name ?? ''}" of ${app.displayName} (client id ${app.appId})`);
  await context.ui.confirm(
    `Delete ${targets.length} federated credentials?`,
    `${lines.join('\n')}\n\nWorkloads that sign in with these credentials will no longer get tokens. This cannot be undone.`,
    'Delete',
  );
}

/** The apps as Graph now holds them: after a delete, and after a Cancel part-way. */
async function refreshApps(context: CommandContext, targets: CredentialTarget[]): Promise<void> {
  const apps = new Map(targets.map((t) => [`${t.app.tenantId}/${t.app.objectId}`, t.app]));
  for (const app of apps.values()) {
    const remaining = await credentialsApi(context, app.tenantId).list(app.objectId).catch(() => undefined);
    if (remaining) await credentialsChanged(context, app, remaining);
  }
}
