// Add Managed Identity Credential… — on an app node, or from the palette with an app picker.
// Steps: the identity (issuer follows from its tenant), the audience, the name (suggested), the
// description (the original proof of concept's wording), then the review with the JSON; then create and reveal.
import type { FederatedIdentityCredential } from '@microsoft/microsoft-graph-types';
import { MAX_CREDENTIALS_PER_APP } from '../../core/credentials';
import { ValidationError } from '../../core/errors';
import type { ManagedIdentity } from '../../services/graph/managedIdentities';
import type { CommandContext } from '../commandContext';
import { promptAudience, promptText } from './fieldSteps';
import { promptIdentity } from './identityStep';
import { createWithReview } from './saveCredential';
import { notifySavedWithCheck } from '../tokens/checkFederation';
import { appRef, credentialsApi, credentialsChanged, resolveApp, type AppRef, type AppTarget } from '../appResolver';
import { defineCommand } from '../registry';
import { emptyDraft, type CredentialWizard } from './wizardContext';

/** Entra takes a moment to honour a new or changed credential (20–60 s is typical, up to minutes). */
export const PROPAGATION_NOTE = 'It can take a minute or two before Entra accepts tokens for it.';

export const addCredentialCommand = defineCommand('miFederation.addCredential', { target: appRef, run: (context, { target }) => addCredential(context, target) });

export async function addCredential(context: CommandContext, ref: AppRef | undefined): Promise<FederatedIdentityCredential> {
  const app = await resolveApp(context, ref, 'Add Managed Identity Credential: app registration');
  const wizard = await startContext(context, app);
  await promptIdentity(wizard);
  await promptAudience(wizard);
  await promptText(wizard, 'name');
  await promptText(wizard, 'description');
  const created = await createWithReview(wizard);
  const name = created.name ?? wizard.draft.name;
  notifySavedWithCheck(context, `Created credential "${name}" on ${app.displayName}: it trusts ${wizard.identity?.displayName ?? wizard.draft.subject}. ${PROPAGATION_NOTE}`, { tenantId: app.tenantId, objectId: app.objectId, name });
  await credentialsChanged(context, app, upsert(wizard.existing, created), created.name ?? wizard.draft.name);
  return created;
}

/**
 * Reads the app's credentials (fresh: the tree may be stale) and the tenant's identities, and
 * refuses at once when the app is full — before a single prompt, and with no write.
 */
export async function startContext(context: CommandContext, app: AppTarget): Promise<CredentialWizard> {
  const [existing, identities] = await Promise.all([
    credentialsApi(context, app.tenantId).list(app.objectId, context.signal),
    rememberTenantName(context, app.tenantId),
    tenantIdentities(context, app.tenantId),
  ]).then(([fics, , mis]) => [fics, mis] as const);
  if (existing.length >= MAX_CREDENTIALS_PER_APP) {
    throw new ValidationError([
      {
        code: 'too-many-credentials',
        severity: 'error',
        message: `${app.displayName} already has ${existing.length} federated credentials, the most an app can hold; delete one first. Nothing was sent.`,
      },
    ]);
  }
  return { ...context, app, existing, identities, draft: emptyDraft() };
}

/** The tenant's managed identities from the model; empty (with a note in the log) when refused. */
export async function tenantIdentities(context: CommandContext, tenantId: string): Promise<ManagedIdentity[]> {
  const catalog = context.model.tenant(tenantId);
  const identities = [...(await catalog.whenIdentitiesLoaded())];
  const { status, error } = catalog.identitiesState();
  // Listing identities can need more rights than writing credentials: paste an id instead.
  if (status === 'failed') context.log.warn(`Could not list managed identities: ${error instanceof Error ? error.message : String(error)}`);
  return identities;
}

/** The default description names the tenant; ask Graph for its name if the tree has not yet. */
async function rememberTenantName(context: CommandContext, tenantId: string): Promise<void> {
  if (context.session.tenants().find((t) => t.id === tenantId)?.displayName) return;
  const { displayName } = await context.session.graph(tenantId).organization().catch(() => ({ displayName: undefined }));
  if (displayName) await context.session.rememberTenantName(tenantId, displayName);
}

export function upsert(fics: FederatedIdentityCredential[], fic: FederatedIdentityCredential): FederatedIdentityCredential[] {
  return [...fics.filter((f) => f.name?.toLowerCase() !== fic.name?.toLowerCase()), fic];
}
