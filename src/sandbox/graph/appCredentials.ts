// An application's secrets and certificates as Graph keeps them: `addPassword` (the secret's
// text is in that one answer and never again), `removePassword`, and the `keyCredentials`
// collection that a PATCH replaces whole. Listings show a secret's hint and a certificate's
// thumbprint; a certificate's `key` only comes back to `$select=keyCredentials` on one app.
import * as crypto from 'node:crypto';
import { readAppCertificate } from '../certificates';
import { isoDate } from '../clock';
import type { Application, KeyCredential, PasswordCredential } from '../directory';
import { checkProperties, jsonBody } from './body';
import { badRequest, type GraphCtx, type GraphResponse } from './types';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** addPassword's default lifetime when no endDateTime is given: two years from the start. */
const DEFAULT_SECRET_YEARS = 2;
const KEY_TYPES = ['AsymmetricX509Cert', 'X509CertAndPassword'];
const KEY_USAGES = ['Sign', 'Verify'];
/** Graph keeps at most this many characters of a certificate's displayName (longer ones are cut). */
const KEY_NAME_MAX = 90;
const SECRET_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-.~';

export function passwordCredentialJson(p: PasswordCredential, secretText: string | null = null): Record<string, unknown> {
  return {
    customKeyIdentifier: null, displayName: p.displayName, endDateTime: p.endDateTime, hint: p.hint,
    keyId: p.keyId, secretText, startDateTime: p.startDateTime,
  };
}

export function keyCredentialJson(k: KeyCredential, withKey: boolean): Record<string, unknown> {
  return {
    customKeyIdentifier: k.customKeyIdentifier, displayName: k.displayName, endDateTime: k.endDateTime,
    key: withKey ? k.key : null, keyId: k.keyId, startDateTime: k.startDateTime, type: k.type, usage: k.usage,
  };
}

/**
 * A secret as Entra makes them: 40 characters, the fourth a digit and then `Q~` (the form
 * Entra's secrets have had since 2021), the rest random from the URL-safe alphabet.
 */
export function newSecretText(): string {
  const bytes = crypto.randomBytes(37);
  const pick = (i: number) => SECRET_ALPHABET[bytes[i] % SECRET_ALPHABET.length];
  const head = [0, 1, 2].map(pick).join('');
  const tail = Array.from({ length: 34 }, (_, i) => pick(i + 3)).join('');
  return `${head}${crypto.randomInt(10)}Q~${tail}`;
}

/** The parameters of an action (addPassword, removePassword): unknown names are refused. */
function checkParameters(body: Record<string, unknown>, allowed: string[], action: string): void {
  for (const key of Object.keys(body)) {
    if (!key.startsWith('@odata.') && !allowed.includes(key)) {
      throw badRequest(`The parameter '${key.slice(0, 100)}' in the request payload is not a valid parameter for the operation '${action}'.`, 'BadRequest');
    }
  }
}

function readDate(v: unknown, property: string, resource: string): number | undefined {
  if (v === undefined || v === null) return undefined;
  const ms = typeof v === 'string' && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(v) ? Date.parse(v) : NaN;
  if (!Number.isFinite(ms)) {
    throw badRequest(`Invalid value specified for property '${property}' of resource '${resource}': an ISO 8601 date and time is expected.`, 'Request_BadRequest');
  }
  return ms;
}

function readName(v: unknown, property: string, resource: string): string | null | undefined {
  if (v === undefined || v === null) return v as null | undefined;
  if (typeof v !== 'string') throw badRequest(`Invalid value specified for property '${property}' of resource '${resource}': a string is expected.`, 'Request_BadRequest');
  return v;
}

/** POST /applications/{id}/addPassword → 200 with the new passwordCredential, `secretText` included (this once). */
export function addPassword(ctx: GraphCtx, app: Application): GraphResponse {
  const body = jsonBody(ctx);
  checkParameters(body, ['passwordCredential'], 'addPassword');
  const raw = body.passwordCredential ?? {};
  if (typeof raw !== 'object' || Array.isArray(raw)) {
    throw badRequest("Invalid value specified for parameter 'passwordCredential': an object is expected.", 'BadRequest');
  }
  const p = raw as Record<string, unknown>;
  const resource = 'PasswordCredential';
  checkProperties(p, ['displayName', 'startDateTime', 'endDateTime'], ['keyId', 'hint', 'secretText', 'customKeyIdentifier'], 'passwordCredential');
  const start = readDate(p.startDateTime, 'startDateTime', resource) ?? ctx.state.clock.now();
  const endGiven = readDate(p.endDateTime, 'endDateTime', resource);
  const end = endGiven ?? addYears(start, DEFAULT_SECRET_YEARS);
  if (end <= start) {
    throw badRequest(`Invalid value specified for property 'endDateTime' of resource '${resource}': it must be later than startDateTime.`, 'Request_BadRequest');
  }
  const secret = newSecretText();
  const credential: PasswordCredential = {
    keyId: crypto.randomUUID(), displayName: readName(p.displayName, 'displayName', resource) ?? null, hint: secret.slice(0, 3), secret,
    startDateTime: isoDate(start), endDateTime: isoDate(end),
  };
  app.passwordCredentials.push(credential);
  return {
    status: 200,
    body: { '@odata.context': `${ctx.base}/$metadata#microsoft.graph.passwordCredential`, ...passwordCredentialJson(credential, secret) },
  };
}

