// /applications/{id}/federatedIdentityCredentials: list, create, get, update (PATCH, with
// `Prefer: create-if-missing` upsert by name), delete. The rules are the extension's own
// (src/core/credentials.ts); each refusal is mapped to Graph's status and error code.
import { validateFederatedCredential, type Problem, type CredentialCandidate } from '../../core/credentials';
import { newFederatedCredential, type Application, type FederatedCredential } from '../directory';
import { checkProperties, jsonBody } from './body';
import { listPage, parseODataQuery, project, type ListSpec } from './odata';
import { ficJson } from './serialize';
import { badRequest, GraphError, notFound, type GraphCtx, type GraphResponse } from './types';

const WRITABLE = ['name', 'issuer', 'subject', 'audiences', 'description', 'claimsMatchingExpression'];
const RESOURCE = 'FederatedIdentityCredential';

const spec: ListSpec<FederatedCredential> = {
  filter: { resource: RESOURCE, properties: ['name', 'issuer', 'subject', 'id'], collections: { audiences: [] } },
  searchable: [],
  orderable: ['name'],
  toJson: ficJson,
  seq: (f) => f.createdAt,
};

/** Graph's answer to the first error-severity problem; warnings never block. */
export function problemToGraphError(problems: readonly Problem[], name: string | undefined): GraphError | undefined {
  const errors = problems.filter((p) => p.severity === 'error');
  if (errors.length === 0) return undefined;
  const uniqueness = ['name-taken', 'issuer-subject-taken', 'too-many-credentials'];
  const p = errors.find((e) => !uniqueness.includes(e.code)) ?? errors.find((e) => e.code === 'too-many-credentials') ?? errors[0];
  const invalid = (field: string) => new GraphError(400, 'Request_BadRequest', `Invalid value specified for property '${field}' of resource '${RESOURCE}'. ${p.message}`);
  switch (p.code) {
    case 'name-taken':
      return new GraphError(409, 'Request_MultipleObjectsWithSameKeyValue', `FederatedIdentityCredential with name ${name ?? ''} already exists.`);
    case 'issuer-subject-taken':
      return new GraphError(400, 'InvalidFederatedIdentityCredentialValue', 'The combination of issuer and subject must be unique. A federated identity credential with the same issuer and subject already exists on this application.');
    case 'too-many-credentials':
      return new GraphError(400, 'Request_BadRequest', 'FederatedIdentityCredential limit exceeded: an application can have at most 20 federated identity credentials.');
    case 'audience-count':
      return new GraphError(400, 'Request_BadRequest', 'Federated identity credential must have exactly one audience.');
    case 'field-too-long':
      return new GraphError(400, 'Request_BadRequest', `Invalid value specified for property '${p.field ?? 'value'}' of resource '${RESOURCE}': the value is longer than 600 characters.`);
    default:
      return invalid(p.field ?? 'value');
  }
}

function candidateFrom(body: Record<string, unknown>, base?: FederatedCredential): CredentialCandidate {
  checkProperties(body, WRITABLE, ['id'], 'federatedIdentityCredential');
  const str = (k: string, nullable: boolean) => {
    const v = body[k];
    if (v === undefined || (v === null && nullable) || typeof v === 'string') return v as string | null | undefined;
    throw badRequest(`Invalid value specified for property '${k}' of resource '${RESOURCE}'.`, 'Request_BadRequest');
  };
  const audiences = body.audiences;
  if (audiences !== undefined && (!Array.isArray(audiences) || !audiences.every((a) => typeof a === 'string'))) {
    throw badRequest(`Invalid value specified for property 'audiences' of resource '${RESOURCE}'.`, 'Request_BadRequest');
  }
  const pick = <T>(v: T | undefined, fallback: T) => (v === undefined ? fallback : v);
  return {
    name: pick(str('name', false) as string | undefined, base?.name),
    issuer: pick(str('issuer', false) as string | undefined, base?.issuer),
    subject: pick(str('subject', true), base?.subject ?? undefined),
    audiences: pick(audiences as string[] | undefined, base?.audiences),
    description: pick(str('description', true), base?.description ?? undefined),
    claimsMatchingExpression: pick(body.claimsMatchingExpression, base?.claimsMatchingExpression ?? undefined),
  };
}

