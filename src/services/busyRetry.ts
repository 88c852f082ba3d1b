// "Busy" answers — 429 Too Many Requests and 503 Service Unavailable — say the service did not
// act on the request, so sending it again is safe, even a token request or a POST. This is the
// transport's retry policy (http/retryPolicy.ts) with only those two statuses, for Entra's token
// endpoint through msal-node (which never retries a confidential client's token request, and
// after one 429 refuses every call for the Retry-After period) and the token function (a
// Functions app answers 429 at its scale-out limit and 503 while an instance starts).
import { busyRetryPolicy, cappedRetryAfter, withRetries, type RetryClock, type RetryPolicy } from './http/retryPolicy';

export interface BusyRetryPolicy {
  maxRetries: number;
  /** Wait when the answer has no Retry-After; doubles on each try. */
  baseDelayMs: number;
  /** Upper bound on one wait, also when Retry-After asks for more. */
  maxDelayMs: number;
}

export const defaultBusyRetryPolicy: BusyRetryPolicy = {
  maxRetries: busyRetryPolicy.maxRetries,
  baseDelayMs: busyRetryPolicy.baseDelayMs,
  maxDelayMs: busyRetryPolicy.maxDelayMs,
};

/** Header names in lowercase, as node:http gives them. */
export interface BusyAwareResponse {
  status: number;
  headers: Record<string, string>;
}

/** Sends, and sends again while the answer is 429 or 503; returns the last answer. */
export async function retryWhileBusy<R extends BusyAwareResponse>(
  send: () => Promise<R>,
  options: { signal?: AbortSignal; policy?: BusyRetryPolicy; clock?: RetryClock } = {},
): Promise<R> {
  return withRetries(() => send(), { policy: toRetryPolicy(options.policy ?? defaultBusyRetryPolicy), signal: options.signal, clock: options.clock });
}

/** Retry-After (seconds or an HTTP date), else exponential back-off; never above the cap. */
export function delayFor(retryAfter: string | undefined, attempt: number, policy: BusyRetryPolicy): number {
  const full = toRetryPolicy(policy);
  return cappedRetryAfter(retryAfter, full) ?? Math.min(policy.baseDelayMs * 2 ** attempt, policy.maxDelayMs);
}

function toRetryPolicy(policy: BusyRetryPolicy): RetryPolicy {
  return { ...busyRetryPolicy, ...policy, maxRetryAfterMs: policy.maxDelayMs };
}
