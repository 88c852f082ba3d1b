import * as assert from 'node:assert/strict';
import { CancelledError } from '../../../src/core/errors';
import { delayFor, retryWhileBusy, type BusyAwareResponse } from '../../../src/services/busyRetry';

const fast = { maxRetries: 3, baseDelayMs: 1, maxDelayMs: 5 };
const answer = (status: number, retryAfter?: string): BusyAwareResponse => ({ status, headers: retryAfter === undefined ? {} : { 'retry-after': retryAfter } });

describe('retryWhileBusy', () => {
  it('sends again after 429 and 503, and returns the first other answer', async () => {
    const answers = [answer(429, '0'), answer(503), answer(200)];
    let sent = 0;
    const result = await retryWhileBusy(async () => answers[sent++], { policy: fast });
    assert.equal(result.status, 200);
    assert.equal(sent, 3);
  });

  it('never resends other failures: their outcome is the answer', async () => {
    for (const status of [400, 401, 500, 502, 504]) {
      let sent = 0;
      const result = await retryWhileBusy(async () => (sent++, answer(status)), { policy: fast });
      assert.equal(result.status, status);
      assert.equal(sent, 1, `HTTP ${status} was sent again`);
    }
  });

  it('gives up after maxRetries and returns the busy answer', async () => {
    let sent = 0;
    const result = await retryWhileBusy(async () => (sent++, answer(429, '0')), { policy: fast });
    assert.equal(result.status, 429);
    assert.equal(sent, fast.maxRetries + 1);
  });

  it('stops waiting when cancelled', async () => {
    const controller = new AbortController();
    const slow = { maxRetries: 3, baseDelayMs: 60_000, maxDelayMs: 60_000 };
    const pending = retryWhileBusy(async () => answer(503), { policy: slow, signal: controller.signal });
    setTimeout(() => controller.abort(), 10);
    await assert.rejects(pending, CancelledError);
  });
});

describe('delayFor', () => {
  it('follows Retry-After within the cap, else backs off exponentially', () => {
    const policy = { maxRetries: 4, baseDelayMs: 500, maxDelayMs: 20_000 };
    assert.equal(delayFor('2', 0, policy), 2000);
    assert.equal(delayFor('0', 3, policy), 0);
    assert.equal(delayFor('600', 0, policy), 20_000);
    assert.equal(delayFor(undefined, 0, policy), 500);
    assert.equal(delayFor('soon', 2, policy), 2000);
  });
});
