// The Graph JSON of directory objects, as v1.0 returns them.
import type { Application, FederatedCredential, ServicePrincipal } from '../directory';
import { keyCredentialJson, passwordCredentialJson } from './appCredentials';

/** v1.0 has no `claimsMatchingExpression`: a flexible credential shows `subject: null` only. */
export function ficJson(f: FederatedCredential, version: 'v1.0' | 'beta'): Record<string, unknown> {
  const out: Record<string, unknown> = {
    id: f.id,
    name: f.name,
    issuer: f.issuer,
    subject: f.subject,
    description: f.description,
    audiences: [...f.audiences],
  };
  if (version === 'beta') out.claimsMatchingExpression = f.claimsMatchingExpression ? { ...f.claimsMatchingExpression } : null;
  return out;
}

/**
 * `withKeys`: the certificates' `key` values, which Graph returns only to a GET of one app that
 * selects keyCredentials; everywhere else `key` is null.
 */
export function applicationJson(a: Application, version: 'v1.0' | 'beta', expandFics = false, withKeys = false): Record<string, unknown> {
  const out: Record<string, unknown> = {
    id: a.id,
    deletedDateTime: null,
    appId: a.appId,
    applicationTemplateId: null,
    disabledByMicrosoftStatus: null,
    createdDateTime: a.createdDateTime,
    displayName: a.displayName,
    description: a.description,
    groupMembershipClaims: null,
    identifierUris: [...a.identifierUris],
    isDeviceOnlyAuthSupported: null,
    isFallbackPublicClient: a.isFallbackPublicClient,
    notes: a.notes,
    publisherDomain: a.publisherDomain,
    serviceManagementReference: null,
    signInAudience: a.signInAudience,
    tags: [...a.tags],
    tokenEncryptionKeyId: null,
    api: {
      acceptMappedClaims: null,
      knownClientApplications: [],
      oauth2PermissionScopes: [],
      preAuthorizedApplications: [],
      ...a.api,
    },
    keyCredentials: a.keyCredentials.map((k) => keyCredentialJson(k, withKeys)),
    passwordCredentials: a.passwordCredentials.map((p) => passwordCredentialJson(p)),
    publicClient: { redirectUris: [] },
    requiredResourceAccess: [],
    web: { homePageUrl: null, logoutUrl: null, redirectUris: [], implicitGrantSettings: { enableAccessTokenIssuance: false, enableIdTokenIssuance: false } },
    spa: { redirectUris: [] },
  };
  if (expandFics) out.federatedIdentityCredentials = a.federatedIdentityCredentials.map((f) => ficJson(f, version));
  return out;
}

/** For $filter: the application with its FICs (a lambda over federatedIdentityCredentials needs them). */
export function applicationFilterJson(a: Application): Record<string, unknown> {
  return {
    id: a.id,
    appId: a.appId,
    displayName: a.displayName,
    description: a.description,
    signInAudience: a.signInAudience,
    identifierUris: a.identifierUris,
    publisherDomain: a.publisherDomain,
    createdDateTime: a.createdDateTime,
    tags: a.tags,
    federatedIdentityCredentials: a.federatedIdentityCredentials,
  };
}

export function servicePrincipalJson(sp: ServicePrincipal): Record<string, unknown> {
  return {
    id: sp.id,
    deletedDateTime: null,
    accountEnabled: sp.accountEnabled,
    alternativeNames: [...sp.alternativeNames],
    appDisplayName: sp.servicePrincipalType === 'Application' ? sp.displayName : null,
    appDescription: null,
    appId: sp.appId,
    appOwnerOrganizationId: sp.appOwnerOrganizationId,
    appRoleAssignmentRequired: false,
    appRoles: (sp.appRoles ?? []).map((r) => ({ ...r, allowedMemberTypes: [...r.allowedMemberTypes], description: r.displayName, isEnabled: true, origin: 'Application' })),
    createdDateTime: sp.createdDateTime,
    description: null,
    displayName: sp.displayName,
    servicePrincipalNames: [...sp.servicePrincipalNames],
    servicePrincipalType: sp.servicePrincipalType,
    signInAudience: sp.signInAudience,
    tags: [...sp.tags],
  };
}
