// Typed errors for everything that can go wrong talking to Entra, Graph and the token function,
// and one sentence for a person about each. Parsers key on codes (`error_codes`, `error.code`),
// never on message text, which Microsoft says can change.

import type { Problem } from './credentials';

/**
 * Base class, so the command wrapper can tell expected failures from bugs. Each subclass names
 * itself literally: minified bundles rename classes.
 */
export abstract class MiFederationError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

export class NotSignedInError extends MiFederationError {
  override readonly name = 'NotSignedInError';
  constructor(message = 'You are not signed in. Sign in to continue.') {
    super(message);
  }
}

/** The user cancelled: silent everywhere (no error message, "Canceled" telemetry). */
export class CancelledError extends MiFederationError {
  override readonly name = 'CancelledError';
  constructor(message = 'Cancelled.') {
    super(message);
  }
}

export class ValidationError extends MiFederationError {
  override readonly name = 'ValidationError';
  constructor(
    readonly problems: readonly Problem[],
    message?: string,
  ) {
    super(message ?? validationMessage(problems));
  }
}

function validationMessage(problems: readonly Problem[]): string {
  const errors = problems.filter((p) => p.severity === 'error');
  const list = errors.length > 0 ? errors : problems;
  if (list.length === 0) return 'The input is not valid.';
  return list.length === 1 ? list[0].message : `${list[0].message} (and ${list.length - 1} more problem${list.length > 2 ? 's' : ''})`;
}

// ---- Graph --------------------------------------------------------------------------------------

export class GraphError extends MiFederationError {
  override readonly name = 'GraphError';
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly requestId?: string,
    readonly details?: { clientRequestId?: string; date?: string; retryAfterSeconds?: number; innerError?: Record<string, unknown> },
  ) {
    super(message);
  }

  /**
   * From Graph's error body `{"error":{"code","message","innerError":{"request-id",...}}}`
   * (a string or already parsed). A body of another shape (HTML from a proxy, nothing at all)
   * still gives a GraphError with the status, so callers never have to handle two types.
   */
  static fromResponse(status: number, body: unknown, headers?: HeaderSource): GraphError {
    const parsed = parseJsonLoose(body);
    const err = isRecord(parsed) && isRecord(parsed.error) ? parsed.error : undefined;
    const inner = err && isRecord(err.innerError) ? err.innerError : err && isRecord(err.innererror) ? err.innererror : undefined;
    const code = typeof err?.code === 'string' && err.code ? err.code : `HTTP${status}`;
    const message = typeof err?.message === 'string' && err.message ? err.message : defaultGraphMessage(status, body);
    const requestId = str(inner?.['request-id']) ?? header(headers, 'request-id');
    const clientRequestId = str(inner?.['client-request-id']) ?? header(headers, 'client-request-id');
    const retryAfter = Number(header(headers, 'retry-after'));
    const details = {
      ...(clientRequestId ? { clientRequestId } : {}),
      ...(str(inner?.date) ? { date: str(inner?.date) } : {}),
      ...(Number.isFinite(retryAfter) && header(headers, 'retry-after') !== undefined ? { retryAfterSeconds: retryAfter } : {}),
      ...(inner ? { innerError: inner } : {}),
    };
    return new GraphError(status, code, message, requestId, details);
  }
}

function defaultGraphMessage(status: number, body: unknown): string {
  const text = typeof body === 'string' ? body.trim() : '';
  const looksHtml = /^<(!doctype|html)/i.test(text);
  const reason = HTTP_REASONS[status] ?? 'Error';
  return looksHtml || text.length === 0 ? `HTTP ${status} ${reason}` : `HTTP ${status} ${reason}: ${text.slice(0, 200)}`;
}

const HTTP_REASONS: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

// ---- Token endpoint -----------------------------------------------------------------------------

/** An error answer of Entra's token endpoint (`/oauth2/v2.0/token`, `/devicecode`). */
export class TokenError extends MiFederationError {
  override readonly name = 'TokenError';
  constructor(
    /** OAuth error: `invalid_client`, `invalid_request`, `authorization_pending`, ... */
    readonly error: string,
    /** AADSTS numbers, e.g. [700213]; the first one is the one that matters. */
    readonly errorCodes: readonly number[],
    readonly description: string,
    readonly ids: { traceId?: string; correlationId?: string; timestamp?: string; errorUri?: string } = {},
    readonly status?: number,
  ) {
    super(description || error);
  }

