// Checking a client assertion the way Entra does for workload identity federation. This is the
// sandbox's own reading of Entra's documented behaviour, written apart from the extension's
// federation doctor so that agreement tests can set one against the other.
//
// Order of the checks:
//   the app has no federated credential at all ........................ 70025
//   an issuer Entra cannot fetch keys for ............................. 700211 / 50166
//   signature against the issuing tenant's keys ........................ 700027
//   time window, with a 300 s clock-skew allowance ..................... 700024
//   the assertion was itself bought with a federated credential ........ 700231
//   an Entra issuer other than the app's home tenant ................... 700236
//   credentials in force (fieldsInForce): none yet ..................... 70021
//     issuer exact ..................................................... 700211
//     subject exact and case-sensitive ......... 7002138 (case only) / 7002137 / 700213
//     audience (URI and app-id forms are the same resource) ............ 700212
import { seconds } from '../clock';
import { fieldsInForce, type Application, type MatchFields, type Tenant } from '../directory';
import { EXCHANGE_AUDIENCE, EXCHANGE_AUDIENCE_APP_ID } from '../ids';
import { decodeJwt, verifyJwt, type JwtPayload } from '../jwt';
import type { SandboxState } from '../state';
import { EntraError, entraTimestamp } from './errors';
import { FIC_INFO_CLAIM, v1Issuer, v2Issuer } from './tokens';

/** Entra's allowance for clocks that disagree, on both ends of the window (unconfirmed value). */
export const CLOCK_SKEW_S = 300;

const DOCS = 'https://learn.microsoft.com/entra/workload-id/workload-identity-federation';
const CHECK = `Please check your federated identity credential Subject, Audience and Issuer against the presented assertion. ${DOCS}`;

const invalidClient = (code: number, description: string) => new EntraError(401, 'invalid_client', code, description);

/** The sandbox tenant that issued this `iss`, in v2 or v1 form; undefined for other issuers. */
function issuingTenant(state: SandboxState, iss: string): Tenant | undefined {
  for (const t of state.dir.tenants.values()) {
    if (iss === v2Issuer(state, t.id) || iss === v1Issuer(t.id)) return t;
  }
  return undefined;
}

/**
 * A FIC audience and a token `aud` name the same resource: equal, or one is the client id of
 * the app the other names by URI (the exchange app fb60f99c-… for api://AzureADTokenExchange; a
 * federation app's appId for its api://{appId}). URIs compare exactly, GUIDs in any case.
 */
function audienceMatches(state: SandboxState, ficAudience: string, assertionAud: string): boolean {
  if (ficAudience === assertionAud) return true;
  const a = resourceOf(state, ficAudience);
  return a !== undefined && a === resourceOf(state, assertionAud);
}

/** The app id a resource name stands for: itself when a GUID, the app holding the URI otherwise. */
function resourceOf(state: SandboxState, name: string): string | undefined {
  const lower = name.toLowerCase();
  if (name === EXCHANGE_AUDIENCE || lower === EXCHANGE_AUDIENCE_APP_ID) return EXCHANGE_AUDIENCE_APP_ID;
  if (/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(lower)) return lower;
  const app = state.dir.findResourceApplication(name);
  return app?.identifierUris.includes(name) ? app.appId : undefined;
}

interface Claims {
  iss: string;
  sub: string;
  auds: string[];
  payload: JwtPayload;
}

function readClaims(assertion: string): { claims: Claims; jwt: NonNullable<ReturnType<typeof decodeJwt>> } {
  const jwt = decodeJwt(assertion);
  if (!jwt) throw new EntraError(400, 'invalid_request', 50027, 'JWT token is invalid or malformed.');
  const p = jwt.payload;
  const iss = typeof p.iss === 'string' ? p.iss : '';
  const sub = typeof p.sub === 'string' ? p.sub : '';
  const auds = (Array.isArray(p.aud) ? p.aud : [p.aud]).filter((a): a is string => typeof a === 'string');
  if (!iss || !sub || auds.length === 0) {
    throw new EntraError(400, 'invalid_request', 50027, 'JWT token is invalid or malformed: iss, sub and aud are required.');
  }
  return { claims: { iss, sub, auds, payload: p }, jwt };
}

