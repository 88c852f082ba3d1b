// The one place a failed token flow becomes "diagnose, show in the inspector, report": the doctor
// runs once on the managed identity's token against the app's credentials, the inspector shows
// that same diagnosis beside the error, and the error the command throws carries the finding
// the user needs. A failure soon after this window changed the app's credentials says that
// Entra may still be applying the change.
import { MiFederationError, TokenError, TokenFunctionError } from '../../core/errors';
import type { InspectorFlow } from '../../views/inspector';
import { tokenErrorView } from '../../views/inspector/inspectorModel';
import type { CommandContext } from '../commandContext';
import { diagnoseFlow } from './flowContext';
import type { AppSelection } from './tokenContext';

/** Entra refused the exchange; the message carries the code and the doctor's first finding. */
export class ExchangeRefusedError extends MiFederationError {
  override readonly name = 'ExchangeRefusedError';
  constructor(
    readonly code: number | undefined,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export interface FailedFlow {
  /** The flow as far as it got; its first token is the managed identity's. */
  flow: InspectorFlow;
  app: AppSelection | undefined;
  /** What was asked: "the exchange", "GetAppTokenUsingManagedIdentity". */
  step: string;
  /** The tenant the app token was asked in. */
  tenantId: string | undefined;
}

/**
 * Shows the failure in the inspector and returns the error for the command to throw. `error` is
 * Entra's refusal (a TokenError with its AADSTS code) or a token function's 500 without a reason.
 */
export function reportFailedFlow(context: CommandContext, failed: FailedFlow, error: TokenError | TokenFunctionError): Error {
  const diagnosis = diagnoseFlow(failed.flow);
  const propagation = propagationNote(context, failed.app);
  const flow: InspectorFlow = { ...failed.flow, ...(diagnosis ? { diagnosis } : {}) };
  if (error instanceof TokenError) {
    const view = tokenErrorView(error, diagnosis);
    context.views.inspector.show({ ...flow, error: propagation ? { ...view, action: `${capitalized(propagation)} ${view.action}` } : view });
    context.log.error(`${failed.step} for ${failed.app?.appId ?? 'the app'} in ${failed.tenantId ?? '?'} refused`, error);
    const detail = view.findings[0]?.message ?? view.action;
    // describeError shows the first sentence: the code, the recent change and the fix must all be in it.
    const because = propagation ? `${propagation.replace(/\.$/, '')}; ` : '';
    return new ExchangeRefusedError(error.code, `Entra refused ${failed.step}${error.code !== undefined ? ` (AADSTS${error.code})` : ''}: ${because}${detail}`, { cause: error });
  }
  const firstProblem = diagnosis?.findings.find((f) => f.severity === 'error');
  const verdict = !diagnosis
    ? 'select the app in the App Registrations view and run "Diagnose Federation…" to see why'
    : diagnosis.matched
      ? `the doctor finds credential "${diagnosis.matched}" matching, so the cause is elsewhere (the app's service principal in tenant ${failed.tenantId ?? '?'}, the scope, or propagation)`
      : `the doctor says: ${firstProblem?.message ?? 'no credential matches'}`;
  context.views.inspector.show({
    ...flow,
    error: {
      title: `${failed.step} failed with HTTP ${error.status ?? 500} and no reason`,
      explanation:
        "The token function does not pass Entra's error on (the original proof of concept's functions have no try/catch), so the AADSTS code is hidden. The doctor compared the managed identity's token with the app's federated credentials instead.",
      action: propagation ? `${capitalized(propagation)} Otherwise, ${verdict}.` : verdict,
      findings: diagnosis?.findings.filter((f) => f.severity !== 'info') ?? [],
    },
  });
  return new TokenFunctionError(error.kind, `${failed.step} failed with HTTP ${error.status ?? 500} and no reason (the function hides the AADSTS error); ${verdict}${propagation ? `. ${propagation}` : ''}`, error.status, { cause: error });
}

/** Said beside the findings when this window changed the app's credentials minutes ago. */
export function propagationNote(context: CommandContext, app: Pick<AppSelection, 'tenantId' | 'objectId'> | undefined): string | undefined {
  if (!app) return undefined;
  const recent = context.model.recentCredentialChange(app.tenantId, app.objectId);
  if (!recent) return undefined;
  const when = recent.minutesAgo < 1 ? 'less than a minute ago' : `${recent.minutesAgo} minute${recent.minutesAgo === 1 ? '' : 's'} ago`;
  return `this app's federated credentials were changed ${when}: Entra can take a few minutes to apply a change, so try again shortly before changing anything.`;
}

function capitalized(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
