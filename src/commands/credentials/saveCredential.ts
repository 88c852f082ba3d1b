// The execute step of the add, duplicate and edit wizards. Three outcomes of a write:
//  - applied: done;
//  - refused by Graph (4xx, or throttled/unavailable after the retries): its message is shown
//    and the review re-opens with the user's entries, checked against freshly read credentials;
//  - unknown (the connection dropped, a gateway gave up): the name is looked up before anything
//    is sent again, so a credential is never created twice and no entry is lost.
import type { FederatedIdentityCredential } from '@microsoft/microsoft-graph-types';
import { CancelledError, describeError, GraphError, isCancellation } from '../../core/errors';
import { isUnknownOutcome } from '../../services/graph/credentialsApi';
import { DEADLINE_CODE } from '../../services/graph/graphErrors';
import { review } from './reviewStep';
import { credentialsApi } from '../appResolver';
import { changesOf, createBody, matchesDraft, type CredentialWizard } from './wizardContext';

/** Runs review → create until the credential exists; throws CancelledError if the user stops. */
export async function createWithReview(wizard: CredentialWizard): Promise<FederatedIdentityCredential> {
  for (;;) {
    await review(wizard, {
      verb: 'Create',
      title: `Create federated credential "${wizard.draft.name}" on ${wizard.app.displayName}?`,
      body: () => createBody(wizard.draft),
    });
    const created = await tryCreate(wizard);
    if (created) return created;
  }
}

/** Runs review → update until Graph holds the draft; undefined when nothing changed. */
export async function updateWithReview(wizard: CredentialWizard): Promise<FederatedIdentityCredential | undefined> {
  const original = wizard.original;
  if (!original?.name) throw new Error('Editing needs the credential as it is.');
  for (;;) {
    await review(wizard, {
      verb: 'Save',
      title: `Save changes to federated credential "${original.name}" of ${wizard.app.displayName}?`,
      body: () => changesOf(original, wizard.draft),
    });
    const changes = changesOf(original, wizard.draft);
    if (Object.keys(changes).length === 0) {
      void wizard.ui.message('info', `Nothing changed in "${original.name}"; nothing was sent.`);
      return undefined;
    }
    const saved = await tryUpdate(wizard, original.name, changes);
    if (saved) return saved;
  }
}

/** One create (and its unknown-outcome handling); undefined when the review should re-open. */
export async function tryCreate(wizard: CredentialWizard): Promise<FederatedIdentityCredential | undefined> {
  const context = wizard;
  const { app, draft } = wizard;
  const api = credentialsApi(context, app.tenantId);
  if (wizard.outcomeUnknown) {
    const settled = await settleUnknownCreate(wizard);
    if (settled !== 'absent') return settled === 'different' ? undefined : settled;
  }
  for (;;) {
    try {
      return await wizard.progress(`Creating credential "${draft.name}"…`, (signal) => api.create(app.objectId, createBody(draft), signal));
    } catch (e) {
      if (stoppedByCancel(wizard, e)) throw new CancelledError('The create was cancelled.');
      if (isUnknownOutcome(e)) {
        wizard.outcomeUnknown = true;
        const settled = await settleUnknownCreate(wizard, e);
        if (settled !== 'absent') return settled === 'different' ? undefined : settled;
        const again = await context.ui.confirm(
          `Microsoft Graph did not confirm the create (${outcomeReason(e)}), and "${draft.name}" was not created.`,
          'It was looked up by name and does not exist, so sending it again cannot make a second one. Your entries are kept.',
          'Try Again',
          'Review Entries',
        );
        if (again === 'Try Again') continue;
        return undefined;
      }
      await reportRefusal(wizard, e);
      return undefined;
    }
  }
}

/**
 * After an unknown outcome: looks the name up. The credential if Graph holds the draft;
 * 'absent' if there is none (safe to send); 'different' if the name now holds other values or
 * the lookup failed (the user is told, the review re-opens).
 */
