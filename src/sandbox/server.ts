// The HTTPS front: every request is logged, delayed by the configured latency, possibly
// faulted, then routed to Entra, Graph, the managed-identity endpoints or the token function.
// Whatever arrives, the answer is in the shape of the service the path belongs to.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type * as https from 'node:https';
import type { Duplex } from 'node:stream';
import { EntraError, entraErrorBody, sendEntraError } from './entra/errors';
import { handleDeviceCode, handleDeviceLoginPage } from './entra/deviceCode';
import { handleInstanceDiscovery, handleJwks, handleOpenIdConfiguration } from './entra/openid';
import { handleToken } from './entra/token';
import { pickFault, type InjectedFault } from './faults';
import { handleAdminConsent } from './graph/adminConsent';
import { graphErrorResponse } from './graph/errors';
import { dispatchGraph } from './graph/router';
import { GraphError, type GraphResponse } from './graph/types';
import { type ConnectionLimits, type Ctx, createCtx, decode, DEFAULT_CONNECTION_LIMITS, HttpError, lostResponses, Router, send, sendJson } from './http';
import { APP_SERVICE_PATH, handleManagedIdentity, IMDS_PATH } from './managedIdentity';
import { appendRequest } from './requestLog';
import type { SandboxState } from './state';

type Family = 'graph' | 'entra' | 'mi' | 'function';

interface Holder {
  fault?: InjectedFault;
  record?: (status: number) => void;
}

function familyOf(path: string): Family {
  if (/^\/(v1\.0|beta)(\/|$)/i.test(path)) return 'graph';
  if (/^\/api(\/|$)/i.test(path)) return 'function';
  if (path.startsWith(APP_SERVICE_PATH) || path.startsWith(IMDS_PATH)) return 'mi';
  return 'entra';
}

function entraRoutes(state: SandboxState): Router {
  const seg = (m: RegExpExecArray) => decode(m[1]);
  return new Router()
    .add('GET', /^\/common\/discovery\/instance\/?$/i, (ctx) => handleInstanceDiscovery(state, ctx))
    .add('GET', /^\/([^/]+)\/v2\.0\/\.well-known\/openid-configuration\/?$/i, (ctx, m) => handleOpenIdConfiguration(state, ctx, seg(m), 'v2'))
    .add('GET', /^\/([^/]+)\/\.well-known\/openid-configuration\/?$/i, (ctx, m) => handleOpenIdConfiguration(state, ctx, seg(m), 'v1'))
    .add('GET', /^\/([^/]+)\/discovery\/(?:v2\.0\/)?keys\/?$/i, (ctx, m) => handleJwks(state, ctx, seg(m)))
    .add('POST', /^\/([^/]+)\/oauth2\/v2\.0\/token\/?$/i, (ctx, m) => handleToken(state, ctx, seg(m)))
    .add('POST', /^\/([^/]+)\/oauth2\/v2\.0\/devicecode\/?$/i, (ctx, m) => handleDeviceCode(state, ctx, seg(m)))
    .add(['GET', 'POST'], /^\/devicelogin\/?$/i, (ctx) => handleDeviceLoginPage(state, ctx))
    .add(['GET', 'POST'], /^\/([^/]+)\/v2\.0\/adminconsent\/?$/i, (ctx, m) => handleAdminConsent(state, ctx, seg(m)))
    .add('GET', /^\/msi\/token\/?$/i, (ctx) => handleManagedIdentity(state, ctx, 'appService'))
    .add('GET', /^\/metadata\/identity\/oauth2\/token\/?$/i, (ctx) => handleManagedIdentity(state, ctx, 'imds'))
    .add('GET', /^\/?$/, (ctx) => send(ctx.res, 200, 'MI Federation sandbox tenant. Entra at /{tenant}/oauth2/v2.0, Graph at /v1.0, managed identity at /msi/token and /metadata/identity/oauth2/token, token function at /api.\n', { 'content-type': 'text/plain; charset=utf-8' }));
}

