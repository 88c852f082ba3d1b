// Fault injection: rate-based (429 with Retry-After, 503, connection reset), and count-based
// ("the next N requests"), optionally limited to a path pattern.
import type { SandboxState } from './state';
import type { FaultKind } from './types';

export interface InjectedFault {
  kind: FaultKind;
  retryAfterSeconds: number;
}

function pathMatches(pattern: string | RegExp | undefined, path: string): boolean {
  if (pattern === undefined) return true;
  if (typeof pattern === 'string') return path.includes(pattern);
  pattern.lastIndex = 0;
  return pattern.test(path);
}

/** The fault for this request, if any. Batch sub-requests only get rate faults with batchItems set. */
export function pickFault(state: SandboxState, path: string, batchItem = false): InjectedFault | undefined {
  const s = state.settings;
  if (!batchItem) {
    const queued = s.failQueue.find((f) => f.remaining > 0 && pathMatches(f.path, path));
    if (queued) {
      queued.remaining--;
      s.failQueue = s.failQueue.filter((f) => f.remaining > 0);
      return { kind: queued.kind, retryAfterSeconds: queued.retryAfterSeconds };
    }
  }
  const f = s.faults;
  if (batchItem && !f.batchItems) return undefined;
  if (!pathMatches(f.path, path)) return undefined;
  const retryAfterSeconds = f.retryAfterSeconds ?? 1;
  const r = (state.faultRandom ?? Math.random)();
  const throttle = f.throttleRate ?? 0;
  const unavailable = f.unavailableRate ?? 0;
  const reset = batchItem ? 0 : (f.resetRate ?? 0);
  const lost = batchItem ? 0 : (f.lostResponseRate ?? 0);
  if (r < throttle) return { kind: 'throttle', retryAfterSeconds };
  if (r < throttle + unavailable) return { kind: 'unavailable', retryAfterSeconds };
  if (r < throttle + unavailable + reset) return { kind: 'reset', retryAfterSeconds };
  if (r < throttle + unavailable + reset + lost) return { kind: 'lostResponse', retryAfterSeconds };
  return undefined;
}

/** A small seeded generator (mulberry32): the same seed gives the same draws in [0, 1). */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function checkRate(name: string, v: number | undefined): void {
  if (v !== undefined && !(v >= 0 && v <= 1)) throw new RangeError(`${name} must be between 0 and 1; got ${v}`);
}
