// Minting the tokens the sandbox issues: app tokens (client credentials, managed identity),
// user tokens (device code, refresh), ID tokens and refresh tokens. All RS256, signed by the
// key of the tenant that issues them.
import * as crypto from 'node:crypto';
import { seconds } from '../clock';
import type { Application, Tenant, User } from '../directory';
import { EXCHANGE_AUDIENCE, EXCHANGE_AUDIENCE_APP_ID, GRAPH_APP_ID, GRAPH_RESOURCE } from '../ids';
import { b64url, signJwt, type JwtPayload } from '../jwt';
import type { SandboxState } from '../state';
import { EntraError } from './errors';

export const APP_TOKEN_LIFETIME_S = 3599;
export const MI_TOKEN_LIFETIME_S = 86399;
export const REFRESH_TOKEN_LIFETIME_S = 90 * 24 * 3600;
/** Scopes the seeded user has consented to on Graph (delegated). */
export const USER_GRAPH_SCOPES = ['Application.ReadWrite.All', 'Directory.Read.All', 'User.Read'];
export const OIDC_SCOPES = new Set(['openid', 'profile', 'offline_access', 'email']);

export const v2Issuer = (state: SandboxState, tenantId: string) => `${state.authority}/${tenantId}/v2.0`;
export const v1Issuer = (tenantId: string) => `https://sts.windows.net/${tenantId}/`;

/** A resource a token can be for: Graph, the exchange audience, or an app registration. */
export type Resource =
  | { kind: 'graph'; aud: string }
  | { kind: 'exchange'; uri: string }
  | { kind: 'app'; app: Application; uri: string };

/** Every spelling of Graph the sandbox accepts as a resource. */
export function graphAliases(state: SandboxState): string[] {
  return [GRAPH_RESOURCE, GRAPH_APP_ID, state.authority, state.graphBase];
}

export function resolveResource(state: SandboxState, raw: string, tenant: Tenant): Resource {
  const r = raw.replace(/\/+$/, '');
  if (graphAliases(state).some((g) => g.toLowerCase() === r.toLowerCase())) return { kind: 'graph', aud: GRAPH_RESOURCE };
  if (r === EXCHANGE_AUDIENCE || r.toLowerCase() === EXCHANGE_AUDIENCE_APP_ID) return { kind: 'exchange', uri: EXCHANGE_AUDIENCE };
  const app = state.dir.findResourceApplication(r);
  if (app && state.dir.findServicePrincipalByAppId(tenant, app.appId)) return { kind: 'app', app, uri: r };
  throw new EntraError(
    400,
    'invalid_resource',
    500011,
    `The resource principal named ${raw} was not found in the tenant named ${tenant.displayName}. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You might have sent your authentication request to the wrong tenant.`,
  );
}

/** Splits `{resource}/{scope}`; a bare scope name (`User.Read`) belongs to Graph. */
export function splitScope(scope: string): { resource: string; name: string } {
  const i = scope.lastIndexOf('/');
  if (i < 0) return { resource: GRAPH_RESOURCE, name: scope };
  return { resource: scope.slice(0, i), name: scope.slice(i + 1) };
}

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
  /** '1' secret, '2' certificate or assertion (Entra's azpacr). */
  azpacr: '1' | '2';
  /** For managed identities: the Azure resource id (xms_mirid). */
  miResourceId?: string;
  lifetimeS?: number;
  /** Form of `aud` for app resources: the requested URI, or the resource's app id. */
  audienceForm?: 'uri' | 'guid';
}

/** An app-only access token. v2 unless the resource app asks for v1 tokens. */
export function mintAppToken(state: SandboxState, r: AppTokenRequest): { token: string; expiresIn: number; payload: JwtPayload } {
  const lifetime = r.lifetimeS ?? APP_TOKEN_LIFETIME_S;
  const res = r.resource;
  const v1 = res.kind === 'app' && res.app.api.requestedAccessTokenVersion !== 2;
  const guid = r.audienceForm === 'guid';
  const aud =
    res.kind === 'graph' ? res.aud
    : res.kind === 'exchange' ? (guid ? EXCHANGE_AUDIENCE_APP_ID : res.uri)
    : v1 ? res.uri
    : guid ? res.app.appId : res.uri;
  const payload: JwtPayload = {
    aud,
    iss: v1 ? v1Issuer(r.tenant.id) : v2Issuer(state, r.tenant.id),
    ...baseClaims(state, lifetime),
    aio: b64url(crypto.randomBytes(32)),
    ...(v1 ? { appid: r.clientId, appidacr: r.azpacr } : { azp: r.clientId, azpacr: r.azpacr }),
    idp: v1 ? v1Issuer(r.tenant.id) : undefined,
    idtyp: 'app',
    oid: r.objectId,
    ...(r.roles.length ? { roles: r.roles } : {}),
    sub: r.objectId,
    tid: r.tenant.id,
    ver: v1 ? '1.0' : '2.0',
    ...(r.miResourceId ? { xms_mirid: r.miResourceId } : {}),
  };
  if (!v1) delete payload.idp;
  return { token: signJwt(payload, r.tenant.signingKey), expiresIn: lifetime, payload };
}

export interface UserTokenRequest {
  tenant: Tenant;
  user: User;
  clientId: string;
  resource: Resource;
  scopes: string[];
}

export function mintUserToken(state: SandboxState, r: UserTokenRequest): { token: string; expiresIn: number } {
  const res = r.resource;
  const aud = res.kind === 'graph' ? res.aud : res.kind === 'exchange' ? res.uri : res.app.appId;
  const payload: JwtPayload = {
    aud,
    iss: v2Issuer(state, r.tenant.id),
    ...baseClaims(state, APP_TOKEN_LIFETIME_S),
    aio: b64url(crypto.randomBytes(32)),
    azp: r.clientId,
    azpacr: '0',
    idtyp: 'user',
    name: r.user.displayName,
    oid: r.user.id,
    preferred_username: r.user.userType === 'Guest' ? r.user.mail : r.user.userPrincipalName,
    scp: r.scopes.join(' '),
    sub: pairwiseSubject(r.user.id, r.clientId),
    tid: r.tenant.id,
    ver: '2.0',
  };
  return { token: signJwt(payload, r.tenant.signingKey), expiresIn: APP_TOKEN_LIFETIME_S };
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
