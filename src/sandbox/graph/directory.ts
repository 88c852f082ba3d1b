// /organization and /me.
import { badRequest, type GraphCtx, type GraphResponse } from './types';

function organizationJson(ctx: GraphCtx): Record<string, unknown> {
  const t = ctx.tenant;
  return {
    id: t.id,
    deletedDateTime: null,
    displayName: t.displayName,
    tenantType: 'AAD',
    countryLetterCode: 'US',
    verifiedDomains: [{ capabilities: 'Email, OfficeCommunicationsOnline', isDefault: true, isInitial: true, name: t.domain, type: 'Managed' }],
  };
}

export function listOrganization(ctx: GraphCtx): GraphResponse {
  return { status: 200, body: { '@odata.context': `${ctx.base}/$metadata#organization`, value: [organizationJson(ctx)] } };
}

export function getOrganization(ctx: GraphCtx, id: string): GraphResponse {
  if (id.toLowerCase() !== ctx.tenant.id) throw badRequest(`Invalid object identifier '${id.slice(0, 100)}'.`, 'Request_BadRequest');
  return { status: 200, body: { '@odata.context': `${ctx.base}/$metadata#organization/$entity`, ...organizationJson(ctx) } };
}

export function getMe(ctx: GraphCtx): GraphResponse {
  if (ctx.principal.kind !== 'user') throw badRequest('/me request is only valid with delegated authentication flow.', 'BadRequest');
  const u = ctx.tenant.users.get(ctx.principal.objectId);
  if (!u) throw badRequest(`Resource '${ctx.principal.objectId}' does not exist.`, 'Request_ResourceNotFound');
  return {
    status: 200,
    body: {
      '@odata.context': `${ctx.base}/$metadata#users/$entity`,
      id: u.id, displayName: u.displayName, userPrincipalName: u.userPrincipalName, mail: u.mail,
      givenName: u.displayName.split(' ')[0], surname: u.displayName.split(' ').slice(1).join(' ') || null,
      jobTitle: null, businessPhones: [], mobilePhone: null, officeLocation: null, preferredLanguage: 'en-US',
    },
  };
}
