// The managed-identity endpoints of the token function's host, one per protocol Microsoft's
// clients speak:
// - App Service 2019-08-01: GET {IDENTITY_ENDPOINT}?api-version=2019-08-01&resource=…, header
//   X-IDENTITY-HEADER; `expires_on` in epoch seconds.
// - App Service 2017-09-01 (azure-cli and older SDKs): the same URL as MSI_ENDPOINT, header
//   `secret: {MSI_SECRET}` (App Service gives both variables the same values); `expires_on` as a
//   date string (`12/01/2026 13:45:00 +00:00`).
// - IMDS: GET /metadata/identity/oauth2/token?api-version=…&resource=…, header Metadata: true;
//   the answer also carries `refresh_token: ""`.
// A user-assigned identity is picked by client id, object (principal) id or Azure resource id.
// Tokens are minted in the identity's own tenant, in the version the resource accepts.
import * as crypto from 'node:crypto';
import type { ServicePrincipal, Tenant } from './directory';
import { EntraError } from './entra/errors';
import { mintAppToken, MI_TOKEN_LIFETIME_S, resolveResource } from './entra/tokens';
import { type Ctx, header, parseQuery, sendJson } from './http';
import { SYSTEM_ASSIGNED_MI } from './ids';
import type { SandboxState } from './state';

export const APP_SERVICE_PATH = '/msi/token';
export const IMDS_PATH = '/metadata/identity/oauth2/token';

type Protocol = 'appService' | 'imds';
type Dialect = 'appService2019' | 'appService2017' | 'imds';

/** Query parameters that select a user-assigned identity, per dialect (first spelling wins). */
const SELECTORS: Record<Dialect, { client: string[]; object: string[]; resource: string[] }> = {
  appService2019: { client: ['client_id'], object: ['object_id', 'principal_id'], resource: ['mi_res_id'] },
  // The 2017 protocol's own spelling is `clientid`.
  appService2017: { client: ['clientid', 'client_id'], object: ['object_id', 'principal_id'], resource: ['mi_res_id'] },
  imds: { client: ['client_id'], object: ['object_id', 'principal_id'], resource: ['msi_res_id', 'mi_res_id'] },
};

function fail(ctx: Ctx, dialect: Dialect, status: number, message: string, error = 'invalid_request'): void {
  if (dialect === 'imds') sendJson(ctx.res, status, { error, error_description: message });
  else sendJson(ctx.res, status, { statusCode: status, message, correlationId: crypto.randomUUID() });
}

/** The dialect of an App Service request, or the reason it is refused. */
function appServiceDialect(state: SandboxState, ctx: Ctx, apiVersion: string | undefined): Dialect | { status: number; message: string } {
  if (apiVersion === '2017-09-01') {
    if (header(ctx, 'secret') !== state.identityHeader) return { status: 401, message: 'The secret header is missing or does not match MSI_SECRET.' };
    return 'appService2017';
  }
  if (apiVersion === '2019-08-01') {
    if (header(ctx, 'x-identity-header') !== state.identityHeader) {
      return { status: 401, message: 'The X-IDENTITY-HEADER header is missing or does not match IDENTITY_HEADER.' };
    }
    return 'appService2019';
  }
  return { status: 400, message: `The api-version '${apiVersion ?? ''}' is not supported; use 2019-08-01 (or 2017-09-01 with the secret header).` };
}

type Picked = { tenant: Tenant; mi: ServicePrincipal } | undefined | 'ambiguous';

