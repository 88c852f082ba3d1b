// Which object ids name an object of the tenant: `POST /directoryObjects/getByIds`, up to 1,000
// ids per call, answering only the objects that exist. A read, so it may be retried like a GET.
import type { Client } from '@microsoft/microsoft-graph-client';
import { sendGraphRequest } from './graphRequest';

/** Graph's cap on `ids` in one getByIds call. */
export const GET_BY_IDS_LIMIT = 1000;

/** The ids (lower-case) of the objects that exist, among `ids`; one call per 1,000. */
export async function existingObjectIds(client: Client, ids: readonly string[], signal?: AbortSignal): Promise<Set<string>> {
  const wanted = [...new Set(ids.map((id) => id.toLowerCase()))];
  const found = new Set<string>();
  for (let i = 0; i < wanted.length; i += GET_BY_IDS_LIMIT) {
    const chunk = wanted.slice(i, i + GET_BY_IDS_LIMIT);
    const body = (await sendGraphRequest(client, 'POST', '/directoryObjects/getByIds', { body: { ids: chunk }, signal })) as { value?: Array<{ id?: unknown }> } | undefined;
    for (const object of body?.value ?? []) if (typeof object.id === 'string') found.add(object.id.toLowerCase());
  }
  return found;
}
