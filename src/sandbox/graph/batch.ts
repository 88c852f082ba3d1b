// POST /$batch: at most 20 requests, relative URLs (with or without /v1.0), dependsOn honoured
// (a failed dependency answers 424), each answered with its own status. Graph documents that
// the answers may come in any order (clients match them by id), so by default they are
// shuffled; `setBatchOrder('ordered')` keeps request order for a test that wants it.
import { pickFault } from '../faults';
import type { SandboxState } from '../state';
import { appendRequest } from '../requestLog';
import { jsonBody } from './body';
import { graphErrorResponse } from './errors';
import { badRequest, GraphError, type GraphCtx, type GraphRequest, type GraphResponse } from './types';

export const MAX_BATCH_REQUESTS = 20;

interface BatchItem {
  id: string;
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: unknown;
  dependsOn: string[];
}

function parseItems(raw: unknown): BatchItem[] {
  const requests = (raw as { requests?: unknown }).requests;
  if (!Array.isArray(requests)) throw badRequest("The batch payload must have a 'requests' array.", 'BadRequest');
  if (requests.length === 0) throw badRequest('The batch request must contain at least one request.', 'BadRequest');
  if (requests.length > MAX_BATCH_REQUESTS) {
    throw badRequest(`The number of batch requests (${requests.length}) exceeds the limit of ${MAX_BATCH_REQUESTS}.`, 'BadRequest');
  }
  const ids = new Set<string>();
  return requests.map((r: unknown) => {
    const o = (typeof r === 'object' && r !== null ? r : {}) as Record<string, unknown>;
    const id = typeof o.id === 'string' || typeof o.id === 'number' ? String(o.id) : '';
    if (!id) throw badRequest("Each batch request needs an 'id'.", 'BadRequest');
    if (ids.has(id)) throw badRequest(`Batch request ids must be unique; '${id.slice(0, 50)}' is repeated.`, 'BadRequest');
    ids.add(id);
    if (typeof o.method !== 'string' || typeof o.url !== 'string') throw badRequest(`Batch request '${id.slice(0, 50)}' needs a 'method' and a 'url'.`, 'BadRequest');
    const headers: Record<string, string> = {};
    if (typeof o.headers === 'object' && o.headers !== null) {
      for (const [k, v] of Object.entries(o.headers as Record<string, unknown>)) if (typeof v === 'string') headers[k.toLowerCase()] = v;
    }
    const dependsOn = Array.isArray(o.dependsOn) ? o.dependsOn.map(String) : [];
    return { id, method: o.method.toUpperCase(), url: o.url, headers, body: o.body, dependsOn };
  });
}

export async function handleBatch(
  state: SandboxState,
  outer: GraphRequest,
  dispatch: (req: GraphRequest) => Promise<GraphResponse>,
): Promise<GraphResponse> {
  const items = parseItems(jsonBody({ req: outer } as GraphCtx));
  const results = new Map<string, GraphResponse>();
  const responses = [];
  for (const item of items) {
    let res: GraphResponse;
    const failedDep = item.dependsOn.find((d) => !results.has(d) || results.get(d)!.status >= 400);
    const m = /^\/?(?:(v1\.0|beta)\/)?([^?]*)(?:\?(.*))?$/.exec(item.url);
    if (failedDep !== undefined) {
      res = graphErrorResponse(state, new GraphError(424, 'BadRequest', `Dependency '${failedDep.slice(0, 50)}' failed or was not run first.`));
    } else if (!m || /^[a-z]+:\/\//i.test(item.url)) {
      res = graphErrorResponse(state, badRequest('Invalid request URL: batch request URLs must be relative, e.g. /applications.', 'BadRequest'));
    } else if (item.body !== undefined && !item.headers['content-type']) {
      res = graphErrorResponse(state, badRequest(`Write request id : ${item.id} does not contain Content-Type header or body.`, 'BadRequest'));
    } else {
      const path = `/${m[2]}`;
      const fault = pickFault(state, path, true);
      if (fault) {
        const e = fault.kind === 'throttle'
          ? new GraphError(429, 'TooManyRequests', 'Too many requests.', { 'retry-after': String(fault.retryAfterSeconds) })
          : new GraphError(503, 'ServiceUnavailable', 'Service unavailable.', { 'retry-after': String(fault.retryAfterSeconds) });
        res = graphErrorResponse(state, e);
      } else {
        const body = item.body === undefined ? undefined
          : typeof item.body === 'string' && !/json/i.test(item.headers['content-type'] ?? '') ? Buffer.from(item.body, 'base64')
          : Buffer.from(typeof item.body === 'string' ? item.body : JSON.stringify(item.body));
        res = await dispatch({
          method: item.method,
          path,
          rawQuery: m[3] ?? '',
          headers: { ...item.headers, authorization: outer.headers['authorization'] },
          body,
          version: (m[1] as 'v1.0' | 'beta' | undefined) ?? outer.version,
          batch: true,
        });
      }
      appendRequest(state, { method: item.method, path: `/${m[1] ?? outer.version}${path}`, url: item.url, status: res.status, batch: true, fault: fault?.kind, time: state.clock.now() });
    }
    results.set(item.id, res);
    responses.push({ id: item.id, status: res.status, headers: itemHeaders(res), ...(res.body === undefined ? {} : { body: res.body }) });
  }
  return { status: 200, body: { responses: state.settings.batchOrder === 'ordered' ? responses : shuffled(responses) } };
}

/** A random order that is never the request order (for two or more answers), so a client relying on order fails every time. */
function shuffled<T>(items: T[]): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  if (out.length > 1 && out.every((x, i) => x === items[i])) out.push(out.shift()!);
  return out;
}

/** Headers of a batch item as Graph writes them: `Content-Type`, `Retry-After`, `Location` (SDKs look them up in this case). */
function itemHeaders(res: GraphResponse): Record<string, string> {
  const out: Record<string, string> = {};
  if (res.body !== undefined) out['Content-Type'] = typeof res.body === 'string' ? 'text/plain' : 'application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8';
  for (const [k, v] of Object.entries(res.headers ?? {})) {
    const canonical = k.startsWith('request-id') || k.startsWith('client-request-id') ? k : k.replace(/(^|-)([a-z])/g, (_m, d: string, c: string) => d + c.toUpperCase());
    out[canonical] = v;
  }
  return out;
}
