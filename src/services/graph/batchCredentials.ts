// Loads the federated credentials of many apps with Graph `$batch` (20 requests per batch,
// Graph's limit), a few batches in flight at once. Sub-requests that come back throttled or
// unavailable are sent again in a later batch after the longest Retry-After they asked for,
// capped like every other wait of the transport (a day-long Retry-After must not hang a view).
// Answers are matched to requests by `id`: Graph returns them in any order.
import type { Client } from '@microsoft/microsoft-graph-client';
import type { FederatedIdentityCredential } from '@microsoft/microsoft-graph-types';
import { GraphError } from '../../core/errors';
import { cappedRetryAfter, graphRetryPolicy, realClock, type RetryClock } from '../http/retryPolicy';
import { toGraphError } from './graphErrors';
import { sendGraphRequest } from './graphRequest';

const batchLimit = 20;
const batchesInFlight = 4;
const maxRounds = 6;

interface BatchResponse {
  responses?: Array<{ id: string; status: number; headers?: Record<string, string>; body?: unknown }>;
}

export async function loadCredentialsInBatches(
  client: Client,
  appObjectIds: string[],
  signal?: AbortSignal,
  clock: RetryClock = realClock,
): Promise<Map<string, FederatedIdentityCredential[]>> {
  const result = new Map<string, FederatedIdentityCredential[]>();
  let pending = [...new Set(appObjectIds)];
  for (let round = 0; pending.length > 0; round++) {
    const chunks: string[][] = [];
    for (let i = 0; i < pending.length; i += batchLimit) chunks.push(pending.slice(i, i + batchLimit));
    const retry: string[] = [];
    let waitMs = 0;
    await runLimited(chunks, batchesInFlight, async (ids) => {
      const outcome = await sendBatch(client, ids, signal, clock);
      for (const [id, value] of outcome.loaded) result.set(id, value);
      retry.push(...outcome.retry);
      waitMs = Math.max(waitMs, outcome.retryAfterMs);
    });
    if (retry.length > 0 && round + 1 >= maxRounds) {
      throw new GraphError(429, 'TooManyRequests', `Graph kept throttling while loading credentials of ${retry.length} apps. Try again in a minute.`);
    }
    const backoff = Math.min(graphRetryPolicy.baseDelayMs * 2 ** round, graphRetryPolicy.maxDelayMs);
    if (retry.length > 0) await clock.sleep(waitMs || backoff, signal);
    pending = retry;
  }
  return result;
}

async function sendBatch(client: Client, ids: string[], signal: AbortSignal | undefined, clock: RetryClock) {
  const byRequestId = new Map(ids.map((appId, index) => [String(index + 1), appId]));
  const requests = [...byRequestId].map(([id, appId]) => ({
    id,
    method: 'GET',
    url: `/applications/${encodeURIComponent(appId)}/federatedIdentityCredentials`,
  }));
  const body = (await sendGraphRequest(client, 'POST', '/$batch', { body: { requests }, signal })) as BatchResponse;
  const loaded = new Map<string, FederatedIdentityCredential[]>();
  const retry: string[] = [];
  let retryAfterMs = 0;
  for (const response of body?.responses ?? []) {
    const appId = byRequestId.get(String(response.id));
    if (appId === undefined) continue;
    if (response.status >= 200 && response.status < 300) {
      loaded.set(appId, (response.body as { value?: FederatedIdentityCredential[] })?.value ?? []);
    } else if (response.status === 429 || response.status >= 500) {
      retry.push(appId);
      const after = cappedRetryAfter(headerValue(response.headers, 'retry-after'), graphRetryPolicy, clock.now());
      retryAfterMs = Math.max(retryAfterMs, after ?? 0);
    } else if (response.status === 404) {
      loaded.set(appId, []); // deleted between listing and loading: nothing to show
    } else {
      throw toGraphError({ statusCode: response.status, body: response.body });
    }
  }
  // A sub-request the server did not answer at all is tried again too.
  for (const appId of ids) if (!loaded.has(appId) && !retry.includes(appId)) retry.push(appId);
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
