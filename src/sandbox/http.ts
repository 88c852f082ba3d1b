// Request/response plumbing shared by every route: a parsed request context with a capped
// body reader, JSON/text senders, and a tiny method+regex router.
import type { IncomingMessage, ServerResponse } from 'node:http';

export const MAX_BODY_BYTES = 1024 * 1024;

/**
 * How long a client may take before the server gives up on it and destroys the socket: a stalled
 * or half-sent request must not hold a connection (and its memory) forever.
 */
export interface ConnectionLimits {
  /** From connecting (TLS handshake included) until the request's headers are complete. */
  headersMs: number;
  /** From the headers until the whole body has arrived. */
  bodyMs: number;
  /** A connection with no traffic at all, between or during requests. */
  idleMs: number;
}

export const DEFAULT_CONNECTION_LIMITS: ConnectionLimits = { headersMs: 10_000, bodyMs: 30_000, idleMs: 120_000 };

export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export interface Ctx {
  req: IncomingMessage;
  res: ServerResponse;
  method: string;
  /** Raw path (still percent-encoded), no query. */
  path: string;
  /** Raw query string without '?', '' when none. */
  rawQuery: string;
  /** Set by handlers so the request log can say which tenant a request acted in. */
  tenant?: string;
  body(): Promise<Buffer>;
}

export function createCtx(req: IncomingMessage, res: ServerResponse, limits: ConnectionLimits = DEFAULT_CONNECTION_LIMITS): Ctx {
  const raw = req.url ?? '/';
  const q = raw.indexOf('?');
  let bodyPromise: Promise<Buffer> | undefined;
  return {
    req,
    res,
    method: (req.method ?? 'GET').toUpperCase(),
    path: q < 0 ? raw : raw.slice(0, q),
    rawQuery: q < 0 ? '' : raw.slice(q + 1),
    body: () => (bodyPromise ??= readBody(req, limits.bodyMs)),
  };
}

function readBody(req: IncomingMessage, timeoutMs: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > MAX_BODY_BYTES) {
      req.resume();
      reject(new HttpError(413, 'Request_EntityTooLarge', `The request body exceeds ${MAX_BODY_BYTES} bytes.`));
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let failed = false;
    // A body that stops arriving: nothing can be answered on this connection any more.
    const timer = setTimeout(() => {
      failed = true;
      reject(new HttpError(408, 'RequestTimeout', `The request body did not arrive within ${timeoutMs} ms.`));
      req.socket.destroy();
    }, timeoutMs);
    timer.unref();
    req.on('data', (c: Buffer) => {
      if (failed) return;
      size += c.length;
      if (size > MAX_BODY_BYTES) {
        failed = true;
        clearTimeout(timer);
        reject(new HttpError(413, 'Request_EntityTooLarge', `The request body exceeds ${MAX_BODY_BYTES} bytes.`));
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => {
      clearTimeout(timer);
      if (!failed) resolve(Buffer.concat(chunks));
    });
    req.on('error', (e) => {
      clearTimeout(timer);
      if (!failed) reject(e);
    });
    req.on('close', () => clearTimeout(timer));
  });
}

/** Percent-decodes, answering 400 (instead of throwing URIError) on bad encoding. */
export function decode(s: string): string {
  try {
    return decodeURIComponent(s.replace(/\+/g, ' '));
  } catch {
    throw new HttpError(400, 'BadRequest', 'The request URL has invalid percent-encoding.');
  }
}

/** Parses a query string (form encoding) without ever throwing; repeated keys keep the first. */
export function parseQuery(raw: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const part of raw.split('&')) {
    if (!part) continue;
    const eq = part.indexOf('=');
    const k = decode(eq < 0 ? part : part.slice(0, eq));
    const v = eq < 0 ? '' : decode(part.slice(eq + 1));
    if (!out.has(k)) out.set(k, v);
  }
  return out;
}

export function header(ctx: Ctx, name: string): string | undefined {
  const v = ctx.req.headers[name.toLowerCase()];
  return Array.isArray(v) ? v[0] : v;
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  send(res, status, text, { 'content-type': 'application/json; charset=utf-8', ...headers });
}

/**
 * Responses to be lost: the request was carried out, then the connection drops before the
 * answer (the "outcome unknown" case). The callback gets the status that was not delivered.
 */
export const lostResponses = new WeakMap<ServerResponse, (status: number) => void>();

export function send(res: ServerResponse, status: number, text: string | Buffer, headers: Record<string, string> = {}): void {
  if (res.headersSent || res.destroyed) return;
  const lose = lostResponses.get(res);
  if (lose) return lose(status);
  const buf = typeof text === 'string' ? Buffer.from(text) : text;
  res.writeHead(status, { ...headers, 'content-length': String(buf.length) });
  res.end(buf);
}

export type Handler = (ctx: Ctx, match: RegExpExecArray) => Promise<void> | void;

interface Route {
  methods: string[];
  pattern: RegExp;
  handler: Handler;
}

export type RouteMatch = { handler: Handler; match: RegExpExecArray } | { allowed: string[] };

export class Router {
  private readonly routes: Route[] = [];

  add(methods: string | string[], pattern: RegExp, handler: Handler): this {
    this.routes.push({ methods: ([] as string[]).concat(methods), pattern, handler });
    return this;
  }

  /** The handler for method+path, or the allowed methods when only the path matches. */
  match(method: string, path: string): RouteMatch | undefined {
    const allowed: string[] = [];
    for (const r of this.routes) {
      const m = r.pattern.exec(path);
      if (!m) continue;
      if (r.methods.includes(method)) return { handler: r.handler, match: m };
      allowed.push(...r.methods);
    }
    return allowed.length ? { allowed } : undefined;
  }
}
