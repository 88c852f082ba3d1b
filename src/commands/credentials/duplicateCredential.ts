// Duplicate Credential Under a New Name… — the answer to "the name cannot be changed". Within
// one app, issuer + subject must be unique, so a copy with the same fields can only *replace*
// the original (a rename): the original is deleted, the copy created, and if the copy is
// refused the original is put back, so the app is never left without it silently.
import type { FederatedIdentityCredential } from '@microsoft/microsoft-graph-types';
import { suggestCredentialName } from '../../core/credentials';
import { describeError } from '../../core/errors';
import type { CommandContext } from '../commandContext';
import { PROPAGATION_NOTE, tenantIdentities, upsert } from './addCredential';
import { promptText } from './fieldSteps';
import { review } from './reviewStep';
import { createWithReview, tryCreate } from './saveCredential';
import { appRef, credentialsApi, credentialsChanged, resolveCredential, type CredentialTarget } from '../appResolver';
import { defineCommand } from '../registry';
import { createBody, draftOf, type CredentialWizard } from './wizardContext';

const replaceOriginal = 'Replace the Original';
const keepBoth = 'Keep Both';

export const duplicateCredentialCommand = defineCommand('miFederation.duplicateCredential', {
  target: appRef,
  run: async (context, { target }) => duplicateFrom(context, await resolveCredential(context, target, 'Duplicate Credential Under a New Name')),
});

/** The copy of `source` under a name the user chooses (also where Edit hands over a rename). */
export async function duplicateFrom(context: CommandContext, source: CredentialTarget): Promise<FederatedIdentityCredential> {
  const { app } = source;
  const sourceName = source.credential.name ?? '';
  if (source.credential.subject === null || source.credential.subject === undefined) {
    throw new Error(`"${sourceName}" matches tokens by a claims expression (a flexible credential); duplicate it in the Azure portal.`);
  }
  const [existing, identities] = await Promise.all([
    credentialsApi(context, app.tenantId).list(app.objectId, context.signal),
    tenantIdentities(context, app.tenantId),
  ]);
  const draft = draftOf(source.credential);
  draft.name = suggestCredentialName(sourceName, existing.map((f) => f.name ?? undefined));
  const wizard: CredentialWizard = { ...context, app, existing, identities, draft };
  await promptText(wizard, 'name');

  const original = existing.find((f) => f.name === sourceName);
  const clashes = original !== undefined && original.issuer === draft.issuer && original.subject === draft.subject;
  let created: FederatedIdentityCredential;
  if (clashes) {
    const choice = await context.ui.pick(
      [
        { label: replaceOriginal, description: `delete "${sourceName}", then create "${draft.name}" with the same fields`, detail: `If "${draft.name}" is refused, "${sourceName}" is created again as it was.` },
        { label: keepBoth, description: 'change the subject or issuer of the copy', detail: 'An app cannot hold two credentials with the same issuer and subject.' },
      ],
      { title: `"${sourceName}" has the same issuer and subject: the copy can only replace it.` },
    );
    created = choice.label === replaceOriginal ? await renameWithReview(wizard, original) : await createWithReview(wizard);
  } else {
    created = await createWithReview(wizard);
  }
  void context.ui.message('info', `Created credential "${created.name ?? draft.name}" on ${app.displayName} as a copy of "${sourceName}". ${PROPAGATION_NOTE}`);
  const others = clashes && created ? wizard.existing.filter((f) => f.name !== sourceName) : wizard.existing;
  await credentialsChanged(context, app, upsert(others, created), created.name ?? draft.name);
  return created;
}

/** Review, delete the original, create the copy; on failure put the original back. */
async function renameWithReview(wizard: CredentialWizard, original: FederatedIdentityCredential): Promise<FederatedIdentityCredential> {
  const context = wizard;
  const { app } = wizard;
  const api = credentialsApi(context, app.tenantId);
  const originalName = original.name ?? '';
  // Validated as if the original were gone: it will be, before the copy is sent.
  const withOriginal = wizard.existing;
  wizard.existing = withOriginal.filter((f) => f.name !== originalName);
  for (;;) {
    await review(wizard, {
      verb: 'Replace',
      title: `Replace "${originalName}" with "${wizard.draft.name}" on ${app.displayName}?`,
      body: () => createBody(wizard.draft),
    });
    await api.delete(app.objectId, originalName);
    let created: FederatedIdentityCredential | undefined;
    try {
      created = await tryCreate(wizard);
    } catch (e) {
      await restore(wizard, original);
      throw e;
    }
    if (created) return created;
    await restore(wizard, original);
    wizard.existing = wizard.existing.filter((f) => f.name !== originalName);
  }
}

async function restore(wizard: CredentialWizard, original: FederatedIdentityCredential): Promise<void> {
  const context = wizard;
  const { app } = wizard;
  const body = createBody(draftOf(original));
  try {
    await credentialsApi(context, app.tenantId).create(app.objectId, body);
    void context.ui.message('warning', `"${original.name ?? ''}" was created again as it was, so ${app.displayName} keeps working.`);
  } catch (e) {
    // The one case that needs the user: say exactly what to recreate.
    context.log.error(`Could not recreate credential ${original.name ?? ''} on ${app.appId}; its JSON: ${JSON.stringify(body)}`, e);
    void context.ui.message('error', `"${original.name ?? ''}" was deleted and could not be created again (${describeError(e)}). Its JSON is in the MI Federation log; create it again from there.`, 'Show Log').then((a) => a && context.log.show());
  }
}
