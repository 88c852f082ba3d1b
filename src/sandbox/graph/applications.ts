// /applications: list (paging, $select, $filter, $search, $count, $expand with Graph's limits),
// get, create, update, delete; addressed by object id or by (appId='…').
import type { Application } from '../directory';
import { readKeyCredentials } from './appCredentials';
import { checkProperties, invalidValue, jsonBody, optionalString, optionalStringArray } from './body';
import { listPage, parseODataQuery, project, type ListSpec } from './odata';
import { applicationFilterJson, applicationJson } from './serialize';
import { badRequest, GraphError, notFound, unsupportedQuery, type GraphCtx, type GraphResponse } from './types';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const AUDIENCES = ['AzureADMyOrg', 'AzureADMultipleOrgs', 'AzureADandPersonalMicrosoftAccount', 'PersonalMicrosoftAccount'];
const WRITABLE = ['displayName', 'description', 'signInAudience', 'identifierUris', 'api', 'isFallbackPublicClient', 'notes', 'tags', 'keyCredentials'];
const READ_ONLY = ['id', 'appId', 'createdDateTime', 'publisherDomain', 'deletedDateTime'];
/** Graph's cap on a page of directory objects with an expanded relationship. */
export const EXPAND_PAGE_CAP = 100;

const spec: ListSpec<Application> = {
  filter: {
    resource: 'Application',
    properties: ['id', 'appId', 'displayName', 'signInAudience', 'publisherDomain', 'createdDateTime', 'description'],
    collections: { identifierUris: [], tags: [], federatedIdentityCredentials: ['subject', 'issuer', 'name', 'audiences'] },
  },
  searchable: ['displayName', 'description', 'appId'],
  orderable: ['displayName', 'createdDateTime'],
  toJson: applicationFilterJson,
  seq: (a) => a.seq,
  orderbyNeedsAdvancedQuery: true,
};

/** The declared properties of `apiApplication`: a PATCH merges these and refuses any other. */
const API_KEYS = ['acceptMappedClaims', 'knownClientApplications', 'oauth2PermissionScopes', 'preAuthorizedApplications', 'requestedAccessTokenVersion'];

export function assertGuid(id: string): void {
  if (!GUID.test(id)) throw badRequest(`Invalid object identifier '${id.slice(0, 100)}'.`, 'Request_BadRequest');
}

export function findApplication(ctx: GraphCtx, ref: { id?: string; appId?: string }): Application {
  if (ref.id !== undefined) {
    assertGuid(ref.id);
    const app = ctx.tenant.applications.get(ref.id.toLowerCase());
    if (!app) throw notFound(ref.id);
    return app;
  }
  const appId = (ref.appId ?? '').toLowerCase();
  for (const a of ctx.tenant.applications.values()) if (a.appId === appId) return a;
  throw notFound(ref.appId ?? '');
}

function wantsFics(expand: string[] | undefined): boolean {
  for (const e of expand ?? []) {
    if (e.toLowerCase() !== 'federatedidentitycredentials') {
      throw badRequest(`Parsing OData Select and Expand failed: Could not find a property named '${e.slice(0, 100)}' on type 'microsoft.graph.application'.`, 'BadRequest');
    }
  }
  return (expand?.length ?? 0) > 0;
}

export function listApplications(ctx: GraphCtx): GraphResponse {
  const q = parseODataQuery(ctx);
  const expand = wantsFics(q.expand);
  if (expand && q.search) throw unsupportedQuery('The $expand query option is not supported together with $search on this resource.');
  const page = listPage(ctx, q, ctx.tenant.applications.values(), spec, '/applications', expand ? EXPAND_PAGE_CAP : 999);
  const body: Record<string, unknown> = { '@odata.context': `${ctx.base}/$metadata#applications${q.select ? `(${q.select.join(',')})` : ''}` };
  if (page.count !== undefined) body['@odata.count'] = page.count;
  if (page.nextLink) body['@odata.nextLink'] = page.nextLink;
  body.value = page.items.map((a) => project(applicationJson(a, ctx.req.version, expand), q.select, 'application', expand ? ['federatedIdentityCredentials'] : []));
  return { status: 200, body };
}

