// Reads a token function's JSON answer. The casing is not fixed (Azure.Core's AccessToken is
// serialized as `token`/`Token`, MSAL.NET's AuthenticationResult as `accessToken`/`AccessToken`
// depending on the host's serializer settings), so every field is looked up case-insensitively.
import { TokenFunctionError } from '../../core/errors';
import { looksLikeJwt } from '../../core/jwt';
import { redactSecrets } from '../../core/redaction';
import type { AppTokenResult, EndpointKind, InvokeResult, ManagedIdentityTokenResult } from './types';

/** The longest summary of an answer the views show. */
export const MAX_SUMMARY_LENGTH = 4000;

/**
 * `knownSecrets` (the function key the call used) are removed from anything shown, in every
 * encoded form, besides what redaction recognises by name or shape.
 */
export function parseInvokeResult(kind: EndpointKind, text: string, status: number, knownSecrets?: Iterable<string>): InvokeResult {
  const body = parseJsonBody(text, status, knownSecrets);
  switch (kind) {
    case 'managedIdentityToken':
      return managedIdentityResult(body, status);
    case 'appToken':
      return appTokenResult(body, status);
    case 'other': {
      const token = findToken(body);
      return { kind: 'other', ...(token ? { token } : {}), summary: answerSummary(body, knownSecrets) };
    }
  }
}

/** The JSON object of a 2xx answer, or a clear bad-body error for HTML, text or other shapes. */
export function parseJsonBody(text: string, status: number, knownSecrets?: Iterable<string>): Record<string, unknown> {
  const trimmed = text.trim();
  if (!trimmed) throw TokenFunctionError.badBody('the answer is empty', status);
  if (trimmed.startsWith('<')) {
    throw TokenFunctionError.badBody('it answered with an HTML page instead of JSON (a login page, a proxy or the wrong URL?)', status);
  }
  let value: unknown;
  try {
    value = JSON.parse(trimmed);
  } catch {
    // Redacted before it is cut: a cut secret is no longer recognisable as one.
    throw TokenFunctionError.badBody(`the answer is not JSON (it starts with ${JSON.stringify(redactSecrets(trimmed, knownSecrets).slice(0, 30))})`, status);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw TokenFunctionError.badBody('the answer is not a JSON object', status);
  return value as Record<string, unknown>;
}

/**
 * The answer of an endpoint the extension does not know, as readable JSON for the views. A field
 * whose name says it is a secret loses its whole value (whatever its type: an object of keys is
 * as secret as one key); every other string is redacted for what it holds; the token, shown
 * elsewhere, never appears here.
 */
export function answerSummary(body: Record<string, unknown>, knownSecrets?: Iterable<string>): string {
  const known = knownSecrets ? [...knownSecrets] : [];
  const clean = (value: unknown, depth: number): unknown => {
    if (typeof value === 'string') return redactSecrets(value, known);
    if (typeof value !== 'object' || value === null) return value;
    if (depth > 20) return '…';
    if (Array.isArray(value)) return value.map((v) => clean(v, depth + 1));
    const out: Record<string, unknown> = {};
    for (const [key, v] of Object.entries(value)) out[redactSecrets(key, known)] = isSecretName(key) ? '<redacted>' : clean(v, depth + 1);
    return out;
  };
  // The whole text is redacted once more: a secret may sit in a key, or span values.
  const text = redactSecrets(JSON.stringify(clean(body, 0), null, 2), known);
  return text.length > MAX_SUMMARY_LENGTH ? `${text.slice(0, MAX_SUMMARY_LENGTH - 1)}…` : text;
}

// Field names whose value is a credential, compared like field(): no case, no `_` or `-`.
const SECRET_FIELDS = new Set([
  'accesstoken', 'token', 'idtoken', 'refreshtoken', 'clientsecret', 'secret', 'password', 'key', 'functionkey', 'apikey',
  'xfunctionskey', 'authorization', 'assertion', 'clientassertion', 'identityheader', 'xidentityheader', 'msisecret',
  'accountkey', 'connectionstring', 'sig', 'cookie',
]);

function isSecretName(key: string): boolean {
  return SECRET_FIELDS.has(key.toLowerCase().replace(/[-_]/g, ''));
}

function managedIdentityResult(body: Record<string, unknown>, status: number): ManagedIdentityTokenResult {
  const token = field(body, 'token', 'accessToken', 'access_token');
  if (typeof token !== 'string' || !looksLikeJwt(token)) throw missingToken(body, 'token', status);
  const expiresOn = parseDate(field(body, 'expiresOn', 'expires_on'));
  return { kind: 'managedIdentityToken', token, ...(expiresOn ? { expiresOn } : {}) };
}

function appTokenResult(body: Record<string, unknown>, status: number): AppTokenResult {
  const accessToken = field(body, 'accessToken', 'access_token', 'token');
  if (typeof accessToken !== 'string' || !looksLikeJwt(accessToken)) throw missingToken(body, 'accessToken', status);
  const result: AppTokenResult = { kind: 'appToken', accessToken };
  const expiresOn = parseDate(field(body, 'expiresOn', 'expires_on'));
  if (expiresOn) result.expiresOn = expiresOn;
  const tenantId = field(body, 'tenantId');
  if (typeof tenantId === 'string' && tenantId) result.tenantId = tenantId;
  const scopes = field(body, 'scopes');
  if (Array.isArray(scopes)) result.scopes = scopes.filter((s): s is string => typeof s === 'string');
  const tokenType = field(body, 'tokenType', 'token_type');
  if (typeof tokenType === 'string') result.tokenType = tokenType;
  const correlationId = field(body, 'correlationId');
  if (typeof correlationId === 'string') result.correlationId = correlationId;
  return result;
}

/** The first of `names` present in `body`, compared without regard to case or underscores. */
export function field(body: Record<string, unknown>, ...names: string[]): unknown {
  const wanted = names.map(normalizeKey);
  for (const name of wanted) {
    const key = Object.keys(body).find((k) => normalizeKey(k) === name);
    if (key !== undefined) return body[key];
  }
  return undefined;
}

function normalizeKey(k: string): string {
  return k.toLowerCase().replace(/_/g, '');
}

function findToken(body: Record<string, unknown>): string | undefined {
  const named = field(body, 'accessToken', 'token', 'idToken');
  if (typeof named === 'string' && looksLikeJwt(named)) return named;
  const any = Object.values(body).find((v) => typeof v === 'string' && looksLikeJwt(v));
  return typeof any === 'string' ? any : undefined;
}

/** ISO text, DateTimeOffset text, or Unix seconds (as number or text). */
function parseDate(value: unknown): Date | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return new Date(value < 1e11 ? value * 1000 : value);
  if (typeof value !== 'string' || !value) return undefined;
  if (/^\d+$/.test(value)) return parseDate(Number(value));
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? undefined : d;
}

function missingToken(body: Record<string, unknown>, expected: string, status: number): TokenFunctionError {
  const keys = Object.keys(body).slice(0, 8).join(', ') || 'none';
  return TokenFunctionError.badBody(`no ${expected} in the answer (its fields: ${keys})`, status);
}
