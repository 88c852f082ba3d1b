// Minting the tokens the sandbox issues: app tokens (client credentials, managed identity),
// user tokens (device code, refresh), ID tokens and refresh tokens. All RS256, signed by the
// key of the tenant that issues them.
import * as crypto from 'node:crypto';
import { seconds } from '../clock';
import type { Tenant, User } from '../directory';
import { b64url, signJwt, type JwtPayload } from '../jwt';
import type { SandboxState } from '../state';
import { type Resource, tokenAudience, tokenVersion } from './resources';

export { graphAliases, resolveResource, splitScope, type Resource } from './resources';

export const APP_TOKEN_LIFETIME_S = 3599;
export const MI_TOKEN_LIFETIME_S = 86399;
export const REFRESH_TOKEN_LIFETIME_S = 90 * 24 * 3600;
/** Scopes the seeded user has consented to on Graph (delegated). */
export const USER_GRAPH_SCOPES = ['Application.ReadWrite.All', 'Directory.Read.All', 'User.Read'];
export const OIDC_SCOPES = new Set(['openid', 'profile', 'offline_access', 'email']);

export const v2Issuer = (state: SandboxState, tenantId: string) => `${state.authority}/${tenantId}/v2.0`;
export const v1Issuer = (tenantId: string) => `https://sts.windows.net/${tenantId}/`;

function baseClaims(state: SandboxState, lifetimeS: number): JwtPayload {
  const now = seconds(state.clock.now());
  return { iat: now, nbf: now, exp: now + lifetimeS, uti: b64url(crypto.randomBytes(16)), rh: `0.${b64url(crypto.randomBytes(24))}.` };
}

export interface AppTokenRequest {
  tenant: Tenant;
  /** Client id of the caller (app or managed identity). */
  clientId: string;
  /** Object id of its service principal in `tenant`. */
  objectId: string;
  resource: Resource;
  roles: string[];
  /** '1' secret, '2' certificate or assertion (Entra's azpacr / appidacr). */
  azpacr: '1' | '2';
  /** For managed identities: the Azure resource id (xms_mirid). */
  miResourceId?: string;
  lifetimeS?: number;
  /**
   * The token was bought with a federated credential. Entra marks such tokens (`xms_ficinfo`,
   * seen in public token dumps) and refuses them as the assertion of another exchange (700231).
   */
  viaFederation?: boolean;
}

/**
 * Marker of a token obtained through a federated credential; real tokens carry an opaque
 * value here, the sandbox a fixed one.
 */
export const FIC_INFO_CLAIM = 'xms_ficinfo';

const uriForm = (state: SandboxState) => state.settings.assertionAudienceForm === 'uri';

/** An app-only access token in the version the resource accepts. */
export function mintAppToken(state: SandboxState, r: AppTokenRequest): { token: string; expiresIn: number; payload: JwtPayload } {
  const lifetime = r.lifetimeS ?? APP_TOKEN_LIFETIME_S;
  const v1 = tokenVersion(r.resource) === '1.0';
  const iss = v1 ? v1Issuer(r.tenant.id) : v2Issuer(state, r.tenant.id);
  const payload: JwtPayload = {
    aud: tokenAudience(r.resource, uriForm(state)),
    iss,
    ...baseClaims(state, lifetime),
    aio: b64url(crypto.randomBytes(32)),
    // v1 names the client appid/appidacr and carries idp; v2 says azp/azpacr.
    ...(v1 ? { appid: r.clientId, appidacr: r.azpacr, idp: iss } : { azp: r.clientId, azpacr: r.azpacr }),
    idtyp: 'app',
    oid: r.objectId,
    ...(r.roles.length ? { roles: r.roles } : {}),
    sub: r.objectId,
    tid: r.tenant.id,
    ver: v1 ? '1.0' : '2.0',
    ...(r.miResourceId ? { xms_mirid: r.miResourceId } : {}),
    ...(r.viaFederation ? { [FIC_INFO_CLAIM]: 'CAAQABgAIAAoAjAA' } : {}),
  };
  return { token: signJwt(payload, r.tenant.signingKey, graphHeader(r.resource)), expiresIn: lifetime, payload };
}

