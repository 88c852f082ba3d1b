// Entra's OAuth error body: `error`, `error_description` starting `AADSTS<code>:` and ending
// with trace/correlation ids and a timestamp on lines of their own (`\r\n`, as Entra writes
// them), `error_codes`, `timestamp`, `trace_id`, `correlation_id`, `error_uri`. Clients key on
// error_codes, never on the text.
import * as crypto from 'node:crypto';
import type { Ctx } from '../http';
import { header, sendJson } from '../http';
import type { SandboxState } from '../state';

export class EntraError extends Error {
  constructor(
    readonly status: number,
    readonly error: string,
    readonly code: number,
    readonly description: string,
  ) {
    super(`AADSTS${code}: ${description}`);
  }
}

export function entraTimestamp(ms: number): string {
  return new Date(ms).toISOString().replace('T', ' ').replace(/\.\d{3}Z$/, 'Z');
}

export function entraErrorBody(state: SandboxState, e: EntraError, correlationId?: string): Record<string, unknown> {
  const traceId = crypto.randomUUID();
  const corr = correlationId && /^[0-9a-fA-F-]{36}$/.test(correlationId) ? correlationId : crypto.randomUUID();
  const timestamp = entraTimestamp(state.clock.now());
  return {
    error: e.error,
    error_description: `AADSTS${e.code}: ${e.description}\r\nTrace ID: ${traceId}\r\nCorrelation ID: ${corr}\r\nTimestamp: ${timestamp}`,
    error_codes: [e.code],
    timestamp,
    trace_id: traceId,
    correlation_id: corr,
    error_uri: `${state.authority}/error?code=${e.code}`,
  };
}

export function sendEntraError(state: SandboxState, ctx: Ctx, e: EntraError): void {
  sendJson(ctx.res, e.status, entraErrorBody(state, e, header(ctx, 'client-request-id')), { 'cache-control': 'no-store' });
}

export const badRequest = (code: number, description: string, error = 'invalid_request') => new EntraError(400, error, code, description);
export const missingParameter = (name: string) =>
  badRequest(900144, `The request body must contain the following parameter: '${name}'.`);
