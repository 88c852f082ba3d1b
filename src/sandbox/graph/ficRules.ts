// Graph's rules for a federatedIdentityCredential, written from Microsoft's documentation of
// the resource and the answers Graph is observed to give (shared/ENTRA-FACTS.md, "FIC rules"
// and "More answers Graph gives"). This is the sandbox's own code on purpose: the extension
// predicts the same rules in its own core module, and the agreement tests compare the two,
// which only proves something while neither imports the other.
//
// Graph checks a request in stages; the first stage that fails decides the answer:
//  1. the shape of each property (type)                      → 400 Request_BadRequest
//  2. the name's value (3–120, letters/digits/-/_)            → 400 InvalidFederatedIdentityCredentialValue
//  3. required values, one audience, lengths ≤ 600, expression
//     (and its issuer: GitHub, GitLab or Terraform Cloud)       → 400 Request_BadRequest
//  4. the app: at most 20 credentials                          → 400 Request_BadRequest
//  5. the name is an alternate key (case-insensitive)          → 409 Request_MultipleObjectsWithSameKeyValue
//  6. issuer + subject unique in the app (exact)               → 400 InvalidFederatedIdentityCredentialValue
// Graph accepts an issuer, subject or audience that will never match a token: those only fail
// at the token endpoint, so nothing here looks at what the values mean.
import type { FederatedCredential } from '../directory';
import { GraphError } from './types';

const RESOURCE = 'FederatedIdentityCredential';
export const FIC_LIMIT_PER_APP = 20;
const FIELD_MAX = 600;
const NAME = /^[A-Za-z0-9][A-Za-z0-9_-]{2,119}$/;

/** What a credential holds once written (the sandbox's directory keeps these). */
export type FicValues = Pick<FederatedCredential, 'name' | 'issuer' | 'subject' | 'audiences' | 'description' | 'claimsMatchingExpression'>;

/** The credential's other values in the app, for the uniqueness rules and the limit. */
export type Sibling = Pick<FicValues, 'name' | 'issuer' | 'subject'>;

const badRequest = (message: string) => new GraphError(400, 'Request_BadRequest', message);
const invalidValue = (message: string) => new GraphError(400, 'InvalidFederatedIdentityCredentialValue', message);

/**
 * Reads the writable properties of a request body over `base` (PATCH merges; POST has none),
 * checking each property's JSON type. Unknown properties are refused earlier, by the caller.
 */
export function readFicBody(body: Record<string, unknown>, base: FicValues | undefined): Partial<FicValues> {
  const out: Partial<FicValues> = base ? { ...base, audiences: [...base.audiences] } : {};
  const text = (key: 'name' | 'issuer', v: unknown) => {
    if (v === undefined) return;
    if (v === null) delete out[key];
    else if (typeof v === 'string') out[key] = v;
    else throw badRequest(`Invalid value specified for property '${key}' of resource '${RESOURCE}': a string is expected.`);
  };
  text('name', body.name);
  text('issuer', body.issuer);
  for (const key of ['subject', 'description'] as const) {
    const v = body[key];
    if (v === undefined) continue;
    if (v !== null && typeof v !== 'string') throw badRequest(`Invalid value specified for property '${key}' of resource '${RESOURCE}': a string or null is expected.`);
    out[key] = v;
  }
  const audiences = body.audiences;
  if (audiences === null) out.audiences = [];
  else if (audiences !== undefined) {
    if (!Array.isArray(audiences) || !audiences.every((a) => typeof a === 'string')) {
      throw badRequest(`Invalid value specified for property 'audiences' of resource '${RESOURCE}': a collection of strings is expected.`);
    }
    out.audiences = [...audiences];
  }
  if (body.claimsMatchingExpression !== undefined) {
    const e = body.claimsMatchingExpression;
    if (e === null) out.claimsMatchingExpression = null;
    else if (typeof e === 'object' && !Array.isArray(e)) {
      // Only the two declared sub-properties are kept; anything else is an unknown property.
      const { value, languageVersion, ...rest } = e as Record<string, unknown>;
      const extra = Object.keys(rest).find((k) => !k.startsWith('@odata.'));
      if (extra !== undefined) {
        throw new GraphError(400, 'BadRequest', `Property '${extra.slice(0, 100)}' does not exist as a declared property or extension property on type 'microsoft.graph.federatedIdentityExpression'.`);
      }
      out.claimsMatchingExpression = { value: value as string, languageVersion: languageVersion as number };
    } else throw badRequest(`Invalid value specified for property 'claimsMatchingExpression' of resource '${RESOURCE}'.`);
  }
  return out;
}

/**
 * The issuers Microsoft documents flexible credentials for: GitHub Actions (also GitHub
 * Enterprise's `…/{enterprise}` form), GitLab.com and Terraform Cloud. Credentials seeded
 * before the rule (the sandbox's "Contoso Misconfigured") may still hold others.
 */
