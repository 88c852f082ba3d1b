// Bearer-token validation for Graph (signature with the issuing tenant's key, issuer,
// audience, lifetime) and the permission checks: reads need Application.Read.All or better,
// writes need Application.ReadWrite.All; 401/403 in Graph's shape otherwise.
import { seconds } from '../clock';
import type { Tenant } from '../directory';
import { graphAliases, v1Issuer, v2Issuer } from '../entra/tokens';
import { decodeJwt, verifyJwt } from '../jwt';
import type { SandboxState } from '../state';
import { GraphError, type GraphRequest, type Principal } from './types';

const SKEW_S = 300;
const READ = ['Application.Read.All', 'Application.ReadWrite.All', 'Application.ReadWrite.OwnedBy', 'Directory.Read.All', 'Directory.ReadWrite.All'];
const WRITE = ['Application.ReadWrite.All', 'Application.ReadWrite.OwnedBy', 'Directory.ReadWrite.All'];

const invalid = (message: string) =>
  new GraphError(401, 'InvalidAuthenticationToken', message, { 'www-authenticate': 'Bearer realm="", error="invalid_token"' });

export function authenticate(state: SandboxState, req: GraphRequest): { tenant: Tenant; principal: Principal } {
  const auth = req.headers['authorization'] ?? '';
  const m = /^Bearer\s+(\S+)\s*$/i.exec(auth);
  if (!m) throw invalid('Access token is empty.');
  const jwt = decodeJwt(m[1]);
  if (!jwt) throw invalid('CompactToken parsing failed with error code: 80049217');
  const p = jwt.payload;
  const tenant = typeof p.tid === 'string' ? state.dir.tenants.get(p.tid) : undefined;
  if (!tenant || (p.iss !== v2Issuer(state, tenant.id) && p.iss !== v1Issuer(tenant.id))) {
    throw invalid('Access token validation failure. Invalid issuer.');
  }
  if (!verifyJwt(jwt, [tenant.signingKey])) throw invalid('Access token validation failure. Invalid signature.');
  const aud = typeof p.aud === 'string' ? p.aud.replace(/\/+$/, '').toLowerCase() : '';
  if (!graphAliases(state).some((g) => g.toLowerCase() === aud)) throw invalid('Access token validation failure. Invalid audience.');
  const now = seconds(state.clock.now());
  if (typeof p.exp !== 'number' || now >= p.exp + SKEW_S) throw invalid('Lifetime validation failed, the token is expired.');
  if (typeof p.nbf === 'number' && now + SKEW_S < p.nbf) throw invalid('Lifetime validation failed, the token is not yet valid.');
  const isUser = p.idtyp === 'user' || typeof p.scp === 'string';
  const principal: Principal = {
    kind: isUser ? 'user' : 'app',
    clientId: String(p.azp ?? p.appid ?? ''),
    objectId: String(p.oid ?? ''),
    permissions: isUser
      ? String(p.scp ?? '').split(' ').filter(Boolean)
      : Array.isArray(p.roles) ? p.roles.filter((r): r is string => typeof r === 'string') : [],
  };
  return { tenant, principal };
}

/** POST /directoryObjects/getByIds changes nothing: a read, whatever its method. */
export function isWrite(method: string, path = ''): boolean {
  if (method === 'POST' && /^\/directoryObjects\/(microsoft\.graph\.)?getByIds$/i.test(path)) return false;
  return method !== 'GET' && method !== 'HEAD';
}

export function authorize(state: SandboxState, tenant: Tenant, principal: Principal, write: boolean): void {
  const denial = state.settings.graphDenials.get(tenant.id);
  const needed = write ? WRITE : READ;
  const allowed = principal.permissions.some((perm) => needed.includes(perm));
  if (denial === 'read' || (denial === 'write' && write) || !allowed) {
    throw new GraphError(403, 'Authorization_RequestDenied', 'Insufficient privileges to complete the operation.');
  }
}
