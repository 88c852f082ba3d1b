// Edit Credential… — description, issuer, subject, audience. The name is immutable in Graph: the
// wizard says so and hands over to "Duplicate Under a New Name…" with the entries so far.
import type { FederatedIdentityCredential } from '@microsoft/microsoft-graph-types';
import type { ExtensionServices } from '../services';
import { upsert } from './addCredential';
import { duplicateCredential } from './duplicateCredential';
import { DuplicateRequested, editField } from './reviewStep';
import { updateWithReview } from './saveCredential';
import { credentialsApi, resolveCredential, showCredentials, type CredentialTarget } from './targets';
import { draftOf, type CredentialWizardContext } from './wizardContext';

export async function editCredential(services: ExtensionServices, node?: unknown): Promise<FederatedIdentityCredential | undefined> {
  const target = await resolveCredential(services, node, 'Edit Credential');
  const context = await startEditContext(services, target);
  try {
    await editField(context);
    const saved = await updateWithReview(context);
    if (!saved) return undefined;
    void services.ui.message('info', `Saved credential "${saved.name ?? ''}" of ${target.app.displayName}.`);
    await showCredentials(services, target.app, upsert(context.existing, saved), saved.name ?? undefined);
    return saved;
  } catch (e) {
    if (!(e instanceof DuplicateRequested)) throw e;
    return duplicateCredential(services, { app: target.app, credential: { ...context.original, ...fieldsOf(context) } });
  }
}

/** The credential as Graph holds it now (the tree may be stale), with the app's others. */
export async function startEditContext(services: ExtensionServices, target: CredentialTarget): Promise<CredentialWizardContext> {
  const name = target.credential.name ?? '';
  const [existing, identities] = await Promise.all([
    credentialsApi(services, target.app.tenantId).list(target.app.objectId),
    services.session.graph(target.app.tenantId).managedIdentities().catch(() => []),
  ]);
  const original = existing.find((f) => f.name === name);
  if (!original) throw new Error(`The credential "${name}" no longer exists on ${target.app.displayName}; refresh the view.`);
  if (original.subject === null || original.subject === undefined) {
    throw new Error(`"${name}" matches tokens by a claims expression (a flexible credential); edit it in the Azure portal.`);
  }
  return { services, app: target.app, existing, identities, draft: draftOf(original), original };
}

function fieldsOf(context: CredentialWizardContext): Partial<FederatedIdentityCredential> {
  const { draft } = context;
  return { issuer: draft.issuer, subject: draft.subject, audiences: [draft.audience], description: draft.description || null };
}
