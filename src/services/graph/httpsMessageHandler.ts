// The last link of the Graph middleware chain: sends the request with node:https instead of
// the global fetch the SDK defaults to. Two reasons: the sandbox tenant's self-signed CA can be
// trusted per client (an https.Agent with `ca`) without touching process-wide settings, and
// VS Code's proxy support patches node:https in the extension host, so corporate proxies work.
import * as https from 'node:https';
import type { Context, Middleware } from '@microsoft/microsoft-graph-client';

export class HttpsMessageHandler implements Middleware {
  constructor(private readonly agent: https.Agent) {}

  async execute(context: Context): Promise<void> {
    const url = typeof context.request === 'string' ? context.request : context.request.url;
    const options = context.options ?? {};
    const headers = flattenHeaders(options.headers);
    const body = typeof options.body === 'string' ? options.body : undefined;
    if (body !== undefined) headers['content-length'] = String(Buffer.byteLength(body));
    context.response = await send(url, options.method ?? 'GET', headers, body, this.agent, options.signal ?? undefined);
  }
}

function send(
  url: string,
  method: string,
  headers: Record<string, string>,
  body: string | undefined,
  agent: https.Agent,
  signal: AbortSignal | undefined,
): Promise<Response> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(abortError());
    const request = https.request(url, { method, headers, agent, signal }, (incoming) => {
      const chunks: Buffer[] = [];
      incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
      incoming.on('error', reject);
      incoming.on('end', () => {
        const responseHeaders = new Headers();
        for (const [name, value] of Object.entries(incoming.headers)) {
          if (value === undefined) continue;
          for (const v of Array.isArray(value) ? value : [value]) responseHeaders.append(name, v);
        }
        const status = incoming.statusCode ?? 500;
        // A Response may not carry a body with these statuses.
        const payload = status === 204 || status === 304 ? null : Buffer.concat(chunks);
        resolve(new Response(payload, { status, statusText: incoming.statusMessage, headers: responseHeaders }));
      });
    });
    request.on('error', (e) => reject(signal?.aborted ? abortError() : e));
    request.end(body);
  });
}

function flattenHeaders(headers: HeadersInit | undefined): Record<string, string> {
  const flat: Record<string, string> = {};
  if (!headers) return flat;
  new Headers(headers).forEach((value, name) => (flat[name] = value));
  return flat;
}

function abortError(): Error {
  const e = new Error('The operation was cancelled.');
  e.name = 'AbortError';
  return e;
}
