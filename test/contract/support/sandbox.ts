// Shared helpers of the contract tests: one in-process sandbox per test file, raw HTTPS calls
// that trust its CA explicitly, and the CA-aware transports the official SDKs are given.
import type { INetworkModule, NetworkRequestOptions, NetworkResponse } from '@azure/msal-node';
import * as https from 'node:https';
import { startSandbox, type RunningSandbox, type SandboxOptions } from '../../../src/sandbox';

/** Starts a sandbox before the file's tests and closes it after; call inside describe(). */
export function useSandbox(options: SandboxOptions = {}): () => RunningSandbox {
  let sandbox: RunningSandbox | undefined;
  before(async function () {
    this.timeout(30000);
    sandbox = await startSandbox(options);
  });
  after(async () => {
    await sandbox?.close();
  });
  return () => {
    if (!sandbox) throw new Error('sandbox not started');
    return sandbox;
  };
}

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  json: () => any; // eslint-disable-line @typescript-eslint/no-explicit-any
}

/** One HTTPS request to the sandbox (a fresh connection each time: no keep-alive state). */
export function call(
  s: Pick<RunningSandbox, 'authority' | 'ca'>,
  method: string,
  path: string,
  options: { headers?: Record<string, string>; body?: string | Buffer; form?: Record<string, string>; json?: unknown } = {},
): Promise<RawResponse> {
  const headers: Record<string, string> = { ...(options.headers ?? {}) };
  let body = options.body;
  if (options.form) {
    body = new URLSearchParams(options.form).toString();
    headers['content-type'] ??= 'application/x-www-form-urlencoded';
  }
  if (options.json !== undefined) {
    body = JSON.stringify(options.json);
    headers['content-type'] ??= 'application/json';
  }
  // Node frames a DELETE/OPTIONS body only when told its length.
  if (body !== undefined) headers['content-length'] = String(Buffer.byteLength(body));
  return new Promise((resolve, reject) => {
    const req = https.request(`${s.authority}${path}`, { method, headers, ca: s.ca, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('error', reject);
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json: () => JSON.parse(text) });
      });
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** An app token by client secret, straight from the token endpoint. */
export async function adminToken(s: RunningSandbox, tenantId = s.tenants.home): Promise<string> {
  const r = await call(s, 'POST', `/${tenantId}/oauth2/v2.0/token`, {
    form: { grant_type: 'client_credentials', client_id: s.admin.clientId, client_secret: s.admin.clientSecret, scope: 'https://graph.microsoft.com/.default' },
  });
  if (r.status !== 200) throw new Error(`admin token: ${r.status} ${r.text}`);
  return r.json().access_token as string;
}

/** A managed-identity token from the App Service endpoint (user-assigned unless told otherwise). */
export async function miToken(s: RunningSandbox, resource = 'api://AzureADTokenExchange', select = `client_id=${s.managedIdentity.userAssigned.clientId}`): Promise<string> {
  const r = await call(s, 'GET', `/msi/token?api-version=2019-08-01&resource=${encodeURIComponent(resource)}${select ? `&${select}` : ''}`, {
    headers: { 'x-identity-header': s.managedIdentity.header },
  });
  if (r.status !== 200) throw new Error(`MI token: ${r.status} ${r.text}`);
  return r.json().access_token as string;
}

export async function graph(s: RunningSandbox, token: string, method: string, path: string, json?: unknown, headers: Record<string, string> = {}): Promise<RawResponse> {
  return call(s, method, `/v1.0${path}`, { headers: { authorization: `Bearer ${token}`, ...headers }, json });
}

/** The same under Graph's /beta, where flexible credentials (claimsMatchingExpression) live. */
export async function graphBeta(s: RunningSandbox, token: string, method: string, path: string, json?: unknown, headers: Record<string, string> = {}): Promise<RawResponse> {
  return call(s, method, `/beta${path}`, { headers: { authorization: `Bearer ${token}`, ...headers }, json });
}

export function decodePayload(jwt: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(jwt.split('.')[1], 'base64url').toString('utf8')) as Record<string, unknown>;
}

/** msal-node's network client over node:https trusting the sandbox CA (system.networkClient). */
export function msalNetworkClient(ca: string): INetworkModule {
  const agent = new https.Agent({ ca, keepAlive: false });
  const send = <T>(method: string, url: string, options?: NetworkRequestOptions) =>
    new Promise<NetworkResponse<T>>((resolve, reject) => {
      const req = https.request(url, { method, headers: options?.headers, agent }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', reject);
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let body: unknown = {};
          try {
            body = text ? JSON.parse(text) : {};
          } catch {
            body = text;
          }
          const headers: Record<string, string> = {};
          for (const [k, v] of Object.entries(res.headers)) if (v !== undefined) headers[k] = Array.isArray(v) ? v.join(', ') : v;
          resolve({ status: res.statusCode ?? 0, headers, body: body as T });
        });
      });
      req.on('error', reject);
      req.end(options?.body);
    });
  return {
    sendGetRequestAsync: (url, options) => send('GET', url, options),
    sendPostRequestAsync: (url, options) => send('POST', url, options),
  };
}

/**
 * A WHATWG fetch over node:https with an explicit CA, for graph-client's last middleware:
 * Node's global fetch cannot be given a CA without an undici dispatcher.
 */
export function httpsFetch(ca: string): (input: string | URL | Request, init?: RequestInit) => Promise<Response> {
  const agent = new https.Agent({ ca, keepAlive: false });
  return async (input, init) => {
    const request = input instanceof Request ? input : undefined;
    const url = request ? request.url : String(input);
    const method = init?.method ?? request?.method ?? 'GET';
    const headers: Record<string, string> = {};
    new Headers(request?.headers).forEach((v, k) => (headers[k] = v));
    new Headers(init?.headers).forEach((v, k) => (headers[k] = v));
    let body: Buffer | undefined;
    const b = init?.body ?? (request && request.body ? await request.arrayBuffer() : undefined);
    if (typeof b === 'string') body = Buffer.from(b);
    else if (b instanceof ArrayBuffer) body = Buffer.from(b);
    else if (ArrayBuffer.isView(b)) body = Buffer.from(b.buffer, b.byteOffset, b.byteLength);
    else if (b !== undefined && b !== null) throw new TypeError('httpsFetch: unsupported body type');
    return new Promise<Response>((resolve, reject) => {
      const req = https.request(url, { method, headers, agent }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', reject);
        res.on('end', () => {
          const h = new Headers();
          for (const [k, v] of Object.entries(res.headers)) if (v !== undefined) h.set(k, Array.isArray(v) ? v.join(', ') : v);
          const status = res.statusCode ?? 0;
          const noBody = status === 204 || status === 304;
          resolve(new Response(noBody ? null : Buffer.concat(chunks), { status, statusText: res.statusMessage, headers: h }));
        });
      });
      req.on('error', reject);
      req.end(body);
    });
  };
}