function addYears(ms: number, years: number): number {
  const d = new Date(ms);
  d.setUTCFullYear(d.getUTCFullYear() + years);
  return d.getTime();
}

/** POST /applications/{id}/removePassword {keyId} → 204; the secret stops working at once. */
export function removePassword(ctx: GraphCtx, app: Application): GraphResponse {
  const body = jsonBody(ctx);
  checkParameters(body, ['keyId'], 'removePassword');
  const keyId = body.keyId;
  if (keyId === undefined || keyId === null) throw badRequest("The parameter 'keyId' is required for the operation 'removePassword'.", 'BadRequest');
  if (typeof keyId !== 'string' || !GUID.test(keyId)) {
    throw badRequest(`Invalid value specified for parameter 'keyId': '${String(keyId).slice(0, 60)}' is not a GUID.`, 'BadRequest');
  }
  const kept = app.passwordCredentials.filter((p) => p.keyId !== keyId.toLowerCase());
  if (kept.length === app.passwordCredentials.length) {
    throw badRequest(`No password credential with keyId '${keyId}' exists on the application.`, 'Request_BadRequest');
  }
  app.passwordCredentials = kept;
  return { status: 204 };
}

const keyError = (message: string) => badRequest(message, 'Request_BadRequest');

/**
 * The `keyCredentials` of a PATCH: the whole new collection (an empty array removes every
 * certificate). Each entry needs its certificate in `key`, the ones kept included: Graph lists
 * `key` as null, so a client that sends the listing back without reading the keys first is
 * refused rather than left with certificates it cannot describe. A kept entry may not change
 * its certificate (Graph: "Update to existing credential with KeyId … is not allowed").
 */
export function readKeyCredentials(value: unknown, current: readonly KeyCredential[]): KeyCredential[] {
  const resource = 'KeyCredential';
  if (!Array.isArray(value)) throw keyError("Invalid value specified for property 'keyCredentials' of resource 'Application': a collection is expected.");
  const seen = new Set<string>();
  return value.map((entry: unknown) => {
    if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) {
      throw keyError("Invalid value specified for property 'keyCredentials' of resource 'Application': each credential is an object.");
    }
    const k = entry as Record<string, unknown>;
    checkProperties(k, ['customKeyIdentifier', 'displayName', 'endDateTime', 'key', 'keyId', 'startDateTime', 'type', 'usage'], [], 'keyCredential');
    const keyId = k.keyId === undefined || k.keyId === null ? crypto.randomUUID() : k.keyId;
    if (typeof keyId !== 'string' || !GUID.test(keyId)) throw keyError(`Invalid value specified for property 'keyId' of resource '${resource}': a GUID is expected.`);
    const id = keyId.toLowerCase();
    if (seen.has(id)) throw keyError(`Key credentials must have unique keyIds: '${id}' is repeated.`);
    seen.add(id);
    if (typeof k.type !== 'string' || !KEY_TYPES.includes(k.type)) {
      throw keyError(`The value for the property "type" in one of your credentials is invalid. Acceptable values are ${KEY_TYPES.join(', ')}.`);
    }
    if (typeof k.usage !== 'string' || !KEY_USAGES.includes(k.usage)) {
      throw keyError(`The value for the property "usage" in one of your credentials is invalid. Acceptable values are ${KEY_USAGES.join(', ')}.`);
    }
    const existing = current.find((c) => c.keyId === id);
    if (k.key === undefined || k.key === null || k.key === '') {
      throw keyError(existing
        ? `Property 'key' of the key credential '${id}' is required: every credential kept in keyCredentials must carry its certificate (read it with $select=keyCredentials on the application).`
        : `Property 'key' of resource '${resource}' is required.`);
    }
    const cert = typeof k.key === 'string' ? readAppCertificate(k.key) : undefined;
    if (!cert) throw keyError(`Invalid value specified for property 'key' of resource '${resource}': a base64-encoded X.509 certificate is expected.`);
    if (existing && existing.key !== cert.key) throw keyError(`Update to existing credential with KeyId '${id}' is not allowed.`);
    const start = readDate(k.startDateTime, 'startDateTime', resource) ?? cert.notBefore.getTime();
    const end = readDate(k.endDateTime, 'endDateTime', resource) ?? cert.notAfter.getTime();
    if (end <= start) throw keyError(`Invalid value specified for property 'endDateTime' of resource '${resource}': it must be later than startDateTime.`);
    const displayName = readName(k.displayName, 'displayName', resource) ?? cert.subject;
    const customKeyIdentifier = readName(k.customKeyIdentifier, 'customKeyIdentifier', resource) ?? cert.customKeyIdentifier;
    return {
      keyId: id, displayName: displayName.slice(0, KEY_NAME_MAX), customKeyIdentifier, type: k.type, usage: k.usage, key: cert.key,
      startDateTime: isoDate(start), endDateTime: isoDate(end),
    };
  });
}