function writeGraph(ctx: Ctx, r: GraphResponse): void {
  const headers = { ...(r.headers ?? {}) };
  if (r.body === undefined) return send(ctx.res, r.status, '', headers);
  if (typeof r.body === 'string') return send(ctx.res, r.status, r.body, { 'content-type': 'text/plain; charset=utf-8', ...headers });
  sendJson(ctx.res, r.status, r.body, { 'odata-version': '4.0', ...headers });
}

function answerFault(state: SandboxState, ctx: Ctx, family: Family, fault: InjectedFault): void {
  if (fault.kind === 'reset') {
    ctx.res.socket?.destroy();
    ctx.req.socket.destroy();
    return;
  }
  const status = fault.kind === 'throttle' ? 429 : 503;
  const retry = { 'retry-after': String(fault.retryAfterSeconds) };
  switch (family) {
    case 'graph':
      return writeGraph(ctx, graphErrorResponse(state, fault.kind === 'throttle'
        ? new GraphError(429, 'TooManyRequests', 'Too many requests.', retry)
        : new GraphError(503, 'ServiceUnavailable', 'The service is temporarily unavailable.', retry)));
    case 'entra':
      return sendJson(ctx.res, status, entraErrorBody(state, new EntraError(status, 'temporarily_unavailable', 90033, 'A transient error has occurred. Please try again.')), retry);
    case 'mi':
      return sendJson(ctx.res, status, { statusCode: status, message: status === 429 ? 'Too many requests.' : 'Service unavailable.' }, retry);
    case 'function':
      return send(ctx.res, status, '', retry);
  }
}

function answerError(state: SandboxState, ctx: Ctx, family: Family, status: number, code: string, message: string): void {
  switch (family) {
    case 'graph':
      return writeGraph(ctx, graphErrorResponse(state, new GraphError(status, code, message)));
    case 'entra':
      return sendEntraError(state, ctx, new EntraError(status, status === 404 ? 'not_found' : status >= 500 ? 'server_error' : 'invalid_request', status === 405 ? 900561 : status === 404 ? 90056 : 90100, message));
    case 'mi':
      return sendJson(ctx.res, status, { statusCode: status, message });
    case 'function':
      return send(ctx.res, status, '');
  }
}

/**
 * The server options that bound a connection's time: the TLS handshake and the headers within
 * `headersMs`, the whole request within headers + body, checked often enough to matter.
 */
export function connectionOptions(limits: ConnectionLimits): Pick<https.ServerOptions, 'handshakeTimeout' | 'headersTimeout' | 'requestTimeout' | 'connectionsCheckingInterval' | 'keepAliveTimeout'> {
  return {
    handshakeTimeout: limits.headersMs,
    headersTimeout: limits.headersMs,
    requestTimeout: limits.headersMs + limits.bodyMs,
    connectionsCheckingInterval: Math.max(50, Math.min(1000, Math.floor(limits.headersMs / 4))),
    keepAliveTimeout: Math.min(5000, limits.idleMs),
  };
}

/**
 * Drops connections that stall: an idle socket is destroyed, and a request the parser refuses
 * or that timed out gets a bare status line (as Node would send) and then the socket is
 * destroyed — `end()` alone leaves it half-open for as long as the client keeps it.
 */
