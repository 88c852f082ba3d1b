// Building and validating federated identity credentials (FICs): the extension's prediction of
// what Graph accepts, checked before anything is sent. The sandbox tenant enforces Graph's rules
// with its own code; the agreement tests compare the two on hundreds of generated credentials.
//
// Two kinds of problem:
//  - errors: Graph refuses the request (400/409), so nothing may be sent;
//  - warnings: Graph accepts the FIC, but the token exchange will fail (or may fail) later.

import type { FederatedIdentityCredential } from '@microsoft/microsoft-graph-types';
import { CLOUDS, type CloudName, PUBLIC_EXCHANGE_AUDIENCE_GUID, cloudOfExchangeAudience, isOfficialExchangeAudience, parseEntraIssuer } from './clouds';
import {
  AUDIENCES_PER_CREDENTIAL,
  CREDENTIAL_NAME_MAX_LENGTH,
  CREDENTIAL_NAME_MIN_LENGTH,
  MAX_CREDENTIALS_PER_APP,
  MAX_FIELD_LENGTH,
} from './credentialLimits';
import { isGuid, isLowercaseGuid } from './guid';
import { FLEXIBLE_ISSUER_ORIGINS, supportsFlexibleCredentials } from './flexibleCredentials';

export { isGuid, isLowercaseGuid, normalizeGuid, sameGuid } from './guid';
export { isOfficialExchangeAudience, PUBLIC_EXCHANGE_AUDIENCE } from './clouds';

export {
  AUDIENCES_PER_CREDENTIAL,
  CREDENTIAL_NAME_MAX_LENGTH,
  CREDENTIAL_NAME_MIN_LENGTH,
  CREDENTIAL_NAME_PATTERN,
  MAX_CREDENTIALS_PER_APP,
  MAX_FIELD_LENGTH,
} from './credentialLimits';
export {
  type CredentialKind,
  credentialKind,
  defaultDescription,
  managedIdentityCredential,
  managedIdentityIssuer,
  suggestCredentialName,
} from './credentialBuilders';

export type ProblemCode =
  // errors: Graph refuses these
  | 'name-missing'
  | 'name-length'
  | 'name-characters'
  | 'name-taken'
  | 'name-immutable'
  | 'issuer-missing'
  | 'subject-missing'
  | 'subject-and-expression'
  | 'claims-expression-invalid'
  | 'claims-expression-issuer'
  | 'audience-count'
  | 'audience-missing'
  | 'field-too-long'
  | 'issuer-subject-taken'
  | 'too-many-credentials'
  | 'field-type'
  // warnings: Graph accepts these, the exchange will (or may) fail
  | 'whitespace'
  | 'issuer-trailing-slash'
  | 'issuer-v1'
  | 'issuer-not-canonical'
  | 'subject-not-guid'
  | 'subject-not-lowercase'
  | 'subject-is-client-id'
  | 'audience-not-official'
  | 'audience-guid-form'
  | 'audience-scope-suffix'
  | 'audience-other-cloud';

export type CredentialField = 'name' | 'issuer' | 'subject' | 'audiences' | 'description' | 'claimsMatchingExpression';

export interface Problem {
  code: ProblemCode;
  field?: CredentialField;
  severity: 'error' | 'warning';
  message: string;
}

export interface CredentialCandidate {
  name?: string;
  issuer?: string;
  subject?: string | null;
  audiences?: string[];
  description?: string | null;
  claimsMatchingExpression?: unknown;
}

/** A managed identity as the checks need it: object id (the FIC subject) and client id. */
export interface KnownIdentity {
  id: string;
  appId: string;
  displayName?: string;
}

export interface ValidationOptions {
  /** Name of the FIC being updated: it does not collide with itself nor count twice. */
  updating?: string;
  /** Authorities that count as Entra besides the national clouds and loopback (a remote sandbox). */
  knownAuthorities?: readonly string[];
  /** Known managed identities, to spot a client id used where the object id belongs. */
  managedIdentities?: readonly KnownIdentity[];
}

/**
 * Every problem with a FIC about to be created or updated, errors first.
 * `existing` holds the app's current FICs (for uniqueness and the per-app limit); entries with
 * `subject: null` (flexible FICs) are fine.
 */
