// Checking a client assertion the way Entra does for workload identity federation: the
// assertion's signature against its issuer's keys (700027), its time window (700024), then the
// app's FICs: issuer exact (700211), subject exact and case-sensitive (700213 / 7002138),
// audience (700212); a FIC still propagating answers 70021.
import { seconds } from '../clock';
import { fieldsInForce, type Application, type FederatedCredential, type Tenant } from '../directory';
import { EXCHANGE_AUDIENCE, EXCHANGE_AUDIENCE_APP_ID } from '../ids';
import { decodeJwt, verifyJwt } from '../jwt';
import type { SandboxState } from '../state';
import { EntraError, entraTimestamp } from './errors';
import { v1Issuer, v2Issuer } from './tokens';

const CLOCK_SKEW_S = 300;

const invalidClient = (code: number, description: string) => new EntraError(401, 'invalid_client', code, description);

/** The sandbox tenant that issued this `iss`, in v2 or v1 form; undefined for other issuers. */
function issuingTenant(state: SandboxState, iss: string): Tenant | undefined {
  for (const t of state.dir.tenants.values()) {
    if (iss === v2Issuer(state, t.id) || iss === v1Issuer(t.id)) return t;
  }
  return undefined;
}

/** Audience values that name the same resource as a FIC audience (URI and app-id forms). */
function audienceMatches(state: SandboxState, ficAudience: string, assertionAud: string): boolean {
  if (ficAudience === assertionAud) return true;
  if (ficAudience === EXCHANGE_AUDIENCE && assertionAud.toLowerCase() === EXCHANGE_AUDIENCE_APP_ID) return true;
  const app = state.dir.findResourceApplication(ficAudience);
  return app !== undefined && app.appId === assertionAud.toLowerCase() && app.identifierUris.includes(ficAudience);
}

export function checkClientAssertion(state: SandboxState, app: Application, assertion: string): void {
  const jwt = decodeJwt(assertion);
  if (!jwt) throw new EntraError(400, 'invalid_request', 50027, 'JWT token is invalid or malformed.');
  const p = jwt.payload;
  const iss = typeof p.iss === 'string' ? p.iss : '';
  const sub = typeof p.sub === 'string' ? p.sub : '';
  const auds = (Array.isArray(p.aud) ? p.aud : [p.aud]).filter((a): a is string => typeof a === 'string');
  if (!iss || !sub || auds.length === 0) {
    throw new EntraError(400, 'invalid_request', 50027, 'JWT token is invalid or malformed: iss, sub and aud are required.');
  }
  const fics = app.federatedIdentityCredentials;

  // Signature: an issuer Entra cannot fetch keys for fails before any FIC is consulted.
  const issuer = issuingTenant(state, iss);
  if (!issuer) {
    if (!fics.some((f) => f.issuer === iss)) throw noIssuerMatch(iss);
    throw invalidClient(50166, `Request to External OIDC endpoint failed. The sandbox cannot fetch signing keys for issuer '${iss}'.`);
  }
  if (!verifyJwt(jwt, [issuer.signingKey])) {
    throw invalidClient(700027, 'Client assertion failed signature validation.');
  }

  // Time window.
  const now = seconds(state.clock.now());
  const nbf = typeof p.nbf === 'number' ? p.nbf : typeof p.iat === 'number' ? p.iat : now;
  const exp = typeof p.exp === 'number' ? p.exp : 0;
  if (now + CLOCK_SKEW_S < nbf || now - CLOCK_SKEW_S >= exp) {
    throw invalidClient(
      700024,
      `Client assertion is not within its valid time range. Current time: ${isoSeconds(now)}, assertion valid from ${isoSeconds(nbf)}, expiry time of assertion ${isoSeconds(exp)}. Review the documentation at https://learn.microsoft.com/entra/identity-platform/certificate-credentials .`,
    );
  }

  // FIC matching: issuer, then subject, then audience.
  const byIssuer = fics.filter((f) => f.issuer === iss);
  if (byIssuer.length === 0) throw noIssuerMatch(iss);
  const bySubject = byIssuer.filter((f) => f.subject === sub);
  if (bySubject.length === 0) {
    if (byIssuer.some((f) => f.subject !== null && f.subject.toLowerCase() === sub.toLowerCase())) {
      throw invalidClient(
        7002138,
        `No matching federated identity record found for presented assertion subject '${sub}'. The subject matches a federated identity credential only when case is ignored; subjects are compared case-sensitively. Please check your federated identity credential Subject, Audience and Issuer against the presented assertion. https://learn.microsoft.com/entra/workload-id/workload-identity-federation`,
      );
    }
    throw invalidClient(
      700213,
      `No matching federated identity record found for presented assertion subject '${sub}'. Please check your federated identity credential Subject, Audience and Issuer against the presented assertion. https://learn.microsoft.com/entra/workload-id/workload-identity-federation`,
    );
  }
  const matching = bySubject.filter((f) => f.audiences.some((a) => auds.some((x) => audienceMatches(state, a, x))));
  if (matching.length === 0) {
    throw invalidClient(
      700212,
      `No matching federated identity record found for presented assertion audience '${auds.join(', ')}'. Please check your federated identity credential Subject, Audience and Issuer against the presented assertion. https://learn.microsoft.com/entra/workload-id/workload-identity-federation`,
    );
  }
  if (!matching.some((f) => propagated(state, f))) {
    throw invalidClient(
      70021,
      `No matching federated identity record found for presented assertion. Assertion Issuer: '${iss}'. Assertion Subject: '${sub}'. Assertion Audience: '${auds.join(', ')}'. https://learn.microsoft.com/entra/workload-id/workload-identity-federation`,
    );
  }
}

function propagated(state: SandboxState, f: FederatedCredential): boolean {
  return fieldsInForce(f, state.clock.now()) === f;
}

function noIssuerMatch(iss: string): EntraError {
  return invalidClient(
    700211,
    `No matching federated identity record found for presented assertion issuer '${iss}'. Please check your federated identity credential Subject, Audience and Issuer against the presented assertion. https://learn.microsoft.com/entra/workload-id/workload-identity-federation`,
  );
}

function isoSeconds(s: number): string {
  return Number.isFinite(s) && Math.abs(s) < 1e11 ? entraTimestamp(s * 1000) : String(s);
}
