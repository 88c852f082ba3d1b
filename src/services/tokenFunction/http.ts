// One HTTP exchange with a token function: a hard timeout, cancellation, a size cap, and every
// failure turned into a TokenFunctionError (or CancelledError) a person can act on. An extra CA
// is trusted only for loopback hosts: Node's `ca` option replaces the system store, so giving
// the sandbox's CA to a real Azure host would break its certificate check.
import * as http from 'node:http';
import * as https from 'node:https';
import { CancelledError, TokenFunctionError } from '../../core/errors';
import { isLoopbackHost } from './url';

export const DEFAULT_TIMEOUT_MS = 30_000;
/** A token answer is a few KB; anything this large is not one (and is not read on). */
const MAX_BODY_BYTES = 1024 * 1024;

export interface HttpRequest {
  url: string;
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  body?: string;
  /** PEM of an extra CA, used for loopback hosts only. */
  ca?: string;
  timeoutMs?: number;
  signal?: AbortSignal;
  /** Who is being called, for messages: "the token function" (default), "the issuer's key set". */
  target?: string;
}

export interface HttpResponse {
  status: number;
  /** Header names in lowercase. */
  headers: Record<string, string>;
  text: string;
}

export function httpRequest(request: HttpRequest): Promise<HttpResponse> {
  const url = new URL(request.url);
  const timeoutMs = request.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const where = url.host;
  const target = request.target ?? 'the token function';
  return new Promise<HttpResponse>((resolve, reject) => {
    if (request.signal?.aborted) return reject(new CancelledError());
    const headers: Record<string, string> = { accept: 'application/json', ...(request.headers ?? {}) };
    if (request.body !== undefined) headers['content-length'] = String(Buffer.byteLength(request.body));
    const options: https.RequestOptions = { method: request.method ?? 'GET', headers };
    if (url.protocol === 'https:' && request.ca && isLoopbackHost(url.hostname)) options.ca = request.ca;
    const transport = url.protocol === 'http:' ? http : https;

    let settled = false;
    const finish = (fn: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      request.signal?.removeEventListener('abort', onAbort);
      fn();
    };
    const req = transport.request(url, options, (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > MAX_BODY_BYTES) {
          req.destroy();
          finish(() => reject(TokenFunctionError.badBody(`the answer is larger than ${MAX_BODY_BYTES / 1024} KB`, res.statusCode)));
          return;
        }
        chunks.push(chunk);
      });
      res.on('error', (e) => finish(() => reject(networkError(e, target, where))));
      res.on('end', () => {
        const flat: Record<string, string> = {};
        for (const [k, v] of Object.entries(res.headers)) if (v !== undefined) flat[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : v;
        finish(() => resolve({ status: res.statusCode ?? 0, headers: flat, text: Buffer.concat(chunks).toString('utf8') }));
      });
    });
    const timer = setTimeout(() => {
      req.destroy();
      finish(() => reject(new TokenFunctionError('timeout', `${capitalize(target)} at ${where} did not answer within ${Math.round(timeoutMs / 1000)} s.`)));
    }, timeoutMs);
    const onAbort = () => {
      req.destroy();
      finish(() => reject(new CancelledError()));
    };
    request.signal?.addEventListener('abort', onAbort, { once: true });
    req.on('error', (e) => finish(() => reject(networkError(e, target, where))));
    req.end(request.body);
  });
}

const NETWORK_HINTS: Record<string, string> = {
  ECONNREFUSED: 'nothing is listening there; is the function app running?',
  ENOTFOUND: 'the host name does not resolve; check the URL',
  EAI_AGAIN: 'the host name could not be resolved right now; check your network',
  ECONNRESET: 'the connection was reset',
  ETIMEDOUT: 'the connection timed out',
  DEPTH_ZERO_SELF_SIGNED_CERT: 'its certificate is self-signed and not trusted',
  SELF_SIGNED_CERT_IN_CHAIN: 'its certificate chain is not trusted',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'its certificate could not be verified',
  CERT_HAS_EXPIRED: 'its certificate has expired',
  ERR_TLS_CERT_ALTNAME_INVALID: "its certificate is for another host name",
};

function networkError(e: Error, target: string, where: string): TokenFunctionError {
  const code = (e as { code?: unknown }).code;
  const hint = typeof code === 'string' ? NETWORK_HINTS[code] : undefined;
  return new TokenFunctionError('network', `Could not reach ${target} at ${where}: ${hint ?? e.message}.`, undefined, { cause: e });
}

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
