// Reads the few claims sign-in needs (who, which tenant, until when) from an access token.
// No signature check: the token came straight from the identity provider over TLS.
import { tryDecodeJwt } from '../../core/jwt';

export interface AccessTokenClaims {
  tid?: string;
  exp?: number;
  upn?: string;
  preferred_username?: string;
  unique_name?: string;
  name?: string;
}

export function readAccessTokenClaims(token: string): AccessTokenClaims {
  const decoded = tryDecodeJwt(token);
  return decoded.ok ? (decoded.jwt.payload as AccessTokenClaims) : {};
}

export function usernameOf(claims: AccessTokenClaims): string {
  return claims.preferred_username ?? claims.upn ?? claims.unique_name ?? claims.name ?? 'signed-in user';
}
