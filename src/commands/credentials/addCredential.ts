// Add Managed Identity Credential… — on an app node, or from the palette with an app picker.
// Steps: the identity (issuer follows from its tenant), the audience, the name (suggested), the
// description (the seed's wording), then the review with the JSON; then create and reveal.
import type { FederatedIdentityCredential } from '@microsoft/microsoft-graph-types';
import { MAX_CREDENTIALS_PER_APP } from '../../core/credentials';
import { ValidationError } from '../../core/errors';
import type { ManagedIdentity } from '../../services/graph/managedIdentities';
import type { ExtensionServices } from '../services';
import { promptAudience, promptText } from './fieldSteps';
import { promptIdentity } from './identityStep';
import { createWithReview } from './saveCredential';
import { credentialsApi, resolveApp, showCredentials, type AppTarget } from './targets';
import { emptyDraft, type CredentialWizardContext } from './wizardContext';

export async function addCredential(services: ExtensionServices, node?: unknown): Promise<FederatedIdentityCredential> {
  const app = await resolveApp(services, node, 'Add Managed Identity Credential: app registration');
  const context = await startContext(services, app);
  await promptIdentity(context);
  await promptAudience(context);
  await promptText(context, 'name');
  await promptText(context, 'description');
  const created = await createWithReview(context);
  void services.ui.message('info', `Created credential "${created.name ?? context.draft.name}" on ${app.displayName}: it trusts ${context.identity?.displayName ?? context.draft.subject}.`);
  await showCredentials(services, app, upsert(context.existing, created), created.name ?? context.draft.name);
  return created;
}

/**
 * Reads the app's credentials (fresh: the tree may be stale) and the tenant's identities, and
 * refuses at once when the app is full — before a single prompt, and with no write.
 */
export async function startContext(services: ExtensionServices, app: AppTarget): Promise<CredentialWizardContext> {
  const [existing, identities] = await Promise.all([
    credentialsApi(services, app.tenantId).list(app.objectId),
    rememberTenantName(services, app.tenantId),
    services.session
      .graph(app.tenantId)
      .managedIdentities()
      .catch((e: unknown): ManagedIdentity[] => {
        // Listing identities can need more rights than writing credentials: paste an id instead.
        services.log.warn(`Could not list managed identities: ${(e as Error).message}`);
        return [];
      }),
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
  return { services, app, existing, identities, draft: emptyDraft() };
}

/** The default description names the tenant; ask Graph for its name if the tree has not yet. */
async function rememberTenantName(services: ExtensionServices, tenantId: string): Promise<void> {
  if (services.session.tenants().find((t) => t.id === tenantId)?.displayName) return;
  const { displayName } = await services.session.graph(tenantId).organization().catch(() => ({ displayName: undefined }));
  if (displayName) await services.session.rememberTenantName(tenantId, displayName);
}

export function upsert(fics: FederatedIdentityCredential[], fic: FederatedIdentityCredential): FederatedIdentityCredential[] {
  return [...fics.filter((f) => f.name?.toLowerCase() !== fic.name?.toLowerCase()), fic];
}