async function settleUnknownCreate(wizard: CredentialWizard, cause?: unknown): Promise<FederatedIdentityCredential | 'absent' | 'different'> {
  const context = wizard;
  const { app, draft } = wizard;
  const api = credentialsApi(context, app.tenantId);
  let found: FederatedIdentityCredential | undefined;
  try {
    found = await api.get(app.objectId, draft.name);
  } catch (lookupError) {
    const why = cause ? ` (${describeError(cause)})` : '';
    void context.ui.message('error', `Could not tell whether "${draft.name}" was created${why}: looking it up failed too (${describeError(lookupError)}). Your entries are kept; the name is looked up again before anything is sent.`);
    return 'different';
  }
  if (!found) {
    wizard.outcomeUnknown = false;
    return 'absent';
  }
  wizard.outcomeUnknown = false;
  if (matchesDraft(found, draft)) {
    context.log.info(`Credential ${draft.name} was created although the connection dropped; found by name, not sent again.`);
    return found;
  }
  wizard.existing = await api.list(app.objectId).catch(() => [...wizard.existing, found]);
  void context.ui.message('error', `A credential named "${draft.name}" now exists on ${app.displayName} with other values; choose another name. Your other entries are kept.`);
  return 'different';
}

async function tryUpdate(wizard: CredentialWizard, name: string, changes: ReturnType<typeof changesOf>): Promise<FederatedIdentityCredential | undefined> {
  const context = wizard;
  const { app, draft } = wizard;
  const api = credentialsApi(context, app.tenantId);
  for (;;) {
    try {
      await wizard.progress(`Saving credential "${name}"…`, (signal) => api.update(app.objectId, name, changes, signal));
      return { ...wizard.original, issuer: draft.issuer, subject: draft.subject, audiences: [draft.audience], description: draft.description || null };
    } catch (e) {
      if (stoppedByCancel(wizard, e)) throw new CancelledError('The change was cancelled.');
      if (!isUnknownOutcome(e)) {
        await reportRefusal(wizard, e);
        return undefined;
      }
      // An update is idempotent, but the user should know what Graph holds before deciding.
      const found = await api.get(app.objectId, name).catch(() => undefined);
      if (found && matchesDraft(found, { ...draft, name })) return found;
      const again = await context.ui.confirm(
        `Microsoft Graph did not confirm the change (${outcomeReason(e)}); "${name}" ${found ? 'still holds its old values' : 'could not be read back'}.`,
        'Your entries are kept. Sending the same changes again is safe.',
        'Try Again',
        'Review Entries',
      );
      if (again !== 'Try Again') return undefined;
    }
  }
}

/** Graph said no: show why, and re-check the entries against what the app holds now. */
async function reportRefusal(wizard: CredentialWizard, e: unknown): Promise<void> {
  if (!(e instanceof GraphError)) throw e;
  const context = wizard;
  const { app } = wizard;
  context.log.error(`Graph refused the credential ${wizard.draft.name} on app ${app.appId}`, e);
  void context.ui.message('error', `${describeError(e)} Your entries are kept: review them and try again.`);
  wizard.existing = await credentialsApi(context, app.tenantId).list(app.objectId).catch(() => wizard.existing);
}

/**
 * Cancel on the progress aborted the request. The write may still have reached Graph: the app
 * is read again in the background so the tree shows what Graph holds, never a guess.
 */
function stoppedByCancel(wizard: CredentialWizard, e: unknown): boolean {
  if (!wizard.signal.aborted && !isCancellation(e)) return false;
  void wizard.model.tenant(wizard.app.tenantId).refreshApp(wizard.app.objectId);
  return true;
}

/** Why a write's outcome is unknown, in a few words: the connection, a timeout or the gateway. */
function outcomeReason(e: unknown): string {
  if (e instanceof GraphError && e.status >= 500) return `HTTP ${e.status}`;
  if (e instanceof GraphError && e.code === DEADLINE_CODE) return 'no answer in time';
  return 'the connection was lost';
}
