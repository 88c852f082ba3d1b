// Duplicate Credential Under a New Name… — the answer to "the name cannot be changed". Within
// one app, issuer + subject must be unique, so a copy with the same fields can only *replace*
// the original (a rename): the original is deleted, the copy created, and if the copy is
// refused the original is put back, so the app is never left without it silently.
import type { FederatedIdentityCredential } from '@microsoft/microsoft-graph-types';
import { suggestCredentialName } from '../../core/credentials';
import { describeError } from '../../core/errors';
import type { ExtensionServices } from '../services';
import { upsert } from './addCredential';
import { promptText } from './fieldSteps';
import { review } from './reviewStep';
import { createWithReview, tryCreate } from './saveCredential';
import { credentialsApi, resolveCredential, showCredentials, type CredentialTarget } from './targets';
import { createBody, draftOf, type CredentialWizardContext } from './wizardContext';

const replaceOriginal = 'Replace the Original';
const keepBoth = 'Keep Both';

export async function duplicateCredential(services: ExtensionServices, node?: unknown): Promise<FederatedIdentityCredential> {
  const source: CredentialTarget = isTarget(node) ? node : await resolveCredential(services, node, 'Duplicate Credential Under a New Name');
  const { app } = source;
  const sourceName = source.credential.name ?? '';
  if (source.credential.subject === null || source.credential.subject === undefined) {
    throw new Error(`"${sourceName}" matches tokens by a claims expression (a flexible credential); duplicate it in the Azure portal.`);
  }
  const [existing, identities] = await Promise.all([
    credentialsApi(services, app.tenantId).list(app.objectId),
    services.session.graph(app.tenantId).managedIdentities().catch(() => []),
  ]);
  const draft = draftOf(source.credential);
  draft.name = suggestCredentialName(sourceName, existing.map((f) => f.name ?? undefined));
  const context: CredentialWizardContext = { services, app, existing, identities, draft };
  await promptText(context, 'name');

  const original = existing.find((f) => f.name === sourceName);
  const clashes = original !== undefined && original.issuer === draft.issuer && original.subject === draft.subject;
  let created: FederatedIdentityCredential;
  if (clashes) {
    const choice = await services.ui.pick(
      [
        { label: replaceOriginal, description: `delete "${sourceName}", then create "${draft.name}" with the same fields`, detail: `If "${draft.name}" is refused, "${sourceName}" is created again as it was.` },
        { label: keepBoth, description: 'change the subject or issuer of the copy', detail: 'An app cannot hold two credentials with the same issuer and subject.' },
      ],
      { title: `"${sourceName}" has the same issuer and subject: the copy can only replace it.` },
    );
    created = choice.label === replaceOriginal ? await renameWithReview(context, original) : await createWithReview(context);
  } else {
    created = await createWithReview(context);
  }
  void services.ui.message('info', `Created credential "${created.name ?? draft.name}" on ${app.displayName} as a copy of "${sourceName}".`);
  const others = clashes && created ? context.existing.filter((f) => f.name !== sourceName) : context.existing;
  await showCredentials(services, app, upsert(others, created), created.name ?? draft.name);
  return created;
}

/** Review, delete the original, create the copy; on failure put the original back. */
async function renameWithReview(context: CredentialWizardContext, original: FederatedIdentityCredential): Promise<FederatedIdentityCredential> {
  const { services, app } = context;
  const api = credentialsApi(services, app.tenantId);
  const originalName = original.name ?? '';
  // Validated as if the original were gone: it will be, before the copy is sent.
  const withOriginal = context.existing;
  context.existing = withOriginal.filter((f) => f.name !== originalName);
  for (;;) {
    await review(context, {
      verb: 'Replace',
      title: `Replace "${originalName}" with "${context.draft.name}" on ${app.displayName}?`,
      body: () => createBody(context.draft),
    });
    await api.delete(app.objectId, originalName);
    let created: FederatedIdentityCredential | undefined;
    try {
      created = await tryCreate(context);
    } catch (e) {
      await restore(context, original);
      throw e;
    }
    if (created) return created;
    await restore(context, original);
    context.existing = context.existing.filter((f) => f.name !== originalName);
  }
}

async function restore(context: CredentialWizardContext, original: FederatedIdentityCredential): Promise<void> {
  const { services, app } = context;
  const body = createBody(draftOf(original));
  try {
    await credentialsApi(services, app.tenantId).create(app.objectId, body);
    void services.ui.message('warning', `"${original.name ?? ''}" was created again as it was, so ${app.displayName} keeps working.`);
  } catch (e) {
    // The one case that needs the user: say exactly what to recreate.
    services.log.error(`Could not recreate credential ${original.name ?? ''} on ${app.appId}; its JSON: ${JSON.stringify(body)}`, e);
    void services.ui.message('error', `"${original.name ?? ''}" was deleted and could not be created again (${describeError(e)}). Its JSON is in the MI Federation log; create it again from there.`, 'Show Log').then((a) => a && services.log.show());
  }
}

function isTarget(value: unknown): value is CredentialTarget {
  const v = value as Partial<CredentialTarget> | undefined;
  return typeof v?.app?.objectId === 'string' && typeof v.credential === 'object' && !('parent' in (v as object));
}
