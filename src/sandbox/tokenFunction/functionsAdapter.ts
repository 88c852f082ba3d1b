// Runs the token function project's handlers (src/tokenFunctionTemplate/project: the very files
// "Create Token Function Project…" writes) behind a node:http server, doing what the Azure
// Functions host does around them: the route table, the allowed methods, the function key, and
// the mapping of a request to an HttpRequest and of the HttpResponseInit back.
//
// The request is built on Node's own fetch `Request` (the class @azure/functions wraps) and typed
// against @azure/functions' declarations, so the compiler holds it to the real shape; the
// library itself is not bundled (it would grow the sandbox's bundle by a fifth). The token
// function project's contract test runs the same handlers with the library's own HttpRequest.
import type { HttpRequest, HttpResponseInit, InvocationContext } from '@azure/functions';
import * as crypto from 'node:crypto';
import type * as http from 'node:http';
import { TOKEN_FUNCTION_ROUTES, type TokenFunctionRoute } from '../../tokenFunctionTemplate/project/src/handlers/routes';

export interface FunctionsAnswer {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}

export interface FunctionsHostOptions {
  /** The key every `authLevel: 'function'` route requires (`code` or `x-functions-key`). */
  functionKey: string;
  /** The origin callers use (the handlers see request URLs with it, as behind Azure's front end). */
  publicOrigin: string;
  /** Where the handlers' context.log goes. */
  log?: (line: string) => void;
}

const empty = (status: number): FunctionsAnswer => ({ status, headers: {}, body: Buffer.alloc(0) });

/** Functions routes are case-insensitive and live under /api. */
function findRoute(pathname: string): TokenFunctionRoute | undefined {
  const wanted = pathname.replace(/\/+$/, '').toLowerCase();
  return TOKEN_FUNCTION_ROUTES.find((r) => `/api/${(r.route ?? r.name).toLowerCase()}` === wanted);
}

function keyMatches(given: string | undefined, expected: string): boolean {
  if (!expected || given === undefined) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && crypto.timingSafeEqual(a, b);
}

export async function answerFunctionsRequest(req: http.IncomingMessage, body: Buffer, options: FunctionsHostOptions): Promise<FunctionsAnswer> {
  const url = new URL(req.url ?? '/', options.publicOrigin);
  const route = findRoute(url.pathname);
  if (!route) return empty(404);
  const method = (req.method ?? 'GET').toUpperCase();
  if (!route.methods.includes(method as 'GET' | 'POST')) return empty(405);
  if (route.authLevel === 'function') {
    const header = req.headers['x-functions-key'];
    const key = url.searchParams.get('code') ?? (typeof header === 'string' ? header : undefined);
    if (!keyMatches(key, options.functionKey)) return empty(401);
  }
  const headers = new Headers();
  for (const [k, v] of Object.entries(req.headers)) if (v !== undefined) headers.set(k, Array.isArray(v) ? v.join(', ') : v);
  const request = httpRequest(new Request(url, { method, headers, ...(body.length > 0 && method !== 'GET' ? { body: new Uint8Array(body) } : {}) }));
  const init = await route.handler(request, invocationContext(route.name, options.log ?? (() => undefined)));
  return responseFrom(init);
}

function httpRequest(r: Request): HttpRequest {
  return {
    method: r.method,
    url: r.url,
    headers: r.headers,
    query: new URL(r.url).searchParams,
    params: {},
    user: null,
    body: r.body as HttpRequest['body'],
    get bodyUsed() {
      return r.bodyUsed;
    },
    arrayBuffer: () => r.arrayBuffer(),
    blob: () => r.blob() as ReturnType<HttpRequest['blob']>,
    formData: () => r.formData() as ReturnType<HttpRequest['formData']>,
    json: () => r.json() as Promise<unknown>,
    text: () => r.text(),
    clone: () => httpRequest(r.clone()),
  };
}

function invocationContext(functionName: string, log: (line: string) => void): InvocationContext {
  const at = (level: string) => (...args: unknown[]) => log(`[${level}] ${functionName}: ${args.map(String).join(' ')}`);
  return {
    invocationId: crypto.randomUUID(),
    functionName,
    extraInputs: { get: () => undefined, set: () => undefined },
    extraOutputs: { get: () => undefined, set: () => undefined },
    log: at('information'),
    trace: at('trace'),
    debug: at('debug'),
    info: at('information'),
    warn: at('warning'),
    error: at('error'),
    options: { trigger: { type: 'httpTrigger', name: 'request' }, extraInputs: [], extraOutputs: [] },
  };
}

/** The Functions host's rules: `jsonBody` is sent as JSON with its content type, status 200 by default. */
async function responseFrom(init: HttpResponseInit): Promise<FunctionsAnswer> {
  const headers = new Headers(init.headers as HeadersInit | undefined);
  let payload: BodyInit | null = null;
  if (init.jsonBody !== undefined) {
    payload = JSON.stringify(init.jsonBody);
    if (!headers.has('content-type')) headers.set('content-type', 'application/json');
  } else if (init.body !== undefined && init.body !== null) {
    payload = init.body as BodyInit;
  }
  const bytes = payload === null ? Buffer.alloc(0) : Buffer.from(await new Response(payload).arrayBuffer());
  if (bytes.length > 0 && !headers.has('content-type')) headers.set('content-type', 'text/plain; charset=utf-8');
  const out: Record<string, string> = {};
  headers.forEach((v, k) => (out[k] = v));
  return { status: init.status ?? 200, headers: out, body: bytes };
}