  /** The first AADSTS code, if any. */
  get code(): number | undefined {
    return this.errorCodes[0];
  }

  /**
   * From Entra's body `{"error","error_description":"AADSTS700211: ...","error_codes":[700211],
   * "trace_id","correlation_id","timestamp","error_uri"}` (string or parsed). Codes come from
   * `error_codes`; only when that is missing are they read from the description's AADSTS prefix.
   * Undefined when the body is not an OAuth error at all.
   */
  static fromResponseBody(body: unknown, status?: number): TokenError | undefined {
    const parsed = parseJsonLoose(body);
    if (!isRecord(parsed) || typeof parsed.error !== 'string') return undefined;
    const description = str(parsed.error_description) ?? '';
    let codes = Array.isArray(parsed.error_codes) ? parsed.error_codes.map(Number).filter((n) => Number.isInteger(n)) : [];
    if (codes.length === 0) {
      codes = [...description.matchAll(/AADSTS(\d+)/g)].map((m) => Number(m[1]));
    }
    const ids = {
      ...(str(parsed.trace_id) ? { traceId: str(parsed.trace_id) } : {}),
      ...(str(parsed.correlation_id) ? { correlationId: str(parsed.correlation_id) } : {}),
      ...(str(parsed.timestamp) ? { timestamp: str(parsed.timestamp) } : {}),
      ...(str(parsed.error_uri) ? { errorUri: str(parsed.error_uri) } : {}),
    };
    return new TokenError(parsed.error, codes, description, ids, status);
  }
}

// ---- Token function -----------------------------------------------------------------------------

export type TokenFunctionErrorKind =
  | 'unauthorized' // 401: missing or wrong function key
  | 'not-found' // 404: wrong URL or endpoint name
  | 'busy' // 429 or 503 after the retries: throttled, or an instance starting
  | 'server-error-no-body' // 500 with no body: the original token function hides the AADSTS reason
  | 'server-error'
  | 'bad-body' // HTML or garbage where JSON was expected
  | 'network'
  | 'timeout';

export class TokenFunctionError extends MiFederationError {
  override readonly name = 'TokenFunctionError';
  constructor(
    readonly kind: TokenFunctionErrorKind,
    message: string,
    readonly status?: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }

  /** Classifies a non-2xx answer of the token function. */
  static fromResponse(status: number, body: string, endpoint?: string): TokenFunctionError {
    const where = endpoint ? ` (${endpoint})` : '';
    if (status === 401 || status === 403) {
      return new TokenFunctionError('unauthorized', `The token function refused the function key${where}: it is missing or wrong. Edit the key and try again.`, status);
    }
    if (status === 404) return new TokenFunctionError('not-found', `The token function has no such endpoint${where}. Check the base URL.`, status);
    if (status === 429 || status === 503) {
      return new TokenFunctionError('busy', `The token function is ${status === 429 ? 'throttling requests' : 'unavailable'} (HTTP ${status})${where} and still was after a few tries; try again in a minute.`, status);
    }
    if (status >= 500 && body.trim().length === 0) {
      return new TokenFunctionError('server-error-no-body', `The token function failed with HTTP ${status} and no details${where}; it hides the reason (often an AADSTS error). Run the federation doctor on the managed identity's token to see why.`, status);
    }
    if (status >= 500) return new TokenFunctionError('server-error', `The token function failed with HTTP ${status}${where}.`, status);
    return new TokenFunctionError('bad-body', `The token function answered HTTP ${status}${where} with something that is not a token.`, status);
  }

  /** Kind `'bad-body'` only: the type is that of the TokenFunctionErrorKind union. */
  static badBody(detail: string, status?: number): TokenFunctionError {
    return new TokenFunctionError('bad-body', `The token function's answer is not what was expected: ${detail}.`, status);
  }
}

// ---- One sentence for a person ----------------------------------------------------------------

