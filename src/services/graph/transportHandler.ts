// The last link of the Graph middleware chain: retries and sends through the extension's one
// transport (services/http) instead of the global fetch the SDK defaults to. So Graph gets the
// same deadline, size cap, loopback-only CA and retry policy as every other call, and VS Code's
// proxy support (it patches node:https in the extension host) applies.
import type { Context, Middleware, MiddlewareOptions } from '@microsoft/microsoft-graph-client';
import { sendHttp, type TransportResponse } from '../http/transport';
import { graphRetryPolicy, withRetries, type RetryClock, type RetryPolicy } from '../http/retryPolicy';
import { SendOnce } from './retryHandler';

/** Graph's answers can be slow (a $batch of 20, a page of 999), but never minutes. */
export const GRAPH_DEADLINE_MS = 60_000;

/**
 * Per-call settings, passed with `request.middlewareOptions([new GraphCallOptions(…)])`. The
 * handler also leaves the transport's own error here: the SDK flattens a thrown error into its
 * GraphError (statusCode -1, the class name as code), which loses the system code.
 */
export class GraphCallOptions implements MiddlewareOptions {
  failure: unknown;
  constructor(
    readonly settings: {
      /** Must not run twice (a create): resent only after a 429, see retryPolicy.ts. */
      sendOnce?: boolean;
      deadlineMs?: number;
      maxBodyBytes?: number;
      /** Sent exactly as given (an @odata.nextLink), not rebuilt by the SDK's URL parser. */
      verbatimUrl?: string;
    } = {},
  ) {}
}

export interface GraphTransportConfig {
  /** PEM of the sandbox's CA; offered to loopback hosts only. */
  ca?: string;
  policy?: RetryPolicy;
  clock?: RetryClock;
  deadlineMs?: number;
}

export class GraphTransportHandler implements Middleware {
  constructor(private readonly config: GraphTransportConfig = {}) {}

  async execute(context: Context): Promise<void> {
    const call = context.middlewareControl?.getMiddlewareOptions(GraphCallOptions) as GraphCallOptions | undefined;
    const settings = call?.settings ?? {};
    const url = settings.verbatimUrl ?? (typeof context.request === 'string' ? context.request : context.request.url);
    const options = context.options ?? {};
    const headers = flattenHeaders(options.headers);
    const body = typeof options.body === 'string' ? options.body : undefined;
    const signal = options.signal ?? undefined;
    const deadlineMs = settings.deadlineMs ?? this.config.deadlineMs ?? GRAPH_DEADLINE_MS;
    // The earlier marker is still honoured, for callers that pass it alone.
    const sendOnce = settings.sendOnce === true || context.middlewareControl?.getMiddlewareOptions(SendOnce) !== undefined;
    try {
      const answer = await withRetries(
        () => sendHttp({ url, method: options.method ?? 'GET', headers, body, ca: this.config.ca, deadlineMs, maxBodyBytes: settings.maxBodyBytes, signal }),
        { policy: this.config.policy ?? graphRetryPolicy, sendOnce, signal, clock: this.config.clock },
      );
      context.response = toFetchResponse(answer);
    } catch (e) {
      if (call) call.failure = e;
      throw e;
    }
  }
}

function toFetchResponse(answer: TransportResponse): Response {
  const headers = new Headers();
  for (const [name, value] of Object.entries(answer.headers)) headers.append(name, value);
  // A Response may not carry a body with these statuses.
  const payload = answer.status === 204 || answer.status === 304 ? null : new Uint8Array(answer.body);
  return new Response(payload, { status: answer.status, statusText: answer.statusText, headers });
}

function flattenHeaders(headers: HeadersInit | undefined): Record<string, string> {
  const flat: Record<string, string> = {};
  if (!headers) return flat;
  new Headers(headers).forEach((value, name) => (flat[name] = value));
  return flat;
}
