// What one tenant's Graph says about many apps' service principals, in as few requests as Graph
// allows: `servicePrincipals?$filter=appId in (…15 ids…)&$expand=appRoleAssignments` (15 is
// Graph's cap on `in` for directory objects), up to 20 of those in one `$batch`. A second `$batch`
// names the resources of the assignments (their `appRoles`), and only for resources not already
// known. So 50 apps cost 2 requests per tenant. All read-only; answers matched by `id` because
// `$batch` returns them in any order.
import type { Client } from '@microsoft/microsoft-graph-client';
import { GraphError } from '../../core/errors';
import type { HeldRole, ServicePrincipalLookup } from '../../core/readiness';
import { cappedRetryAfter, graphRetryPolicy, realClock, type RetryClock } from '../http/retryPolicy';
import { toGraphError } from './graphErrors';
import { sendGraphRequest } from './graphRequest';

const batchLimit = 20;
const inLimit = 15;
const maxRounds = 4;
/** The role id Entra uses for "default access" (an assignment without a declared role). */
const defaultAccessRole = '00000000-0000-0000-0000-000000000000';

/** A resource's roles by id, and its name: what turns an assignment into "Microsoft Graph: X". */
export interface ResourceRoles {
  displayName: string;
  roles: Map<string, string>;
}

interface AssignmentJson {
  appRoleId?: string;
  resourceId?: string;
  resourceDisplayName?: string | null;
}

interface ServicePrincipalJson {
  id?: string;
  appId?: string;
  accountEnabled?: boolean | null;
  displayName?: string | null;
  appRoles?: Array<{ id?: string; value?: string | null; displayName?: string | null }>;
  appRoleAssignments?: AssignmentJson[];
}

interface SubResponse {
  id: string;
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
}

/**
 * The service principal of each app (by client id) in the client's tenant. `resources` caches the
 * roles of resources across calls (per tenant); it is filled as a side effect.
 * A tenant that refuses the read gives `unreadable` for every app, never a throw.
 */
export async function lookUpServicePrincipals(
  client: Client,
  appIds: readonly string[],
  resources: Map<string, ResourceRoles>,
  signal?: AbortSignal,
  clock: RetryClock = realClock,
): Promise<Map<string, ServicePrincipalLookup>> {
  const wanted = [...new Set(appIds.map((a) => a.toLowerCase()))];
  const result = new Map<string, ServicePrincipalLookup>();
  const chunks: string[][] = [];
  for (let i = 0; i < wanted.length; i += inLimit) chunks.push(wanted.slice(i, i + inLimit));
  const urls = chunks.map(
    (ids) => `/servicePrincipals?$filter=appId in (${ids.map((id) => `'${id}'`).join(',')})&$select=id,appId,accountEnabled&$expand=appRoleAssignments`,
  );
  let answers: Map<number, unknown>;
  try {
    answers = await batchGet(client, urls, signal, clock);
  } catch (e) {
    const refused = unreadable(e);
    for (const appId of wanted) result.set(appId, refused);
    return result;
  }
  const found = new Map<string, ServicePrincipalJson>();
  for (const [index, body] of answers) {
    if (body instanceof GraphError) {
      for (const appId of chunks[index]) result.set(appId, unreadable(body));
      continue;
    }
    for (const sp of (body as { value?: ServicePrincipalJson[] })?.value ?? []) if (sp.appId) found.set(sp.appId.toLowerCase(), sp);
  }
  await loadResources(client, [...found.values()], resources, signal, clock);
  for (const appId of wanted) {
    if (result.has(appId)) continue;
    const sp = found.get(appId);
    if (!sp?.id) {
      result.set(appId, { kind: 'absent' });
      continue;
    }
    result.set(appId, { kind: 'found', id: sp.id, accountEnabled: sp.accountEnabled !== false, roles: heldRoles(sp.appRoleAssignments ?? [], resources) });
  }
  return result;
}

/** Provisions the app in the client's tenant (`POST /servicePrincipals`), sent once. */
export async function createServicePrincipal(client: Client, appId: string, signal?: AbortSignal): Promise<{ id: string }> {
  const created = (await sendGraphRequest(client, 'POST', '/servicePrincipals', { body: { appId }, signal, once: true })) as { id?: string };
  if (!created?.id) throw new GraphError(0, 'UnexpectedAnswer', 'Graph created the service principal but did not return its id.');
  return { id: created.id };
}

