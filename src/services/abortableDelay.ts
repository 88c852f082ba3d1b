// A wait that ends early, with CancelledError, when the caller cancels: every back-off of the
// extension (Graph retries, $batch rounds, busy token endpoints) waits through this.
import { CancelledError } from '../core/errors';

/** setTimeout treats anything above 2³¹−1 ms as 1 ms: a "wait a month" must not become "now". */
const MAX_TIMER_MS = 2 ** 31 - 1;

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
      Math.min(Math.max(0, ms), MAX_TIMER_MS),
    );
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
