// The extension's one HTTP exchange: Graph (behind the SDK's middleware), msal-node's network
// client, the token function, the tenant lookup and key-set fetches all send through here.
// Every exchange has an overall deadline (connect to last body byte, not an idle-socket timer),
// a cap on the answer's size, cancellation by AbortSignal, and an extra CA that is offered to
// loopback hosts only (see loopback.ts). node:https rather than fetch: VS Code's proxy support
// patches node:https in the extension host, and fetch takes no per-request CA.
import type * as https from 'node:https';
import { CancelledError } from '../../core/errors';
import { nodeHttp, nodeHttps } from '../nodeModules';
import { agentFor } from './agents';
import { caForUrl } from './loopback';
import { deadlineFailure, networkFailure, tooLargeFailure } from './transportError';

export const DEFAULT_DEADLINE_MS = 30_000;
/** Larger than any Graph page (999 apps with their fields) or token answer the extension reads. */
export const DEFAULT_MAX_BODY_BYTES = 16 * 1024 * 1024;

export interface TransportRequest {
  url: string | URL;
  method?: string;
  /** Names as given; a content-length is added for a body. */
  headers?: Record<string, string>;
  body?: string | Buffer;
  /** PEM of an extra CA (the sandbox's). Presented to loopback hosts only. */
  ca?: string;
  /** Overall time for this exchange, connect to the last byte of the answer. */
  deadlineMs?: number;
  maxBodyBytes?: number;
  signal?: AbortSignal;
}

export interface TransportResponse {
  status: number;
  statusText: string;
  /** Names in lowercase; repeated headers joined with ", ". */
  headers: Record<string, string>;
  body: Buffer;
}

/** The options node:https is given for a URL: what the CA-scope tests inspect. */
export function requestOptionsFor(url: URL, request: Pick<TransportRequest, 'method' | 'headers' | 'ca'>): https.RequestOptions {
  const ca = caForUrl(url, request.ca);
  return {
    method: request.method ?? 'GET',
    headers: { ...(request.headers ?? {}) },
    agent: agentFor(url, request.ca),
    ...(ca ? { ca } : {}),
  };
}

export function sendHttp(request: TransportRequest): Promise<TransportResponse> {
  const url = typeof request.url === 'string' ? new URL(request.url) : request.url;
  const deadlineMs = request.deadlineMs ?? DEFAULT_DEADLINE_MS;
  const maxBytes = request.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const host = url.host;
  const { signal } = request;
  return new Promise<TransportResponse>((resolve, reject) => {
    if (signal?.aborted) return reject(new CancelledError());
    const options = requestOptionsFor(url, request);
    if (request.body !== undefined) (options.headers as Record<string, string>)['content-length'] = String(Buffer.byteLength(request.body));

    let settled = false;
    const finish = (fn: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      fn();
    };
    const fail = (error: Error) => {
      req.destroy();
      finish(() => reject(error));
    };
    const req = (url.protocol === 'http:' ? nodeHttp() : nodeHttps()).request(url, options, (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > maxBytes) return fail(tooLargeFailure(host, maxBytes));
        chunks.push(chunk);
      });
      res.on('error', (e) => fail(networkFailure(e, host)));
      // A connection closed before the answer's end is a dropped answer, not a short one.
      res.on('aborted', () => fail(networkFailure(Object.assign(new Error('aborted'), { code: 'ECONNRESET' }), host)));
      res.on('end', () => {
        const headers: Record<string, string> = {};
        for (const [name, value] of Object.entries(res.headers)) {
          if (value !== undefined) headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
        }
        finish(() => resolve({ status: res.statusCode ?? 0, statusText: res.statusMessage ?? '', headers, body: Buffer.concat(chunks) }));
      });
    });
    const timer = setTimeout(() => fail(deadlineFailure(host, deadlineMs)), deadlineMs);
    const onAbort = () => fail(new CancelledError());
    signal?.addEventListener('abort', onAbort, { once: true });
    req.on('error', (e) => fail(networkFailure(e, host)));
    req.end(request.body);
  });
}

/** The answer's text, parsed as JSON when it is JSON; the text itself otherwise. */
export function readJson(response: TransportResponse): unknown {
  const text = response.body.toString('utf8');
  if (!text) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}
