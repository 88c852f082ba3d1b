// Which object ids name an object of the tenant. `POST /directoryObjects/getByIds` answers up to
// 1,000 ids per call with the objects that exist, but needs Directory.Read.All; an account that
// holds only Application.Read.All (what the rest of the extension asks for) is refused. Then the
// service principals are asked instead — `id in (…)` lists of 15, 20 lists per `$batch` — which
// is enough here: the subject of an Entra-issued credential is a service principal's object id.
import type { Client } from '@microsoft/microsoft-graph-client';
import { GraphError } from '../../core/errors';
import { realClock, type RetryClock } from '../http/retryPolicy';
import { toGraphError } from './graphErrors';
import { sendGraphRequest } from './graphRequest';
import { batchGet } from './readiness';

/** Graph's cap on `ids` in one getByIds call. */
export const GET_BY_IDS_LIMIT = 1000;
/** Graph's cap on the values of an `in` filter on directory objects. */
const IN_LIMIT = 15;

/** The ids (lower-case) of the objects that exist, among `ids`. */
export async function existingObjectIds(client: Client, ids: readonly string[], signal?: AbortSignal, clock: RetryClock = realClock): Promise<Set<string>> {
  const wanted = [...new Set(ids.map((id) => id.toLowerCase()))];
  try {
    return await getByIds(client, wanted, signal);
  } catch (e) {
    if (!isRefusal(e)) throw e;
  }
  return existingServicePrincipalIds(client, wanted, signal, clock);
}

/** getByIds, one call per 1,000 ids, one after another. A read: retried like a GET. */
export async function getByIds(client: Client, ids: readonly string[], signal?: AbortSignal): Promise<Set<string>> {
  const found = new Set<string>();
  for (let i = 0; i < ids.length; i += GET_BY_IDS_LIMIT) {
    const chunk = ids.slice(i, i + GET_BY_IDS_LIMIT);
    const body = (await sendGraphRequest(client, 'POST', '/directoryObjects/getByIds', { body: { ids: chunk }, signal })) as { value?: Array<{ id?: unknown }> } | undefined;
    for (const object of body?.value ?? []) if (typeof object.id === 'string') found.add(object.id.toLowerCase());
  }
  return found;
}

/** The service principals among `ids`: 300 ids per request. A sub-request that fails for good throws. */
export async function existingServicePrincipalIds(client: Client, ids: readonly string[], signal?: AbortSignal, clock: RetryClock = realClock): Promise<Set<string>> {
  const urls: string[] = [];
  for (let i = 0; i < ids.length; i += IN_LIMIT) {
    const list = ids.slice(i, i + IN_LIMIT).map((id) => `'${id.replace(/'/g, "''")}'`).join(',');
    urls.push(`/servicePrincipals?$filter=id in (${list})&$select=id`);
  }
  const answers = await batchGet(client, urls, signal, clock, 'the credential subject checks');
  const found = new Set<string>();
  for (const body of answers.values()) {
    if (body instanceof GraphError) throw body;
    for (const sp of (body as { value?: Array<{ id?: unknown }> })?.value ?? []) if (typeof sp.id === 'string') found.add(sp.id.toLowerCase());
  }
  return found;
}

/** Refused for want of Directory.Read.All, or not served at all: the fallback can still answer. */
function isRefusal(e: unknown): boolean {
  const status = toGraphError(e).status;
  return status === 403 || status === 404 || status === 400 || status === 501;
}
