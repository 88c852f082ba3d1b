// The propagation probe of "Check Federation": a credential written minutes ago is not yet in
// force at Entra's token endpoint (seconds to a few minutes; the exchange fails with 70021 /
// 700211–700213, or with 7002137/8 while an edit is on its way), so the exchange is tried again
// on a schedule until it works, the failure is one propagation cannot explain, or five minutes
// have passed. Pure: the clock and the wait are injected, so tests drive the probe on the
// sandbox tenant's clock instead of waiting in real time.
import { CancelledError } from './errors';

/** The token-endpoint codes a credential change still on its way to the token endpoint explains. */
export const PROPAGATION_CODES: readonly number[] = [70021, 700211, 700212, 700213, 7002137, 7002138];

export const PROBE_FIRST_WAIT_MS = 5_000;
export const PROBE_MAX_WAIT_MS = 30_000;
export const PROBE_BUDGET_MS = 5 * 60_000;

/** Whether any of the answer's AADSTS codes is one that propagation explains. */
export function propagationExplains(codes: readonly number[]): boolean {
  return codes.some((c) => PROPAGATION_CODES.includes(c));
}

/**
 * When each attempt starts, in ms after the first: every wait doubles the time spent so far,
 * from 5 s up to 30 s (0, 5, 10, 20, 40, 70, 100, … 280). Doubling the elapsed time (not only
 * the wait) keeps the first attempts close together, where most credentials come into force,
 * so "working after 20 s" is never more than one short wait late; past 40 s one attempt every
 * 30 s is enough and costs the token endpoint little.
 */
export function probeSchedule(budgetMs = PROBE_BUDGET_MS): number[] {
  const times = [0];
  for (let at = 0; ; ) {
    at += Math.min(PROBE_MAX_WAIT_MS, Math.max(PROBE_FIRST_WAIT_MS, at));
    if (at > budgetMs) return times;
    times.push(at);
  }
}

/** The most attempts the schedule makes within `elapsedMs` of the first (the first included). */
export function attemptsAllowedWithin(elapsedMs: number, budgetMs = PROBE_BUDGET_MS): number {
  return probeSchedule(budgetMs).filter((t) => t <= elapsedMs).length;
}

/** The probe's sense of time. `sleep` rejects with CancelledError as soon as `signal` aborts. */
export interface ProbeClock {
  now(): number;
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

export interface ProbeOptions<E> {
  clock: ProbeClock;
  signal?: AbortSignal;
  /** Whether another attempt may help after this failure (a propagation code, a recent change). */
  retryable: (error: E) => boolean;
  /** Told before each wait: the attempt that failed and how long until the next. */
  onWait?: (info: { attempt: number; elapsedMs: number; waitMs: number; error: E }) => void;
  budgetMs?: number;
}

export type ProbeResult<T, E> =
  | { ok: true; value: T; attempts: number; elapsedMs: number }
  /** `exhausted`: still failing when the budget ran out; otherwise the failure was not retryable. */
  | { ok: false; error: E; attempts: number; elapsedMs: number; exhausted: boolean };

/**
 * Runs `attempt` on the schedule until it resolves. A rejection that `retryable` refuses, or one
 * at the last scheduled attempt, ends the probe with that error; cancellation (the signal, or a
 * CancelledError from `attempt`) rejects with CancelledError and starts nothing more.
 */
export async function probeUntilWorking<T, E = unknown>(attempt: (n: number) => Promise<T>, options: ProbeOptions<E>): Promise<ProbeResult<T, E>> {
  const { clock, signal } = options;
  const schedule = probeSchedule(options.budgetMs);
  const started = clock.now();
  for (let i = 0; ; i++) {
    if (signal?.aborted) throw new CancelledError();
    try {
      const value = await attempt(i + 1);
      return { ok: true, value, attempts: i + 1, elapsedMs: clock.now() - started };
    } catch (e) {
      if (e instanceof CancelledError || signal?.aborted) throw e instanceof CancelledError ? e : new CancelledError();
      const error = e as E;
      const elapsedMs = clock.now() - started;
      const next = schedule[i + 1];
      if (!options.retryable(error) || next === undefined) {
        return { ok: false, error, attempts: i + 1, elapsedMs, exhausted: next === undefined && options.retryable(error) };
      }
      // The schedule is kept even when an attempt itself took long: the count stays bounded.
      const waitMs = Math.max(0, started + next - clock.now());
      options.onWait?.({ attempt: i + 1, elapsedMs, waitMs, error });
      await clock.sleep(waitMs, signal);
    }
  }
}

/** "20 s", "2 min 5 s": how long the probe took, for "working after …". */
export function formatProbeTime(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s} s`;
  const rest = s % 60;
  return `${Math.floor(s / 60)} min${rest ? ` ${rest} s` : ''}`;
}
