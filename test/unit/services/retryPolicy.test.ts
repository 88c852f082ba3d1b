import * as assert from 'node:assert/strict';
import { CancelledError } from '../../../src/core/errors';
import { MAX_TIMER_MS, timerDelay } from '../../../src/services/abortableDelay';
import { cappedRetryAfter, graphRetryPolicy, retryDelay, withRetries, type RetryAnswer, type RetryClock } from '../../../src/services/http/retryPolicy';
import { TransportError } from '../../../src/services/http/transportError';

const answer = (status: number, retryAfter?: string): { response: RetryAnswer } => ({ response: { status, headers: retryAfter === undefined ? {} : { 'retry-after': retryAfter } } });
const reset = { error: new TransportError('network', 'reset', 'ECONNRESET', 'graph.microsoft.com') };
const timeout = { error: new TransportError('timeout', 'late', 'ETIMEDOUT', 'graph.microsoft.com') };

/** A clock whose waits are only recorded. */
function recordingClock(): RetryClock & { waits: number[] } {
  const waits: number[] = [];
  let now = 0;
  return { waits, now: () => now, sleep: async (ms) => void (waits.push(ms), (now += ms)) };
}

describe('transport retry policy', () => {
  it('caps Retry-After at 60 s: a day, and beyond 2^31 ms, never wait longer nor turn into no wait', () => {
    assert.equal(cappedRetryAfter('86400', graphRetryPolicy), 60_000);
    assert.equal(cappedRetryAfter(String(2 ** 31 / 1000 + 5), graphRetryPolicy), 60_000);
    assert.equal(cappedRetryAfter('1e12', graphRetryPolicy), 60_000);
    assert.equal(cappedRetryAfter('2', graphRetryPolicy), 2000);
    assert.equal(cappedRetryAfter('-5', graphRetryPolicy), 0);
    assert.equal(cappedRetryAfter('', graphRetryPolicy), undefined);
  });

  it('retries a read on 429, 500, 502, 503, 504 and a dropped connection; not on 4xx, a deadline or cancel', () => {
    for (const status of [429, 500, 502, 503, 504]) assert.notEqual(retryDelay(answer(status), 0, graphRetryPolicy, false), undefined, String(status));
    for (const status of [200, 400, 401, 403, 404, 409]) assert.equal(retryDelay(answer(status), 0, graphRetryPolicy, false), undefined, String(status));
    assert.equal(retryDelay(reset, 0, graphRetryPolicy, false), 500);
    assert.equal(retryDelay(reset, graphRetryPolicy.maxConnectionRetries, graphRetryPolicy, false), undefined);
    assert.equal(retryDelay(timeout, 0, graphRetryPolicy, false), undefined);
    assert.equal(retryDelay({ error: new CancelledError() }, 0, graphRetryPolicy, false), undefined);
  });

  it('resends a send-once request only after a 429', () => {
    assert.equal(retryDelay(answer(429, '4'), 0, graphRetryPolicy, true), 4000);
    for (const status of [500, 502, 503, 504]) assert.equal(retryDelay(answer(status, '1'), 0, graphRetryPolicy, true), undefined, String(status));
    assert.equal(retryDelay(reset, 0, graphRetryPolicy, true), undefined);
    assert.equal(retryDelay(timeout, 0, graphRetryPolicy, true), undefined);
  });

  it('backs off exponentially without Retry-After, within the cap, a bounded number of times', async () => {
    const clock = recordingClock();
    let sent = 0;
    const last = await withRetries(async () => (sent++, answer(503).response), { clock });
    assert.equal(last.status, 503);
    assert.equal(sent, graphRetryPolicy.maxRetries + 1);
    assert.deepEqual(clock.waits, [500, 1000, 2000, 4000, 8000, 16000]);
  });

  it('sends a send-once request a second time after 429 and returns the 503 that follows', async () => {
    const clock = recordingClock();
    const answers = [answer(429, '3'), answer(503), answer(201)];
    let sent = 0;
    const last = await withRetries(async () => answers[sent++].response, { clock, sendOnce: true });
    assert.equal(last.status, 503);
    assert.equal(sent, 2);
    assert.deepEqual(clock.waits, [3000]);
  });

  it('throws the last connection error once retries are spent', async () => {
    const clock = recordingClock();
    let sent = 0;
    await assert.rejects(withRetries(async () => { sent++; throw reset.error; }, { clock }), TransportError);
    assert.equal(sent, graphRetryPolicy.maxConnectionRetries + 1);
  });

  it('gives setTimeout at most 2^31-1 ms even when asked for more (it would fire at once)', () => {
    assert.equal(timerDelay(2 ** 31 + 10), MAX_TIMER_MS);
    assert.equal(timerDelay(86_400_000), 86_400_000);
    assert.equal(timerDelay(-1), 0);
    assert.equal(timerDelay(Number.NaN), 0);
  });
});
