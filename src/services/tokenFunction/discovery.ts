// Reads the endpoint list out of the OpenAPI document the Azure Functions OpenAPI extension
// serves (v3 at /api/openapi/v3.json, Swagger 2 at /api/swagger.json). Pure: the client fetches.
import { endpointKind, type EndpointInfo, type EndpointParameter } from './types';

/** The query parameter that carries the function key: never shown as an endpoint parameter. */
const KEY_PARAMETER = 'code';
const METHODS = ['get', 'post'] as const;

/** Endpoints of an OpenAPI v3 or Swagger 2 document; undefined when it is neither. */
export function endpointsFromOpenApi(doc: unknown): { endpoints: EndpointInfo[]; version: 'openapi-v3' | 'swagger-2' } | undefined {
  if (!isRecord(doc) || !isRecord(doc.paths)) return undefined;
  const version = typeof doc.openapi === 'string' ? 'openapi-v3' : typeof doc.swagger === 'string' ? 'swagger-2' : undefined;
  if (!version) return undefined;
  const prefix = version === 'openapi-v3' ? serverPathPrefix(doc.servers) : basePath(doc.basePath);
  const endpoints: EndpointInfo[] = [];
  for (const [rawPath, item] of Object.entries(doc.paths)) {
    if (!isRecord(item)) continue;
    const operations = METHODS.filter((m) => isRecord(item[m])).map((m) => ({ method: m.toUpperCase() as 'GET' | 'POST', op: item[m] as Record<string, unknown> }));
    if (operations.length === 0) continue;
    const first = operations[0].op;
    const name = str(first.operationId) ?? rawPath.split('/').filter(Boolean).pop() ?? rawPath;
    const shared = Array.isArray(item.parameters) ? item.parameters : [];
    const own = Array.isArray(first.parameters) ? first.parameters : [];
    const description = str(first.description) ?? str(first.summary);
    endpoints.push({
      name,
      path: joinPath(prefix, rawPath),
      methods: operations.map((o) => o.method),
      kind: endpointKind(name),
      ...(description ? { description } : {}),
      parameters: readParameters([...shared, ...own]),
    });
  }
  return { endpoints, version };
}

function readParameters(list: unknown[]): EndpointParameter[] {
  const byName = new Map<string, EndpointParameter>();
  for (const p of list) {
    if (!isRecord(p) || typeof p.name !== 'string' || p.name === KEY_PARAMETER) continue;
    const where = p.in === 'header' || p.in === 'path' ? p.in : p.in === 'query' ? 'query' : undefined;
    if (!where) continue; // body/formData/cookie parameters are not what the token endpoints use
    const description = str(p.description)?.replace(/\*\*/g, '');
    byName.set(p.name, { name: p.name, in: where, required: p.required === true, ...(description ? { description } : {}) });
  }
  return [...byName.values()];
}

/** The path of the first server URL (`https://host/api` → `/api`); the host itself is ignored
 * because documents often name the host they were generated on (localhost:7071). */
function serverPathPrefix(servers: unknown): string {
  const first = Array.isArray(servers) ? servers.find(isRecord) : undefined;
  const url = str(first?.url);
  if (!url) return '/api';
  try {
    return new URL(url, 'https://placeholder.invalid').pathname.replace(/\/+$/, '');
  } catch {
    return '/api';
  }
}

function basePath(value: unknown): string {
  const s = str(value);
  return s === undefined ? '/api' : s.replace(/\/+$/, '');
}

function joinPath(prefix: string, path: string): string {
  const p = path.startsWith('/') ? path : `/${path}`;
  if (prefix && p.toLowerCase().startsWith(`${prefix.toLowerCase()}/`)) return p;
  return `${prefix}${p}`;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v.length > 0 ? v : undefined;
}