function heldRoles(assignments: AssignmentJson[], resources: Map<string, ResourceRoles>): HeldRole[] {
  return assignments.map((a) => {
    const resource = a.resourceId ? resources.get(a.resourceId.toLowerCase()) : undefined;
    const roleId = (a.appRoleId ?? '').toLowerCase();
    const role = roleId === defaultAccessRole ? 'default access' : (resource?.roles.get(roleId) ?? a.appRoleId ?? 'unknown role');
    return { resource: a.resourceDisplayName || resource?.displayName || a.resourceId || 'unknown resource', role };
  });
}

/** Names the roles of resources not yet known: one `$batch` of `id in (…)` lists. */
async function loadResources(client: Client, sps: ServicePrincipalJson[], resources: Map<string, ResourceRoles>, signal: AbortSignal | undefined, clock: RetryClock): Promise<void> {
  const missing = [...new Set(sps.flatMap((sp) => (sp.appRoleAssignments ?? []).map((a) => (a.resourceId ?? '').toLowerCase())))].filter((id) => id && !resources.has(id));
  if (missing.length === 0) return;
  const urls: string[] = [];
  for (let i = 0; i < missing.length; i += inLimit) {
    const ids = missing.slice(i, i + inLimit);
    urls.push(`/servicePrincipals?$filter=id in (${ids.map((id) => `'${id}'`).join(',')})&$select=id,displayName,appRoles`);
  }
  let answers: Map<number, unknown>;
  try {
    answers = await batchGet(client, urls, signal, clock);
  } catch {
    return; // Roles then show by id: the verdict does not depend on their names.
  }
  for (const body of answers.values()) {
    if (body instanceof GraphError) continue;
    for (const sp of (body as { value?: ServicePrincipalJson[] })?.value ?? []) {
      if (!sp.id) continue;
      const roles = new Map<string, string>();
      for (const r of sp.appRoles ?? []) if (r.id) roles.set(r.id.toLowerCase(), r.value || r.displayName || r.id);
      resources.set(sp.id.toLowerCase(), { displayName: sp.displayName ?? sp.id, roles });
    }
  }
}

/**
 * GETs every URL through `$batch` (20 per request, sent one after another: readiness is never
 * in a hurry and a tenant's throttling budget is shared with the tree). Returns each URL's body,
 * or the GraphError of a sub-request that failed for good. Throttled or unavailable sub-requests
 * are sent again after the longest Retry-After they asked for (capped), a few rounds at most.
 */
export async function batchGet(client: Client, urls: string[], signal: AbortSignal | undefined, clock: RetryClock, what = 'the readiness checks'): Promise<Map<number, unknown>> {
  const result = new Map<number, unknown>();
  let pending = urls.map((_, i) => i);
  for (let round = 0; pending.length > 0; round++) {
    const retry: number[] = [];
    let waitMs = 0;
    for (let i = 0; i < pending.length; i += batchLimit) {
      const slice = pending.slice(i, i + batchLimit);
      const requests = slice.map((index) => ({ id: String(index + 1), method: 'GET', url: urls[index] }));
      const body = (await sendGraphRequest(client, 'POST', '/$batch', { body: { requests }, signal })) as { responses?: SubResponse[] };
      const answered = new Set<number>();
      for (const response of body?.responses ?? []) {
        const index = Number(response.id) - 1;
        if (!slice.includes(index)) continue;
        answered.add(index);
        if (response.status >= 200 && response.status < 300) result.set(index, response.body);
        else if ((response.status === 429 || response.status >= 500) && round + 1 < maxRounds) {
          retry.push(index);
          waitMs = Math.max(waitMs, cappedRetryAfter(headerValue(response.headers, 'retry-after'), graphRetryPolicy, clock.now()) ?? 0);
        } else result.set(index, toGraphError({ statusCode: response.status, body: response.body }));
      }
      for (const index of slice) if (!answered.has(index)) retry.push(index);
    }
    if (retry.length > 0) {
      if (round + 1 >= maxRounds) {
        for (const index of retry) if (!result.has(index)) result.set(index, new GraphError(429, 'TooManyRequests', `Graph kept throttling ${what}. Try again in a minute.`));
        break;
      }
      await clock.sleep(waitMs || Math.min(graphRetryPolicy.baseDelayMs * 2 ** round, graphRetryPolicy.maxDelayMs), signal);
    }
    pending = retry.filter((index) => !result.has(index));
  }
  return result;
}

function unreadable(e: unknown): ServicePrincipalLookup {
  const error = toGraphError(e);
  return { kind: 'unreadable', status: error.status, code: error.code, message: error.message };
}

function headerValue(headers: Record<string, string> | undefined, name: string): string | undefined {
  if (!headers) return undefined;
  const key = Object.keys(headers).find((k) => k.toLowerCase() === name);
  return key ? headers[key] : undefined;
}