export function checkClientAssertion(state: SandboxState, app: Application, assertion: string): void {
  const { claims, jwt } = readClaims(assertion);
  const { iss, payload: p } = claims;
  const now = state.clock.now();
  if (app.federatedIdentityCredentials.length === 0) {
    throw invalidClient(70025, `The client '${app.appId}'(${app.displayName}) has no configured federated identity credentials.`);
  }
  // Entra matches against what has propagated: a new credential is absent, an edited one is
  // still its previous version.
  const inForce = app.federatedIdentityCredentials.map((f) => fieldsInForce(f, now)).filter((f): f is MatchFields => f !== null);

  // Signature: an issuer Entra cannot fetch keys for fails before its FICs are compared.
  const issuer = issuingTenant(state, iss);
  if (!issuer) {
    if (!inForce.some((f) => f.issuer === iss)) throw noIssuerMatch(iss, inForce.length === 0, claims);
    throw invalidClient(50166, `Request to External OIDC endpoint failed. The sandbox cannot fetch signing keys for issuer '${iss}'.`);
  }
  if (!verifyJwt(jwt, [issuer.signingKey])) {
    throw invalidClient(700027, 'Client assertion failed signature validation.');
  }
  checkTimeWindow(seconds(now), p);
  if (p[FIC_INFO_CLAIM] !== undefined) {
    throw invalidClient(700231, 'The presented assertion was itself obtained through a federated identity credential. A token issued through a federated identity credential flow cannot be used as the client assertion of another one.');
  }
  if (issuer.id !== app.homeTenantId) {
    throw invalidClient(700236, `Entra ID tokens issued by issuer '${iss}' may not be used for federated identity credential flows for applications or managed identities registered in this tenant.`);
  }
  matchCredential(state, inForce, claims);
}

function checkTimeWindow(now: number, p: JwtPayload): void {
  const nbf = typeof p.nbf === 'number' ? p.nbf : typeof p.iat === 'number' ? p.iat : now;
  const exp = typeof p.exp === 'number' ? p.exp : 0;
  // Valid while nbf - skew <= now < exp + skew.
  if (now + CLOCK_SKEW_S < nbf || now - CLOCK_SKEW_S >= exp) {
    throw invalidClient(
      700024,
      `Client assertion is not within its valid time range. Current time: ${isoSeconds(now)}, assertion valid from ${isoSeconds(nbf)}, expiry time of assertion ${isoSeconds(exp)}. Review the documentation at https://learn.microsoft.com/entra/identity-platform/certificate-credentials .`,
    );
  }
}

function matchCredential(state: SandboxState, inForce: MatchFields[], c: Claims): void {
  const byIssuer = inForce.filter((f) => f.issuer === c.iss);
  if (byIssuer.length === 0) throw noIssuerMatch(c.iss, inForce.length === 0, c);
  const audOk = (f: MatchFields) => f.audiences.some((a) => c.auds.some((x) => audienceMatches(state, a, x)));
  const bySubject = byIssuer.filter((f) => f.subject === c.sub);
  if (bySubject.length === 0) {
    if (byIssuer.some((f) => f.subject !== null && f.subject.toLowerCase() === c.sub.toLowerCase())) {
      throw invalidClient(
        7002138,
        `No matching federated identity record found for presented assertion subject '${c.sub}'. The subject matches a federated identity credential only when case is ignored; subjects are compared case-sensitively. ${CHECK}`,
      );
    }
    // Issuer and audience agree with a credential: Entra names the subject it expected.
    const expected = byIssuer.find((f) => f.subject !== null && audOk(f));
    if (expected) {
      throw invalidClient(
        7002137,
        `No matching federated identity record found for presented assertion subject '${c.sub}'. The federated identity credential with matching issuer and audience expects subject '${expected.subject}'. ${CHECK}`,
      );
    }
    throw invalidClient(700213, `No matching federated identity record found for presented assertion subject '${c.sub}'. ${CHECK}`);
  }
  if (!bySubject.some(audOk)) {
    throw invalidClient(700212, `No matching federated identity record found for presented assertion audience '${c.auds.join(', ')}'. ${CHECK}`);
  }
}

/** 700211, or the generic 70021 while every credential of the app is still propagating. */
function noIssuerMatch(iss: string, nothingInForce: boolean, c: Claims): EntraError {
  if (nothingInForce) {
    return invalidClient(
      70021,
      `No matching federated identity record found for presented assertion. Assertion Issuer: '${iss}'. Assertion Subject: '${c.sub}'. Assertion Audience: '${c.auds.join(', ')}'. ${DOCS}`,
    );
  }
  return invalidClient(700211, `No matching federated identity record found for presented assertion issuer '${iss}'. ${CHECK}`);
}

function isoSeconds(s: number): string {
  return Number.isFinite(s) && Math.abs(s) < 1e11 ? entraTimestamp(s * 1000) : String(s);
}
