// Resolving the tenant path segment of an Entra URL: a GUID, a domain, `common` or `organizations`.
import type { Tenant } from '../directory';
import { CONTOSO_TENANT_ID } from '../ids';
import type { SandboxState } from '../state';
import { EntraError } from './errors';

export type TenantSegment = { kind: 'tenant'; tenant: Tenant } | { kind: 'multi'; name: 'common' | 'organizations'; home: Tenant };

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DNS = /^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/i;

export function resolveTenantSegment(state: SandboxState, segment: string, error = 'invalid_request'): TenantSegment {
  const seg = segment.toLowerCase();
  if (seg === 'common' || seg === 'organizations') {
    return { kind: 'multi', name: seg, home: state.dir.tenants.get(CONTOSO_TENANT_ID)! };
  }
  if (!GUID.test(seg) && !DNS.test(seg)) {
    throw new EntraError(400, error, 900023, `Specified tenant identifier '${segment.slice(0, 100)}' is neither a valid DNS name, nor a valid external domain.`);
  }
  const tenant = state.dir.resolveTenant(seg);
  if (!tenant) {
    throw new EntraError(
      400,
      error,
      90002,
      `Tenant '${segment}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud. Check with your subscription administrator, this may happen if there are no active subscriptions for the tenant.`,
    );
  }
  return { kind: 'tenant', tenant };
}
