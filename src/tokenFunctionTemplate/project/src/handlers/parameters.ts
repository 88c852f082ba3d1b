// The endpoints read their parameters from the query string, as the original proof of concept
// does; a POST may also carry them in a JSON or form body. The query wins when both name one.
import type { HttpRequest } from '@azure/functions';

/** A token request's parameters are a few short strings; a larger body is not read. */
const MAX_BODY_CHARS = 64 * 1024;

export async function readParameters(request: HttpRequest): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const [k, v] of request.query) if (!out.has(k)) out.set(k, v);
  if (request.method !== 'POST') return out;
  const contentType = request.headers.get('content-type') ?? '';
  let body: string;
  try {
    body = await request.text();
  } catch {
    return out;
  }
  if (!body.trim() || body.length > MAX_BODY_CHARS) return out;
  try {
    if (contentType.includes('json')) {
      const parsed: unknown = JSON.parse(body);
      if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) {
        for (const [k, v] of Object.entries(parsed)) if (typeof v === 'string' && !out.has(k)) out.set(k, v);
      }
    } else if (contentType.includes('x-www-form-urlencoded')) {
      for (const [k, v] of new URLSearchParams(body)) if (!out.has(k)) out.set(k, v);
    }
  } catch {
    // A body that is not what its content type says is ignored, like any other unknown body.
  }
  return out;
}

/** A 400 naming what is missing, as plain text (the original's answer). */
export function missingParameters(names: string[]): { status: number; body: string; headers: Record<string, string> } {
  return {
    status: 400,
    body: `Please pass ${names.join(' and ')} on the query string`,
    headers: { 'content-type': 'text/plain; charset=utf-8' },
  };
}
