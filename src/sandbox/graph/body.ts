// Reading a Graph request body: JSON object required, unknown and read-only properties refused.
import { badRequest, GraphError, type GraphCtx } from './types';

/**
 * Deepest nesting of objects and arrays a body may have: System.Text.Json's default, which
 * Graph's front end refuses beyond too. Without a limit, a 300,000-deep `api` was stored and
 * every later read of the app failed while serializing it.
 */
export const MAX_JSON_DEPTH = 64;

export function jsonBody(ctx: GraphCtx): Record<string, unknown> {
  const raw = ctx.req.body?.toString('utf8') ?? '';
  const type = (ctx.req.headers['content-type'] ?? '').toLowerCase();
  let parsed: unknown;
  try {
    if (raw.trim() === '' || (type && !type.includes('json'))) throw new Error('not json');
    if (jsonDepth(raw) > MAX_JSON_DEPTH) {
      throw badRequest(`Unable to read JSON request payload: the payload is nested more than ${MAX_JSON_DEPTH} levels deep.`, 'BadRequest');
    }
    parsed = JSON.parse(raw);
  } catch (e) {
    if (e instanceof GraphError) throw e;
    throw badRequest('Unable to read JSON request payload. Please ensure Content-Type header is set and payload is of valid JSON format.', 'BadRequest');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw badRequest('Unable to read JSON request payload: the payload must be a JSON object.', 'BadRequest');
  }
  return parsed as Record<string, unknown>;
}

/**
 * The deepest nesting of `{` and `[` in JSON text, outside strings, in one pass and without
 * parsing: JSON.parse of a deep text is itself the cost the limit is there to avoid.
 */
export function jsonDepth(text: string): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++; // a backslash escapes the next character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) {
      inString = true;
    } else if (c === 0x7b || c === 0x5b) {
      if (++depth > max) max = depth;
    } else if (c === 0x7d || c === 0x5d) {
      depth--;
    }
  }
  return max;
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
