import assert from 'node:assert/strict';
import { CancelledError } from '../../../src/core/errors';
import {
  PROBE_BUDGET_MS,
  attemptsAllowedWithin,
  formatProbeTime,
  probeSchedule,
  probeUntilWorking,
  propagationExplains,
  type ProbeClock,
} from '../../../src/core/propagationProbe';

/** A clock that moves only when the probe waits: the probe's own time, never the machine's. */
function virtualClock(): ProbeClock & { waits: number[] } {
  let now = 1_000_000;
  const waits: number[] = [];
  return {
    waits,
    now: () => now,
    sleep: async (ms, signal) => {
      if (signal?.aborted) throw new CancelledError();
      waits.push(ms);
      now += ms;
    },
  };
}

class Refusal extends Error {
  constructor(readonly codes: number[]) {
    super(`AADSTS${codes[0]}`);
  }
}

describe('propagation probe', () => {
  it('waits 5 s, then doubles the time spent up to a 30 s wait, for five minutes', () => {
    const schedule = probeSchedule();
    assert.deepEqual(schedule.slice(0, 7), [0, 5_000, 10_000, 20_000, 40_000, 70_000, 100_000]);
    const waits = schedule.slice(1).map((t, i) => t - schedule[i]);
    assert.ok(waits.every((w) => w >= 5_000 && w <= 30_000), `waits ${waits.join(', ')}`);
    assert.ok(schedule.at(-1)! <= PROBE_BUDGET_MS && schedule.at(-1)! + 30_000 > PROBE_BUDGET_MS, `last attempt at ${schedule.at(-1)}`);
    assert.equal(schedule.length, 13);
  });

  it('counts the attempts the schedule allows within a time', () => {
    assert.equal(attemptsAllowedWithin(0), 1);
    assert.equal(attemptsAllowedWithin(4_999), 1);
    assert.equal(attemptsAllowedWithin(20_000), 4);
    assert.equal(attemptsAllowedWithin(25_000), 4);
    assert.equal(attemptsAllowedWithin(10 * 60_000), 13);
  });

  it('knows which codes propagation explains', () => {
    for (const code of [70021, 700211, 700212, 700213, 7002137, 7002138]) assert.equal(propagationExplains([code]), true, String(code));
    for (const code of [700016, 7000229, 70025, 700231, 700236, 700238, 700223, 7000215]) assert.equal(propagationExplains([code]), false, String(code));
    assert.equal(propagationExplains([50000, 70021]), true, 'any of error_codes');
    assert.equal(propagationExplains([]), false);
  });

  it('retries a retryable failure on the schedule and reports when it started working', async () => {
    const clock = virtualClock();
    const inForceAt = clock.now() + 18_000;
    const result = await probeUntilWorking(
      async () => {
        if (clock.now() < inForceAt) throw new Refusal([70021]);
        return 'token';
      },
      { clock, retryable: (e: Refusal) => propagationExplains(e.codes) },
    );
    assert.deepEqual(result, { ok: true, value: 'token', attempts: 4, elapsedMs: 20_000 });
    assert.deepEqual(clock.waits, [5_000, 5_000, 10_000]);
  });

  it('stops at once on a failure propagation does not explain', async () => {
    const clock = virtualClock();
    let calls = 0;
    const result = await probeUntilWorking(
      async () => {
        calls++;
        throw new Refusal([700016]);
      },
      { clock, retryable: (e: Refusal) => propagationExplains(e.codes) },
    );
    assert.equal(calls, 1);
    assert.equal(result.ok, false);
    assert.equal(!result.ok && result.exhausted, false);
    assert.deepEqual(clock.waits, []);
  });

  it('gives up after five minutes with the last error, having made no more attempts than scheduled', async () => {
    const clock = virtualClock();
    let calls = 0;
    const seen: number[] = [];
    const result = await probeUntilWorking(
      async () => {
        calls++;
        throw new Refusal([700213]);
      },
      { clock, retryable: () => true, onWait: (w) => seen.push(w.attempt) },
    );
    assert.equal(result.ok, false);
    assert.equal(!result.ok && result.exhausted, true);
    assert.equal(calls, probeSchedule().length);
    assert.equal(result.elapsedMs, probeSchedule().at(-1));
    assert.equal(seen.length, calls - 1);
  });

  it('keeps to the schedule when attempts themselves take time', async () => {
    const clock = virtualClock();
    const starts: number[] = [];
    const t0 = clock.now();
    await probeUntilWorking(
      async (n) => {
        starts.push(clock.now() - t0);
        await clock.sleep(3_000); // a slow token endpoint
        if (n < 4) throw new Refusal([70021]);
        return n;
      },
      { clock, retryable: () => true },
    );
    assert.deepEqual(starts, [0, 5_000, 10_000, 20_000]);
  });

  it('cancelling during a wait starts no further attempt', async () => {
    const controller = new AbortController();
    let calls = 0;
    const clock: ProbeClock = {
      now: () => 0,
      sleep: (_ms, signal) =>
        new Promise((_resolve, reject) => {
          controller.abort();
          if (signal?.aborted) reject(new CancelledError());
        }),
    };
    await assert.rejects(
      probeUntilWorking(
        async () => {
          calls++;
          throw new Refusal([70021]);
        },
        { clock, signal: controller.signal, retryable: () => true },
      ),
      CancelledError,
    );
    assert.equal(calls, 1);
  });

  it('a cancelled signal before the first attempt makes none', async () => {
    const controller = new AbortController();
    controller.abort();
    let calls = 0;
    await assert.rejects(probeUntilWorking(async () => calls++, { clock: virtualClock(), signal: controller.signal, retryable: () => true }), CancelledError);
    assert.equal(calls, 0);
  });

  it('formats the time it took', () => {
    assert.equal(formatProbeTime(47_300), '47 s');
    assert.equal(formatProbeTime(60_000), '1 min');
    assert.equal(formatProbeTime(125_000), '2 min 5 s');
  });
});
