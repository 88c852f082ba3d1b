// The propagation probe's clock on the sandbox's: each wait advances the sandbox clock instead
// of waiting, so a test of a credential still propagating takes no real time, and what the
// probe saw can be read back from the sandbox's request log.
import { CancelledError } from '../../../src/core/errors';
import type { ProbeClock } from '../../../src/core/propagationProbe';
import type { RunningSandbox } from '../../../src/sandbox/types';

/** `onSleep` runs after each advance (default: one turn of the event loop). */
export function sandboxClock(sandbox: RunningSandbox, onSleep?: (ms: number, signal?: AbortSignal) => Promise<void>): ProbeClock {
  return {
    now: () => sandbox.control.clock.now(),
    sleep: async (ms, signal) => {
      if (signal?.aborted) throw new CancelledError();
      sandbox.control.clock.advance(ms);
      await (onSleep ? onSleep(ms, signal) : new Promise((resolve) => setImmediate(resolve)));
    },
  };
}
