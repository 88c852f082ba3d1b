// Keeps each access token until shortly before it expires. The Graph SDK asks its credential
// for a token on every request, and msal-node's silent lookup misses its own cache for
// `/.default` requests (the cached entry holds the granted scopes, not `.default`), so without
// this every Graph call would cost a refresh-token round trip to the token endpoint.
import type { AccessToken, GetTokenOptions, TokenCredential } from '@azure/identity';

/** Renew this long before expiry, so a token never expires in flight. */
const renewBeforeMs = 5 * 60_000;

export function cachingCredential(inner: TokenCredential, now: () => number = Date.now): TokenCredential {
  const tokens = new Map<string, AccessToken>();
  const pending = new Map<string, Promise<AccessToken | null>>();
  return {
    async getToken(scopes: string | string[], options?: GetTokenOptions): Promise<AccessToken | null> {
      const key = (Array.isArray(scopes) ? [...scopes].sort() : [scopes]).join(' ');
      const cached = tokens.get(key);
      if (cached && cached.expiresOnTimestamp - renewBeforeMs > now()) return cached;
      // Concurrent requests (a few $batch calls in flight) share one token request.
      let request = pending.get(key);
      if (!request) {
        request = inner.getToken(scopes, options).finally(() => pending.delete(key));
        pending.set(key, request);
      }
      const token = await request;
      if (token) tokens.set(key, token);
      else tokens.delete(key);
      return token;
    },
  };
}
