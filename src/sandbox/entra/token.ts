// POST /{tenant}/oauth2/v2.0/token: client credentials (secret or assertion), device code
// polling and refresh tokens, answered with Entra's success and error bodies.
import type { Application, ServicePrincipal, Tenant } from '../directory';
import { type Ctx, sendJson } from '../http';
import type { SandboxState } from '../state';
import { redeemDeviceCode, redeemRefreshToken } from './deviceCode';
import { badRequest, EntraError, missingParameter, sendEntraError } from './errors';
import { checkClientAssertion } from './federation';
import { DEVICE_CODE_GRANT, JWT_BEARER, readForm } from './forms';
import { resolveTenantSegment } from './tenants';
import { mintAppToken, resolveResource } from './tokens';


export async function handleToken(state: SandboxState, ctx: Ctx, tenantSegment: string): Promise<void> {
  try {
    const seg = resolveTenantSegment(state, tenantSegment);
    ctx.tenant = seg.kind === 'tenant' ? seg.tenant.id : undefined;
    const form = await readForm(ctx);
    const grant = form.get('grant_type');
    if (!grant) throw missingParameter('grant_type');
    let body: Record<string, unknown>;
    switch (grant) {
      case 'client_credentials':
        if (seg.kind !== 'tenant') {
          throw badRequest(50059, 'No tenant-identifying information found in either the request or implied by any provided credentials.');
        }
        body = await clientCredentials(state, seg.tenant, form);
        break;
      case DEVICE_CODE_GRANT:
      case 'device_code': // what msal sends; Entra's v2 endpoint takes both spellings
        body = redeemDeviceCode(state, seg, form);
        break;
      case 'refresh_token':
        body = redeemRefreshToken(state, seg, form);
        break;
      default:
        throw new EntraError(400, 'unsupported_grant_type', 70003, `The app requested an unsupported grant type '${grant.slice(0, 100)}'.`);
    }
    sendJson(ctx.res, 200, body, { 'cache-control': 'no-store' });
  } catch (e) {
    if (e instanceof EntraError) return sendEntraError(state, ctx, e);
    throw e;
  }
}

async function clientCredentials(state: SandboxState, tenant: Tenant, form: Map<string, string>): Promise<Record<string, unknown>> {
  const clientId = form.get('client_id');
  if (!clientId) throw missingParameter('client_id');
  const scope = form.get('scope');
  if (!scope) throw missingParameter('scope');
  const scopes = scope.split(' ').filter(Boolean);
  const defaults = scopes.filter((s) => s.endsWith('/.default'));
  if (scopes.length !== 1 || defaults.length !== 1) {
    throw new EntraError(
      400,
      'invalid_scope',
      1002012,
      `The provided value for scope ${scope} is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier (application ID URI).`,
    );
  }
  const secret = form.get('client_secret');
  const assertion = form.get('client_assertion');
  const assertionType = form.get('client_assertion_type');

  const { app, sp } = findClient(state, tenant, clientId);
  let azpacr: '1' | '2';
  if (assertion !== undefined || assertionType !== undefined) {
    if (assertionType !== JWT_BEARER) {
      throw badRequest(50027, `Invalid client_assertion_type '${(assertionType ?? '').slice(0, 100)}'. It must be '${JWT_BEARER}'.`);
    }
    if (!assertion) throw missingParameter('client_assertion');
    checkClientAssertion(state, app, assertion);
    azpacr = '2';
  } else if (secret !== undefined) {
    const now = state.clock.now();
    // A secret works from its startDateTime until its endDateTime; a removed one is gone at once.
    const ok = app.passwordCredentials.some((p) => p.secret === secret && Date.parse(p.startDateTime) <= now && Date.parse(p.endDateTime) > now);
    if (!ok) {
      throw new EntraError(
        401,
        'invalid_client',
        7000215,
        `Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '${app.appId}'.`,
      );
    }
    azpacr = '1';
  } else {
    throw new EntraError(401, 'invalid_client', 7000218, "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.");
  }
  const resource = resolveResource(state, defaults[0].slice(0, -'/.default'.length), tenant);
  const roles = resource.kind === 'graph' ? sp.graphRoles : [];
  const { token, expiresIn } = mintAppToken(state, { tenant, clientId: app.appId, objectId: sp.id, resource, roles, azpacr, viaFederation: azpacr === '2' });
  return { token_type: 'Bearer', expires_in: expiresIn, ext_expires_in: expiresIn, access_token: token };
}

/**
 * The app and its service principal in the tenant asked for. An app whose principal in its own
 * home tenant is gone is refused everywhere (7000229); one never provisioned in the tenant asked
 * for is unknown there (700016).
 */
function findClient(state: SandboxState, tenant: Tenant, clientId: string): { app: Application; sp: ServicePrincipal } {
  const app = state.dir.findApplicationByAppId(clientId);
  const home = app && state.dir.tenants.get(app.homeTenantId);
  if (app && home && !state.dir.findServicePrincipalByAppId(home, app.appId)) {
    throw new EntraError(
      400,
      'invalid_client',
      7000229,
      `The client application ${app.appId} is missing service principal in the tenant ${home.id}. See instructions here: https://go.microsoft.com/fwlink/?linkid=2225119`,
    );
  }
  const sp = app && state.dir.findServicePrincipalByAppId(tenant, app.appId);
  if (!app || !sp) {
    throw new EntraError(
      400,
      'unauthorized_client',
      700016,
      `Application with identifier '${clientId}' was not found in the directory '${tenant.displayName}'. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You may have sent your authentication request to the wrong tenant.`,
    );
  }
  return { app, sp };
}