/** Graph's tokens carry a header nonce (so only Graph can verify them); other tokens do not. */
function graphHeader(res: Resource): { nonce: string } | undefined {
  return res.kind === 'graph' ? { nonce: b64url(crypto.randomBytes(32)) } : undefined;
}

export interface UserTokenRequest {
  tenant: Tenant;
  user: User;
  clientId: string;
  resource: Resource;
  scopes: string[];
}

/** A delegated token: v1 for Graph and Azure management (upn, unique_name, appid), v2 otherwise. */
export function mintUserToken(state: SandboxState, r: UserTokenRequest): { token: string; expiresIn: number } {
  const v1 = tokenVersion(r.resource) === '1.0';
  const guest = r.user.userType === 'Guest';
  const common = {
    aud: tokenAudience(r.resource, uriForm(state)),
    ...baseClaims(state, APP_TOKEN_LIFETIME_S),
    aio: b64url(crypto.randomBytes(32)),
    idtyp: 'user',
    name: r.user.displayName,
    oid: r.user.id,
    scp: r.scopes.join(' '),
    tid: r.tenant.id,
  };
  const payload: JwtPayload = v1
    ? {
        ...common,
        iss: v1Issuer(r.tenant.id),
        acr: '1',
        amr: ['pwd'],
        appid: r.clientId,
        appidacr: '0',
        // A guest's v1 token names the home directory in idp and has no upn.
        ...(guest ? { email: r.user.mail, idp: v1Issuer(r.user.homeTenantId) } : { upn: r.user.userPrincipalName }),
        sub: pairwiseSubject(r.user.id, r.clientId),
        unique_name: guest ? r.user.mail : r.user.userPrincipalName,
        ver: '1.0',
      }
    : {
        ...common,
        iss: v2Issuer(state, r.tenant.id),
        azp: r.clientId,
        azpacr: '0',
        preferred_username: guest ? r.user.mail : r.user.userPrincipalName,
        sub: pairwiseSubject(r.user.id, r.clientId),
        ver: '2.0',
      };
  return { token: signJwt(payload, r.tenant.signingKey, graphHeader(r.resource)), expiresIn: APP_TOKEN_LIFETIME_S };
}

export function mintIdToken(state: SandboxState, tenant: Tenant, user: User, clientId: string): string {
  const payload: JwtPayload = {
    aud: clientId,
    iss: v2Issuer(state, tenant.id),
    ...baseClaims(state, APP_TOKEN_LIFETIME_S),
    name: user.displayName,
    oid: user.id,
    preferred_username: user.userType === 'Guest' ? user.mail : user.userPrincipalName,
    sub: pairwiseSubject(user.id, clientId),
    tid: tenant.id,
    ver: '2.0',
  };
  delete payload.uti;
  delete payload.rh;
  return signJwt(payload, tenant.signingKey);
}

/** Refresh tokens are signed by the user's home tenant, so they survive a restart with the same stateDir. */
export function mintRefreshToken(state: SandboxState, home: Tenant, user: User, clientId: string): string {
  const now = seconds(state.clock.now());
  return signJwt({ typ: 'refresh', sub: user.homeObjectId, tid: home.id, cid: clientId, iat: now, exp: now + REFRESH_TOKEN_LIFETIME_S, n: b64url(crypto.randomBytes(8)) }, home.signingKey);
}

export function clientInfo(user: User): string {
  return b64url(JSON.stringify({ uid: user.homeObjectId, utid: user.homeTenantId }));
}

function pairwiseSubject(oid: string, clientId: string): string {
  return b64url(crypto.createHash('sha256').update(`${oid}:${clientId}`).digest()).slice(0, 43);
}