export function validateFederatedCredential(
  candidate: CredentialCandidate,
  existing: readonly FederatedIdentityCredential[],
  options?: ValidationOptions,
): Problem[] {
  const problems: Problem[] = [];
  // The sandbox passes request bodies as parsed, so every field may have any JSON type.
  candidate = readCandidate(candidate, problems);
  const others = (Array.isArray(existing) ? existing : []).filter(
    (f) => typeof f === 'object' && f !== null && (options?.updating === undefined || !sameName(f.name, options.updating)),
  );

  checkName(candidate.name, others, problems);
  // A credential's name is its alternate key: Graph refuses a PATCH that renames it (a change of
  // case only names the same key, assumed as for the uniqueness check, so it is no rename).
  if (options?.updating !== undefined && candidate.name !== undefined && !sameName(candidate.name, options.updating)) {
    problems.push(error('name-immutable', 'name', `A credential cannot be renamed: it stays "${options.updating}". Create a new credential with the new name and delete this one.`));
  }

  const hasExpression = candidate.claimsMatchingExpression !== undefined && candidate.claimsMatchingExpression !== null;
  if (isBlank(candidate.issuer)) {
    problems.push(error('issuer-missing', 'issuer', 'Issuer is required: enter the URL of the token issuer, e.g. https://login.microsoftonline.com/{tenant id}/v2.0.'));
  }
  if (hasExpression) {
    checkClaimsExpression(candidate.claimsMatchingExpression, problems);
    if (!isBlank(candidate.issuer) && !supportsFlexibleCredentials(candidate.issuer!)) {
      problems.push(error('claims-expression-issuer', 'issuer', `A claims matching expression works only for tokens of GitHub Actions, GitLab.com and Terraform Cloud (${FLEXIBLE_ISSUER_ORIGINS.join(', ')}); this issuer is none of them. Use a subject instead, or one of those issuers.`));
    }
    if (!isBlank(candidate.subject)) {
      problems.push(error('subject-and-expression', 'subject', 'A credential with a claims matching expression must not have a subject; clear the subject or remove the expression.'));
    }
  } else if (isBlank(candidate.subject)) {
    problems.push(error('subject-missing', 'subject', 'Subject is required: enter the value of the token\'s "sub" claim (for a managed identity, its object id).'));
  }

  const audiences = candidate.audiences ?? [];
  if (audiences.length !== AUDIENCES_PER_CREDENTIAL) {
    problems.push(error('audience-count', 'audiences', `A credential must have exactly one audience; it has ${audiences.length}.${audiences.length > 1 ? ' Keep one and remove the others.' : ' Add the exchange audience, e.g. api://AzureADTokenExchange.'}`));
  } else if (isBlank(audiences[0])) {
    problems.push(error('audience-missing', 'audiences', 'Audience is empty: enter the exchange audience, e.g. api://AzureADTokenExchange.'));
  }

  checkLength('issuer', 'Issuer', candidate.issuer, problems);
  checkLength('subject', 'Subject', candidate.subject, problems);
  audiences.forEach((a, i) => checkLength('audiences', audiences.length > 1 ? `Audience ${i + 1}` : 'Audience', a, problems));
  checkLength('description', 'Description', candidate.description, problems);

  if (!isBlank(candidate.issuer) && !isBlank(candidate.subject)) {
    const clash = others.find((f) => f.issuer === candidate.issuer && f.subject === candidate.subject);
    if (clash) {
      problems.push(error('issuer-subject-taken', 'subject', `Credential "${clash.name ?? '?'}" already has this issuer and subject; the pair must be unique within the app. Edit that credential instead, or change the subject.`));
    }
  }
  if (others.length >= MAX_CREDENTIALS_PER_APP) {
    problems.push(error('too-many-credentials', undefined, `An app can hold at most ${MAX_CREDENTIALS_PER_APP} federated credentials and this one has ${others.length}; delete one first.`));
  }

  problems.push(...credentialWarnings(candidate, options));
  return problems;
}

/**
 * The warnings alone: what makes an accepted FIC fail at exchange time. Used for the tree's
 * decorations on FICs already in Graph, where the create-time errors do not apply.
 */
