// Runs the token function (the token function project's handlers, see worker.ts) in a child
// process with the sandbox's managed-identity environment and proxies /api/* to it. The child
// starts with the sandbox but nothing waits for it: the first /api request does. A child that
// died is started again on the next request.
import { fork, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as path from 'node:path';
import { type Ctx, send } from '../http';

export interface TokenFunctionOptions {
  authority: string;
  caFile: string;
  identityEndpoint: string;
  identityHeader: string;
  functionKey: string;
  managedIdentityClientId: string;
}

/** Environment variables that would point @azure/identity somewhere else: never inherited. */
const FOREIGN_ENV = [
  'MSI_ENDPOINT', 'MSI_SECRET', 'IDENTITY_SERVER_THUMBPRINT', 'IMDS_ENDPOINT', 'AZURE_POD_IDENTITY_AUTHORITY_HOST',
  'AZURE_FEDERATED_TOKEN_FILE', 'AZURE_CLIENT_ID', 'AZURE_TENANT_ID', 'AZURE_CLIENT_SECRET', 'AZURE_AUTHORITY_HOST',
  'NODE_OPTIONS', 'NODE_TLS_REJECT_UNAUTHORIZED', 'HTTPS_PROXY', 'HTTP_PROXY', 'https_proxy', 'http_proxy',
];

function workerPath(): string {
  const candidates = [path.join(__dirname, 'worker.js'), path.join(__dirname, 'sandbox-token-function.js')];
  const found = candidates.find((p) => fs.existsSync(p));
  if (!found) throw new Error(`The token function's worker script is missing (looked for ${candidates.join(', ')}).`);
  return found;
}

/**
 * How failed token requests are answered: `json`, the token function project's JSON error with
 * Entra's codes; `bare-500`, the original proof of concept's C# function, whose failures are a
 * 500 with no body (it has no try/catch), so the extension's doctor fallback can be exercised.
 */
export type TokenFunctionErrorAnswers = 'json' | 'bare-500';

export class TokenFunctionHost {
  /** The project's own answer by default: the sandbox runs the code users deploy. */
  private errorAnswers: TokenFunctionErrorAnswers = 'json';

  /**
   * False: every endpoint answers without the function key, as a function app whose endpoints
   * are deployed with authorization level Anonymous — the mistake the original blog warns about.
   */
  private keyRequired = true;

  private child?: ChildProcess;
  private ready?: Promise<number>;
  private stderr = '';
  private closed = false;

  constructor(private readonly options: TokenFunctionOptions) {}

  setErrorAnswers(mode: TokenFunctionErrorAnswers): void {
    if (mode !== 'json' && mode !== 'bare-500') throw new RangeError(`unknown error answer mode ${String(mode)}`);
    this.errorAnswers = mode;
  }

  setKeyRequired(required: boolean): void {
    this.keyRequired = required !== false;
  }

  start(): Promise<number> {
    if (this.closed) return Promise.reject(new Error('The sandbox is closed.'));
    if (this.ready) return this.ready;
    const o = this.options;
    const env: NodeJS.ProcessEnv = { ...process.env };
    for (const k of FOREIGN_ENV) delete env[k];
    Object.assign(env, {
      IDENTITY_ENDPOINT: o.identityEndpoint,
      IDENTITY_HEADER: o.identityHeader,
      NODE_EXTRA_CA_CERTS: o.caFile,
      // The token function project's own app settings, as on Azure.
      ENTRA_AUTHORITY_HOST: o.authority,
      MANAGED_IDENTITY_CLIENT_ID: o.managedIdentityClientId,
      MIFED_PUBLIC_URL: o.authority,
      MIFED_FUNCTION_KEY: o.functionKey,
      // In VS Code's extension host process.execPath is Electron: run it as Node.
      ELECTRON_RUN_AS_NODE: '1',
    });
    const child = fork(workerPath(), [], { env, execArgv: [], stdio: ['ignore', 'ignore', 'pipe', 'ipc'] });
    this.child = child;
    child.stderr?.on('data', (d: Buffer) => {
      this.stderr = (this.stderr + d.toString('utf8')).slice(-4000);
    });
    this.ready = new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`The token function did not start within 15 s. ${this.stderr}`)), 15000);
      child.on('message', (m: { ready?: boolean; port?: number }) => {
        if (m?.ready && typeof m.port === 'number') {
          clearTimeout(timer);
          resolve(m.port);
        }
      });
      child.on('error', (e) => {
        clearTimeout(timer);
        reject(e);
      });
      child.on('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`The token function exited (code ${code}). ${this.stderr}`));
        if (this.child === child) {
          this.child = undefined;
          this.ready = undefined;
        }
      });
    });
    this.ready.catch(() => undefined);
    return this.ready;
  }

  async proxy(ctx: Ctx): Promise<void> {
    if (this.closed) return send(ctx.res, 503, '');
    let port: number;
    try {
      port = await this.start();
    } catch {
      return send(ctx.res, 503, '');
    }
    const body = await ctx.body();
    const headers = { ...ctx.req.headers };
    delete headers.host;
    delete headers.connection;
    // Anonymous endpoints: the host lets the request through as if it carried the key.
    if (!this.keyRequired) headers['x-functions-key'] = this.options.functionKey;
    headers['content-length'] = String(body.length);
    await new Promise<void>((resolve) => {
      const upstream = http.request({ host: '127.0.0.1', port, method: ctx.method, path: ctx.req.url, headers, timeout: 60000 }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const out: Record<string, string> = {};
          for (const [k, v] of Object.entries(res.headers)) if (typeof v === 'string' && k !== 'connection' && k !== 'keep-alive') out[k] = v;
          const status = res.statusCode ?? 502;
          if (status >= 500 && this.errorAnswers === 'bare-500') send(ctx.res, status, '');
          else send(ctx.res, status, Buffer.concat(chunks), out);
          resolve();
        });
        res.on('error', () => {
          send(ctx.res, 502, '');
          resolve();
        });
      });
      upstream.on('timeout', () => upstream.destroy(new Error('timeout')));
      upstream.on('error', () => {
        send(ctx.res, 502, '');
        resolve();
      });
      upstream.end(body);
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    const child = this.child;
    if (!child || child.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        resolve();
      }, 3000);
      child.once('exit', () => {
        clearTimeout(timer);
        resolve();
      });
      child.kill('SIGTERM');
    });
  }
}
