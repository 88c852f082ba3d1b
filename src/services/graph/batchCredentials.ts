// Loads the federated credentials of many apps with Graph `$batch` (20 requests per batch,
// Graph's limit), a few batches in flight at once. Sub-requests that come back throttled or
// unavailable are sent again in a later batch after the longest Retry-After they asked for.
import type { Client } from '@microsoft/microsoft-graph-client';
import type { FederatedIdentityCredential } from '@microsoft/microsoft-graph-types';
import { abortableDelay } from '../abortableDelay';
import { parseRetryAfter } from './retryHandler';
import { GraphError } from '../../core/errors';
import { toGraphError } from './graphErrors';

const batchLimit = 20;
const batchesInFlight = 4;
const maxRounds = 6;

interface BatchResponse {
  responses: Array<{ id: string; status: number; headers?: Record<string, string>; body?: unknown }>;
}

export async function loadCredentialsInBatches(
  client: Client,
  appObjectIds: string[],
  signal?: AbortSignal,
): Promise<Map<string, FederatedIdentityCredential[]>> {
  const result = new Map<string, FederatedIdentityCredential[]>();
  let pending = [...new Set(appObjectIds)];
  for (let round = 0; pending.length > 0; round++) {
    const chunks: string[][] = [];
    for (let i = 0; i < pending.length; i += batchLimit) chunks.push(pending.slice(i, i + batchLimit));
    const retry: string[] = [];
    let waitMs = 0;
    await runLimited(chunks, batchesInFlight, async (ids) => {
      const outcome = await sendBatch(client, ids, signal);
      for (const [id, value] of outcome.loaded) result.set(id, value);
      retry.push(...outcome.retry);
      waitMs = Math.max(waitMs, outcome.retryAfterMs);
    });
    if (retry.length > 0 && round + 1 >= maxRounds) {
      throw new GraphError(429, 'TooManyRequests', `Graph kept throttling while loading credentials of ${retry.length} apps. Try again in a minute.`);
    }
    if (retry.length > 0) await abortableDelay(waitMs || 500 * 2 ** round, signal);
    pending = retry;
  }
  return result;
}

async function sendBatch(client: Client, ids: string[], signal: AbortSignal | undefined) {
  const requests = ids.map((id, index) => ({
    id: String(index),
    method: 'GET',
    url: `/applications/${encodeURIComponent(id)}/federatedIdentityCredentials`,
  }));
  let body: BatchResponse;
  try {
    let request = client.api('/$batch');
    if (signal) request = request.option('signal', signal);
    body = (await request.post({ requests })) as BatchResponse;
  } catch (e) {
    throw toGraphError(e);
  }
  const loaded = new Map<string, FederatedIdentityCredential[]>();
  const retry: string[] = [];
  let retryAfterMs = 0;
  for (const response of body.responses ?? []) {
    const id = ids[Number(response.id)];
    if (id === undefined) continue;
    if (response.status >= 200 && response.status < 300) {
      loaded.set(id, ((response.body as { value?: FederatedIdentityCredential[] })?.value) ?? []);
    } else if (response.status === 429 || response.status >= 500) {
      retry.push(id);
      const after = parseRetryAfter(headerValue(response.headers, 'retry-after'));
      retryAfterMs = Math.max(retryAfterMs, after ?? 0);
    } else if (response.status === 404) {
      loaded.set(id, []); // deleted between listing and loading: nothing to show
    } else {
      throw toGraphError({ statusCode: response.status, body: response.body });
    }
  }
  // A sub-request the server did not answer at all is tried again too.
  for (const id of ids) if (!loaded.has(id) && !retry.includes(id)) retry.push(id);
  return { loaded, retry, retryAfterMs };
}

function headerValue(headers: Record<string, string> | undefined, name: string): string | undefined {
  if (!headers) return undefined;
  const key = Object.keys(headers).find((k) => k.toLowerCase() === name);
  return key ? headers[key] : undefined;
}

async function runLimited<T>(items: T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) await work(items[next++]);
  });
  await Promise.all(workers);
}