export function countApplications(ctx: GraphCtx): GraphResponse {
  if ((ctx.req.headers['consistencylevel'] ?? '').toLowerCase() !== 'eventual') {
    throw unsupportedQuery('Count is not currently supported without the ConsistencyLevel: eventual header.');
  }
  const q = parseODataQuery(ctx);
  const page = listPage(ctx, { ...q, count: true, top: 999, skiptoken: undefined }, ctx.tenant.applications.values(), spec, '/applications');
  return { status: 200, headers: { 'content-type': 'text/plain; charset=utf-8' }, body: String(page.count ?? 0) };
}

export function getApplication(ctx: GraphCtx, app: Application): GraphResponse {
  const q = parseODataQuery(ctx);
  const expand = wantsFics(q.expand);
  const withKeys = (q.select ?? []).some((s) => s.toLowerCase() === 'keycredentials');
  const json = project(applicationJson(app, ctx.req.version, expand, withKeys), q.select, 'application', expand ? ['federatedIdentityCredentials'] : []);
  return { status: 200, body: { '@odata.context': `${ctx.base}/$metadata#applications/$entity`, ...json } };
}

function applyWritable(ctx: GraphCtx, app: Partial<Application>, body: Record<string, unknown>, appId: string, selfId?: string): void {
  if (body.passwordCredentials !== undefined) {
    throw badRequest("Property 'passwordCredentials' cannot be set by POST or PATCH: use the addPassword and removePassword actions.", 'Request_BadRequest');
  }
  checkProperties(body, WRITABLE, READ_ONLY, 'application');
  const r = 'Application';
  if (body.keyCredentials !== undefined) app.keyCredentials = readKeyCredentials(body.keyCredentials, app.keyCredentials ?? []);
  const displayName = optionalString(body, 'displayName', r, 256, false);
  if (displayName !== undefined) {
    if (displayName === null || displayName.trim() === '') throw invalidValue('displayName', r);
    app.displayName = displayName;
  }
  const description = optionalString(body, 'description', r, 1024);
  if (description !== undefined) app.description = description;
  const notes = optionalString(body, 'notes', r, 1024);
  if (notes !== undefined) app.notes = notes;
  if (body.signInAudience !== undefined) {
    if (typeof body.signInAudience !== 'string' || !AUDIENCES.includes(body.signInAudience)) throw invalidValue('signInAudience', r);
    app.signInAudience = body.signInAudience;
  }
  const tags = optionalStringArray(body, 'tags', r);
  if (tags !== undefined) app.tags = tags;
  if (body.isFallbackPublicClient !== undefined) {
    if (body.isFallbackPublicClient !== null && typeof body.isFallbackPublicClient !== 'boolean') throw invalidValue('isFallbackPublicClient', r);
    app.isFallbackPublicClient = body.isFallbackPublicClient === true;
  }
  const uris = optionalStringArray(body, 'identifierUris', r);
  if (uris !== undefined) {
    for (const uri of uris) checkIdentifierUri(ctx, uri, appId, selfId);
    app.identifierUris = uris;
  }
  if (body.api !== undefined) {
    const api = body.api;
    if (typeof api !== 'object' || api === null || Array.isArray(api)) throw invalidValue('api', r);
    app.api = mergeApi(app.api ?? { requestedAccessTokenVersion: null }, api as Record<string, unknown>);
  }
}

