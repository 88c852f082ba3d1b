// Device code sign-in for the seeded user: /{tenant}/oauth2/v2.0/devicecode, polling with
// authorization_pending (approved automatically on the second poll unless told otherwise),
// refresh tokens that work for every tenant the user belongs to, and a small /devicelogin page.
import * as crypto from 'node:crypto';
import { seconds } from '../clock';
import type { Tenant, User } from '../directory';
import { type Ctx, send } from '../http';
import { SANDBOX_PUBLIC_CLIENT_ID, SANDBOX_USER, VSCODE_CLIENT_ID } from '../ids';
import { b64url, decodeJwt, verifyJwt } from '../jwt';
import type { DeviceCodeGrant, SandboxState } from '../state';
import { badRequest, EntraError, missingParameter, sendEntraError } from './errors';
import { resolveTenantSegment, type TenantSegment } from './tenants';
import { readForm } from './forms';
import {
  clientInfo, mintIdToken, mintRefreshToken, mintUserToken, OIDC_SCOPES, resolveResource, splitScope, USER_GRAPH_SCOPES,
  REFRESH_TOKEN_LIFETIME_S,
} from './tokens';

const DEVICE_CODE_LIFETIME_S = 900;
const POLL_INTERVAL_S = 1;
/** Outstanding device codes kept at most: a client asking for codes it never polls must not grow the map without end. */
const MAX_PENDING_DEVICE_CODES = 10_000;

/** Forgets codes past their expires_in (and the oldest beyond the cap) before a new one is made. */
function forgetExpiredDeviceCodes(state: SandboxState): void {
  const now = state.clock.now();
  for (const [code, grant] of state.deviceCodes) if (now > grant.expiresAt) state.deviceCodes.delete(code);
  for (const code of state.deviceCodes.keys()) {
    if (state.deviceCodes.size < MAX_PENDING_DEVICE_CODES) break;
    state.deviceCodes.delete(code);
  }
}

/** Public clients: the extension's, VS Code's, and any app marked isFallbackPublicClient. */
function checkPublicClient(state: SandboxState, clientId: string | undefined): string {
  if (!clientId) throw missingParameter('client_id');
  const id = clientId.toLowerCase();
  if (id === VSCODE_CLIENT_ID || id === SANDBOX_PUBLIC_CLIENT_ID) return id;
  const app = state.dir.findApplicationByAppId(id);
  if (!app) {
    throw new EntraError(400, 'unauthorized_client', 700016, `Application with identifier '${clientId}' was not found in the directory 'Contoso'.`);
  }
  if (!app.isFallbackPublicClient) {
    throw new EntraError(401, 'invalid_client', 7000218, "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.");
  }
  return id;
}

