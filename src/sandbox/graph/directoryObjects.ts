// POST /directoryObjects/getByIds: the objects of this tenant with the ids asked for, each with
// its "@odata.type"; ids that name nothing are left out without a word (that silence is how a
// caller learns an object is gone). Applications, service principals (managed identities
// included) and users are the object kinds the sandbox's directory holds.
import type { Tenant } from '../directory';
import { jsonBody } from './body';
import { applicationJson, servicePrincipalJson } from './serialize';
import { badRequest, type GraphCtx, type GraphResponse } from './types';

/** Graph's documented limit on one call. */
export const GET_BY_IDS_MAX = 1000;
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Types a caller may name (any case); `directoryObject` means all of them. */
const TYPES = ['directoryObject', 'application', 'servicePrincipal', 'user', 'group', 'device', 'orgContact'];
/** Permissions that read every kind of object in full. */
const DIRECTORY_READ = ['Directory.Read.All', 'Directory.ReadWrite.All'];

type Kind = 'application' | 'servicePrincipal' | 'user';

function readStrings(body: Record<string, unknown>, key: string): string[] | undefined {
  const v = body[key];
  if (v === undefined || v === null) return undefined;
  if (!Array.isArray(v) || !v.every((x) => typeof x === 'string')) {
    throw badRequest(`Invalid value specified for parameter '${key}': a collection of strings is expected.`, 'Request_BadRequest');
  }
  return v as string[];
}

export function getByIds(ctx: GraphCtx): GraphResponse {
  const body = jsonBody(ctx);
  for (const key of Object.keys(body)) {
    if (!key.startsWith('@odata.') && key !== 'ids' && key !== 'types') {
      throw badRequest(`The parameter '${key.slice(0, 100)}' in the request payload is not a valid parameter for the operation 'getByIds'.`, 'BadRequest');
    }
  }
  const ids = readStrings(body, 'ids');
  if (ids === undefined) throw badRequest("The parameter 'ids' is required for the operation 'getByIds'.", 'BadRequest');
  if (ids.length > GET_BY_IDS_MAX) {
    throw badRequest(`Too many ids: ${ids.length} were given and getByIds accepts at most ${GET_BY_IDS_MAX}.`, 'Request_BadRequest');
  }
  for (const id of ids) if (!GUID.test(id)) throw badRequest(`Invalid object identifier '${id.slice(0, 100)}'.`, 'Request_BadRequest');
  const kinds = wantedKinds(readStrings(body, 'types'));
  // Without a directory-wide read permission, Graph still answers for the kinds the caller may
  // read in full (apps and service principals under Application.Read.All) and gives the other
  // objects with limited information: their type and id.
  const full = ctx.principal.permissions.some((p) => DIRECTORY_READ.includes(p));
  const value: Record<string, unknown>[] = [];
  const seen = new Set<string>();
  for (const raw of ids) {
    const id = raw.toLowerCase();
    if (seen.has(id)) continue;
    seen.add(id);
    const found = lookUp(ctx, ctx.tenant, id, kinds, full);
    if (found) value.push(found);
  }
  return { status: 200, body: { '@odata.context': `${ctx.base}/$metadata#directoryObjects`, value } };
}

function wantedKinds(types: string[] | undefined): Set<Kind> {
  const all: Kind[] = ['application', 'servicePrincipal', 'user'];
  if (!types || types.length === 0) return new Set(all);
  const out = new Set<Kind>();
  for (const t of types) {
    const known = TYPES.find((k) => k.toLowerCase() === t.replace(/^#?microsoft\.graph\./i, '').toLowerCase());
    if (!known) throw badRequest(`Invalid value specified for parameter 'types': '${t.slice(0, 100)}' is not a directory object type.`, 'Request_BadRequest');
    if (known === 'directoryObject') all.forEach((k) => out.add(k));
    else if ((all as string[]).includes(known)) out.add(known as Kind);
  }
  return out;
}

function lookUp(ctx: GraphCtx, tenant: Tenant, id: string, kinds: Set<Kind>, full: boolean): Record<string, unknown> | undefined {
  const app = kinds.has('application') ? tenant.applications.get(id) : undefined;
  if (app) return { '@odata.type': '#microsoft.graph.application', ...applicationJson(app, ctx.req.version) };
  const sp = kinds.has('servicePrincipal') ? tenant.servicePrincipals.get(id) : undefined;
  if (sp) return { '@odata.type': '#microsoft.graph.servicePrincipal', ...servicePrincipalJson(sp) };
  const user = kinds.has('user') ? tenant.users.get(id) : undefined;
  if (!user) return undefined;
  if (!full) return { '@odata.type': '#microsoft.graph.user', id: user.id };
  return {
    '@odata.type': '#microsoft.graph.user', id: user.id, displayName: user.displayName, userPrincipalName: user.userPrincipalName,
    mail: user.mail, userType: user.userType,
  };
}
