// Building federated identity credentials for a managed identity: issuer per cloud and tenant,
// a valid unique name, the original proof of concept's description, and telling what kind of workload a FIC trusts.

import type { FederatedIdentityCredential } from '@microsoft/microsoft-graph-types';
import { CLOUDS, type Cloud, type CloudName, parseEntraIssuer } from './clouds';
import { CREDENTIAL_NAME_MAX_LENGTH, CREDENTIAL_NAME_MIN_LENGTH, MAX_FIELD_LENGTH } from './credentialLimits';
import { normalizeGuid } from './guid';

/** `{authority}/{tenant id}/v2.0`: the issuer of a managed identity's token in that tenant. */
export function managedIdentityIssuer(cloud: Pick<Cloud, 'authority'> | Exclude<CloudName, 'sandbox'>, tenantId: string): string {
  const authority = (typeof cloud === 'string' ? CLOUDS[cloud].authority : cloud.authority).replace(/\/+$/, '');
  const tid = normalizeGuid(tenantId) ?? tenantId.trim();
  return `${authority}/${tid}/v2.0`;
}

/**
 * A valid name, unique in the app (case-insensitively), derived from the identity's name:
 * "Contoso Sync MI" → "contoso-sync-mi", then "contoso-sync-mi-2" if taken.
 */
export function suggestCredentialName(identityName: string, existingNames: readonly (string | undefined)[]): string {
  const taken = new Set(existingNames.filter((n): n is string => typeof n === 'string').map((n) => n.toLowerCase()));
  let base = identityName
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9_-]+/g, '-')
    .replace(/-{2,}/g, '-')
    .replace(/^[^a-z0-9]+/, '')
    .replace(/[-_]+$/, '');
  if (base.length === 0) base = 'managed-identity';
  if (base.length < CREDENTIAL_NAME_MIN_LENGTH) base = `mi-${base}`;
  // Room for a "-NN" suffix keeps every suggestion under the limit.
  base = base.slice(0, CREDENTIAL_NAME_MAX_LENGTH - 4).replace(/[-_]+$/, '');
  if (!taken.has(base)) return base;
  for (let i = 2; ; i++) {
    const candidate = `${base}-${i}`;
    if (!taken.has(candidate)) return candidate;
  }
}

/** The original proof of concept's description: "Managed identity {identity} in {tenant} registered by {user}". */
export function defaultDescription(identity: string, tenant: string, user: string): string {
  return `Managed identity ${identity} in ${tenant} registered by ${user}`.slice(0, MAX_FIELD_LENGTH);
}

/** A FIC for a managed identity, ready to POST: issuer from cloud + tenant, subject = object id. */
export function managedIdentityCredential(input: {
  cloud: Cloud;
  tenantId: string;
  objectId: string;
  name: string;
  audience?: string;
  description?: string;
}): Required<Pick<FederatedIdentityCredential, 'name' | 'issuer' | 'subject' | 'audiences'>> & { description?: string } {
  const fic = {
    name: input.name,
    issuer: managedIdentityIssuer(input.cloud, input.tenantId),
    subject: normalizeGuid(input.objectId) ?? input.objectId.trim(),
    audiences: [input.audience ?? input.cloud.exchangeAudience],
  };
  return input.description === undefined ? fic : { ...fic, description: input.description };
}

export type CredentialKind = 'managedIdentity' | 'githubActions' | 'kubernetes' | 'other';

/**
 * What kind of workload a FIC trusts, judged by its issuer (and, for Kubernetes issuers with
 * no telltale host, by the service-account subject).
 */
export function credentialKind(fic: Pick<FederatedIdentityCredential, 'issuer'> & { subject?: string | null }, knownAuthorities?: readonly string[]): CredentialKind {
  const issuer = (fic.issuer ?? '').trim();
  if (issuer.length > 0 && parseEntraIssuer(issuer, knownAuthorities)) return 'managedIdentity';
  const host = hostOf(issuer);
  if (host === 'token.actions.githubusercontent.com') return 'githubActions';
  if (host !== undefined && KUBERNETES_ISSUER_HOSTS.some((re) => re.test(host))) return 'kubernetes';
  if (typeof fic.subject === 'string' && fic.subject.startsWith('system:serviceaccount:')) return 'kubernetes';
  return 'other';
}

// AKS, EKS, GKE and OpenShift-on-Azure OIDC issuers.
const KUBERNETES_ISSUER_HOSTS = [
  /\.oic\.prod-aks\.azure\.com$/,
  /^oidc\.eks\.[a-z0-9-]+\.amazonaws\.com$/,
  /^container\.googleapis\.com$/,
  /\.aro\.azure\.com$/,
];

function hostOf(url: string): string | undefined {
  try {
    return new URL(url).hostname.toLowerCase();
  } catch {
    return undefined;
  }
}
