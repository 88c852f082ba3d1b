// One tenant of "Check Federation": the local exchange of the managed identity's token for the
// app's token there, retried by the propagation probe while a credential change this window
// made minutes ago explains the refusal and the doctor finds a credential that will match once
// Entra has it. The outcome is shown in the inspector: the app token, or the doctor's finding.
import { TokenError } from '../../core/errors';
import { formatProbeTime, probeUntilWorking, propagationExplains, type ProbeClock } from '../../core/propagationProbe';
import { exchangeWithManagedIdentity } from '../../services/exchange';
import type { InspectorFlow } from '../../views/inspector';
import type { CommandContext } from '../commandContext';
import { reportFailedFlow } from './failedFlow';
import { diagnoseFlow } from './flowContext';
import type { AppSelection } from './tokenContext';

/** What one check needs besides the tenant: the assertion (fetched once) and where it came from. */
export interface CheckInputs {
  app: AppSelection;
  assertion: string;
  assertionSource: string;
  /** The token function's warning (it answers without its key), shown on the token's card. */
  assertionWarning?: string;
  scope: string;
  authorityHost: string;
  ca?: string;
  knownAuthorities?: string[];
  /** The inspector's context for the app (fresh credentials, identities, authorities). */
  around: Pick<InspectorFlow, 'app' | 'managedIdentities' | 'knownAuthorities'>;
  clock: ProbeClock;
  /** A tenant as the user knows it: its name when the session has one, else its id. */
  tenantLabel: (tenantId: string) => string;
}

export interface TenantCheck {
  tenantId: string;
  ok: boolean;
  /** Exchanges sent to this tenant's token endpoint. */
  attempts: number;
  /** From the first exchange to the outcome, on the probe's clock. */
  elapsedMs: number;
  /** Whether the probe retried (a recent change, a refusal propagation explains). */
  probed: boolean;
  /** The AADSTS code of the last refusal. */
  code?: number;
  /** One line: "working after 20 s", or the refusal with the doctor's finding. */
  summary: string;
}

export async function checkTenant(context: CommandContext, inputs: CheckInputs, tenantId: string, signal: AbortSignal, report: (message: string) => void): Promise<TenantCheck> {
  const { app } = inputs;
  const flow: InspectorFlow = { title: `Check Federation: ${app.displayName ?? app.appId} in ${inputs.tenantLabel(tenantId)}`, tokens: [{ raw: inputs.assertion, source: inputs.assertionSource, ...(inputs.assertionWarning ? { warning: inputs.assertionWarning } : {}) }], ...inputs.around };
  // Propagation can only explain a refusal when the credentials Graph shows would match.
  const doctorMatches = diagnoseFlow(flow)?.matched !== undefined;
  const recent = context.model.recentCredentialChange(app.tenantId, app.objectId) !== undefined;
  const retryable = (e: unknown) => recent && doctorMatches && e instanceof TokenError && propagationExplains(e.errorCodes);

  const result = await probeUntilWorking(
    () =>
      exchangeWithManagedIdentity({
        authorityHost: inputs.authorityHost,
        tenantId,
        clientId: app.appId,
        scope: inputs.scope,
        getAssertion: async () => inputs.assertion,
        ...(inputs.ca ? { ca: inputs.ca } : {}),
        ...(inputs.knownAuthorities ? { knownAuthorities: inputs.knownAuthorities } : {}),
        signal,
      }),
    {
      clock: inputs.clock,
      signal,
      retryable,
      onWait: ({ attempt, elapsedMs, waitMs, error }) =>
        report(`${inputs.tenantLabel(tenantId)}: AADSTS${(error as TokenError).code} after ${formatProbeTime(elapsedMs)}, Entra is still applying the change; attempt ${attempt + 1} in ${formatProbeTime(waitMs)}`),
    },
  );
  const probed = result.attempts > 1 || (!result.ok && result.exhausted);

  if (result.ok) {
    context.views.inspector.show({
      ...flow,
      tokens: [...flow.tokens, { raw: result.value.accessToken, source: `local exchange (msal-node), tenant ${result.value.tenantId ?? tenantId}` }],
    });
    const summary = probed ? `working after ${formatProbeTime(result.elapsedMs)}` : 'working';
    context.log.info(`Check Federation: ${app.appId} in ${tenantId} ${summary} (${result.attempts} exchange${result.attempts === 1 ? '' : 's'}).`);
    return { tenantId, ok: true, attempts: result.attempts, elapsedMs: result.elapsedMs, probed, summary };
  }

  const error = result.error;
  if (!(error instanceof TokenError)) throw error;
  const reported = reportFailedFlow(context, { flow, app, step: 'the exchange', tenantId }, error);
  const waited = result.exhausted ? `still refused after ${formatProbeTime(result.elapsedMs)} of retries. ` : '';
  return { tenantId, ok: false, attempts: result.attempts, elapsedMs: result.elapsedMs, probed, ...(error.code !== undefined ? { code: error.code } : {}), summary: `${waited}${reported.message}` };
}
