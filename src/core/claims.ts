// What each claim of an Entra token means, in plain language, and what kind of token it is.
// Pure and browser-safe: the inspector webview imports it too.

import { cloudOfIssuer, parseEntraIssuer, type CloudName } from './clouds';

export type ClaimLocation = 'header' | 'payload';

export interface ClaimTime {
  date: Date;
  /** ISO 8601 (UTC), for copying. */
  iso: string;
  /** In the local time zone and locale of whoever runs this (host or webview). */
  local: string;
  /** "in 42 min", "3 h ago". */
  relative: string;
}

export interface ClaimExplanation {
  name: string;
  location: ClaimLocation;
  value: unknown;
  /** The value as text for a table cell (arrays joined, objects as JSON). */
  display: string;
  /** What the claim means, in a sentence; a generic sentence for claims this file does not know. */
  meaning: string;
  known: boolean;
  /** For iat/nbf/exp and other NumericDate claims. */
  time?: ClaimTime;
}

interface ClaimDoc {
  meaning: string;
  numericDate?: boolean;
  /** Values whose meaning differs (appidacr "2": certificate, ...). */
  values?: Record<string, string>;
}

const HEADER_CLAIMS: Record<string, ClaimDoc> = {
  typ: { meaning: 'Token type; "JWT" for Entra tokens.' },
  alg: { meaning: 'Algorithm that signed the token (RS256 for Entra). "none" means the token is not signed and proves nothing.' },
  kid: { meaning: "Id of the issuer's signing key; it selects the public key in the issuer's JWKS to verify the signature." },
  x5t: { meaning: 'Thumbprint of the signing certificate (older form of kid).' },
  nonce: { meaning: 'A value Entra adds to Graph tokens; such a token can only be verified by Graph itself.' },
};

const PAYLOAD_CLAIMS: Record<string, ClaimDoc> = {
  iss: { meaning: 'Issuer: the authority and tenant that issued the token. A federated credential\'s issuer must equal it exactly.' },
  sub: { meaning: "Subject: who the token is about. For a managed identity, its object id; a federated credential's subject must equal it exactly (case-sensitive)." },
  aud: { meaning: "Audience: the resource the token is for. For the exchange it must match the federated credential's audience (api://AzureADTokenExchange)." },
  oid: { meaning: 'Object id of the caller in this tenant (the service principal or user). For a managed identity it equals sub.' },
  tid: { meaning: 'Tenant id: the directory that issued the token.' },
  appid: { meaning: 'Client id (application id) of the caller, in v1 tokens. For a managed identity this is its client id, not its object id.' },
  azp: { meaning: 'Client id (application id) of the caller, in v2 tokens. For a managed identity this is its client id, not its object id.' },
  appidacr: { meaning: 'How the client authenticated (v1).', values: { '0': 'Public client: no client secret or certificate.', '1': 'Client secret.', '2': 'Certificate or client assertion (federated credential, managed identity).' } },
  azpacr: { meaning: 'How the client authenticated (v2).', values: { '0': 'Public client: no client secret or certificate.', '1': 'Client secret.', '2': 'Certificate or client assertion (federated credential, managed identity).' } },
  roles: { meaning: 'Application permissions (app roles) granted to the caller in the resource.' },
  scp: { meaning: 'Delegated permissions (scopes) the user consented to; present only in tokens that act for a user.' },
  idtyp: { meaning: 'Identity type of the caller: "app" for an application or managed identity, "user" for a person.' },
  xms_mirid: { meaning: 'Azure resource id of the managed identity that obtained this token.' },
  xms_az_rid: { meaning: 'Azure resource id of the resource the managed identity belongs to.' },
  xms_tcdt: { meaning: 'When the tenant was created (Unix time).' },
  ver: { meaning: 'Token version: "1.0" (issuer https://sts.windows.net/{tid}/) or "2.0" (issuer .../{tid}/v2.0). The resource decides which version it receives.' },
  iat: { meaning: 'Issued at: when the token was issued.', numericDate: true },
  nbf: { meaning: 'Not before: the token is not valid before this time.', numericDate: true },
  exp: { meaning: 'Expires: the token is not valid after this time.', numericDate: true },
  auth_time: { meaning: 'When the user last signed in.', numericDate: true },
  uti: { meaning: "Token identifier Entra uses internally; quote it (with the time) when asking Microsoft support about this token." },
  rh: { meaning: 'Internal claim Entra uses to re-validate tokens; opaque, ignore it.' },
  aio: { meaning: 'Internal claim Entra uses to reuse tokens; opaque, ignore it.' },
  name: { meaning: 'Display name of the user.' },
  preferred_username: { meaning: 'Sign-in name of the user (an email-like string); for display only, never for authorization.' },
  upn: { meaning: 'User principal name of the user (v1).' },
  unique_name: { meaning: 'A human-readable name of the user (v1); for display only.' },
  email: { meaning: 'Email address of the user, if known.' },
  amr: { meaning: 'How the user authenticated (pwd, mfa, rsa, ...).' },
  acr: { meaning: 'Authentication context class (v1); "1" is a regular sign-in.' },
  idp: { meaning: 'Identity provider that authenticated the subject, when it differs from the issuer (guests, external identities).' },
  ipaddr: { meaning: 'IP address the user signed in from.' },
  family_name: { meaning: "The user's last name." },
  given_name: { meaning: "The user's first name." },
  groups: { meaning: "Object ids of groups the caller belongs to." },
  wids: { meaning: 'Directory role template ids of the user (e.g. Global Administrator).' },
  sid: { meaning: 'Session id of the user\'s sign-in session.' },
  nonce: { meaning: 'Value from the sign-in request, to prevent replay.' },
  jti: { meaning: 'Unique id of this token, to prevent replay.' },
};

