// Retries throttled (429) and unavailable (5xx) Graph responses and dropped connections.
// Unlike the SDK's RetryHandler, its waits end when the request's AbortSignal fires, so a
// user who cancels a load is not kept waiting through a long Retry-After.
import type { Context, Middleware, MiddlewareOptions } from '@microsoft/microsoft-graph-client';
import { abortableDelay } from '../abortableDelay';

export interface RetryPolicy {
  maxRetries: number;
  /** First back-off when the server gives no Retry-After; doubles on each try. */
  baseDelayMs: number;
  /** Upper bound on a single wait, also for a Retry-After the server asks for. */
  maxDelayMs: number;
  /** A refused or dropped connection is retried fewer times: the service is likely down. */
  maxConnectionRetries: number;
}

export const defaultRetryPolicy: RetryPolicy = { maxRetries: 6, baseDelayMs: 500, maxDelayMs: 30_000, maxConnectionRetries: 2 };

const retriableStatus = new Set([429, 500, 502, 503, 504]);
/** Answers that say the server did not act: safe to resend even a request that must not run twice. */
const notActedStatus = new Set([429, 503]);

/**
 * Marks a request that must not run twice (a POST that creates something): it is resent only
 * when the server said it did not act (429, 503), never after a lost connection or a 500/502/504,
 * whose outcome is unknown — the caller looks the object up instead. Pass it with
 * `request.middlewareOptions([new SendOnce()])`.
 */
export class SendOnce implements MiddlewareOptions {}

export class RetryHandler implements Middleware {
  private next: Middleware | undefined;

  constructor(private readonly policy: RetryPolicy = defaultRetryPolicy) {}

  setNext(next: Middleware): void {
    this.next = next;
  }

  async execute(context: Context): Promise<void> {
    if (!this.next) throw new Error('RetryHandler needs a next middleware.');
    const signal = context.options?.signal ?? undefined;
    const once = context.middlewareControl?.getMiddlewareOptions(SendOnce) !== undefined;
    for (let attempt = 0; ; attempt++) {
      let failure: unknown;
      try {
        await this.next.execute(context);
      } catch (e) {
        if (isAbort(e) || !isConnectionError(e)) throw e;
        failure = e;
      }
      const status = context.response?.status;
      const retriable = once
        ? failure === undefined && status !== undefined && notActedStatus.has(status)
        : failure !== undefined || (status !== undefined && retriableStatus.has(status));
      const limit = failure === undefined ? this.policy.maxRetries : this.policy.maxConnectionRetries;
      if (!retriable || attempt >= limit) {
        if (failure !== undefined) throw failure;
        return;
      }
      const retryAfter = failure === undefined ? parseRetryAfter(context.response?.headers.get('retry-after')) : undefined;
      const backoff = this.policy.baseDelayMs * 2 ** attempt;
      await abortableDelay(Math.min(retryAfter ?? backoff, this.policy.maxDelayMs), signal);
    }
  }
}

/** Retry-After in seconds, or an HTTP date. */
export function parseRetryAfter(value: string | null | undefined, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

function isConnectionError(e: unknown): boolean {
  const code = (e as { code?: string } | undefined)?.code;
  return code === 'ECONNRESET' || code === 'ECONNREFUSED' || code === 'EPIPE' || code === 'ETIMEDOUT' || code === 'UND_ERR_SOCKET';
}

function isAbort(e: unknown): boolean {
  return (e as { name?: string } | undefined)?.name === 'AbortError';
}