export function credentialWarnings(fic: CredentialCandidate, options?: Pick<ValidationOptions, 'knownAuthorities' | 'managedIdentities'>): Problem[] {
  const problems: Problem[] = [];
  const issuer = typeof fic.issuer === 'string' ? fic.issuer : undefined;
  const subject = typeof fic.subject === 'string' ? fic.subject : undefined;
  const audience = Array.isArray(fic.audiences) && fic.audiences.length === 1 && typeof fic.audiences[0] === 'string' ? fic.audiences[0] : undefined;

  for (const [field, label, value] of [['issuer', 'Issuer', issuer], ['subject', 'Subject', subject], ['audiences', 'Audience', audience]] as const) {
    if (value && value.trim().length > 0 && hasStrayWhitespace(value)) {
      problems.push(warning('whitespace', field, `${label} contains spaces or line breaks (${JSON.stringify(value)}); matching is exact, so remove them.`));
    }
  }

  const entra = issuer ? parseEntraIssuer(issuer.trim(), options?.knownAuthorities) : undefined;
  if (!issuer || !entra) return problems;

  const trimmed = issuer.trim();
  const tenantPart = isGuid(entra.tenant) ? entra.tenant.toLowerCase() : '{tenant id}';
  const fixed = `${entra.authority}/${tenantPart}/v2.0`;
  if (entra.version === '1.0') {
    problems.push(warning('issuer-v1', 'issuer', `Issuer "${trimmed}" is the v1 form; a managed identity's token for the exchange audience carries the v2 issuer. Use ${fixed}.`));
  } else if (trimmed !== fixed) {
    if (trimmed.replace(/\/+$/, '') === fixed) {
      problems.push(warning('issuer-trailing-slash', 'issuer', `Issuer ends with "/"; the token's issuer has no trailing slash and matching is exact. Use ${fixed}.`));
    } else if (entra.tenant && !isGuid(entra.tenant)) {
      problems.push(warning('issuer-not-canonical', 'issuer', `Issuer names the tenant "${entra.tenant}"; tokens name the tenant by its id (a GUID). Use ${fixed}.`));
    } else if (isGuid(entra.tenant) && !isLowercaseGuid(entra.tenant)) {
      problems.push(warning('issuer-not-canonical', 'issuer', `Issuer's tenant id has capital letters; tokens write it in lowercase and matching is exact. Use ${fixed}.`));
    } else {
      problems.push(warning('issuer-not-canonical', 'issuer', `Issuer "${trimmed}" is not the form Entra writes in tokens; use ${fixed}.`));
    }
  }

  if (subject !== undefined && subject.trim().length > 0) {
    const s = subject.trim();
    const asClient = options?.managedIdentities?.find((mi) => mi.appId.toLowerCase() === s.toLowerCase() && mi.id.toLowerCase() !== s.toLowerCase());
    if (asClient) {
      problems.push(warning('subject-is-client-id', 'subject', `Subject is the client id of managed identity "${asClient.displayName ?? asClient.id}"; the token's subject is its object id. Use ${asClient.id.toLowerCase()}.`));
    } else if (!isGuid(s)) {
      problems.push(warning('subject-not-guid', 'subject', `Subject "${s}" is not a GUID; for an Entra issuer the subject is the managed identity's object id (a GUID).`));
    } else if (!isLowercaseGuid(s)) {
      problems.push(warning('subject-not-lowercase', 'subject', `Subject has capital letters; the token carries the object id in lowercase and matching is case-sensitive. Use ${s.toLowerCase()}.`));
    }
  }

  if (audience !== undefined && audience.trim().length > 0) {
    problems.push(...audienceWarnings(audience.trim(), entra.cloud));
  }
  return problems;
}

