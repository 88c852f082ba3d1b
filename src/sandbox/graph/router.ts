// Graph v1.0 and beta (same handlers; serialisation and the writable FIC properties differ): authentication, permission checks, and routing of
// one request, used by the HTTP front and by $batch alike.
import { decode, HttpError } from '../http';
import type { SandboxState } from '../state';
import {
  countApplications, createApplication, deleteApplication, findApplication, getApplication, listApplications, patchApplication,
  methodNotAllowed,
} from './applications';
import { addPassword, removePassword } from './appCredentials';
import { authenticate, authorize, isWrite } from './auth';
import { handleBatch } from './batch';
import { getMe, getOrganization, listOrganization } from './directory';
import { getByIds } from './directoryObjects';
import { graphErrorResponse } from './errors';
import { createFic, deleteFic, findFic, getFic, listFics, patchFic, visibleFic } from './fics';
import {
  createServicePrincipal, deleteServicePrincipal, findServicePrincipal, getServicePrincipal, listAppRoleAssignments, listServicePrincipals,
} from './servicePrincipals';
import { badRequest, GraphError, type GraphCtx, type GraphRequest, type GraphResponse } from './types';

const APP = /^\/applications(?:\/([^/()]+)|\(appId='([^']*)'\))(\/.*)?$/i;
const FIC_ONE = /^\/federatedIdentityCredentials(?:\/([^/()]+)|\(name='([^']*)'\))$/i;
const SP = /^\/servicePrincipals(?:\/([^/()]+)|\(appId='([^']*)'\))(\/appRoleAssignments)?$/i;

/** Answers one Graph request; never throws. `tenantOut` learns the caller's tenant for the log. */
export async function dispatchGraph(state: SandboxState, req: GraphRequest, tenantOut?: (tid: string) => void): Promise<GraphResponse> {
  try {
    const { tenant, principal } = authenticate(state, req);
    tenantOut?.(tenant.id);
    const ctx: GraphCtx = { state, req, tenant, principal, base: `${state.authority}/${req.version}` };
    let path: string;
    try {
      path = decode(req.path.replace(/\+/g, '%2B')).replace(/\/+$/, '') || '/';
    } catch (e) {
      if (e instanceof HttpError) throw badRequest(e.message, 'BadRequest');
      throw e;
    }
    if (path === '/$batch') {
      if (req.batch) throw badRequest('A $batch request cannot be nested inside another $batch request.', 'BadRequest');
      if (req.method !== 'POST') throw methodNotAllowed();
      return await handleBatch(state, req, (sub) => dispatchGraph(state, sub));
    }
    authorize(state, tenant, principal, isWrite(req.method, path));
    return route(ctx, path);
  } catch (e) {
    if (e instanceof GraphError) return graphErrorResponse(state, e, req);
    throw e;
  }
}

function route(ctx: GraphCtx, path: string): GraphResponse {
  const m = ctx.req.method;
  const lower = path.toLowerCase();
  if (lower === '/applications') {
    if (m === 'GET') return listApplications(ctx);
    if (m === 'POST') return createApplication(ctx);
    throw methodNotAllowed();
  }
  if (lower === '/applications/$count') {
    if (m === 'GET') return countApplications(ctx);
    throw methodNotAllowed();
  }
  const a = APP.exec(path);
  if (a) {
    const app = findApplication(ctx, a[1] !== undefined ? { id: a[1] } : { appId: a[2] });
    const rest = a[3] ?? '';
    if (rest === '') {
      if (m === 'GET') return getApplication(ctx, app);
      if (m === 'PATCH') return patchApplication(ctx, app);
      if (m === 'DELETE') return deleteApplication(ctx, app);
      throw methodNotAllowed();
    }
    const action = /^\/(?:microsoft\.graph\.)?(addPassword|removePassword)$/i.exec(rest)?.[1].toLowerCase();
    if (action) {
      if (m !== 'POST') throw methodNotAllowed();
      return action === 'addpassword' ? addPassword(ctx, app) : removePassword(ctx, app);
    }
    if (rest.toLowerCase() === '/federatedidentitycredentials') {
      if (m === 'GET') return listFics(ctx, app);
      if (m === 'POST') return createFic(ctx, app);
      throw methodNotAllowed();
    }
    const f = FIC_ONE.exec(rest);
    if (f) {
      const ref = f[1] !== undefined ? { idOrName: f[1] } : { name: f[2] };
      const found = findFic(app, ref);
      if (m === 'PATCH') return patchFic(ctx, app, found, ref);
      const fic = m === 'GET' ? visibleFic(ctx, found) : found;
      if (!fic) throw new GraphError(404, 'Request_ResourceNotFound', `Resource '${ref.name ?? ref.idOrName}' does not exist or one of its queried reference-property objects are not present.`);
      if (m === 'GET') return getFic(ctx, app, fic);
      if (m === 'DELETE') return deleteFic(app, fic);
      throw methodNotAllowed();
    }
    throw unknownSegment(rest.split('/')[1] ?? rest);
  }
  if (lower === '/serviceprincipals') {
    if (m === 'GET') return listServicePrincipals(ctx);
    if (m === 'POST') return createServicePrincipal(ctx);
    throw methodNotAllowed();
  }
  const s = SP.exec(path);
  if (s) {
    const sp = findServicePrincipal(ctx, s[1] !== undefined ? { id: s[1] } : { appId: s[2] });
    if (s[3]) {
      if (m === 'GET') return listAppRoleAssignments(ctx, sp);
      throw methodNotAllowed();
    }
    if (m === 'GET') return getServicePrincipal(ctx, sp);
    if (m === 'DELETE') return deleteServicePrincipal(ctx, sp);
    throw methodNotAllowed();
  }
  if (/^\/directoryobjects\/(microsoft\.graph\.)?getbyids$/.test(lower)) {
    if (m === 'POST') return getByIds(ctx);
    throw methodNotAllowed();
  }
  if (lower === '/organization') {
    if (m === 'GET') return listOrganization(ctx);
    throw methodNotAllowed();
  }
  const org = /^\/organization\/([^/]+)$/i.exec(path);
  if (org) {
    if (m === 'GET') return getOrganization(ctx, org[1]);
    throw methodNotAllowed();
  }
  if (lower === '/me') {
    if (m === 'GET') return getMe(ctx);
    throw methodNotAllowed();
  }
  throw unknownSegment(path.split('/')[1] ?? path);
}

function unknownSegment(segment: string): GraphError {
  return badRequest(`Resource not found for the segment '${segment.slice(0, 100)}'.`, 'BadRequest');
}
