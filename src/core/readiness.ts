// Is an app ready to be used in a tenant? Pure verdicts from what Graph said about the tenant
// (the app's service principal there, its app role assignments) and about the app itself (its
// sign-in audience, where its federated credentials' issuers live). The token endpoint refuses a
// tenant with no service principal (AADSTS700016, or 7000229 in the home tenant), a single-tenant
// app outside its home, and an assertion issued in another tenant or cloud (700236).
import { parseEntraIssuer, type Cloud } from './clouds';

/** An application permission the app holds in a tenant, by resource and role name. */
export interface HeldRole {
  /** The resource's display name, e.g. "Microsoft Graph". */
  resource: string;
  /** The role's value, e.g. "Application.Read.All"; the role id when the resource does not name it. */
  role: string;
}

/** What Graph answered about the app's service principal in one tenant. */
export type ServicePrincipalLookup =
  | { kind: 'found'; id: string; accountEnabled: boolean; roles: HeldRole[] }
  | { kind: 'absent' }
  /** The tenant could not be read: Graph's status, code and message (e.g. 403 naming the permission). */
  | { kind: 'unreadable'; status: number; code: string; message: string };

export interface ReadinessApp {
  appId: string;
  signInAudience?: string | null;
  /** Issuers of the app's federated credentials. */
  credentialIssuers: readonly string[];
}

export interface ReadinessInput {
  app: ReadinessApp;
  /** The app registration's own tenant (where its credentials live). */
  homeTenantId: string;
  tenantId: string;
  cloud: Pick<Cloud, 'authority' | 'graph' | 'name'>;
  lookup: ServicePrincipalLookup;
  /** Extra authorities that count as Entra (a sandbox). */
  knownAuthorities?: readonly string[];
}

export type CheckId = 'multiTenant' | 'servicePrincipal' | 'enabled' | 'permissions' | 'credentialTenant' | 'cloud';

export interface ReadinessCheck {
  id: CheckId;
  /** 'info' reports without deciding (no permissions held is not a failure of federation). */
  outcome: 'pass' | 'fail' | 'info';
  text: string;
}

export type Verdict = 'ready' | 'notProvisioned' | 'disabled' | 'singleTenant' | 'credentialElsewhere' | 'otherCloud' | 'unreadable';

export interface TenantReadiness {
  tenantId: string;
  verdict: Verdict;
  /** One line: "ready", "not provisioned", … with the reason. */
  summary: string;
  checks: ReadinessCheck[];
  roles: HeldRole[];
  /** For a tenant where the app is not provisioned (and can be): where an admin consents. */
  consentUrl?: string;
}

const multiTenantAudiences = new Set(['AzureADMultipleOrgs', 'AzureADandPersonalMicrosoftAccount']);

export function isMultiTenantAudience(audience: string | null | undefined): boolean {
  return multiTenantAudiences.has(audience ?? '');
}

/**
 * Entra's v2 admin-consent URL for the app in a tenant and cloud. `.default` of the resource
 * asks for every permission the app declares on it, which is what provisioning for a workload needs.
 */
export function adminConsentUrl(cloud: Pick<Cloud, 'authority' | 'graph'>, tenantId: string, appId: string, resource: string = cloud.graph): string {
  const scope = `${resource.replace(/\/+$/, '')}/.default`;
  return `${cloud.authority}/${encodeURIComponent(tenantId)}/v2.0/adminconsent?client_id=${encodeURIComponent(appId)}&scope=${encodeURIComponent(scope)}`;
}

/** "Microsoft Graph: Application.Read.All". */
export function roleLabel(role: HeldRole): string {
  return `${role.resource}: ${role.role}`;
}