/** Merges the known sub-properties of `api` only, each checked for its JSON type. */
function mergeApi(current: Application['api'], patch: Record<string, unknown>): Application['api'] {
  const r = 'Application';
  checkProperties(patch, API_KEYS, [], 'apiApplication');
  const out: Application['api'] = { ...current };
  for (const [key, v] of Object.entries(patch)) {
    if (key.startsWith('@odata.')) continue;
    if (key === 'requestedAccessTokenVersion') {
      if (v !== null && v !== 1 && v !== 2) throw invalidValue('api.requestedAccessTokenVersion', r);
    } else if (key === 'acceptMappedClaims') {
      if (v !== null && typeof v !== 'boolean') throw invalidValue('api.acceptMappedClaims', r);
    } else if (key === 'knownClientApplications') {
      if (!Array.isArray(v) || !v.every((x) => typeof x === 'string' && GUID.test(x))) throw invalidValue('api.knownClientApplications', r);
    } else if (!Array.isArray(v) || !v.every((x) => typeof x === 'object' && x !== null && !Array.isArray(x))) {
      throw invalidValue(`api.${key}`, r);
    }
    out[key] = Array.isArray(v) ? v.map((x) => (typeof x === 'object' ? structuredClone(x) : x)) : v;
  }
  return out;
}

/** Entra's policy: api://{appId}[/…], api://{tenantId}/…, or https/api on a verified domain; unique in the tenant. */
function checkIdentifierUri(ctx: GraphCtx, uri: string, appId: string, selfId?: string): void {
  const m = /^(api|https):\/\/([^/]+)(\/.*)?$/i.exec(uri);
  const host = m?.[2].toLowerCase() ?? '';
  const ok = m !== null && uri.length <= 255 && (
    host === appId ||
    (host === ctx.tenant.id && (m[3] ?? '').length > 1) ||
    host === ctx.tenant.domain.toLowerCase() || host.endsWith(`.${ctx.tenant.domain.toLowerCase()}`)
  );
  if (!ok) {
    throw badRequest(`Values of identifierUris property must use a verified domain of the organization or its subdomain: '${uri.slice(0, 255)}'`, 'HostNameNotOnVerifiedDomain');
  }
  for (const a of ctx.tenant.applications.values()) {
    if (a.id !== selfId && a.identifierUris.some((u) => u.toLowerCase() === uri.toLowerCase())) {
      throw badRequest('Another object with the same value for property identifierUris already exists.', 'Request_MultipleObjectsWithSameKeyValue');
    }
  }
}

export function createApplication(ctx: GraphCtx): GraphResponse {
  const body = jsonBody(ctx);
  if (typeof body.displayName !== 'string' || body.displayName.trim() === '') {
    throw badRequest("Property 'displayName' is required and must be a non-empty string.", 'Request_BadRequest');
  }
  const appId = crypto.randomUUID();
  const draft: Partial<Application> = {};
  applyWritable(ctx, draft, body, appId);
  const app = ctx.state.dir.createApplication(ctx.tenant, { ...draft, displayName: draft.displayName! }, { appId });
  const url = `${ctx.base}/directoryObjects/${app.id}/Microsoft.DirectoryServices.Application`;
  return {
    status: 201,
    headers: { location: url },
    body: { '@odata.context': `${ctx.base}/$metadata#applications/$entity`, '@odata.id': url, ...applicationJson(app, ctx.req.version) },
  };
}

export function patchApplication(ctx: GraphCtx, app: Application): GraphResponse {
  const body = jsonBody(ctx);
  const draft: Partial<Application> = { api: { ...app.api }, keyCredentials: app.keyCredentials };
  applyWritable(ctx, draft, body, app.appId, app.id);
  Object.assign(app, draft);
  return { status: 204 };
}

export function deleteApplication(ctx: GraphCtx, app: Application): GraphResponse {
  ctx.state.dir.deleteApplication(ctx.tenant, app);
  return { status: 204 };
}

export function methodNotAllowed(): GraphError {
  return new GraphError(405, 'Request_BadRequest', 'Specified HTTP method is not allowed for the request target.');
}