function audienceWarnings(audience: string, issuerCloud: CloudName): Problem[] {
  const expected = issuerCloud === 'sandbox' ? CLOUDS.public.exchangeAudience : CLOUDS[issuerCloud].exchangeAudience;
  if (audience.toLowerCase() === PUBLIC_EXCHANGE_AUDIENCE_GUID) {
    return [warning('audience-guid-form', 'audiences', `Audience is the GUID form of the exchange audience; store the URI form instead: ${CLOUDS.public.exchangeAudience}.`)];
  }
  if (/\/\.default$/i.test(audience)) {
    return [warning('audience-scope-suffix', 'audiences', `Audience ends with "/.default", which belongs to the scope, not to the audience. Use ${audience.replace(/\/\.default$/i, '')}.`)];
  }
  const audienceCloud = cloudOfExchangeAudience(audience);
  if (audienceCloud !== undefined) {
    if (audienceCloud !== issuerCloud && !(issuerCloud === 'sandbox' && audienceCloud === 'public')) {
      return [warning('audience-other-cloud', 'audiences', `Audience ${audience} belongs to another cloud than the issuer; cross-cloud federation is not supported. Use ${expected}.`)];
    }
    return [];
  }
  if (!isOfficialExchangeAudience(audience)) {
    const nearMiss = audience.toLowerCase() === expected.toLowerCase();
    return [warning('audience-not-official', 'audiences', nearMiss
      ? `Audience "${audience}" differs from ${expected} only in case; use ${expected} exactly.`
      : `Audience "${audience}" is not the official exchange audience (${expected}). A federation app's Application ID URI works (the federation-app pattern), but current docs list only the official audiences; use ${expected} unless you rely on that pattern.`)];
  }
  return [];
}

/** Keeps the fields of the right JSON type; each wrong one is a `field-type` error (Graph: 400). */
function readCandidate(raw: unknown, problems: Problem[]): CredentialCandidate {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    problems.push(error('field-type', undefined, 'The credential must be a JSON object with name, issuer, subject and audiences.'));
    return {};
  }
  const c = raw as Record<string, unknown>;
  const out: CredentialCandidate = {};
  const stringField = (key: 'name' | 'issuer', label: string) => {
    if (typeof c[key] === 'string') out[key] = c[key];
    else if (c[key] !== undefined && c[key] !== null) problems.push(error('field-type', key, `${label} must be a string.`));
  };
  stringField('name', 'Name');
  stringField('issuer', 'Issuer');
  for (const key of ['subject', 'description'] as const) {
    if (typeof c[key] === 'string' || c[key] === null) out[key] = c[key];
    else if (c[key] !== undefined) problems.push(error('field-type', key, `${key === 'subject' ? 'Subject' : 'Description'} must be a string or null.`));
  }
  if (Array.isArray(c.audiences) && c.audiences.every((a) => typeof a === 'string')) out.audiences = c.audiences;
  else if (c.audiences !== undefined && c.audiences !== null) problems.push(error('field-type', 'audiences', 'Audiences must be an array holding one string.'));
  if (c.claimsMatchingExpression !== undefined) out.claimsMatchingExpression = c.claimsMatchingExpression;
  return out;
}

function checkName(name: string | undefined, others: readonly FederatedIdentityCredential[], problems: Problem[]): void {
  if (name === undefined || name.length === 0) {
    problems.push(error('name-missing', 'name', 'Name is required: 3–120 letters, digits, "-" or "_".'));
    return;
  }
  if (name.length < CREDENTIAL_NAME_MIN_LENGTH || name.length > CREDENTIAL_NAME_MAX_LENGTH) {
    problems.push(error('name-length', 'name', `Name must be ${CREDENTIAL_NAME_MIN_LENGTH}–${CREDENTIAL_NAME_MAX_LENGTH} characters; it has ${name.length}.`));
  }
  const bad = firstBadNameCharacter(name);
  if (bad !== undefined) {
    const what = bad.index === 0
      ? `it starts with ${describeChar(bad.char)}`
      : `${describeChar(bad.char)} at position ${bad.index + 1} is not allowed`;
    problems.push(error('name-characters', 'name', `Name may contain only letters, digits, "-" and "_", and must start with a letter or digit; ${what}.`));
  }
  const taken = others.find((f) => sameName(f.name, name));
  if (taken) {
    problems.push(error('name-taken', 'name', `The app already has a credential named "${taken.name ?? name}"; choose another name.`));
  }
}

function firstBadNameCharacter(name: string): { index: number; char: string } | undefined {
  for (let i = 0; i < name.length; i++) {
    const c = name[i];
    const ok = i === 0 ? /[a-zA-Z0-9]/.test(c) : /[a-zA-Z0-9_-]/.test(c);
    if (!ok) return { index: i, char: c };
  }
  return undefined;
}