/** Explains every claim of a decoded token: header first, then payload, in token order. */
export function explainClaims(
  token: { header?: Record<string, unknown>; payload: Record<string, unknown> },
  options?: { now?: Date },
): ClaimExplanation[] {
  const now = options?.now ?? new Date();
  const out: ClaimExplanation[] = [];
  for (const [name, value] of Object.entries(token.header ?? {})) out.push(explainClaim(name, value, 'header', now));
  for (const [name, value] of Object.entries(token.payload)) out.push(explainClaim(name, value, 'payload', now));
  return out;
}

export function explainClaim(name: string, value: unknown, location: ClaimLocation = 'payload', now: Date = new Date()): ClaimExplanation {
  const docs = location === 'header' ? HEADER_CLAIMS : PAYLOAD_CLAIMS;
  // Own properties only: a claim named or valued "constructor" or "__proto__" must not reach
  // Object.prototype (whose functions would show their source as the "meaning").
  const doc = ownValue(docs, name);
  const display = displayValue(value);
  let meaning = doc?.meaning ?? (location === 'header' ? 'Header parameter not explained here.' : 'Claim not explained here.');
  const valueMeaning = doc?.values && typeof value === 'string' ? ownValue(doc.values, value) : undefined;
  if (valueMeaning) meaning = `${meaning} ${valueMeaning}`;
  const result: ClaimExplanation = { name, location, value, display, meaning, known: doc !== undefined };
  if (doc?.numericDate && typeof value === 'number' && Number.isFinite(value)) {
    result.time = claimTime(value, now, name);
  }
  return result;
}

function ownValue<T>(table: Record<string, T>, key: string): T | undefined {
  return Object.prototype.hasOwnProperty.call(table, key) ? table[key] : undefined;
}

function claimTime(seconds: number, now: Date, name: string): ClaimTime {
  const date = new Date(seconds * 1000);
  const delta = date.getTime() - now.getTime();
  let relative: string;
  if (name === 'exp') relative = delta > 0 ? `expires in ${formatDuration(delta)}` : `expired ${formatDuration(-delta)} ago`;
  else if (name === 'nbf' && delta > 0) relative = `valid in ${formatDuration(delta)}`;
  else relative = formatRelative(date, now);
  return { date, iso: isoOrInvalid(date), local: Number.isNaN(date.getTime()) ? 'invalid date' : date.toLocaleString(), relative };
}

/** "in 42 min" / "3 h ago" / "just now". */
export function formatRelative(date: Date, now: Date = new Date()): string {
  const delta = date.getTime() - now.getTime();
  if (Math.abs(delta) < 1000) return 'just now';
  return delta > 0 ? `in ${formatDuration(delta)}` : `${formatDuration(-delta)} ago`;
}

/** A positive duration in the largest unit that keeps it readable: "45 s", "42 min", "3 h", "2 d". */
export function formatDuration(ms: number): string {
  const s = Math.floor(Math.abs(ms) / 1000);
  if (s < 60) return `${s} s`;
  const min = Math.floor(s / 60);
  // Minutes up to an hour and a half: "1 h" for 89 minutes would hide too much.
  if (min < 90) return `${min} min`;
  const h = Math.floor(min / 60);
  if (h < 48) return `${h} h`;
  return `${Math.floor(h / 24)} d`;
}

/** "expires in 42 min" / "expired 3 h ago", from a token's exp; undefined when it has none. */
export function describeExpiry(payload: Record<string, unknown>, now: Date = new Date()): string | undefined {
  return typeof payload.exp === 'number' ? claimTime(payload.exp, now, 'exp').relative : undefined;
}

