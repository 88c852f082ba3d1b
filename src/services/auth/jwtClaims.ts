// Reads the few claims sign-in needs (who, which tenant, until when) from an access token.
// No signature check: the token came straight from the identity provider over TLS.
export interface AccessTokenClaims {
  tid?: string;
  exp?: number;
  upn?: string;
  preferred_username?: string;
  unique_name?: string;
  name?: string;
}

export function readAccessTokenClaims(token: string): AccessTokenClaims {
  const payload = token.split('.')[1];
  if (!payload) return {};
  try {
    return JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as AccessTokenClaims;
  } catch {
    return {};
  }
}

export function usernameOf(claims: AccessTokenClaims): string {
  return claims.preferred_username ?? claims.upn ?? claims.unique_name ?? claims.name ?? 'signed-in user';
}
