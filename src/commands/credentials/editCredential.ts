// Edit Credential… — description, issuer, subject, audience. The name is immutable in Graph: the
// wizard says so and hands over to "Duplicate Under a New Name…" with the entries so far.
import type { FederatedIdentityCredential } from '@microsoft/microsoft-graph-types';
import type { CommandContext } from '../commandContext';
import { PROPAGATION_NOTE, tenantIdentities, upsert } from './addCredential';
import { duplicateFrom } from './duplicateCredential';
import { DuplicateRequested, editField } from './reviewStep';
import { updateWithReview } from './saveCredential';
import { notifySavedWithCheck } from '../tokens/checkFederation';
import { appRef, credentialsApi, credentialsChanged, resolveCredential, type AppRef, type CredentialTarget } from '../appResolver';
import { defineCommand } from '../registry';
import { draftOf, type CredentialWizard } from './wizardContext';

export const editCredentialCommand = defineCommand('miFederation.editCredential', { target: appRef, run: (context, { target }) => editCredential(context, target) });

/** Entries a caller already knows (a report's Fix…): the wizard opens on the review with them. */
export interface EditPrefill {
  issuer?: string;
  subject?: string;
  audiences?: string[];
}

export async function editCredential(context: CommandContext, ref: AppRef | undefined, prefill?: EditPrefill): Promise<FederatedIdentityCredential | undefined> {
  const target = await resolveCredential(context, ref, 'Edit Credential');
  const wizard = await startEditContext(context, target);
  try {
    if (prefill) applyPrefill(wizard, prefill);
    else await editField(wizard);
    const saved = await updateWithReview(wizard);
    if (!saved) return undefined;
    notifySavedWithCheck(context, `Saved credential "${saved.name ?? ''}" of ${target.app.displayName}. ${PROPAGATION_NOTE}`, { tenantId: target.app.tenantId, objectId: target.app.objectId, name: saved.name ?? undefined });
    await credentialsChanged(context, target.app, upsert(wizard.existing, saved), saved.name ?? undefined);
    return saved;
  } catch (e) {
    if (!(e instanceof DuplicateRequested)) throw e;
    return duplicateFrom(context, { app: target.app, credential: { ...wizard.original, ...fieldsOf(wizard) } });
  }
}

/** The credential as Graph holds it now (the tree may be stale), with the app's others. */
export async function startEditContext(context: CommandContext, target: CredentialTarget): Promise<CredentialWizard> {
  const name = target.credential.name ?? '';
  const [existing, identities] = await Promise.all([
    credentialsApi(context, target.app.tenantId).list(target.app.objectId, context.signal),
    tenantIdentities(context, target.app.tenantId),
  ]);
  const original = existing.find((f) => f.name === name);
  if (!original) throw new Error(`The credential "${name}" no longer exists on ${target.app.displayName}; refresh the view.`);
  if (original.subject === null || original.subject === undefined) {
    throw new Error(`"${name}" matches tokens by a claims expression (a flexible credential); edit it in the Azure portal.`);
  }
  return { ...context, app: target.app, existing, identities, draft: draftOf(original), original };
}

function applyPrefill(wizard: CredentialWizard, prefill: EditPrefill): void {
  if (prefill.issuer !== undefined) wizard.draft.issuer = prefill.issuer;
  if (prefill.subject !== undefined) wizard.draft.subject = prefill.subject;
  if (prefill.audiences?.[0] !== undefined) wizard.draft.audience = prefill.audiences[0];
}

function fieldsOf(wizard: CredentialWizard): Partial<FederatedIdentityCredential> {
  const { draft } = wizard;
  return { issuer: draft.issuer, subject: draft.subject, audiences: [draft.audience], description: draft.description || null };
}