/** One clear, user-facing sentence for any error (never a stack, never a token). */
export function describeError(e: unknown): string {
  if (e instanceof ValidationError || e instanceof NotSignedInError || e instanceof CancelledError || e instanceof TokenFunctionError) {
    return sentence(e.message);
  }
  if (e instanceof GraphError) return describeGraphError(e);
  if (e instanceof TokenError) {
    const code = e.code !== undefined ? `AADSTS${e.code}` : e.error;
    const first = firstSentence(e.description.replace(/^AADSTS\d+:\s*/, '')) || e.error;
    return sentence(`Sign-in failed (${code}): ${first}`);
  }
  if (isRecord(e) && typeof e.name === 'string' && e.name === 'AbortError') return 'Cancelled.';
  if (e instanceof Error) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && NETWORK_CODES[code]) return NETWORK_CODES[code];
    return sentence(firstSentence(e.message) || e.name);
  }
  if (typeof e === 'string' && e.trim()) return sentence(firstSentence(e));
  return 'Something went wrong.';
}

function describeGraphError(e: GraphError): string {
  const hint =
    e.status === 401
      ? 'Microsoft Graph did not accept the sign-in; sign in again.'
      : e.status === 403
        ? 'Microsoft Graph refused: your account lacks the permission (writes need Application.ReadWrite.All and a role such as Application Administrator, or ownership of the app).'
        : e.status === 429
          ? `Microsoft Graph is throttling requests; try again${e.details?.retryAfterSeconds !== undefined ? ` in ${e.details.retryAfterSeconds} s` : ' shortly'}.`
          : e.status === 0 && NETWORK_CODES[e.code]
            ? `Could not reach Microsoft Graph: ${NETWORK_CODES[e.code].charAt(0).toLowerCase()}${NETWORK_CODES[e.code].slice(1)}`
            : undefined;
  const base = hint ?? sentence(`Microsoft Graph: ${firstSentence(e.message)}`);
  return e.requestId ? `${base} (request id ${e.requestId})` : base;
}

const NETWORK_CODES: Record<string, string> = {
  ECONNREFUSED: 'The server refused the connection; is it running?',
  ECONNRESET: 'The connection was reset; try again.',
  ENOTFOUND: 'The host name could not be resolved; check the URL and your network.',
  ETIMEDOUT: 'The connection timed out; check your network and try again.',
  EAI_AGAIN: 'The host name could not be resolved right now; check your network.',
  CERT_HAS_EXPIRED: "The server's certificate has expired.",
  DEPTH_ZERO_SELF_SIGNED_CERT: "The server's certificate is self-signed and not trusted.",
  SELF_SIGNED_CERT_IN_CHAIN: "The server's certificate chain is not trusted.",
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: "The server's certificate could not be verified.",
};

/**
 * True for a user cancellation in any of its disguises. By name too: a CancelledError thrown by
 * code from another bundle (a test's scripted UserInput) is not an instance of this one's class.
 */
export function isCancellation(e: unknown): boolean {
  return e instanceof CancelledError || (isRecord(e) && (e.name === 'AbortError' || e.name === 'CancelledError'));
}

// ---- helpers ------------------------------------------------------------------------------------

/** Header lookup across fetch Headers, Node's header objects and plain records. */
export type HeaderSource = { get(name: string): string | null } | Record<string, string | string[] | undefined>;

function header(headers: HeaderSource | undefined, name: string): string | undefined {
  if (!headers) return undefined;
  if (typeof (headers as { get?: unknown }).get === 'function') {
    return (headers as { get(name: string): string | null }).get(name) ?? undefined;
  }
  const record = headers as Record<string, string | string[] | undefined>;
  const key = Object.keys(record).find((k) => k.toLowerCase() === name);
  const v = key === undefined ? undefined : record[key];
  return Array.isArray(v) ? v[0] : v;
}

function parseJsonLoose(body: unknown): unknown {
  if (typeof body !== 'string') return body;
  try {
    return JSON.parse(body);
  } catch {
    return undefined;
  }
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v.length > 0 ? v : undefined;
}

function firstSentence(s: string): string {
  const line = s.trim().split(/\r?\n/)[0] ?? '';
  const m = /^(.+?[.!?])(\s|$)/.exec(line);
  return (m ? m[1] : line).trim();
}

function sentence(s: string): string {
  const t = s.trim();
  return t.length === 0 || /[.!?)]$/.test(t) ? t : `${t}.`;
}