export function guardConnections(server: https.Server, limits: ConnectionLimits): void {
  server.setTimeout(limits.idleMs, (socket) => socket.destroy());
  server.on('clientError', (err: NodeJS.ErrnoException, socket: Duplex) => {
    const status = err.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? '408 Request Timeout' : err.code === 'HPE_HEADER_OVERFLOW' ? '431 Request Header Fields Too Large' : '400 Bad Request';
    if (!socket.writable) {
      socket.destroy();
      return;
    }
    socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`, () => socket.destroy());
    setTimeout(() => socket.destroy(), 1000).unref();
  });
}

/** `proxyFunction` forwards /api/* to the token function. */
export function createRequestHandler(
  state: SandboxState,
  proxyFunction: (ctx: Ctx) => Promise<void>,
  ready: () => Promise<void>,
  limits: ConnectionLimits = DEFAULT_CONNECTION_LIMITS,
) {
  const routes = entraRoutes(state);
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

  async function serve(ctx: Ctx, family: Family, holder: Holder): Promise<void> {
    await ready();
    if (state.settings.latencyMs > 0) await sleep(state.settings.latencyMs);
    const fault = pickFault(state, ctx.path);
    if (fault) {
      holder.fault = fault;
      if (fault.kind !== 'lostResponse') return answerFault(state, ctx, family, fault);
      lostResponses.set(ctx.res, (status) => {
        holder.record?.(status);
        ctx.res.socket?.destroy();
        ctx.req.socket.destroy();
      });
    }
    if (family === 'graph') {
      const m = /^\/(v1\.0|beta)(\/.*)?$/i.exec(ctx.path)!;
      const body = ctx.method === 'GET' || ctx.method === 'HEAD' ? undefined : await ctx.body();
      const headers: Record<string, string | undefined> = {};
      for (const [k, v] of Object.entries(ctx.req.headers)) headers[k] = Array.isArray(v) ? v[0] : v;
      const res = await dispatchGraph(state, {
        method: ctx.method, path: m[2] ?? '/', rawQuery: ctx.rawQuery, headers, body, version: m[1].toLowerCase() as 'v1.0' | 'beta',
      }, (tid) => (ctx.tenant = tid));
      return writeGraph(ctx, res);
    }
    if (family === 'function') {
      return proxyFunction(ctx);
    }
    const match = routes.match(ctx.method, ctx.path);
    if (!match) {
      answerError(state, ctx, family, 404, 'NotFound', `The sandbox has no endpoint at '${ctx.path.slice(0, 200)}'.`);
    } else if ('allowed' in match) {
      answerError(state, ctx, family, 405, 'MethodNotAllowed', `The endpoint only accepts ${match.allowed.join(', ')} requests. Received a ${ctx.method.slice(0, 10)} request.`);
    } else {
      await match.handler(ctx, match.match);
    }
  }

  return (req: IncomingMessage, res: ServerResponse): void => {
    const ctx = createCtx(req, res, limits);
    const family = familyOf(ctx.path);
    const holder: Holder = {};
    const started = state.clock.now();
    let logged = false;
    // Logged when the status is written (before the client can see it), or at close for resets.
    const record = (status: number) => {
      if (logged) return;
      logged = true;
      appendRequest(state, {
        method: ctx.method.slice(0, 16), path: ctx.path, url: req.url ?? '', status,
        ...(ctx.tenant ? { tenant: ctx.tenant } : {}), ...(holder.fault ? { fault: holder.fault.kind } : {}), time: started,
      });
    };
    const writeHead = res.writeHead.bind(res) as (...a: unknown[]) => ServerResponse;
    res.writeHead = ((...args: unknown[]) => {
      record(typeof args[0] === 'number' ? args[0] : 0);
      return writeHead(...args);
    }) as typeof res.writeHead;
    holder.record = record; // a lost response is logged with the status the handler produced
    res.on('close', () => record(res.headersSent ? res.statusCode : 0));
    serve(ctx, family, holder)
      .catch((e: unknown) => {
        if (e instanceof HttpError) return answerError(state, ctx, family, e.status, e.code, e.message);
        if (e instanceof GraphError) return answerError(state, ctx, family, e.status, e.code, e.message);
        if (e instanceof EntraError) return sendEntraError(state, ctx, e);
        if (process.env.MIFED_SANDBOX_DEBUG) console.error(e);
        answerError(state, ctx, family, 500, 'InternalServerError', 'The sandbox failed to answer this request.');
      })
      .catch(() => res.destroy());
  };
}
