// /servicePrincipals: list ($filter servicePrincipalType/appId/displayName, alternativeNames),
// get by id or (appId='…'), POST {appId} to provision an app in this tenant, DELETE.
import { isMultiTenant, type ServicePrincipal } from '../directory';
import { assertGuid } from './applications';
import { appRoleAssignmentsJson } from './appRoles';
import { checkProperties, jsonBody } from './body';
import { listPage, parseODataQuery, project, type ListSpec } from './odata';
import { servicePrincipalJson } from './serialize';
import { badRequest, GraphError, notFound, type GraphCtx, type GraphResponse } from './types';

const spec: ListSpec<ServicePrincipal> = {
  filter: {
    resource: 'ServicePrincipal',
    properties: ['id', 'appId', 'displayName', 'servicePrincipalType', 'accountEnabled', 'appOwnerOrganizationId'],
    collections: { alternativeNames: [], servicePrincipalNames: [], tags: [] },
  },
  searchable: ['displayName', 'appId'],
  orderable: ['displayName'],
  toJson: servicePrincipalJson,
  seq: (s) => s.seq,
};

export function findServicePrincipal(ctx: GraphCtx, ref: { id?: string; appId?: string }): ServicePrincipal {
  if (ref.id !== undefined) {
    assertGuid(ref.id);
    const sp = ctx.tenant.servicePrincipals.get(ref.id.toLowerCase());
    if (!sp) throw notFound(ref.id);
    return sp;
  }
  const sp = ctx.state.dir.findServicePrincipalByAppId(ctx.tenant, ref.appId ?? '');
  if (!sp) throw notFound(ref.appId ?? '');
  return sp;
}

/** `$expand=appRoleAssignments` is the one expansion the sandbox knows on service principals. */
function expandsAssignments(expand: string[] | undefined): boolean {
  for (const e of expand ?? []) {
    if (e.toLowerCase() !== 'approleassignments') throw badRequest(`Expanding '${e.slice(0, 100)}' is not supported on servicePrincipals by the sandbox.`, 'BadRequest');
  }
  return (expand?.length ?? 0) > 0;
}

function withAssignments(ctx: GraphCtx, sp: ServicePrincipal, json: Record<string, unknown>, expand: boolean): Record<string, unknown> {
  return expand ? { ...json, appRoleAssignments: appRoleAssignmentsJson(ctx.state.dir, ctx.tenant, sp) } : json;
}

export function listServicePrincipals(ctx: GraphCtx): GraphResponse {
  const q = parseODataQuery(ctx);
  const expand = expandsAssignments(q.expand);
  // Graph caps a page with $expand at 100 objects.
  const page = listPage(ctx, q, ctx.tenant.servicePrincipals.values(), spec, '/servicePrincipals', expand ? 100 : 999);
  const body: Record<string, unknown> = { '@odata.context': `${ctx.base}/$metadata#servicePrincipals` };
  if (page.count !== undefined) body['@odata.count'] = page.count;
  if (page.nextLink) body['@odata.nextLink'] = page.nextLink;
  body.value = page.items.map((s) => withAssignments(ctx, s, project(servicePrincipalJson(s), q.select, 'servicePrincipal'), expand));
  return { status: 200, body };
}

/** GET /servicePrincipals/{id}/appRoleAssignments: the application permissions granted to it. */
export function listAppRoleAssignments(ctx: GraphCtx, sp: ServicePrincipal): GraphResponse {
  return {
    status: 200,
    body: { '@odata.context': `${ctx.base}/$metadata#servicePrincipals('${sp.id}')/appRoleAssignments`, value: appRoleAssignmentsJson(ctx.state.dir, ctx.tenant, sp) },
  };
}

export function getServicePrincipal(ctx: GraphCtx, sp: ServicePrincipal): GraphResponse {
  const q = parseODataQuery(ctx);
  const expand = expandsAssignments(q.expand);
  return { status: 200, body: { '@odata.context': `${ctx.base}/$metadata#servicePrincipals/$entity`, ...withAssignments(ctx, sp, project(servicePrincipalJson(sp), q.select, 'servicePrincipal'), expand) } };
}

export function createServicePrincipal(ctx: GraphCtx): GraphResponse {
  const body = jsonBody(ctx);
  checkProperties(body, ['appId', 'accountEnabled', 'tags'], ['id'], 'servicePrincipal');
  const appId = typeof body.appId === 'string' ? body.appId.toLowerCase() : '';
  const app = appId ? ctx.state.dir.findApplicationByAppId(appId) : undefined;
  if (!app) {
    throw badRequest(`The appId '${String(body.appId ?? '').slice(0, 100)}' of the service principal does not reference a valid application object.`, 'Request_BadRequest');
  }
  if (app.homeTenantId !== ctx.tenant.id && !isMultiTenant(app)) {
    throw badRequest(`The application '${app.displayName}' (${app.appId}) is not multi-tenant (signInAudience ${app.signInAudience}); it cannot be provisioned outside its home tenant.`, 'Request_BadRequest');
  }
  if (ctx.state.dir.findServicePrincipalByAppId(ctx.tenant, appId)) {
    throw new GraphError(409, 'Request_MultipleObjectsWithSameKeyValue', 'Another object with the same value for property servicePrincipalNames already exists.');
  }
  const sp = ctx.state.dir.provision(ctx.tenant, app);
  if (body.accountEnabled === false) sp.accountEnabled = false;
  const url = `${ctx.base}/directoryObjects/${sp.id}/Microsoft.DirectoryServices.ServicePrincipal`;
  return {
    status: 201,
    headers: { location: url },
    body: { '@odata.context': `${ctx.base}/$metadata#servicePrincipals/$entity`, '@odata.id': url, ...servicePrincipalJson(sp) },
  };
}

export function deleteServicePrincipal(ctx: GraphCtx, sp: ServicePrincipal): GraphResponse {
  if (sp.servicePrincipalType === 'ManagedIdentity') {
    throw badRequest('A managed identity\'s service principal is deleted with its Azure resource, not through Graph.', 'Request_BadRequest');
  }
  ctx.tenant.servicePrincipals.delete(sp.id);
  return { status: 204 };
}
