// One place that knows what the harness has started, so everything is stopped on success, on
// failure, and when the run is interrupted (Ctrl+C, or CI ending the job with SIGTERM).
import { withTimeout } from './waits';

type Cleanup = { name: string; run: () => Promise<void> | void; killNow?: () => void };

const cleanups: Cleanup[] = [];
let signalsHooked = false;

/** Registers a cleanup; returns a function that unregisters it (after a normal stop). */
export function onCleanup(name: string, run: () => Promise<void> | void, killNow?: () => void): () => void {
  hookSignals();
  const entry: Cleanup = { name, run, killNow };
  cleanups.push(entry);
  return () => {
    const index = cleanups.indexOf(entry);
    if (index >= 0) cleanups.splice(index, 1);
  };
}

/** Runs every registered cleanup, newest first; a failing cleanup does not stop the others. */
export async function runCleanups(): Promise<void> {
  while (cleanups.length > 0) {
    const entry = cleanups.pop()!;
    try {
      await withTimeout(Promise.resolve(entry.run()), 20_000, `cleanup "${entry.name}"`);
    } catch (error) {
      console.error(`harness: cleanup "${entry.name}" failed: ${(error as Error).message}`);
      entry.killNow?.();
    }
  }
}

function hookSignals(): void {
  if (signalsHooked) return;
  signalsHooked = true;
  let stopping = false;
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    // `on`, not `once`: Ctrl-C reaches `npm run`'s whole process group, and npm forwards the
    // signal to its child again, so a second SIGINT arrives at once. Without a listener it
    // would kill the harness halfway through stopping things. Every cleanup has a time limit,
    // so ignoring the repeats cannot leave the harness hanging.
    process.on(signal, () => {
      if (stopping) return;
      stopping = true;
      console.error(`harness: ${signal} received, stopping everything that was started`);
      void runCleanups().finally(() => process.exit(signal === 'SIGINT' ? 130 : 143));
    });
  }
  // Last resort when the process dies without running the async cleanups (an uncaught
  // exception, process.exit elsewhere): kill what is left, synchronously.
  process.once('exit', () => {
    for (const entry of cleanups.splice(0)) entry.killNow?.();
  });
}