export const FLEXIBLE_ISSUERS = ['https://token.actions.githubusercontent.com', 'https://gitlab.com', 'https://app.terraform.io'];

export function supportsFlexibleCredentials(issuer: string): boolean {
  return FLEXIBLE_ISSUERS.some((i) => issuer === i || (i.includes('githubusercontent') && issuer.startsWith(`${i}/`)));
}

const blank = (s: string | null | undefined) => s === undefined || s === null || s.trim() === '';

/** Stages 2 and 3: the values themselves. Returns the complete credential when they are right. */
function checkValues(c: Partial<FicValues>): FicValues {
  if (c.name === undefined || c.name === '') throw badRequest(`Property 'name' of resource '${RESOURCE}' is required.`);
  if (!NAME.test(c.name)) {
    throw invalidValue(`The federated identity credential name '${c.name.slice(0, 130)}' is not a valid URI last segment: use 3 to 120 letters, digits, '-' or '_', starting with a letter or digit.`);
  }
  if (blank(c.issuer)) throw badRequest(`Property 'issuer' of resource '${RESOURCE}' is required.`);
  const e = c.claimsMatchingExpression ?? null;
  if (e !== null) {
    if (typeof e.value !== 'string' || e.value.trim() === '' || e.languageVersion !== 1) {
      throw badRequest("Invalid value specified for property 'claimsMatchingExpression': it needs a non-empty 'value' and 'languageVersion' 1.");
    }
    if (!blank(c.subject)) throw badRequest("A federated identity credential with 'claimsMatchingExpression' cannot also have a 'subject'.");
    if (!supportsFlexibleCredentials(c.issuer!)) {
      throw badRequest(`Flexible federated identity credentials (claimsMatchingExpression) are supported only for tokens issued by GitHub, GitLab and Terraform Cloud, not for the issuer '${c.issuer!.slice(0, 200)}'.`);
    }
  } else if (blank(c.subject)) {
    throw badRequest(`Property 'subject' of resource '${RESOURCE}' is required.`);
  }
  const audiences = c.audiences ?? [];
  if (audiences.length !== 1) throw badRequest('Federated identity credential must have exactly one audience.');
  if (blank(audiences[0])) throw badRequest(`Invalid value specified for property 'audiences' of resource '${RESOURCE}': the audience is empty.`);
  const long: [string, string | null | undefined][] = [
    ['issuer', c.issuer], ['subject', c.subject], ['audiences', audiences[0]], ['description', c.description],
    ['claimsMatchingExpression', e?.value],
  ];
  for (const [field, value] of long) {
    if (typeof value === 'string' && value.length > FIELD_MAX) {
      throw badRequest(`Invalid value specified for property '${field}' of resource '${RESOURCE}': at most ${FIELD_MAX} characters are allowed.`);
    }
  }
  return {
    name: c.name, issuer: c.issuer!, subject: c.subject ?? null, audiences, description: c.description ?? null, claimsMatchingExpression: e,
  };
}

/**
 * Graph's verdict on a credential about to be written: the complete values, or the GraphError
 * Graph answers. `siblings` are the app's other credentials (without the one being updated).
 */
export function checkFic(candidate: Partial<FicValues>, siblings: readonly Sibling[]): FicValues {
  const fic = checkValues(candidate);
  if (siblings.length >= FIC_LIMIT_PER_APP) {
    throw badRequest(`FederatedIdentityCredential limit exceeded: an application can have at most ${FIC_LIMIT_PER_APP} federated identity credentials.`);
  }
  if (siblings.some((s) => s.name.toLowerCase() === fic.name.toLowerCase())) {
    throw new GraphError(409, 'Request_MultipleObjectsWithSameKeyValue', `FederatedIdentityCredential with name ${fic.name} already exists.`);
  }
  // A flexible credential has no subject (null or empty): it takes part in no pair.
  if (!blank(fic.subject) && siblings.some((s) => s.issuer === fic.issuer && s.subject === fic.subject)) {
    throw invalidValue('The combination of issuer and subject must be unique. A federated identity credential with the same issuer and subject already exists on this application.');
  }
  return fic;
}

/**
 * PATCH may not rename: the name is the credential's alternate key. The key compares without
 * regard to case (as directory keys do; unconfirmed for this one), so a name that differs only
 * in case names the same credential and is no rename; the stored name stays as it was.
 */
export function checkNameUnchanged(body: Record<string, unknown>, current: string): void {
  const same = typeof body.name === 'string' && body.name.toLowerCase() === current.toLowerCase();
  if (body.name !== undefined && !same) {
    throw badRequest(`Property 'name' is immutable and cannot be changed: the credential is named '${current}'.`);
  }
}
