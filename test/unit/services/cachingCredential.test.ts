import * as assert from 'node:assert/strict';
import type { AccessToken, TokenCredential } from '@azure/identity';
import { cachingCredential } from '../../../src/services/auth/cachingCredential';

function countingCredential(lifetimeMs: number, clock: { now: number }) {
  const calls: string[] = [];
  const credential: TokenCredential = {
    async getToken(scopes): Promise<AccessToken> {
      calls.push(String(scopes));
      await new Promise((r) => setTimeout(r, 5));
      return { token: `token-${calls.length}`, expiresOnTimestamp: clock.now + lifetimeMs };
    },
  };
  return { credential, calls };
}

describe('cachingCredential', () => {
  it('asks once per scope until the token nears expiry', async () => {
    const clock = { now: 1_000_000 };
    const { credential, calls } = countingCredential(60 * 60_000, clock);
    const cached = cachingCredential(credential, () => clock.now);
    assert.equal((await cached.getToken('a/.default'))?.token, 'token-1');
    assert.equal((await cached.getToken('a/.default'))?.token, 'token-1');
    assert.equal((await cached.getToken('b/.default'))?.token, 'token-2');
    clock.now += 56 * 60_000; // within five minutes of expiry: renew
    assert.equal((await cached.getToken('a/.default'))?.token, 'token-3');
    assert.deepEqual(calls, ['a/.default', 'b/.default', 'a/.default']);
  });

  it('shares one request among concurrent callers', async () => {
    const clock = { now: 0 };
    const { credential, calls } = countingCredential(60 * 60_000, clock);
    const cached = cachingCredential(credential, () => clock.now);
    const tokens = await Promise.all([1, 2, 3].map(() => cached.getToken(['s'])));
    assert.deepEqual(tokens.map((t) => t?.token), ['token-1', 'token-1', 'token-1']);
    assert.equal(calls.length, 1);
  });

  it('does not keep a failure', async () => {
    let fail = true;
    const cached = cachingCredential({
      async getToken() {
        if (fail) throw new Error('token endpoint down');
        return { token: 't', expiresOnTimestamp: Date.now() + 3_600_000 };
      },
    });
    await assert.rejects(cached.getToken('s'), /token endpoint down/);
    fail = false;
    assert.equal((await cached.getToken('s'))?.token, 't');
  });
});
