// Delete Credential — after a modal confirmation naming the app and the credential. Cancelling
// sends nothing; a credential already gone counts as deleted. Only the app's node is redrawn.
import type { ExtensionServices } from '../services';
import { credentialsApi, resolveCredential, showCredentials } from './targets';

export async function deleteCredential(services: ExtensionServices, node?: unknown): Promise<boolean> {
  const { app, credential } = await resolveCredential(services, node, 'Delete Credential');
  const name = credential.name ?? '';
  const what = credential.subject ? `issuer ${credential.issuer ?? ''}, subject ${credential.subject}` : `issuer ${credential.issuer ?? ''}`;
  await services.ui.confirm(
    `Delete the federated credential "${name}" of the app "${app.displayName}"?`,
    `Workloads that sign in as ${app.displayName} (client id ${app.appId}) with this credential (${what}) will no longer get tokens. This cannot be undone.`,
    'Delete',
  );
  const api = credentialsApi(services, app.tenantId);
  const deleted = await api.delete(app.objectId, name);
  void services.ui.message('info', deleted ? `Deleted credential "${name}" of ${app.displayName}.` : `Credential "${name}" of ${app.displayName} was already deleted.`);
  const remaining = await api.list(app.objectId).catch(() => undefined);
  if (remaining) await showCredentials(services, app, remaining);
  return deleted;
}