export function assessReadiness(input: ReadinessInput): TenantReadiness {
  const { app, lookup, tenantId, cloud } = input;
  const home = sameId(tenantId, input.homeTenantId);
  const checks: ReadinessCheck[] = [];
  const multi = isMultiTenantAudience(app.signInAudience);
  checks.push(
    home
      ? { id: 'multiTenant', outcome: 'pass', text: 'Home tenant of the app registration' }
      : multi
        ? { id: 'multiTenant', outcome: 'pass', text: `Multi-tenant (${app.signInAudience})` }
        : { id: 'multiTenant', outcome: 'fail', text: `Single-tenant (${app.signInAudience ?? 'unknown audience'}): it cannot be used outside its home tenant` },
  );

  checks.push(...credentialChecks(input));
  const roles = lookup.kind === 'found' ? [...lookup.roles].sort((a, b) => roleLabel(a).localeCompare(roleLabel(b))) : [];

  if (lookup.kind === 'unreadable') {
    // Graph's 403 does not say which permission was missing: the extension does.
    const text = lookup.status === 403
      ? `Cannot read service principals here (403 ${lookup.code}): it needs Application.Read.All or Directory.Read.All in this tenant`
      : `Cannot read this tenant: ${lookup.message}`;
    checks.push({ id: 'servicePrincipal', outcome: 'info', text });
    return { tenantId, verdict: 'unreadable', summary: `cannot read the tenant (${lookup.status === 403 ? 'permission denied' : lookup.code})`, checks, roles };
  }
  if (lookup.kind === 'absent') {
    checks.push({
      id: 'servicePrincipal',
      outcome: 'fail',
      text: home
        ? 'No service principal in its home tenant (the token endpoint answers AADSTS7000229)'
        : 'No service principal here: the app is not provisioned (the token endpoint answers AADSTS700016)',
    });
  } else {
    checks.push({ id: 'servicePrincipal', outcome: 'pass', text: 'Service principal present' });
    checks.push(
      lookup.accountEnabled
        ? { id: 'enabled', outcome: 'pass', text: 'Service principal enabled' }
        : { id: 'enabled', outcome: 'fail', text: 'Service principal disabled (accountEnabled is false): sign-ins are refused' },
    );
    checks.push({
      id: 'permissions',
      outcome: 'info',
      text: roles.length ? `Application permissions: ${roles.map(roleLabel).join(', ')}` : 'No application permissions granted here',
    });
  }

  const failed = (id: CheckId) => checks.some((c) => c.id === id && c.outcome === 'fail');
  const canConsent = !home && multi;
  let verdict: Verdict;
  let summary: string;
  if (failed('multiTenant')) {
    verdict = 'singleTenant';
    summary = 'not usable: the app is single-tenant';
  } else if (failed('cloud')) {
    verdict = 'otherCloud';
    summary = 'not usable: a credential names another cloud';
  } else if (failed('credentialTenant')) {
    verdict = 'credentialElsewhere';
    summary = "not usable: a credential's issuer is another tenant than the app's";
  } else if (lookup.kind === 'absent') {
    verdict = 'notProvisioned';
    summary = home ? 'not provisioned in its home tenant' : 'not provisioned';
  } else if (failed('enabled')) {
    verdict = 'disabled';
    summary = 'service principal disabled';
  } else {
    verdict = 'ready';
    summary = roles.length ? `ready · ${roles.length} permission${roles.length === 1 ? '' : 's'}` : 'ready';
  }
  const result: TenantReadiness = { tenantId, verdict, summary, checks, roles };
  if (verdict === 'notProvisioned' && canConsent) result.consentUrl = adminConsentUrl(cloud, tenantId, app.appId);
  return result;
}

/**
 * The managed identity's token is issued in its own tenant, and Entra accepts it only for an app
 * homed there (700236), in the same cloud: every Entra issuer of the app's credentials must name
 * the home tenant on the signed-in cloud's authority. Non-Entra issuers (GitHub, …) are not judged.
 */
function credentialChecks(input: ReadinessInput): ReadinessCheck[] {
  const entra = input.app.credentialIssuers
    .map((issuer) => ({ issuer, parsed: parseEntraIssuer(issuer, [...(input.knownAuthorities ?? []), input.cloud.authority]) }))
    .filter((x) => x.parsed !== undefined);
  if (entra.length === 0) {
    return [{ id: 'credentialTenant', outcome: 'info', text: 'No managed-identity (Entra-issued) credential on the app' }];
  }
  const authority = input.cloud.authority.toLowerCase().replace(/\/+$/, '');
  const otherCloud = entra.filter((x) => x.parsed!.authority.toLowerCase() !== authority);
  const otherTenant = entra.filter((x) => !otherCloud.includes(x) && !sameId(x.parsed!.tenant, input.homeTenantId));
  return [
    otherTenant.length
      ? { id: 'credentialTenant', outcome: 'fail', text: `Credential issuer in another tenant than the app's home (AADSTS700236): ${otherTenant[0].issuer}` }
      : { id: 'credentialTenant', outcome: 'pass', text: "Credentials trust the app's home tenant (the managed identity's tenant)" },
    otherCloud.length
      ? { id: 'cloud', outcome: 'fail', text: `Credential issuer on another cloud than ${input.cloud.authority}: ${otherCloud[0].issuer}` }
      : { id: 'cloud', outcome: 'pass', text: 'Same cloud as the signed-in account' },
  ];
}

/** "ready in 2 of 3 tenants"; undefined until at least one tenant has a verdict. */
export function readinessCount(verdicts: readonly Pick<TenantReadiness, 'verdict'>[], total: number): string | undefined {
  if (verdicts.length === 0) return undefined;
  const ready = verdicts.filter((v) => v.verdict === 'ready').length;
  return `ready in ${ready} of ${total} tenant${total === 1 ? '' : 's'}`;
}

function sameId(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}