function pickIdentity(state: SandboxState, q: Map<string, string>, dialect: Dialect): Picked {
  const names = SELECTORS[dialect];
  const first = (keys: string[]) => keys.map((k) => q.get(k)).find((v) => v !== undefined);
  const byClient = first(names.client);
  const byObject = first(names.object);
  const byResource = first(names.resource);
  const given = [byClient, byObject, byResource].filter((v) => v !== undefined);
  if (given.length > 1) return 'ambiguous';
  const matches = (m: ServicePrincipal): boolean => {
    if (byClient !== undefined) return m.appId === byClient.toLowerCase();
    if (byObject !== undefined) return m.id === byObject.toLowerCase();
    if (byResource !== undefined) return m.alternativeNames.some((n) => n.toLowerCase() === byResource.toLowerCase());
    return m.appId === SYSTEM_ASSIGNED_MI.clientId;
  };
  for (const tenant of state.dir.tenants.values()) {
    for (const mi of tenant.servicePrincipals.values()) {
      if (mi.servicePrincipalType === 'ManagedIdentity' && matches(mi)) return { tenant, mi };
    }
  }
  return undefined;
}

export function handleManagedIdentity(state: SandboxState, ctx: Ctx, protocol: Protocol): void {
  const q = parseQuery(ctx.rawQuery);
  let dialect: Dialect = 'imds';
  if (protocol === 'appService') {
    const d = appServiceDialect(state, ctx, q.get('api-version'));
    if (typeof d !== 'string') return fail(ctx, 'appService2019', d.status, d.message);
    dialect = d;
  } else {
    // IMDS's bad_request_102.
    if ((header(ctx, 'metadata') ?? '').toLowerCase() !== 'true') return fail(ctx, dialect, 400, 'Required metadata header not specified');
    if (!q.get('api-version')) return fail(ctx, dialect, 400, 'Required query variable \'api-version\' is missing');
  }
  const resourceParam = q.get('resource');
  if (!resourceParam) return fail(ctx, dialect, 400, 'Required query variable \'resource\' is missing');
  const picked = pickIdentity(state, q, dialect);
  if (picked === 'ambiguous') return fail(ctx, dialect, 400, 'Only one of client_id, object_id or the resource id may be given.');
  if (!picked) return fail(ctx, dialect, 400, 'No User Assigned or Delegated Managed Identity found for specified ClientId/ResourceId/PrincipalId.');
  const { tenant, mi } = picked;
  ctx.tenant = tenant.id;
  try {
    const resource = resolveResource(state, resourceParam, tenant);
    const roles = resource.kind === 'graph' ? mi.graphRoles : [];
    const miResourceId = mi.alternativeNames.find((n) => n.startsWith('/'));
    const { token, payload } = mintAppToken(state, {
      tenant, clientId: mi.appId, objectId: mi.id, resource, roles, azpacr: '2', miResourceId, lifetimeS: MI_TOKEN_LIFETIME_S,
    });
    const exp = Number(payload.exp);
    const common = { access_token: token, resource: resourceParam, token_type: 'Bearer' };
    if (dialect === 'appService2019') sendJson(ctx.res, 200, { ...common, expires_on: String(exp), client_id: mi.appId });
    else if (dialect === 'appService2017') sendJson(ctx.res, 200, { ...common, expires_on: appServiceDate(exp) });
    else {
      sendJson(ctx.res, 200, {
        ...common, client_id: mi.appId, expires_in: String(MI_TOKEN_LIFETIME_S), expires_on: String(exp),
        ext_expires_in: String(MI_TOKEN_LIFETIME_S), not_before: String(payload.nbf), refresh_token: '',
      });
    }
  } catch (e) {
    if (!(e instanceof EntraError)) throw e;
    // Every host passes Entra's answer through with the AADSTS text.
    return fail(ctx, dialect, 400, `AADSTS${e.code}: ${e.description}`, e.error);
  }
}

/** `MM/DD/YYYY HH:mm:ss +00:00`, the 2017-09-01 protocol's `expires_on` (UTC). */
export function appServiceDate(epochSeconds: number): string {
  const d = new Date(epochSeconds * 1000);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${p(d.getUTCMonth() + 1)}/${p(d.getUTCDate())}/${d.getUTCFullYear()} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())} +00:00`;
}