function describeChar(c: string): string {
  if (c === ' ') return 'a space';
  if (/\s/.test(c)) return 'a whitespace character';
  return `"${c}"`;
}

function checkClaimsExpression(expr: unknown, problems: Problem[]): void {
  const o = expr as { value?: unknown; languageVersion?: unknown };
  const ok = typeof expr === 'object' && expr !== null && typeof o.value === 'string' && o.value.trim().length > 0 && o.languageVersion === 1;
  if (!ok) {
    problems.push(error('claims-expression-invalid', 'claimsMatchingExpression', 'A claims matching expression must be { "value": "<expression>", "languageVersion": 1 } with a non-empty value.'));
  } else if ((o.value as string).length > MAX_FIELD_LENGTH) {
    problems.push(error('field-too-long', 'claimsMatchingExpression', `Claims matching expression must be at most ${MAX_FIELD_LENGTH} characters; it has ${(o.value as string).length}.`));
  }
}

function checkLength(field: CredentialField, label: string, value: string | null | undefined, problems: Problem[]): void {
  if (typeof value === 'string' && value.length > MAX_FIELD_LENGTH) {
    problems.push(error('field-too-long', field, `${label} must be at most ${MAX_FIELD_LENGTH} characters; it has ${value.length}.`));
  }
}

/**
 * FIC names are an alternate key. Graph's comparison is assumed case-insensitive (directory
 * keys usually are; unconfirmed), which refuses a little more than Graph might, never less.
 */
function sameName(a: string | undefined, b: string): boolean {
  return a !== undefined && a.toLowerCase() === b.toLowerCase();
}

function hasStrayWhitespace(s: string): boolean {
  return s !== s.trim() || /[\r\n\t]/.test(s);
}

function isBlank(s: string | null | undefined): boolean {
  return s === undefined || s === null || s.trim().length === 0;
}

function error(code: ProblemCode, field: CredentialField | undefined, message: string): Problem {
  return field === undefined ? { code, severity: 'error', message } : { code, field, severity: 'error', message };
}

function warning(code: ProblemCode, field: CredentialField, message: string): Problem {
  return { code, field, severity: 'warning', message };
}

/** What Graph answers to a refused write: status and `error.code`. */
export interface GraphRefusal {
  status: 400 | 409;
  code: 'Request_BadRequest' | 'InvalidFederatedIdentityCredentialValue' | 'Request_MultipleObjectsWithSameKeyValue';
}

/**
 * Graph checks a write in stages and answers for the first one that fails: property types; the
 * name's value; required values, one audience, lengths; the per-app limit; the name as a key
 * (409); the issuer+subject pair. Listed here from first to last, with Graph's answer.
 */
const REFUSAL_STAGES: [readonly ProblemCode[], GraphRefusal][] = [
  [['field-type', 'name-immutable', 'name-missing'], { status: 400, code: 'Request_BadRequest' }],
  [['name-length', 'name-characters'], { status: 400, code: 'InvalidFederatedIdentityCredentialValue' }],
  [['issuer-missing', 'subject-missing', 'subject-and-expression', 'claims-expression-invalid', 'claims-expression-issuer', 'audience-count', 'audience-missing', 'field-too-long'], { status: 400, code: 'Request_BadRequest' }],
  [['too-many-credentials'], { status: 400, code: 'Request_BadRequest' }],
  [['name-taken'], { status: 409, code: 'Request_MultipleObjectsWithSameKeyValue' }],
  [['issuer-subject-taken'], { status: 400, code: 'InvalidFederatedIdentityCredentialValue' }],
];

/** The answer Graph is predicted to give for these problems; undefined when it accepts the write. */
export function predictedGraphRefusal(problems: readonly Problem[]): GraphRefusal | undefined {
  const errors = new Set(problems.filter((p) => p.severity === 'error').map((p) => p.code));
  for (const [codes, refusal] of REFUSAL_STAGES) if (codes.some((c) => errors.has(c))) return { ...refusal };
  return undefined;
}

export function hasErrors(problems: readonly Problem[]): boolean {
  return problems.some((p) => p.severity === 'error');
}
