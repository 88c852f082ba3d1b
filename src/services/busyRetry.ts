// "Busy" answers — 429 Too Many Requests and 503 Service Unavailable — say the service did not
// act on the request, so sending it again is safe, even a token request or a POST. Graph has its
// own RetryHandler; this one is for the rest: Entra's token endpoint through msal-node (which
// never retries a confidential client's token request, and after one 429 refuses every call
// for the Retry-After period) and the token function (a Functions app answers 429 at its
// scale-out limit and 503 while an instance starts). Waits follow Retry-After, within bounds,
// and end early when the caller cancels.
import { abortableDelay } from './abortableDelay';
import { parseRetryAfter } from './graph/retryHandler';

export interface BusyRetryPolicy {
  maxRetries: number;
  /** Wait when the answer has no Retry-After; doubles on each try. */
  baseDelayMs: number;
  /** Upper bound on one wait, also when Retry-After asks for more. */
  maxDelayMs: number;
}

export const defaultBusyRetryPolicy: BusyRetryPolicy = { maxRetries: 4, baseDelayMs: 500, maxDelayMs: 20_000 };

const BUSY = new Set([429, 503]);

/** Header names in lowercase, as node:http gives them. */
export interface BusyAwareResponse {
  status: number;
  headers: Record<string, string>;
}

/** Sends, and sends again while the answer is 429 or 503; returns the last answer. */
export async function retryWhileBusy<R extends BusyAwareResponse>(
  send: () => Promise<R>,
  options: { signal?: AbortSignal; policy?: BusyRetryPolicy } = {},
): Promise<R> {
  const policy = options.policy ?? defaultBusyRetryPolicy;
  for (let attempt = 0; ; attempt++) {
    const response = await send();
    if (!BUSY.has(response.status) || attempt >= policy.maxRetries) return response;
    await abortableDelay(delayFor(response.headers['retry-after'], attempt, policy), options.signal);
  }
}

/** Retry-After (seconds or an HTTP date), else exponential back-off; never above the cap. */
export function delayFor(retryAfter: string | undefined, attempt: number, policy: BusyRetryPolicy): number {
  const asked = parseRetryAfter(retryAfter);
  return Math.min(asked ?? policy.baseDelayMs * 2 ** attempt, policy.maxDelayMs);
}