function isoOrInvalid(d: Date): string {
  return Number.isNaN(d.getTime()) ? 'invalid date' : d.toISOString();
}

function displayValue(value: unknown): string {
  if (typeof value === 'string') return value;
  if (Array.isArray(value) && value.every((v) => typeof v === 'string' || typeof v === 'number')) return value.join(', ');
  if (value === undefined) return '';
  return JSON.stringify(value) ?? String(value);
}

// ---- What kind of token ------------------------------------------------------------------------

export type TokenKind = 'managedIdentity' | 'app' | 'user' | 'unknown';

/** One link of the chain view: who the token is for and who holds it. */
export interface TokenSummary {
  kind: TokenKind;
  /** "Managed identity token", "App token", "User token", "Token". */
  label: string;
  issuer?: string;
  cloud?: CloudName;
  version?: string;
  tenantId?: string;
  /** Client id of the caller (azp or appid). */
  appId?: string;
  /** Object id of the caller (oid). */
  objectId?: string;
  subject?: string;
  audience?: string;
  /** For a user token, the best human name; for an MI token, the resource name from xms_mirid. */
  displayName?: string;
  /** Azure resource id of the managed identity (xms_mirid). */
  managedIdentityResourceId?: string;
  issuedAt?: Date;
  expiresAt?: Date;
}

/**
 * Decides what a token is. A managed identity's token carries `xms_mirid`; without it, an app
 * token whose caller is a known managed identity (by object or client id) counts too. A token with
 * `scp` or a user name claim, or `idtyp: user`, acts for a person.
 */
export function summarizeToken(
  payload: Record<string, unknown>,
  options?: { managedIdentities?: ReadonlyArray<{ id: string; appId: string; displayName?: string }>; knownAuthorities?: readonly string[] },
): TokenSummary {
  const issuer = str(payload.iss);
  const oid = str(payload.oid);
  const appId = str(payload.azp) ?? str(payload.appid);
  const mirid = str(payload.xms_mirid);
  const knownMi = options?.managedIdentities?.find(
    (mi) => (oid !== undefined && mi.id.toLowerCase() === oid.toLowerCase()) || (appId !== undefined && mi.appId.toLowerCase() === appId.toLowerCase()),
  );
  const userish = str(payload.idtyp) === 'user' || payload.scp !== undefined || ['upn', 'preferred_username', 'unique_name'].some((c) => payload[c] !== undefined);

  let kind: TokenKind;
  if (mirid !== undefined || (knownMi !== undefined && !userish)) kind = 'managedIdentity';
  else if (userish) kind = 'user';
  else if (str(payload.idtyp) === 'app' || appId !== undefined || payload.roles !== undefined) kind = 'app';
  else kind = 'unknown';

  const aud = Array.isArray(payload.aud) ? str(payload.aud[0]) : str(payload.aud);
  const displayName =
    kind === 'user'
      ? str(payload.name) ?? str(payload.preferred_username) ?? str(payload.upn) ?? str(payload.unique_name)
      : kind === 'managedIdentity'
        ? knownMi?.displayName ?? (mirid ? mirid.split('/').filter(Boolean).pop() : undefined)
        : undefined;
  const summary: TokenSummary = { kind, label: LABELS[kind] };
  assign(summary, 'issuer', issuer);
  assign(summary, 'cloud', issuer ? cloudOfIssuer(issuer, options?.knownAuthorities) : undefined);
  assign(summary, 'version', str(payload.ver) ?? (issuer ? parseEntraIssuer(issuer, options?.knownAuthorities)?.version : undefined));
  assign(summary, 'tenantId', str(payload.tid) ?? (issuer ? parseEntraIssuer(issuer, options?.knownAuthorities)?.tenant : undefined));
  assign(summary, 'appId', appId);
  assign(summary, 'objectId', oid);
  assign(summary, 'subject', str(payload.sub));
  assign(summary, 'audience', aud);
  assign(summary, 'displayName', displayName);
  assign(summary, 'managedIdentityResourceId', mirid);
  assign(summary, 'issuedAt', typeof payload.iat === 'number' ? new Date(payload.iat * 1000) : undefined);
  assign(summary, 'expiresAt', typeof payload.exp === 'number' ? new Date(payload.exp * 1000) : undefined);
  return summary;
}

const LABELS: Record<TokenKind, string> = {
  managedIdentity: 'Managed identity token',
  app: 'App token',
  user: 'User token',
  unknown: 'Token',
};

function assign<K extends keyof TokenSummary>(target: TokenSummary, key: K, value: TokenSummary[K] | undefined): void {
  if (value !== undefined) target[key] = value;
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v.length > 0 ? v : undefined;
}
