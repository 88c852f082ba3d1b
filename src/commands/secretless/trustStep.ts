// Go Secretless, step 1: the app comes to trust a managed identity. The identity is picked with
// the credential wizard's own picker; a credential with that identity's issuer and subject is
// reused as it is (Graph would refuse a second one); otherwise the add-credential wizard creates
// one, preset to the official exchange audience of the cloud, with its review and every check.
import type { FederatedIdentityCredential } from '@microsoft/microsoft-graph-types';
import { PUBLIC_EXCHANGE_AUDIENCE } from '../../core/clouds';
import { existingTrust } from '../../core/secretlessPlan';
import type { ManagedIdentity } from '../../services/graph/managedIdentities';
import { credentialsChanged, type AppTarget } from '../appResolver';
import type { CommandContext } from '../commandContext';
import { startContext, upsert } from '../credentials/addCredential';
import { promptIdentity } from '../credentials/identityStep';
import { createWithReview } from '../credentials/saveCredential';

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
  const wizard = await startContext(context, app);
  await promptIdentity(wizard);
  const { draft } = wizard;
  const found = existingTrust(wizard.existing, draft.issuer, draft.subject);
  if (found?.name) {
    context.log.info(`Go Secretless: ${app.appId} already trusts ${draft.subject} through credential ${found.name}; reusing it.`);
    // Check Federation reads the credential from the model, which may predate it.
    if (!context.model.tenant(app.tenantId).app(app.objectId)?.federatedIdentityCredentials.some((c) => c.name === found.name)) await context.model.tenant(app.tenantId).refreshApp(app.objectId, context.signal);
    return { credential: found, credentialName: found.name, reused: true, ...identityOf(wizard.identity), subject: draft.subject, audience: found.audiences?.[0] ?? '' };
  }
  draft.audience = context.session.environment?.cloud.exchangeAudience ?? PUBLIC_EXCHANGE_AUDIENCE;
  const created = await createWithReview(wizard);
  const name = created.name ?? draft.name;
  // The model learns the new credential and when it was written: Check Federation then knows a
  // refusal in the next minutes may be propagation, and its probe waits for it.
  await credentialsChanged(context, app, upsert(wizard.existing, created), name);
  return { credential: created, credentialName: name, reused: false, ...identityOf(wizard.identity), subject: draft.subject, audience: draft.audience };
}

function identityOf(identity: ManagedIdentity | undefined): { identity?: ManagedIdentity } {
  return identity ? { identity } : {};
}
