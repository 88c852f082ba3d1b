// Go Secretless, step 4: the secrets and certificates go, after one modal that names each. The
// certificates first (one PATCH of keyCredentials: all kept ones, or none, in one write), then
// each secret (removePassword). A failure or Cancel stops at once: the app is read again from
// Graph and the user is told exactly what was removed and what is still there.
import { describeError, isCancellation } from '../../core/errors';
import { appKeys, countText, describeKey, keptCertificateIds, remainingMessage, removalPrompt, type AppKey, type Verification } from '../../core/secretlessPlan';
import { AppSecretsApi } from '../../services/graph/appSecrets';
import type { AppTarget } from '../appResolver';
import type { CommandContext } from '../commandContext';

export interface RemovalOutcome {
  /** What the user chose and what happened. */
  result: 'removed' | 'kept' | 'stopped';
  removed: AppKey[];
  /** What Graph lists on the app afterwards (or, when it could not be read, what was not removed). */
  remaining: AppKey[];
}

/** The modal; on Cancel, says that everything was kept. */
export async function confirmRemoval(context: CommandContext, app: AppTarget, keys: readonly AppKey[], verification: Verification): Promise<boolean> {
  const prompt = removalPrompt(app.displayName, keys, Date.now(), verification);
  try {
    await context.ui.confirm(prompt.message, prompt.detail, prompt.action);
    return true;
  } catch (e) {
    if (!isCancellation(e)) throw e;
    void context.ui.message('info', `Nothing was removed: ${app.displayName} keeps its ${countText(keys)}.`);
    return false;
  }
}

export async function removeKeys(context: CommandContext, app: AppTarget, keys: readonly AppKey[]): Promise<RemovalOutcome> {
  const api = new AppSecretsApi(context.session.graph(app.tenantId).client);
  const certificates = keys.filter((k) => k.kind === 'certificate');
  const secrets = keys.filter((k) => k.kind === 'secret');
  const removed: AppKey[] = [];
  // What the write under way removes, for the message if it fails.
  let removing = '';
  try {
    if (certificates.length > 0) {
      removing = certificates.length === 1 ? describeKey(certificates[0], Date.now()) : countText(certificates);
      const removingIds = new Set(certificates.map((k) => k.info.keyId));
      await context.progress(`Removing ${countText(certificates)} from ${app.displayName}…`, async (signal) => {
        // Read right before the write: a certificate added meanwhile is kept, never dropped.
        const held = await api.keyCredentials(app.objectId, signal);
        const kept = new Set(keptCertificateIds(held.map((k) => ({ keyId: k.keyId ?? '' })), removingIds));
        await api.replaceKeyCredentials(app.objectId, held.filter((k) => kept.has(k.keyId ?? '')), signal);
      });
      removed.push(...certificates);
    }
    for (const secret of secrets) {
      removing = describeKey(secret, Date.now());
      try {
        await context.progress(`Removing client secret ${secret.info.displayName ? `"${secret.info.displayName}"` : secret.info.keyId} from ${app.displayName}…`, (signal) => api.removePassword(app.objectId, secret.info.keyId, signal));
      } catch (e) {
        // A resend after a lost answer finds the secret gone already: that is the outcome wanted.
        if (isCancellation(e) || context.signal.aborted || !(await isGone(context, app, secret))) throw e;
        context.log.info(`Go Secretless: a removal on ${app.appId} was refused, but Graph no longer lists that secret; going on.`);
      }
      removed.push(secret);
    }
  } catch (e) {
    const cancelled = isCancellation(e) || context.signal.aborted;
    const why = cancelled ? 'Stopped by Cancel.' : `Removing ${removing} failed: ${describeError(e)}`;
    const { removed: gone, remaining } = await whatGraphHolds(context, app, keys, removed);
    context.log.error(`Go Secretless: removal on ${app.appId} stopped`, e);
    void context.ui.message(cancelled ? 'warning' : 'error', remainingMessage(app.displayName, gone, remaining, Date.now(), why));
    return { result: 'stopped', removed: gone, remaining };
  }
  const { remaining } = await whatGraphHolds(context, app, keys, removed);
  return { result: 'removed', removed, remaining };
}

async function isGone(context: CommandContext, app: AppTarget, key: AppKey): Promise<boolean> {
  try {
    const fresh = await context.session.graph(app.tenantId).applications.getApp(app.objectId, context.signal);
    return !appKeys(fresh).some((k) => k.info.keyId === key.info.keyId);
  } catch {
    return false;
  }
}

/**
 * The app as Graph lists it now: the planned keys no longer there were removed (a write whose
 * answer was lost may have gone through), everything still listed remains. The model takes the
 * app as read, so the tree shows it without a second read. Read without the call's signal,
 * which Cancel may have aborted; when even that read fails, the keys not yet removed are said to
 * remain and the model reads the app again on its own.
 */
async function whatGraphHolds(context: CommandContext, app: AppTarget, planned: readonly AppKey[], removedSoFar: readonly AppKey[]): Promise<{ removed: AppKey[]; remaining: AppKey[] }> {
  try {
    const fresh = await context.session.graph(app.tenantId).applications.getApp(app.objectId);
    context.model.tenant(app.tenantId).appRead(fresh);
    const remaining = appKeys(fresh);
    const listed = new Set(remaining.map((k) => k.info.keyId));
    return { removed: planned.filter((k) => !listed.has(k.info.keyId)), remaining };
  } catch (e) {
    context.log.warn(`Could not read ${app.appId} again after the removal: ${describeError(e)}`);
    void context.model.tenant(app.tenantId).refreshApp(app.objectId);
    const done = new Set(removedSoFar.map((k) => k.info.keyId));
    return { removed: [...removedSoFar], remaining: planned.filter((k) => !done.has(k.info.keyId)) };
  }
}
