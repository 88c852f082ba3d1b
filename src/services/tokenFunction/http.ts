// One HTTP exchange with a token function over the extension's transport (services/http): a
// deadline, cancellation, a size cap, the extra CA for loopback hosts only, and every failure
// turned into a TokenFunctionError (or CancelledError) a person can act on.
import { TokenFunctionError } from '../../core/errors';
import { sendHttp } from '../http/transport';
import { formatMs, TransportError } from '../http/transportError';

export const DEFAULT_TIMEOUT_MS = 30_000;
/** A token answer is a few KB; anything this large is not one (and is not read on). */
const MAX_BODY_BYTES = 1024 * 1024;

export interface HttpRequest {
  url: string;
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  body?: string;
  /** PEM of an extra CA, used for loopback hosts only. */
  ca?: string;
  timeoutMs?: number;
  signal?: AbortSignal;
  /** Who is being called, for messages: "the token function" (default), "the issuer's key set". */
  target?: string;
  /** A smaller cap than the default 1 MB. */
  maxBodyBytes?: number;
}

export interface HttpResponse {
  status: number;
  /** Header names in lowercase. */
  headers: Record<string, string>;
  text: string;
}

export async function httpRequest(request: HttpRequest): Promise<HttpResponse> {
  const timeoutMs = request.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const target = request.target ?? 'the token function';
  const maxBodyBytes = request.maxBodyBytes ?? MAX_BODY_BYTES;
  try {
    const answer = await sendHttp({
      url: request.url,
      method: request.method ?? 'GET',
      headers: { accept: 'application/json', ...(request.headers ?? {}) },
      body: request.body,
      ca: request.ca,
      deadlineMs: timeoutMs,
      maxBodyBytes,
      signal: request.signal,
    });
    return { status: answer.status, headers: answer.headers, text: answer.body.toString('utf8') };
  } catch (e) {
    if (!(e instanceof TransportError)) throw e; // CancelledError
    if (e.kind === 'timeout') throw new TokenFunctionError('timeout', `${capitalize(target)} at ${e.host} did not answer within ${formatMs(timeoutMs)}.`);
    if (e.kind === 'tooLarge') throw TokenFunctionError.badBody(`the answer is larger than ${Math.round(maxBodyBytes / 1024)} KB`);
    const hint = e.message.replace(/^Could not reach [^:]+: /, '').replace(/\.$/, '');
    throw new TokenFunctionError('network', `Could not reach ${target} at ${e.host}: ${hint === 'nothing is listening there' ? 'nothing is listening there; is the function app running?' : hint}.`, undefined, { cause: e });
  }
}

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
