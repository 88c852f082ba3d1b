// The token function (the seed's Azure Functions app), run in a child process whose managed-
// identity environment (IDENTITY_ENDPOINT / IDENTITY_HEADER, CA via NODE_EXTRA_CA_CERTS) points
// at the sandbox: @azure/identity and msal-node read it once per process, exactly as on Azure.
// The sandbox proxies /api/* here. Function keys are checked here, as the Functions host does.
import { ManagedIdentityCredential } from '@azure/identity';
import { ConfidentialClientApplication } from '@azure/msal-node';
import * as http from 'node:http';
import { openApiDocument } from './openapi';
import { acquireAppTokenWithManagedIdentity } from './withManagedIdentity';

const authority = process.env.MIFED_AUTHORITY ?? '';
const functionKey = process.env.MIFED_FUNCTION_KEY ?? '';
const managedIdentityClientId = process.env.MIFED_MI_CLIENT_ID || undefined;
const publicUrl = process.env.MIFED_PUBLIC_URL ?? authority;
const DEFAULT_FED_SCOPE = 'api://AzureADTokenExchange/.default';
const DEFAULT_SCOPE = 'https://graph.microsoft.com/.default';

// One credential per process, user-assigned by client id, as the seed does.
const credential = new ManagedIdentityCredential({ clientId: managedIdentityClientId });

type Answer = { status: number; body?: unknown; type?: string };

function params(url: URL, body: string, contentType: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const [k, v] of url.searchParams) if (!out.has(k)) out.set(k, v);
  // POST bodies may carry the same parameters (form or JSON); the query wins, as in the original.
  try {
    if (contentType.includes('json') && body.trim()) {
      const o = JSON.parse(body) as Record<string, unknown>;
      for (const [k, v] of Object.entries(o)) if (typeof v === 'string' && !out.has(k)) out.set(k, v);
    } else if (contentType.includes('x-www-form-urlencoded')) {
      for (const [k, v] of new URLSearchParams(body)) if (!out.has(k)) out.set(k, v);
    }
  } catch {
    // A body that is not what it says is ignored, like the original ignores bodies.
  }
  return out;
}

async function getManagedIdentityToken(p: Map<string, string>): Promise<Answer> {
  const scope = p.get('scope');
  if (!scope) return { status: 400, body: 'Please pass a scope on the query string', type: 'text/plain; charset=utf-8' };
  try {
    const token = await credential.getToken(scope);
    return { status: 200, body: { token: token.token, expiresOn: new Date(token.expiresOnTimestamp).toISOString() } };
  } catch {
    return { status: 500 };
  }
}

async function getAppToken(p: Map<string, string>, withLib: boolean): Promise<Answer> {
  const clientId = p.get('clientId');
  const tenantId = p.get('tenantId');
  if (!clientId || !tenantId) return { status: 400, body: 'Please pass clientId and tenantId on the query string', type: 'text/plain; charset=utf-8' };
  const fedScope = p.get('fedScope') || DEFAULT_FED_SCOPE;
  const scope = p.get('scope') || DEFAULT_SCOPE;
  try {
    // No try/catch in the original: any failure is a bare 500 without the AADSTS text.
    const result = withLib
      ? await acquireAppTokenWithManagedIdentity({ authorityHost: authority, tenantId, clientId, credential, fedScope, scope })
      : await new ConfidentialClientApplication({
          auth: {
            clientId,
            authority: `${authority}/${tenantId}`,
            knownAuthorities: [new URL(authority).host],
            clientAssertion: async () => (await credential.getToken(fedScope)).token,
          },
        }).acquireTokenByClientCredential({ scopes: [scope] });
    if (!result) return { status: 500 };
    // MSAL.NET fills TenantId for client credentials, msal-node leaves it empty: keep the
    // original's shape by taking it from the token.
    return { status: 200, body: { ...result, tenantId: result.tenantId || tokenTenant(result.accessToken) || tenantId } };
  } catch {
    return { status: 500 };
  }
}

function tokenTenant(jwt: string): string | undefined {
  try {
    const payload = JSON.parse(Buffer.from(jwt.split('.')[1] ?? '', 'base64url').toString('utf8')) as { tid?: unknown };
    return typeof payload.tid === 'string' ? payload.tid : undefined;
  } catch {
    return undefined;
  }
}

async function handle(req: http.IncomingMessage, body: string): Promise<Answer> {
  const url = new URL(req.url ?? '/', 'http://function.local');
  const path = url.pathname.replace(/\/+$/, '').toLowerCase();
  if (path === '/api/openapi/v3.json') return { status: 200, body: openApiDocument(publicUrl) };
  if (path === '/api/swagger.json') return { status: 200, body: { ...openApiDocument(publicUrl), openapi: undefined, swagger: '2.0' } };
  if (path === '/api/swagger/ui') {
    return { status: 200, type: 'text/html; charset=utf-8', body: '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Token function</title></head><body><h1>Token function</h1><p>OpenAPI document: <a href="/api/openapi/v3.json">/api/openapi/v3.json</a></p></body></html>' };
  }
  const known = ['/api/getmanagedidentitytoken', '/api/getapptokenusingmanagedidentity', '/api/getapptokenusingmanagedidentitywithlib'];
  if (!known.includes(path)) return { status: 404 };
  if (req.method !== 'GET' && req.method !== 'POST') return { status: 405 };
  const key = url.searchParams.get('code') ?? (req.headers['x-functions-key'] as string | undefined);
  if (!functionKey || key !== functionKey) return { status: 401 };
  const p = params(url, body, String(req.headers['content-type'] ?? ''));
  if (path === known[0]) return getManagedIdentityToken(p);
  return getAppToken(p, path === known[2]);
}

const server = http.createServer((req, res) => {
  const chunks: Buffer[] = [];
  let size = 0;
  req.on('data', (c: Buffer) => {
    size += c.length;
    if (size <= 1024 * 1024) chunks.push(c);
  });
  req.on('end', () => {
    handle(req, Buffer.concat(chunks).toString('utf8'))
      .catch((): Answer => ({ status: 500 }))
      .then((a) => {
        if (a.body === undefined) {
          res.writeHead(a.status, { 'content-length': '0' });
          res.end();
          return;
        }
        const text = typeof a.body === 'string' ? a.body : JSON.stringify(a.body);
        res.writeHead(a.status, { 'content-type': a.type ?? 'application/json; charset=utf-8', 'content-length': String(Buffer.byteLength(text)) });
        res.end(text);
      });
  });
});

server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  process.send?.({ ready: true, port });
});

// The parent's exit closes the IPC channel: leave with it, never outlive the sandbox.
process.on('disconnect', () => process.exit(0));
process.on('SIGTERM', () => process.exit(0));
