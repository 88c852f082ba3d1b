// Go Secretless, step 2: proof that the credential works before anything is removed. Check
// Federation runs on the credential as it does from its own menu — the managed identity's token
// from a token function (or pasted), exchanged for the app's token in the tenants chosen, with
// the propagation probe waiting (progress, Cancel) while a new credential reaches Entra's token
// endpoint. Its verdict decides: only a working exchange in every tenant checked counts.
import { describeError, isCancellation } from '../../core/errors';
import type { ProbeClock } from '../../core/propagationProbe';
import { unverified, verificationOf, type Verification } from '../../core/secretlessPlan';
import type { AppTarget } from '../appResolver';
import type { CommandContext } from '../commandContext';
import { checkFederation } from '../tokens/checkFederation';

export interface VerifyOptions {
  tenants?: string[];
  clock?: ProbeClock;
}

/** Thrown when Cancel stopped the check: the call's signal is gone, so nothing more is sent. */
export class VerificationCancelled extends Error {
  override readonly name = 'VerificationCancelled';
}

export async function verifyTrust(context: CommandContext, app: AppTarget, credentialName: string, options: VerifyOptions): Promise<Verification> {
  const ref = { kind: 'credential' as const, tenantId: app.tenantId, objectId: app.objectId, name: credentialName };
  try {
    const outcome = await checkFederation(context, ref, { ...(options.tenants ? { tenants: options.tenants } : {}), ...(options.clock ? { clock: options.clock } : {}) });
    const label = (tenantId: string) => context.session.tenants().find((t) => t.id === tenantId)?.displayName ?? tenantId;
    return verificationOf(outcome.results.map((r) => ({ tenantLabel: label(r.tenantId), ok: r.ok, summary: r.summary })));
  } catch (e) {
    if (context.signal.aborted) throw new VerificationCancelled('The check was cancelled.');
    // A dismissed picker (no token source chosen) skips the check; it never counts as a pass.
    if (isCancellation(e)) return unverified('the check was skipped before any exchange.');
    context.log.error(`Go Secretless: Check Federation of ${app.appId} failed`, e);
    return unverified(`the check could not run: ${describeError(e)}`);
  }
}
