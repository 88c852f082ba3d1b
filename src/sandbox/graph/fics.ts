// /applications/{id}/federatedIdentityCredentials: list, create, get, update (PATCH, with
// `Prefer: create-if-missing` upsert by name), delete, under v1.0 and /beta. The rules are the
// sandbox's own (ficRules.ts). v1.0 does not know `claimsMatchingExpression` (a /beta property
// of flexible credentials): it refuses it on write and lists such a credential with
// `subject: null` and no expression.
import { newFederatedCredential, type Application, type FederatedCredential } from '../directory';
import { checkProperties, jsonBody } from './body';
import { checkFic, checkNameUnchanged, readFicBody, type FicValues } from './ficRules';
import { listPage, parseODataQuery, project, type ListSpec } from './odata';
import { drawPropagationMs } from './propagation';
import { ficJson } from './serialize';
import { badRequest, notFound, type GraphCtx, type GraphResponse } from './types';

const WRITABLE_V1 = ['name', 'issuer', 'subject', 'audiences', 'description'];
const WRITABLE_BETA = [...WRITABLE_V1, 'claimsMatchingExpression'];
const RESOURCE = 'FederatedIdentityCredential';

const spec = (ctx: GraphCtx): ListSpec<FederatedCredential> => ({
  filter: { resource: RESOURCE, properties: ['name', 'issuer', 'subject', 'id'], collections: { audiences: [] } },
  searchable: [],
  orderable: ['name'],
  toJson: (f) => ficJson(f, ctx.req.version),
  seq: (f) => f.createdAt,
});

function readBody(ctx: GraphCtx, body: Record<string, unknown>, base?: FederatedCredential): Partial<FicValues> {
  checkProperties(body, ctx.req.version === 'beta' ? WRITABLE_BETA : WRITABLE_V1, ['id'], 'federatedIdentityCredential');
  return readFicBody(body, base);
}

const siblings = (app: Application, except?: FederatedCredential) => app.federatedIdentityCredentials.filter((f) => f !== except);

export function findFic(app: Application, ref: { idOrName?: string; name?: string }): FederatedCredential | undefined {
  const key = (ref.name ?? ref.idOrName ?? '').toLowerCase();
  return app.federatedIdentityCredentials.find((f) => (ref.name === undefined && f.id === key) || f.name.toLowerCase() === key);
}

/**
 * Graph's directory is eventually consistent: a credential read right after it was created may
 * not be found yet. Off unless `setReadAfterWrite404` asked for it.
 */
export function visibleFic(ctx: GraphCtx, fic: FederatedCredential | undefined): FederatedCredential | undefined {
  if (!fic) return undefined;
  const created = ctx.state.ficCreatedAt.get(fic);
  const window = ctx.state.settings.readAfterWrite404Ms;
  return created !== undefined && window > 0 && ctx.state.clock.now() < created + window ? undefined : fic;
}

const context = (ctx: GraphCtx, app: Application, entity: boolean) =>
  `${ctx.base}/$metadata#applications('${app.id}')/federatedIdentityCredentials${entity ? '/$entity' : ''}`;

export function listFics(ctx: GraphCtx, app: Application): GraphResponse {
  const q = parseODataQuery(ctx);
  const all = app.federatedIdentityCredentials;
  const page = listPage(ctx, q, all, { ...spec(ctx), seq: (f) => all.indexOf(f) }, `/applications/${app.id}/federatedIdentityCredentials`);
  const body: Record<string, unknown> = { '@odata.context': context(ctx, app, false) };
  if (page.count !== undefined) body['@odata.count'] = page.count;
  if (page.nextLink) body['@odata.nextLink'] = page.nextLink;
  body.value = page.items.map((f) => project(ficJson(f, ctx.req.version), q.select, 'federatedIdentityCredential'));
  return { status: 200, body };
}

function create(ctx: GraphCtx, app: Application, candidate: Partial<FicValues>): GraphResponse {
  const values = checkFic(candidate, siblings(app));
  const now = ctx.state.clock.now();
  const fic = newFederatedCredential(values, now, drawPropagationMs(ctx.state.settings.ficPropagation));
  app.federatedIdentityCredentials.push(fic);
  ctx.state.ficCreatedAt.set(fic, now);
  const url = `${ctx.base}/applications/${app.id}/federatedIdentityCredentials/${fic.id}`;
  return {
    status: 201,
    headers: { location: url },
    body: { '@odata.context': context(ctx, app, true), '@odata.id': url, ...ficJson(fic, ctx.req.version) },
  };
}

export function createFic(ctx: GraphCtx, app: Application): GraphResponse {
  return create(ctx, app, readBody(ctx, jsonBody(ctx)));
}

export function getFic(ctx: GraphCtx, app: Application, fic: FederatedCredential): GraphResponse {
  const q = parseODataQuery(ctx);
  return { status: 200, body: { '@odata.context': context(ctx, app, true), ...project(ficJson(fic, ctx.req.version), q.select, 'federatedIdentityCredential') } };
}

/** PATCH: updates (name immutable); with `Prefer: create-if-missing` on `(name='…')` creates a missing one. */
export function patchFic(ctx: GraphCtx, app: Application, fic: FederatedCredential | undefined, ref: { idOrName?: string; name?: string }): GraphResponse {
  const body = jsonBody(ctx);
  if (!fic) {
    const upsert = ref.name !== undefined && /create-if-missing/i.test(ctx.req.headers['prefer'] ?? '');
    if (!upsert) throw notFound(ref.name ?? ref.idOrName ?? '');
    if (body.name !== undefined && body.name !== ref.name) {
      throw badRequest(`The name in the body ('${String(body.name).slice(0, 120)}') differs from the name in the URL ('${ref.name}').`, 'Request_BadRequest');
    }
    return create(ctx, app, readBody(ctx, { ...body, name: ref.name }));
  }
  checkNameUnchanged(body, fic.name);
  const values = checkFic(readBody(ctx, body, fic), siblings(app, fic));
  const before = { issuer: fic.issuer, subject: fic.subject, audiences: fic.audiences, claimsMatchingExpression: fic.claimsMatchingExpression };
  Object.assign(fic, { ...values, name: fic.name });
  // Until the edit propagates, the token endpoint still matches the version in force now; an
  // edit of an edit still in flight keeps the version that was last in force.
  const now = ctx.state.clock.now();
  fic.previous = now >= fic.effectiveAt ? before : fic.previous;
  fic.createdAt = now;
  fic.effectiveAt = now + drawPropagationMs(ctx.state.settings.ficPropagation);
  return { status: 204 };
}

export function deleteFic(app: Application, fic: FederatedCredential): GraphResponse {
  app.federatedIdentityCredentials = app.federatedIdentityCredentials.filter((f) => f !== fic);
  return { status: 204 };
}
