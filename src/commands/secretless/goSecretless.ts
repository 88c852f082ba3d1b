// "Go Secretless…" (on an app with client secrets or certificates, or from the palette): the
// app comes to trust a managed identity (its credential added by the wizard, or reused), Check
// Federation proves a real exchange works, the change for the user's stack is shown, and only
// then are the secrets and certificates removed, after one modal naming each. Without a
// verified exchange nothing is removed unless the user explicitly asks to remove anyway, past a
// warning of its own. Each step can be cancelled; telemetry gets the outcome and counts only.
import { CancelledError, isCancellation } from '../../core/errors';
import type { ProbeClock } from '../../core/propagationProbe';
import { appKeys, countText, describeKey, type AppKey, type Verification } from '../../core/secretlessPlan';
import type { SecretlessStack } from '../../core/secretlessSnippets';
import type { TelemetryEvents } from '../../telemetry';
import { appRef, resolveApp, type AppRef, type AppTarget } from '../appResolver';
import type { CommandContext } from '../commandContext';
import { defineCommand } from '../registry';
import { confirmRemoval, removeKeys, type RemovalOutcome } from './removeStep';
import { offerSnippet } from './snippetStep';
import { establishTrust, type Trust } from './trustStep';
import { VerificationCancelled, verifyTrust, type VerifyOptions } from './verifyStep';

export const GO_SECRETLESS_COMMAND = 'miFederation.goSecretless';

export interface GoSecretlessOutcome {
  appId: string;
  /** The keys the app held when the command started. */
  keys: AppKey[];
  credentialName?: string;
  credentialReused?: boolean;
  verification?: Verification;
  stack?: SecretlessStack;
  removal?: RemovalOutcome;
}

export const goSecretlessCommand = defineCommand(GO_SECRETLESS_COMMAND, {
  target: appRef,
  run: (context, { target, args }) => goSecretless(context, target, optionsOf(args[0])),
});

export async function goSecretless(context: CommandContext, ref: AppRef | undefined, options: VerifyOptions = {}): Promise<GoSecretlessOutcome> {
  const app = await resolveApp(context, ref, 'Go Secretless: which app registration?');
  // The tree may be stale: the secrets are read from Graph now.
  const fresh = await context.progress(`Reading the secrets and certificates of ${app.displayName}…`, (signal) => context.session.graph(app.tenantId).applications.getApp(app.objectId, signal));
  context.model.tenant(app.tenantId).appRead(fresh);
  const keys = appKeys(fresh);
  const outcome: GoSecretlessOutcome = { appId: app.appId, keys };
  if (keys.length === 0) {
    void context.ui.message('info', `${app.displayName} has no client secrets or certificates: there is nothing to remove.`);
    send(context, 'nothingToRemove', outcome);
    return outcome;
  }

  const trust = await establishTrust(context, app);
  Object.assign(outcome, { credentialName: trust.credentialName, credentialReused: trust.reused });

  let verification: Verification;
  try {
    verification = await verifyTrust(context, app, trust.credentialName, options);
  } catch (e) {
    if (!(e instanceof VerificationCancelled)) throw e;
    void context.ui.message('warning', `Go Secretless stopped: the check was cancelled before it proved the exchange. Nothing was removed: ${app.displayName} keeps its ${countText(keys)}.`);
    send(context, 'canceled', outcome);
    throw new CancelledError();
  }
  outcome.verification = verification;

  if (!verification.verified && !(await chooseRemoveAnyway(context, app, keys, verification))) {
    outcome.removal = { result: 'kept', removed: [], remaining: keys };
    send(context, 'kept', outcome);
    return outcome;
  }

  const snippet = await offerSnippet(context, app, trust);
  if (snippet) outcome.stack = snippet.stack;
  if (!(await confirmRemoval(context, app, keys, verification))) {
    outcome.removal = { result: 'kept', removed: [], remaining: keys };
    send(context, 'kept', outcome);
    return outcome;
  }

  outcome.removal = await removeKeys(context, app, keys);
  if (outcome.removal.result === 'removed') reportSecretless(context, app, trust, outcome.removal);
  send(context, outcome.removal.result === 'removed' ? 'secretless' : 'partial', outcome);
  return outcome;
}

/**
 * Not verified: says why and keeps everything, unless the user picks "Remove Anyway…" (the
 * warning modal naming each key comes after). Dismissed: the user is told what stays.
 */
async function chooseRemoveAnyway(context: CommandContext, app: AppTarget, keys: readonly AppKey[], verification: Extract<Verification, { verified: false }>): Promise<boolean> {
  const now = Date.now();
  try {
    await context.ui.confirm(
      `The federation of ${app.displayName} is not verified, so nothing was removed.`,
      `${verification.reason}\n\nIts ${countText(keys)} stay until the managed identity's token is exchanged for the app's token; run Go Secretless again once it is. Remove them now only if you know the workload no longer needs them.`,
      'Remove Anyway…',
    );
    return true;
  } catch (e) {
    if (!isCancellation(e)) throw e;
    void context.ui.message('warning', `Nothing was removed from ${app.displayName}: the federation is not verified (${verification.reason.replace(/\.$/, '')}). Still there: ${keys.map((k) => describeKey(k, now)).join(', ')}.`);
    return false;
  }
}

function reportSecretless(context: CommandContext, app: AppTarget, trust: Trust, removal: RemovalOutcome): void {
  const identity = trust.identity?.displayName ?? trust.subject;
  const left = removal.remaining.length > 0 ? ` It still holds ${countText(removal.remaining)} added meanwhile.` : '';
  void context.ui.message('info', `${app.displayName} is secretless: removed ${countText(removal.removed)}. It signs in as managed identity ${identity} through credential "${trust.credentialName}".${left}`);
}

function send(context: CommandContext, outcome: TelemetryEvents['goSecretless']['outcome'], state: GoSecretlessOutcome): void {
  const removed = state.removal?.removed ?? [];
  context.telemetry.send('goSecretless', {
    outcome,
    verified: state.verification ? (state.verification.verified ? 'yes' : 'no') : 'notRun',
    credential: state.credentialReused === undefined ? 'none' : state.credentialReused ? 'reused' : 'created',
    secrets: state.keys.filter((k) => k.kind === 'secret').length,
    certificates: state.keys.filter((k) => k.kind === 'certificate').length,
    removed: removed.length,
    remaining: state.removal?.remaining.length ?? state.keys.length,
  });
}

/** What a caller (a test, the report's table) may pass after the node: tenants and the probe's clock. */
function optionsOf(arg: unknown): VerifyOptions {
  if (typeof arg !== 'object' || arg === null) return {};
  const o = arg as Record<string, unknown>;
  const clock = o.clock as ProbeClock | undefined;
  return {
    ...(Array.isArray(o.tenants) && o.tenants.every((t) => typeof t === 'string') ? { tenants: o.tenants as string[] } : {}),
    ...(clock && typeof clock.now === 'function' && typeof clock.sleep === 'function' ? { clock } : {}),
  };
}
