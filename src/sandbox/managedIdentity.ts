// The managed-identity endpoints of the token function's host: the App Service protocol
// (GET /msi/token?api-version=2019-08-01&resource=…, header X-IDENTITY-HEADER) and IMDS
// (GET /metadata/identity/oauth2/token?api-version=2018-02-01&resource=…, header Metadata: true).
// Tokens: iss = {authority}/{tenant}/v2.0 (v1 for resources that want v1), sub = oid = object id.
import * as crypto from 'node:crypto';
import type { ServicePrincipal, Tenant } from './directory';
import { EntraError } from './entra/errors';
import { mintAppToken, MI_TOKEN_LIFETIME_S, resolveResource } from './entra/tokens';
import { type Ctx, header, parseQuery, sendJson } from './http';
import { CONTOSO_TENANT_ID, SYSTEM_ASSIGNED_MI } from './ids';
import type { SandboxState } from './state';

export const APP_SERVICE_PATH = '/msi/token';
export const IMDS_PATH = '/metadata/identity/oauth2/token';

type Protocol = 'appService' | 'imds';

function fail(ctx: Ctx, protocol: Protocol, status: number, message: string, error = 'invalid_request'): void {
  if (protocol === 'appService') {
    sendJson(ctx.res, status, { statusCode: status, message, correlationId: crypto.randomUUID() });
  } else {
    sendJson(ctx.res, status, { error, error_description: message });
  }
}

function pickIdentity(tenant: Tenant, q: Map<string, string>, protocol: Protocol): ServicePrincipal | undefined | 'ambiguous' {
  const byClient = q.get('client_id');
  const byObject = q.get('object_id') ?? q.get('principal_id');
  const byResource = protocol === 'imds' ? q.get('msi_res_id') : q.get('mi_res_id');
  const given = [byClient, byObject, byResource].filter((v) => v !== undefined);
  if (given.length > 1) return 'ambiguous';
  const mis = [...tenant.servicePrincipals.values()].filter((sp) => sp.servicePrincipalType === 'ManagedIdentity');
  if (byClient !== undefined) return mis.find((m) => m.appId === byClient.toLowerCase());
  if (byObject !== undefined) return mis.find((m) => m.id === byObject.toLowerCase());
  if (byResource !== undefined) return mis.find((m) => m.alternativeNames.some((n) => n.toLowerCase() === byResource.toLowerCase()));
  return mis.find((m) => m.appId === SYSTEM_ASSIGNED_MI.clientId);
}

export function handleManagedIdentity(state: SandboxState, ctx: Ctx, protocol: Protocol): void {
  const q = parseQuery(ctx.rawQuery);
  if (protocol === 'appService') {
    if (header(ctx, 'x-identity-header') !== state.identityHeader) {
      return fail(ctx, protocol, 401, 'The X-IDENTITY-HEADER header is missing or does not match IDENTITY_HEADER.');
    }
    if (q.get('api-version') !== '2019-08-01') {
      return fail(ctx, protocol, 400, `The api-version '${q.get('api-version') ?? ''}' is not supported; use 2019-08-01.`);
    }
  } else {
    if ((header(ctx, 'metadata') ?? '').toLowerCase() !== 'true') {
      return fail(ctx, protocol, 400, 'Required metadata header not specified');
    }
    if (!q.get('api-version')) return fail(ctx, protocol, 400, 'Required query variable \'api-version\' is missing');
  }
  const resourceParam = q.get('resource');
  if (!resourceParam) return fail(ctx, protocol, 400, 'Required query variable \'resource\' is missing');
  const tenant = state.dir.tenants.get(CONTOSO_TENANT_ID)!;
  ctx.tenant = tenant.id;
  const mi = pickIdentity(tenant, q, protocol);
  if (mi === 'ambiguous') return fail(ctx, protocol, 400, 'Only one of client_id, object_id or the resource id may be given.');
  if (!mi) {
    return fail(ctx, protocol, 400, 'No User Assigned or Delegated Managed Identity found for specified ClientId/ResourceId/PrincipalId.', 'invalid_request');
  }
  try {
    const resource = resolveResource(state, resourceParam, tenant);
    const roles = resource.kind === 'graph' ? mi.graphRoles : [];
    const miResourceId = mi.alternativeNames.find((n) => n.startsWith('/'));
    const { token, payload } = mintAppToken(state, {
      tenant, clientId: mi.appId, objectId: mi.id, resource, roles, azpacr: '2', miResourceId,
      lifetimeS: MI_TOKEN_LIFETIME_S, audienceForm: state.settings.assertionAudienceForm,
    });
    const expiresOn = String(payload.exp);
    if (protocol === 'appService') {
      sendJson(ctx.res, 200, { access_token: token, expires_on: expiresOn, resource: resourceParam, token_type: 'Bearer', client_id: mi.appId });
    } else {
      sendJson(ctx.res, 200, {
        access_token: token, client_id: mi.appId, expires_in: String(MI_TOKEN_LIFETIME_S), expires_on: expiresOn,
        ext_expires_in: String(MI_TOKEN_LIFETIME_S), not_before: String(payload.nbf), resource: resourceParam, token_type: 'Bearer',
      });
    }
  } catch (e) {
    if (!(e instanceof EntraError)) throw e;
    // Both hosts pass Entra's answer through with the AADSTS text.
    return fail(ctx, protocol, 400, `AADSTS${e.code}: ${e.description}`, e.error);
  }
}
