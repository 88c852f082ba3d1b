// The execute step of the add, duplicate and edit wizards. Three outcomes of a write:
//  - applied: done;
//  - refused by Graph (4xx, or throttled/unavailable after the retries): its message is shown
//    and the review re-opens with the user's entries, checked against freshly read credentials;
//  - unknown (the connection dropped, a gateway gave up): the name is looked up before anything
//    is sent again, so a credential is never created twice and no entry is lost.
import * as vscode from 'vscode';
import type { FederatedIdentityCredential } from '@microsoft/microsoft-graph-types';
import { describeError, GraphError } from '../../core/errors';
import { isUnknownOutcome } from '../../services/graph/credentialsApi';
import { review } from './reviewStep';
import { credentialsApi } from './targets';
import { changesOf, createBody, matchesDraft, type CredentialWizardContext } from './wizardContext';

/** Runs review → create until the credential exists; throws CancelledError if the user stops. */
export async function createWithReview(context: CredentialWizardContext): Promise<FederatedIdentityCredential> {
  for (;;) {
    await review(context, {
      verb: 'Create',
      title: `Create federated credential "${context.draft.name}" on ${context.app.displayName}?`,
      body: () => createBody(context.draft),
    });
    const created = await tryCreate(context);
    if (created) return created;
  }
}

/** Runs review → update until Graph holds the draft; undefined when nothing changed. */
export async function updateWithReview(context: CredentialWizardContext): Promise<FederatedIdentityCredential | undefined> {
  const original = context.original;
  if (!original?.name) throw new Error('Editing needs the credential as it is.');
  for (;;) {
    await review(context, {
      verb: 'Save',
      title: `Save changes to federated credential "${original.name}" of ${context.app.displayName}?`,
      body: () => changesOf(original, context.draft),
    });
    const changes = changesOf(original, context.draft);
    if (Object.keys(changes).length === 0) {
      void context.services.ui.message('info', `Nothing changed in "${original.name}"; nothing was sent.`);
      return undefined;
    }
    const saved = await tryUpdate(context, original.name, changes);
    if (saved) return saved;
  }
}

/** One create (and its unknown-outcome handling); undefined when the review should re-open. */
export async function tryCreate(context: CredentialWizardContext): Promise<FederatedIdentityCredential | undefined> {
  const { services, app, draft } = context;
  const api = credentialsApi(services, app.tenantId);
  if (context.outcomeUnknown) {
    const settled = await settleUnknownCreate(context);
    if (settled !== 'absent') return settled === 'different' ? undefined : settled;
  }
  for (;;) {
    try {
      return await withProgress(`Creating credential "${draft.name}"…`, () => api.create(app.objectId, createBody(draft)));
    } catch (e) {
      if (isUnknownOutcome(e)) {
        context.outcomeUnknown = true;
        const settled = await settleUnknownCreate(context, e);
        if (settled !== 'absent') return settled === 'different' ? undefined : settled;
        const again = await services.ui.confirm(
          `The connection was lost before Microsoft Graph answered, and "${draft.name}" was not created.`,
          'It was looked up by name and does not exist, so sending it again cannot make a second one. Your entries are kept.',
          'Try Again',
          'Review Entries',
        );
        if (again === 'Try Again') continue;
        return undefined;
      }
      await reportRefusal(context, e);
      return undefined;
    }
  }
}

/**
 * After an unknown outcome: looks the name up. The credential if Graph holds the draft;
 * 'absent' if there is none (safe to send); 'different' if the name now holds other values or
 * the lookup failed (the user is told, the review re-opens).
 */
async function settleUnknownCreate(context: CredentialWizardContext, cause?: unknown): Promise<FederatedIdentityCredential | 'absent' | 'different'> {
  const { services, app, draft } = context;
  const api = credentialsApi(services, app.tenantId);
  let found: FederatedIdentityCredential | undefined;
  try {
    found = await api.get(app.objectId, draft.name);
  } catch (lookupError) {
    const why = cause ? ` (${describeError(cause)})` : '';
    void services.ui.message('error', `Could not tell whether "${draft.name}" was created${why}: looking it up failed too (${describeError(lookupError)}). Your entries are kept; the name is looked up again before anything is sent.`);
    return 'different';
  }
  if (!found) {
    context.outcomeUnknown = false;
    return 'absent';
  }
  context.outcomeUnknown = false;
  if (matchesDraft(found, draft)) {
    services.log.info(`Credential ${draft.name} was created although the connection dropped; found by name, not sent again.`);
    return found;
  }
  context.existing = await api.list(app.objectId).catch(() => [...context.existing, found]);
  void services.ui.message('error', `A credential named "${draft.name}" now exists on ${app.displayName} with other values; choose another name. Your other entries are kept.`);
  return 'different';
}

async function tryUpdate(context: CredentialWizardContext, name: string, changes: ReturnType<typeof changesOf>): Promise<FederatedIdentityCredential | undefined> {
  const { services, app, draft } = context;
  const api = credentialsApi(services, app.tenantId);
  for (;;) {
    try {
      await withProgress(`Saving credential "${name}"…`, () => api.update(app.objectId, name, changes));
      return { ...context.original, issuer: draft.issuer, subject: draft.subject, audiences: [draft.audience], description: draft.description || null };
    } catch (e) {
      if (!isUnknownOutcome(e)) {
        await reportRefusal(context, e);
        return undefined;
      }
      // An update is idempotent, but the user should know what Graph holds before deciding.
      const found = await api.get(app.objectId, name).catch(() => undefined);
      if (found && matchesDraft(found, { ...draft, name })) return found;
      const again = await services.ui.confirm(
        `The connection was lost before Microsoft Graph answered; "${name}" ${found ? 'still holds its old values' : 'could not be read back'}.`,
        'Your entries are kept. Sending the same changes again is safe.',
        'Try Again',
        'Review Entries',
      );
      if (again !== 'Try Again') return undefined;
    }
  }
}

/** Graph said no: show why, and re-check the entries against what the app holds now. */
async function reportRefusal(context: CredentialWizardContext, e: unknown): Promise<void> {
  if (!(e instanceof GraphError)) throw e;
  const { services, app } = context;
  services.log.error(`Graph refused the credential ${context.draft.name} on app ${app.appId}`, e);
  void services.ui.message('error', `${describeError(e)} Your entries are kept: review them and try again.`);
  context.existing = await credentialsApi(services, app.tenantId).list(app.objectId).catch(() => context.existing);
}

function withProgress<T>(title: string, task: () => Promise<T>): Promise<T> {
  return Promise.resolve(vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title }, task));
}
