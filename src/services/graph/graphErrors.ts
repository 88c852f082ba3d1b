// Turns whatever a Graph call threw (the SDK's GraphError, the transport's error, a $batch
// sub-response) into the extension's one typed GraphError: status, code, message, request id.
import { GraphError, isCancellation } from '../../core/errors';
import { TransportError } from '../http/transportError';

/** Code of a call that ended at its deadline without an answer: its outcome is unknown. */
export const DEADLINE_CODE = 'DeadlineExceeded';

export function toGraphError(e: unknown): GraphError {
  if (e instanceof GraphError) return e;
  if (isCancellation(e)) throw e; // cancellation is not a Graph error
  if (e instanceof TransportError) {
    if (e.kind === 'timeout') return new GraphError(0, DEADLINE_CODE, `Microsoft Graph at ${e.message.replace(/\.$/, '')}; the request may or may not have been carried out.`);
    if (e.kind === 'tooLarge') return new GraphError(0, 'ResponseTooLarge', e.message);
    return new GraphError(0, e.code, `Could not reach Microsoft Graph (${e.code}): ${e.message}`);
  }
  const thrown = e as { statusCode?: number; code?: string; message?: string; requestId?: string; body?: unknown; name?: string; headers?: Headers };
  const status = typeof thrown?.statusCode === 'number' && thrown.statusCode > 0 ? thrown.statusCode : 0;
  if (status === 0) {
    // The SDK wraps a failed connection with statusCode -1; the cause keeps the system code.
    const cause = (e as { cause?: { code?: string } })?.cause;
    // Some wrappers keep it only in the message ("connect ECONNREFUSED 127.0.0.1:8443").
    const inMessage = /\b(ECONN[A-Z]+|ENOTFOUND|ETIMEDOUT|EAI_AGAIN|EPIPE|EHOSTUNREACH|ENETUNREACH)\b/.exec(thrown?.message ?? '')?.[1];
    const code = [thrown?.code, cause?.code, inMessage].find((c) => typeof c === 'string' && /^E[A-Z_]+$/.test(c)) ?? 'NetworkError';
    return new GraphError(0, code, `Could not reach Microsoft Graph (${code}): ${thrown?.message ?? String(e)}`);
  }
  // The SDK keeps only the inner `error` object as the body, so put the wrapper back.
  const body = typeof thrown.body === 'string' && thrown.code ? `{"error":${thrown.body}}` : thrown.body;
  const error = GraphError.fromResponse(status, body, thrown.headers);
  return error.requestId || !thrown.requestId ? error : new GraphError(error.status, error.code, error.message, thrown.requestId, error.details);
}
