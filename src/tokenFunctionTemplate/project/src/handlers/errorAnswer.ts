// A failed token request answers JSON in the shape of Entra's own error body (`error`,
// `error_description`, `error_codes`, ...), so a caller sees the AADSTS code that says why —
// where the original proof of concept answered a bare 500. The answer is still behind the
// function key, and it never carries a token: descriptions are Entra's or the SDKs' text with
// anything token-shaped removed.
import type { HttpResponseInit } from '@azure/functions';
import { DeadlineError } from './deadline';
import { ManagedIdentityTokenError } from './managedIdentity';

/** The fields of Entra's token-endpoint error, plus which step of the function failed. */
export interface TokenErrorBody {
  error: string;
  error_description: string;
  error_codes?: number[];
  timestamp?: string;
  trace_id?: string;
  correlation_id?: string;
  /** `managedIdentity`: the identity gave no token; `exchange`: Entra refused the app token. */
  stage: 'managedIdentity' | 'exchange';
}

/** Status of every failed token request, as in the original; the body says the rest. */
export const FAILED_STATUS = 500;

/** Status of a request that ran out of time: the gateway's, so callers may try again. */
export const TIMED_OUT_STATUS = 504;

export function errorAnswer(e: unknown): HttpResponseInit {
  return { status: e instanceof DeadlineError ? TIMED_OUT_STATUS : FAILED_STATUS, jsonBody: errorBody(e) };
}

/** The error's code and description, for the log (the answer holds no secret). */
export function describeAnswer(answer: HttpResponseInit): string {
  const body = answer.jsonBody as Partial<TokenErrorBody> | undefined;
  return `${body?.error ?? 'error'}: ${body?.error_description ?? ''}`;
}

export function errorBody(e: unknown): TokenErrorBody {
  if (e instanceof DeadlineError) {
    return { error: 'temporarily_unavailable', error_description: `${e.message}; try again.`, stage: /managed identity/i.test(e.what) ? 'managedIdentity' : 'exchange' };
  }
  const managedIdentity = findInChain(e, (x): x is ManagedIdentityTokenError => x instanceof ManagedIdentityTokenError || (x as Error)?.name === 'ManagedIdentityTokenError');
  if (managedIdentity) {
    const inner = findEntraFields(managedIdentity.cause);
    const reason = inner?.error_description || clean(messageOf(managedIdentity.cause));
    const description = `The managed identity gave no token for ${managedIdentity.scope}: ${reason}`;
    return {
      error: inner?.error || 'managed_identity_unavailable',
      error_description: description,
      ...(inner?.error_codes ? { error_codes: inner.error_codes } : codes(undefined, description)),
      stage: 'managedIdentity',
    };
  }
  const entra = findEntraFields(e);
  if (entra) return { ...entra, error: entra.error || 'token_request_failed', stage: 'exchange' };
  return { error: 'token_request_failed', error_description: clean(messageOf(e)), stage: 'exchange' };
}

type EntraFields = Omit<TokenErrorBody, 'stage'>;

/** Entra's answer wherever the SDKs keep it (@azure/identity wraps MSAL's error as its cause). */
function findEntraFields(e: unknown): EntraFields | undefined {
  for (let x = e, depth = 0; typeof x === 'object' && x !== null && depth < 5; x = (x as { cause?: unknown }).cause, depth++) {
    const found = entraFields(x as Record<string, unknown>);
    if (found) return found;
  }
  // ManagedIdentityCredential keeps only MSAL's text, which still holds Entra's description
  // (but not its error name: left empty for the caller to fill).
  const text = messageOf(e);
  const parsed = msalMessage(text);
  return parsed.description && /AADSTS\d+/.test(parsed.description) ? { error: '', error_description: clean(parsed.description), ...codes(undefined, parsed.description) } : undefined;
}

/**
 * msal-node's ServerError (`errorCode`, `errorMessage`, the first code as `errorNo`) or
 * @azure/identity's AuthenticationError (`errorResponse`).
 */
function entraFields(x: Record<string, unknown>): EntraFields | undefined {
  const response = x.errorResponse as Record<string, unknown> | undefined;
  if (response && typeof response.error === 'string' && response.error) {
    const description = clean(msalMessage(str(response.errorDescription) ?? '').description);
    return withIds(
      { error: response.error, error_description: description, ...codes(response.errorCodes, description) },
      { timestamp: str(response.timestamp), trace_id: str(response.traceId), correlation_id: str(response.correlationId) },
    );
  }
  if (typeof x.errorCode === 'string' && (x.name === 'ServerError' || typeof x.errorNo === 'string')) {
    const parsed = msalMessage(str(x.errorMessage) ?? '');
    const description = clean(parsed.description);
    const first = Number(x.errorNo);
    return withIds(
      { error: x.errorCode, error_description: description, ...codes(Number.isInteger(first) && first > 0 ? [first] : undefined, description) },
      { timestamp: parsed.timestamp, trace_id: parsed.traceId, correlation_id: parsed.correlationId ?? str(x.correlationId) },
    );
  }
  return undefined;
}

/**
 * msal-node folds Entra's body into one line: `Error(s): 700212 - Timestamp: … - Description:
 * AADSTS700212: … - Correlation ID: … - Trace ID: …`. Entra's own description is the middle part.
 */
function msalMessage(text: string): { description: string; timestamp?: string; traceId?: string; correlationId?: string } {
  const m = /Description:\s*([\s\S]*?)(?:\s+-\s+Correlation ID:\s*([0-9a-f-]+))?(?:\s+-\s+Trace ID:\s*([0-9a-f-]+))?\s*$/i.exec(text);
  if (!m) return { description: text };
  const timestamp = /Timestamp:\s*(\d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ)/.exec(text)?.[1];
  return { description: m[1], ...(timestamp ? { timestamp } : {}), ...(m[3] ? { traceId: m[3] } : {}), ...(m[2] ? { correlationId: m[2] } : {}) };
}

function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

function codes(list: unknown, description: string): { error_codes?: number[] } {
  let found = Array.isArray(list) ? list.map(Number).filter((n) => Number.isInteger(n)) : [];
  // Entra always sends error_codes; an SDK that dropped them still has them in the description.
  if (found.length === 0) found = [...description.matchAll(/AADSTS(\d+)/g)].map((m) => Number(m[1]));
  return found.length > 0 ? { error_codes: [...new Set(found)] } : {};
}

function withIds(body: EntraFields, ids: Record<string, string | undefined>): EntraFields {
  const out: EntraFields = { ...body };
  for (const [k, v] of Object.entries(ids)) if (v) (out as unknown as Record<string, string>)[k] = v;
  return out;
}

function findInChain<T>(e: unknown, test: (x: unknown) => x is T): T | undefined {
  for (let x = e, depth = 0; x !== undefined && x !== null && depth < 5; x = (x as { cause?: unknown }).cause, depth++) {
    if (test(x)) return x;
  }
  return undefined;
}

const JWT = /\beyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*/g;

/** One line of text with no token in it (an SDK message may quote a request it sent). */
function clean(text: string): string {
  return text.replace(JWT, '[token removed]').replace(/\s+/g, ' ').trim().slice(0, 2000);
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v ? v : undefined;
}
