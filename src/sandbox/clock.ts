// A settable clock: token times (iat/nbf/exp), assertion checks, device-code expiry and
// createdDateTime all read it, so tests can travel in time without touching Date.
import type { SandboxClock } from './types';

export function createClock(): SandboxClock {
  let offsetMs = 0;
  return {
    now: () => Date.now() + offsetMs,
    set(date: Date | number) {
      const target = typeof date === 'number' ? date : date.getTime();
      if (!Number.isFinite(target)) throw new RangeError('clock.set needs a valid date');
      offsetMs = target - Date.now();
    },
    advance(ms: number) {
      if (!Number.isFinite(ms)) throw new RangeError('clock.advance needs a number of ms');
      offsetMs += ms;
    },
    reset() {
      offsetMs = 0;
    },
  };
}

export const seconds = (ms: number): number => Math.floor(ms / 1000);

/** Graph's form of a date: ISO 8601 in UTC, without the milliseconds when there are none. */
export const isoDate = (ms: number): string => new Date(ms).toISOString().replace('.000Z', 'Z');
