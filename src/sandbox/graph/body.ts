// Reading a Graph request body: JSON object required, unknown and read-only properties refused.
import { badRequest, type GraphCtx } from './types';

export function jsonBody(ctx: GraphCtx): Record<string, unknown> {
  const raw = ctx.req.body?.toString('utf8') ?? '';
  const type = (ctx.req.headers['content-type'] ?? '').toLowerCase();
  let parsed: unknown;
  try {
    if (raw.trim() === '' || (type && !type.includes('json'))) throw new Error('not json');
    parsed = JSON.parse(raw);
  } catch {
    throw badRequest('Unable to read JSON request payload. Please ensure Content-Type header is set and payload is of valid JSON format.', 'BadRequest');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw badRequest('Unable to read JSON request payload: the payload must be a JSON object.', 'BadRequest');
  }
  return parsed as Record<string, unknown>;
}

/** Refuses properties that are not writable; `@odata.*` annotations are ignored. */
export function checkProperties(body: Record<string, unknown>, writable: string[], readOnly: string[], typeName: string): void {
  for (const key of Object.keys(body)) {
    if (key.startsWith('@odata.')) continue;
    if (readOnly.includes(key)) throw badRequest(`Property '${key}' is read-only and cannot be set.`, 'Request_BadRequest');
    if (!writable.includes(key)) {
      throw badRequest(`Property '${key}' does not exist as a declared property or extension property on type 'microsoft.graph.${typeName}'.`, 'BadRequest');
    }
  }
}

export const invalidValue = (property: string, resource: string, detail = '') =>
  badRequest(`Invalid value specified for property '${property}' of resource '${resource}'.${detail ? ` ${detail}` : ''}`, 'Request_BadRequest');

export function optionalString(body: Record<string, unknown>, key: string, resource: string, max: number, nullable = true): string | null | undefined {
  const v = body[key];
  if (v === undefined) return undefined;
  if (v === null && nullable) return null;
  if (typeof v !== 'string' || v.length > max) throw invalidValue(key, resource);
  return v;
}

export function optionalStringArray(body: Record<string, unknown>, key: string, resource: string): string[] | undefined {
  const v = body[key];
  if (v === undefined) return undefined;
  if (!Array.isArray(v) || !v.every((x) => typeof x === 'string')) throw invalidValue(key, resource);
  return v as string[];
}