export async function handleDeviceCode(state: SandboxState, ctx: Ctx, tenantSegment: string): Promise<void> {
  try {
    const seg = resolveTenantSegment(state, tenantSegment);
    const form = await readForm(ctx);
    const clientId = checkPublicClient(state, form.get('client_id'));
    const scope = form.get('scope');
    if (!scope) throw missingParameter('scope');
    forgetExpiredDeviceCodes(state);
    const userCode = crypto.randomBytes(6).toString('base64').replace(/[^A-Z0-9]/gi, '').toUpperCase().slice(0, 8).padEnd(8, 'X');
    const grant: DeviceCodeGrant = {
      deviceCode: b64url(crypto.randomBytes(48)),
      userCode,
      clientId,
      tenantSegment: seg.kind === 'tenant' ? seg.tenant.id : seg.name,
      scopes: scope.split(' ').filter(Boolean),
      expiresAt: state.clock.now() + DEVICE_CODE_LIFETIME_S * 1000,
      polls: 0,
      status: 'pending',
    };
    state.deviceCodes.set(grant.deviceCode, grant);
    const verificationUri = `${state.authority}/devicelogin`;
    send(ctx.res, 200, JSON.stringify({
      user_code: userCode,
      device_code: grant.deviceCode,
      verification_uri: verificationUri,
      expires_in: DEVICE_CODE_LIFETIME_S,
      interval: POLL_INTERVAL_S,
      message: `To sign in, use a web browser to open the page ${verificationUri} and enter the code ${userCode} to authenticate.`,
    }), { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  } catch (e) {
    if (e instanceof EntraError) return sendEntraError(state, ctx, e);
    throw e;
  }
}

/** Approves pending grants (one by user code, or all): what signing in on /devicelogin does. */
export function approveDeviceCodes(state: SandboxState, userCode?: string): number {
  let n = 0;
  for (const g of state.deviceCodes.values()) {
    if (g.status === 'pending' && state.clock.now() <= g.expiresAt && (userCode === undefined || g.userCode === userCode.toUpperCase())) {
      g.status = 'approved';
      n++;
    }
  }
  return n;
}

export function redeemDeviceCode(state: SandboxState, seg: TenantSegment, form: Map<string, string>): Record<string, unknown> {
  const code = form.get('device_code');
  if (!code) throw missingParameter('device_code');
  checkPublicClient(state, form.get('client_id'));
  const grant = state.deviceCodes.get(code);
  if (!grant || grant.status === 'redeemed') throw badRequest(70000, 'Provided grant is invalid or malformed.', 'invalid_grant');
  if (state.clock.now() > grant.expiresAt) {
    state.deviceCodes.delete(code);
    throw badRequest(70020, 'The provided value for the input parameter \'device_code\' is not valid. This device code has expired.', 'expired_token');
  }
  grant.polls++;
  if (grant.status === 'pending' && state.settings.deviceCodeApproval === 'auto' && grant.polls >= 2) grant.status = 'approved';
  if (grant.status === 'pending' && state.settings.deviceCodeApproval === 'decline') grant.status = 'declined';
  if (grant.status === 'declined') {
    state.deviceCodes.delete(code);
    throw badRequest(70000, 'The user has declined to authorize the application.', 'authorization_declined');
  }
  if (grant.status === 'pending') {
    throw badRequest(70016, 'OAuth 2.0 device flow error. Authorization is pending. Continue polling.', 'authorization_pending');
  }
  grant.status = 'redeemed';
  state.deviceCodes.delete(code);
  return userTokens(state, seg, grant.clientId, grant.scopes, seededUserHome(state));
}

export function redeemRefreshToken(state: SandboxState, seg: TenantSegment, form: Map<string, string>): Record<string, unknown> {
  const rt = form.get('refresh_token');
  if (!rt) throw missingParameter('refresh_token');
  const clientId = checkPublicClient(state, form.get('client_id'));
  const jwt = decodeJwt(rt);
  const home = jwt && typeof jwt.payload.tid === 'string' ? state.dir.tenants.get(jwt.payload.tid) : undefined;
  const invalid = () => badRequest(9002313, 'Invalid request. Request is malformed or invalid.', 'invalid_grant');
  if (!jwt || !home || jwt.payload.typ !== 'refresh' || !verifyJwt(jwt, [home.signingKey])) throw invalid();
  if (jwt.payload.cid !== clientId) throw badRequest(70000, 'Provided grant is invalid or malformed: the refresh token was issued to a different client.', 'invalid_grant');
  const exp = typeof jwt.payload.exp === 'number' ? jwt.payload.exp : 0;
  if (seconds(state.clock.now()) >= exp) {
    throw badRequest(700082, `The refresh token has expired due to inactivity. The token was issued on ${new Date((exp - REFRESH_TOKEN_LIFETIME_S) * 1000).toISOString()} and was inactive for 90.00:00:00.`, 'invalid_grant');
  }
  const user = home.users.get(String(jwt.payload.sub));
  if (!user) throw invalid();
  const scope = form.get('scope') ?? '';
  return userTokens(state, seg, clientId, scope.split(' ').filter(Boolean), { home, user });
}

function seededUserHome(state: SandboxState): { home: Tenant; user: User } {
  for (const t of state.dir.tenants.values()) {
    const user = t.users.get(SANDBOX_USER.homeObjectId);
    if (user) return { home: t, user };
  }
  throw new Error('seeded user missing');
}

/** Tokens for the user in the requested tenant (common/organizations: the home tenant). */
function userTokens(state: SandboxState, seg: TenantSegment, clientId: string, scopes: string[], who: { home: Tenant; user: User }): Record<string, unknown> {
  const tenant = seg.kind === 'tenant' ? seg.tenant : who.home;
  const member = [...tenant.users.values()].find((u) => u.homeObjectId === who.user.homeObjectId);
  if (!member) {
    throw badRequest(50020, `User account '${who.user.userPrincipalName}' from identity provider '${state.authority}/${who.home.id}/v2.0' does not exist in tenant '${tenant.displayName}' and cannot access the application '${clientId}' in that tenant.`, 'invalid_grant');
  }
  const resourceScopes = scopes.filter((s) => !OIDC_SCOPES.has(s));
  const resources = new Set(resourceScopes.map((s) => splitScope(s).resource.replace(/\/+$/, '')));
  if (resources.size > 1) {
    throw new EntraError(400, 'invalid_scope', 28000, `Provided value for the input parameter scope is not valid because it contains more than one resource. Scope ${scopes.join(' ')} is not valid.`);
  }
  // As asked (`https://management.core.windows.net//.default` keeps its slash): v1 tokens echo it.
  const resourceName = resourceScopes.length ? splitScope(resourceScopes[0]).resource : 'https://graph.microsoft.com';
  const resource = resolveResource(state, resourceName, tenant);
  const granted = resource.kind === 'graph' ? USER_GRAPH_SCOPES : ['user_impersonation'];
  const at = mintUserToken(state, { tenant, user: member, clientId, resource, scopes: granted });
  const prefix = resource.kind === 'graph' || resource.kind === 'microsoftApi' ? resource.aud : resource.uri;
  const oidc = scopes.filter((s) => OIDC_SCOPES.has(s) && s !== 'offline_access');
  return {
    token_type: 'Bearer',
    scope: [...granted.map((g) => `${prefix}/${g}`), ...oidc].join(' '),
    expires_in: at.expiresIn,
    ext_expires_in: at.expiresIn,
    access_token: at.token,
    refresh_token: mintRefreshToken(state, who.home, who.user, clientId),
    id_token: mintIdToken(state, tenant, member, clientId),
    client_info: clientInfo(who.user),
  };
}

/** GET shows a form, POST approves the code: for people trying the sandbox in a browser. */
export async function handleDeviceLoginPage(state: SandboxState, ctx: Ctx): Promise<void> {
  let message = '';
  if (ctx.method === 'POST') {
    const form = await readForm(ctx).catch(() => new Map<string, string>());
    const code = (form.get('otc') ?? '').trim();
    message = code && approveDeviceCodes(state, code) > 0
      ? `<p role="status">Signed in as ${SANDBOX_USER.username}. You can close this window.</p>`
      : '<p role="alert">That code was not found or has expired.</p>';
  }
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Sandbox tenant: enter code</title></head>
<body><h1>Sandbox tenant sign-in</h1><p>Signing in as ${SANDBOX_USER.displayName} (${SANDBOX_USER.username}).</p>${message}
<form method="post" action="/devicelogin"><label>Code <input name="otc" autocomplete="off"></label> <button type="submit">Next</button></form></body></html>`;
  send(ctx.res, 200, html, { 'content-type': 'text/html; charset=utf-8', 'content-security-policy': "default-src 'none'; form-action 'self'" });
}
