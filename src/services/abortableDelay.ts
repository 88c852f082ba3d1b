// A wait that ends early, with CancelledError, when the caller cancels: every back-off of the
// extension (Graph retries, $batch rounds, busy token endpoints) waits through this.
import { CancelledError } from '../core/errors';

/** setTimeout treats anything above 2³¹−1 ms as 1 ms: a "wait a month" must not become "now". */
export const MAX_TIMER_MS = 2 ** 31 - 1;

/** The delay actually given to setTimeout: never negative, never past what it can hold. */
export function timerDelay(ms: number): number {
  return Number.isNaN(ms) ? 0 : Math.min(Math.max(0, ms), MAX_TIMER_MS);
}

export function abortableDelay(ms: number, signal?: AbortSignal): Promise<void> {
  if (signal?.aborted) return Promise.reject(new CancelledError());
  return new Promise((resolve, reject) => {
    const onAbort = () => {
      clearTimeout(timer);
      reject(new CancelledError());
    };
    const timer = setTimeout(
      () => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      },
      timerDelay(ms),
    );
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
