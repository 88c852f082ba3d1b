// The one retry policy of every call the extension makes. Each try has the transport's deadline;
// the number of tries and each wait are bounded, so a call's worst case is known. Three rules:
//  - Retry-After is honoured but capped: Graph's throttling asks for seconds; a value of a day
//    (86,400) or beyond setTimeout's 2³¹ ms (which Node turns into an immediate timer) would
//    otherwise wait a day or not at all.
//  - Busy (429, 503) and failing (500, 502, 504) answers and dropped connections back off
//    exponentially, a bounded number of times; every wait ends at once when the caller cancels.
//  - A send-once request (a POST that creates something) is resent only after a 429, Graph's
//    statement that it did not act. After a 503, a 5xx, a timeout or a dropped connection it may
//    have been applied; it is never resent here, and the caller looks the object up instead.
import { abortableDelay } from '../abortableDelay';
import { CancelledError, isCancellation } from '../../core/errors';
import { TransportError } from './transportError';

export interface RetryPolicy {
  /** Retries after an answer in `retryStatuses`. */
  maxRetries: number;
  /** Retries after a dropped or refused connection (fewer: the service is likely down). */
  maxConnectionRetries: number;
  /** First back-off when the server names no Retry-After; doubles on each try. */
  baseDelayMs: number;
  /** Upper bound on one back-off. */
  maxDelayMs: number;
  /** Upper bound on one wait a Retry-After asks for. */
  maxRetryAfterMs: number;
  retryStatuses: ReadonlySet<number>;
}

/** Graph: every busy or failing answer of a request that may run twice. */
export const graphRetryPolicy: RetryPolicy = {
  maxRetries: 6,
  maxConnectionRetries: 2,
  baseDelayMs: 500,
  maxDelayMs: 30_000,
  maxRetryAfterMs: 60_000,
  retryStatuses: new Set([429, 500, 502, 503, 504]),
};

/**
 * Token endpoints and the token function: only "busy" answers, which say the service did not
 * act (msal-node never retries a confidential client's token request itself).
 */
export const busyRetryPolicy: RetryPolicy = {
  maxRetries: 4,
  maxConnectionRetries: 0,
  baseDelayMs: 500,
  maxDelayMs: 20_000,
  maxRetryAfterMs: 60_000,
  retryStatuses: new Set([429, 503]),
};

/** Time and waiting, injectable so tests measure the wait asked for instead of wall time. */
export interface RetryClock {
  now(): number;
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

export const realClock: RetryClock = { now: () => Date.now(), sleep: abortableDelay };

export interface RetryAnswer {
  status: number;
  /** Names in lowercase. */
  headers: Record<string, string>;
}

export type AttemptOutcome<R extends RetryAnswer = RetryAnswer> = { response: R } | { error: unknown };

/** Retry-After in ms (seconds, or an HTTP date relative to `now`), uncapped; undefined if absent or nonsense. */
export function parseRetryAfter(value: string | null | undefined, now = Date.now()): number | undefined {
  if (value === null || value === undefined || value.trim() === '') return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** The wait a Retry-After asks for, within the policy's cap; undefined when it names none. */
export function cappedRetryAfter(value: string | null | undefined, policy: RetryPolicy, now = Date.now()): number | undefined {
  const asked = parseRetryAfter(value, now);
  return asked === undefined ? undefined : Math.min(asked, policy.maxRetryAfterMs);
}

/**
 * How long to wait before sending again after this outcome of try number `attempt` (0-based),
 * or undefined when it must not be sent again.
 */
export function retryDelay(outcome: AttemptOutcome, attempt: number, policy: RetryPolicy, sendOnce: boolean, now = Date.now()): number | undefined {
  const backoff = Math.min(policy.baseDelayMs * 2 ** attempt, policy.maxDelayMs);
  if ('error' in outcome) {
    if (sendOnce || isCancellation(outcome.error)) return undefined;
    const e = outcome.error;
    // A passed deadline is the caller's whole budget; too large an answer will not shrink.
    if (!(e instanceof TransportError) || e.kind !== 'network') return undefined;
    return attempt < policy.maxConnectionRetries ? backoff : undefined;
  }
  const { status, headers } = outcome.response;
  const retriable = sendOnce ? status === 429 : policy.retryStatuses.has(status);
  if (!retriable || attempt >= policy.maxRetries) return undefined;
  return cappedRetryAfter(headers['retry-after'], policy, now) ?? backoff;
}

export interface RetryOptions {
  policy?: RetryPolicy;
  /** The request must not run twice: resent only after a 429. */
  sendOnce?: boolean;
  signal?: AbortSignal;
  clock?: RetryClock;
}

/** Sends, and sends again as the policy allows; returns the last answer or throws the last error. */
export async function withRetries<R extends RetryAnswer>(send: () => Promise<R>, options: RetryOptions = {}): Promise<R> {
  const policy = options.policy ?? graphRetryPolicy;
  const clock = options.clock ?? realClock;
  for (let attempt = 0; ; attempt++) {
    if (options.signal?.aborted) throw new CancelledError();
    let outcome: AttemptOutcome<R>;
    try {
      outcome = { response: await send() };
    } catch (error) {
      outcome = { error };
    }
    const delay = retryDelay(outcome, attempt, policy, options.sendOnce ?? false, clock.now());
    if (delay === undefined) {
      if ('error' in outcome) throw outcome.error;
      return outcome.response;
    }
    await clock.sleep(delay, options.signal);
  }
}
