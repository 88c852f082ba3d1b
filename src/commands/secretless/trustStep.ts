// Go Secretless, step 1: the app comes to trust a managed identity. The identity is picked with
// the credential wizard's own picker; a credential with that identity's issuer and subject is
// reused as it is (Graph would refuse a second one); otherwise the add-credential wizard creates
// one, preset to the official exchange audience of the cloud, with its review and every check.
import type { FederatedIdentityCredential } from '@microsoft/microsoft-graph-types';
import { PUBLIC_EXCHANGE_AUDIENCE } from '../../core/clouds';
import { ValidationError } from '../../core/errors';
import { existingTrust } from '../../core/secretlessPlan';
import type { ManagedIdentity } from '../../services/graph/managedIdentities';
import { credentialsApi, credentialsChanged, type AppTarget } from '../appResolver';
import type { CommandContext } from '../commandContext';
import { startContext, tenantIdentities, upsert } from '../credentials/addCredential';
import { promptIdentity } from '../credentials/identityStep';
import { createWithReview } from '../credentials/saveCredential';
import { emptyDraft, type CredentialWizard } from '../credentials/wizardContext';

export interface Trust {
  credential: FederatedIdentityCredential;
  credentialName: string;
  /** The credential was there already: nothing was written. */
  reused: boolean;
  /** The identity picked, when it is one the tenant lists (a pasted object id has none). */
  identity?: ManagedIdentity;
  subject: string;
  audience: string;
}

export async function establishTrust(context: CommandContext, app: AppTarget): Promise<Trust> {
  const { wizard, full } = await wizardFor(context, app);
  await promptIdentity(wizard, `Go Secretless: ${wizard.app.displayName}: the managed identity to trust instead of its secrets`);
  const { draft } = wizard;
  const found = existingTrust(wizard.existing, draft.issuer, draft.subject);
  if (found?.name) {
    context.log.info(`Go Secretless: ${app.appId} already trusts ${draft.subject} through credential ${found.name}; reusing it.`);
    // Check Federation reads the credential from the model, which may predate it.
    if (!context.model.tenant(app.tenantId).app(app.objectId)?.federatedIdentityCredentials.some((c) => c.name === found.name)) await context.model.tenant(app.tenantId).refreshApp(app.objectId, context.signal);
    return { credential: found, credentialName: found.name, reused: true, ...identityOf(wizard.identity), subject: draft.subject, audience: found.audiences?.[0] ?? '' };
  }
  if (full) throw full;
  draft.audience = context.session.environment?.cloud.exchangeAudience ?? PUBLIC_EXCHANGE_AUDIENCE;
  const created = await createWithReview(wizard);
  const name = created.name ?? draft.name;
  // The model learns the new credential and when it was written: Check Federation then knows a
  // refusal in the next minutes may be propagation, and its probe waits for it.
  await credentialsChanged(context, app, upsert(wizard.existing, created), name);
  return { credential: created, credentialName: name, reused: false, ...identityOf(wizard.identity), subject: draft.subject, audience: draft.audience };
}

/**
 * The add-credential wizard's context. An app already at Graph's 20-credential limit can still
 * go secretless when one of them trusts the identity: the identity is asked for anyway, and the
 * wizard's refusal stands only when a new credential would be needed.
 */
async function wizardFor(context: CommandContext, app: AppTarget): Promise<{ wizard: CredentialWizard; full?: ValidationError }> {
  try {
    return { wizard: await startContext(context, app) };
  } catch (e) {
    if (!(e instanceof ValidationError) || !e.problems.some((p) => p.code === 'too-many-credentials')) throw e;
    const [existing, identities] = await Promise.all([credentialsApi(context, app.tenantId).list(app.objectId, context.signal), tenantIdentities(context, app.tenantId)]);
    return { wizard: { ...context, app, existing, identities, draft: emptyDraft() }, full: e };
  }
}

function identityOf(identity: ManagedIdentity | undefined): { identity?: ManagedIdentity } {
  return identity ? { identity } : {};
}