/** The app's FICs in the shape the shared rules take. */
function asGraphFics(app: Application) {
  return app.federatedIdentityCredentials.map((f) => ({ id: f.id, name: f.name, issuer: f.issuer, subject: f.subject ?? undefined, audiences: f.audiences, description: f.description }));
}

export function findFic(app: Application, ref: { idOrName?: string; name?: string }): FederatedCredential | undefined {
  const key = (ref.name ?? ref.idOrName ?? '').toLowerCase();
  return app.federatedIdentityCredentials.find((f) => (ref.name === undefined && f.id === key) || f.name.toLowerCase() === key);
}

const context = (ctx: GraphCtx, app: Application, entity: boolean) =>
  `${ctx.base}/$metadata#applications('${app.id}')/federatedIdentityCredentials${entity ? '/$entity' : ''}`;

export function listFics(ctx: GraphCtx, app: Application): GraphResponse {
  const q = parseODataQuery(ctx);
  const page = listPage(ctx, q, app.federatedIdentityCredentials, { ...spec, seq: (f) => app.federatedIdentityCredentials.indexOf(f) }, `/applications/${app.id}/federatedIdentityCredentials`);
  const body: Record<string, unknown> = { '@odata.context': context(ctx, app, false) };
  if (page.count !== undefined) body['@odata.count'] = page.count;
  if (page.nextLink) body['@odata.nextLink'] = page.nextLink;
  body.value = page.items.map((f) => project(ficJson(f), q.select, 'federatedIdentityCredential'));
  return { status: 200, body };
}

function create(ctx: GraphCtx, app: Application, candidate: CredentialCandidate): GraphResponse {
  const problem = problemToGraphError(validateFederatedCredential(candidate, asGraphFics(app)), candidate.name);
  if (problem) throw problem;
  const fic = newFederatedCredential(
    {
      name: candidate.name!,
      issuer: candidate.issuer!,
      subject: candidate.subject ?? null,
      audiences: [...candidate.audiences!],
      description: candidate.description ?? null,
      claimsMatchingExpression: (candidate.claimsMatchingExpression as FederatedCredential['claimsMatchingExpression']) ?? null,
    },
    ctx.state.clock.now(),
    ctx.state.settings.ficPropagationDelayMs,
  );
  app.federatedIdentityCredentials.push(fic);
  return {
    status: 201,
    headers: { location: `${ctx.base}/applications/${app.id}/federatedIdentityCredentials/${fic.id}` },
    body: { '@odata.context': context(ctx, app, true), ...ficJson(fic) },
  };
}

export function createFic(ctx: GraphCtx, app: Application): GraphResponse {
  return create(ctx, app, candidateFrom(jsonBody(ctx)));
}

export function getFic(ctx: GraphCtx, app: Application, fic: FederatedCredential): GraphResponse {
  const q = parseODataQuery(ctx);
  return { status: 200, body: { '@odata.context': context(ctx, app, true), ...project(ficJson(fic), q.select, 'federatedIdentityCredential') } };
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
    return create(ctx, app, candidateFrom({ ...body, name: ref.name }));
  }
  if (body.name !== undefined && body.name !== fic.name) {
    throw badRequest(`Property 'name' is immutable and cannot be changed: the credential is named '${fic.name}'.`, 'Request_BadRequest');
  }
  const candidate = candidateFrom(body, fic);
  const before = { issuer: fic.issuer, subject: fic.subject, audiences: fic.audiences, claimsMatchingExpression: fic.claimsMatchingExpression };
  const problem = problemToGraphError(validateFederatedCredential(candidate, asGraphFics(app), { updating: fic.name }), candidate.name);
  if (problem) throw problem;
  fic.issuer = candidate.issuer!;
  fic.subject = candidate.subject ?? null;
  fic.audiences = [...candidate.audiences!];
  fic.description = candidate.description ?? null;
  fic.claimsMatchingExpression = (candidate.claimsMatchingExpression as FederatedCredential['claimsMatchingExpression']) ?? null;
  // Until the edit propagates, the token endpoint still matches the version in force now.
  const now = ctx.state.clock.now();
  fic.previous = now >= fic.effectiveAt ? before : fic.previous;
  fic.createdAt = now;
  fic.effectiveAt = now + ctx.state.settings.ficPropagationDelayMs;
  return { status: 204 };
}

export function deleteFic(app: Application, fic: FederatedCredential): GraphResponse {
  app.federatedIdentityCredentials = app.federatedIdentityCredentials.filter((f) => f !== fic);
  return { status: 204 };
}
