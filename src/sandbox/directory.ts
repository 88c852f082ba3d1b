// The in-memory directory: tenants, app registrations with their FICs, service principals
// (apps and managed identities) and users. Graph and Entra handlers read and write it.
import * as crypto from 'node:crypto';
import type { SigningKey } from './jwt';

export interface FederatedCredential {
  id: string;
  name: string;
  issuer: string;
  subject: string | null;
  audiences: string[];
  description: string | null;
  claimsMatchingExpression: { value: string; languageVersion: number } | null;
  /** Sandbox clock time of the last write (creation or edit); orders listings. */
  createdAt: number;
  /**
   * Sandbox clock time at which the last write takes effect at the token endpoint: Entra applies
   * a new or edited credential only after it has propagated (seconds to minutes).
   */
  effectiveAt: number;
  /** The fields in force before the last edit, still used for matching until `effectiveAt`. */
  previous: MatchFields | null;
}

/** What the token endpoint matches an assertion against. */
export type MatchFields = Pick<FederatedCredential, 'issuer' | 'subject' | 'audiences' | 'claimsMatchingExpression'>;

/**
 * The fields Entra matches against at `now`: the last write once it has propagated, the version
 * before an edit until then, and nothing for a credential created too recently.
 */
export function fieldsInForce(fic: FederatedCredential, now: number): MatchFields | null {
  if (now >= fic.effectiveAt) return fic;
  return fic.previous;
}

/** A client secret. Graph lists it with its hint only; the value leaves the sandbox once, from addPassword. */
export interface PasswordCredential {
  keyId: string;
  displayName: string | null;
  /** The secret's first three characters, as Graph shows them. */
  hint: string;
  secret: string;
  startDateTime: string;
  endDateTime: string;
}

/** A certificate (Graph's keyCredential): the public certificate only, never a private key. */
export interface KeyCredential {
  keyId: string;
  displayName: string | null;
  /** Base64 (a Binary property): the certificate's SHA-1 thumbprint unless the writer gave another. */
  customKeyIdentifier: string;
  /** `AsymmetricX509Cert` or `X509CertAndPassword`. */
  type: string;
  /** `Verify` (what an app signs in with) or `Sign`. */
  usage: string;
  /** The certificate, DER in base64: Graph returns it only to `$select=keyCredentials` on one app. */
  key: string;
  startDateTime: string;
  endDateTime: string;
}

export interface Application {
  id: string;
  appId: string;
  displayName: string;
  description: string | null;
  signInAudience: string;
  identifierUris: string[];
  api: { requestedAccessTokenVersion: number | null; [key: string]: unknown };
  isFallbackPublicClient: boolean;
  createdDateTime: string;
  publisherDomain: string;
  tags: string[];
  notes: string | null;
  federatedIdentityCredentials: FederatedCredential[];
  passwordCredentials: PasswordCredential[];
  keyCredentials: KeyCredential[];
  homeTenantId: string;
  /** The permissions the app declares (Graph's requiredResourceAccess): what an admin consent grants. */
  requiredResourceAccess?: Array<{ resourceAppId: string; resourceAccess: Array<{ id: string; type: 'Role' | 'Scope' }> }>;
  seq: number;
}

/** A role a resource application declares (Graph's appRole). */
export interface AppRole {
  id: string;
  value: string;
  displayName: string;
  allowedMemberTypes: string[];
}

export interface ServicePrincipal {
  id: string;
  appId: string;
  displayName: string;
  servicePrincipalType: 'Application' | 'ManagedIdentity';
  alternativeNames: string[];
  appOwnerOrganizationId: string | null;
  accountEnabled: boolean;
  servicePrincipalNames: string[];
  signInAudience: string | null;
  tags: string[];
  /** Graph application permissions granted to it in its tenant. */
  graphRoles: string[];
  /** The roles this resource declares (Microsoft Graph's service principal). */
  appRoles?: AppRole[];
  createdDateTime: string;
  seq: number;
}

export interface User {
  id: string;
  userPrincipalName: string;
  displayName: string;
  mail: string;
  userType: 'Member' | 'Guest';
  /** The object id of the same person in their home tenant. */
  homeObjectId: string;
  homeTenantId: string;
}

export interface Tenant {
  id: string;
  displayName: string;
  domain: string;
  signingKey: SigningKey;
  applications: Map<string, Application>;
  servicePrincipals: Map<string, ServicePrincipal>;
  users: Map<string, User>;
}

export class Directory {
  readonly tenants = new Map<string, Tenant>();
  private seq = 0;

  constructor(private readonly now: () => number) {}

  addTenant(t: Omit<Tenant, 'applications' | 'servicePrincipals' | 'users'>): Tenant {
    const tenant: Tenant = { ...t, applications: new Map(), servicePrincipals: new Map(), users: new Map() };
    this.tenants.set(t.id, tenant);
    return tenant;
  }

  /** A tenant by GUID (any case) or by its domain name; undefined when unknown. */
  resolveTenant(idOrDomain: string): Tenant | undefined {
    const key = idOrDomain.toLowerCase();
    for (const t of this.tenants.values()) {
      if (t.id === key || t.domain.toLowerCase() === key) return t;
    }
    return undefined;
  }

  nextSeq(): number {
    return ++this.seq;
  }

  isoNow(): string {
    return new Date(this.now()).toISOString().replace(/\.\d{3}Z$/, 'Z');
  }

  /** The app registration with this appId in any tenant (app ids are global). */
  findApplicationByAppId(appId: string): Application | undefined {
    const key = appId.toLowerCase();
    for (const t of this.tenants.values()) {
      for (const a of t.applications.values()) if (a.appId === key) return a;
    }
    return undefined;
  }

  findServicePrincipalByAppId(tenant: Tenant, appId: string): ServicePrincipal | undefined {
    const key = appId.toLowerCase();
    for (const sp of tenant.servicePrincipals.values()) if (sp.appId === key) return sp;
    return undefined;
  }

  /** The application whose identifierUris holds this URI, or whose appId it is. */
  findResourceApplication(resource: string): Application | undefined {
    const r = resource.replace(/\/+$/, '');
    for (const t of this.tenants.values()) {
      for (const a of t.applications.values()) {
        if (a.appId === r.toLowerCase() || a.identifierUris.some((u) => u.replace(/\/+$/, '') === r)) return a;
      }
    }
    return undefined;
  }

  createApplication(tenant: Tenant, init: Partial<Application> & { displayName: string }, ids?: { id?: string; appId?: string }): Application {
    const app: Application = {
      id: ids?.id ?? crypto.randomUUID(),
      appId: ids?.appId ?? crypto.randomUUID(),
      description: null,
      signInAudience: 'AzureADMyOrg',
      identifierUris: [],
      api: { requestedAccessTokenVersion: null },
      isFallbackPublicClient: false,
      createdDateTime: this.isoNow(),
      publisherDomain: tenant.domain,
      tags: [],
      notes: null,
      federatedIdentityCredentials: [],
      passwordCredentials: [],
      keyCredentials: [],
      ...init,
      homeTenantId: tenant.id,
      seq: this.nextSeq(),
    };
    tenant.applications.set(app.id, app);
    return app;
  }

  createServicePrincipal(tenant: Tenant, init: Partial<ServicePrincipal> & { appId: string; displayName: string }, id?: string): ServicePrincipal {
    const sp: ServicePrincipal = {
      id: id ?? crypto.randomUUID(),
      servicePrincipalType: 'Application',
      alternativeNames: [],
      appOwnerOrganizationId: null,
      accountEnabled: true,
      servicePrincipalNames: [init.appId],
      signInAudience: null,
      tags: [],
      graphRoles: [],
      createdDateTime: this.isoNow(),
      ...init,
      seq: this.nextSeq(),
    };
    tenant.servicePrincipals.set(sp.id, sp);
    return sp;
  }

  /** Provisions an app in a tenant (what `POST /servicePrincipals {appId}` does). */
  provision(tenant: Tenant, app: Application, graphRoles: string[] = [], id?: string): ServicePrincipal {
    return this.createServicePrincipal(
      tenant,
      {
        appId: app.appId,
        displayName: app.displayName,
        appOwnerOrganizationId: app.homeTenantId,
        servicePrincipalNames: [app.appId, ...app.identifierUris],
        signInAudience: app.signInAudience,
        graphRoles,
      },
      id,
    );
  }

  /** Deletes an app and, as Entra does, its service principal in its home tenant. */
  deleteApplication(tenant: Tenant, app: Application): void {
    tenant.applications.delete(app.id);
    const sp = this.findServicePrincipalByAppId(tenant, app.appId);
    if (sp) tenant.servicePrincipals.delete(sp.id);
  }
}

export function newFederatedCredential(
  init: Omit<FederatedCredential, 'id' | 'createdAt' | 'effectiveAt' | 'previous' | 'description' | 'claimsMatchingExpression'> &
    Partial<Pick<FederatedCredential, 'description' | 'claimsMatchingExpression' | 'id'>>,
  now: number,
  propagationMs = 0,
): FederatedCredential {
  return {
    id: crypto.randomUUID(),
    description: null,
    claimsMatchingExpression: null,
    ...init,
    createdAt: now,
    effectiveAt: now + propagationMs,
    previous: null,
  };
}

export function isMultiTenant(app: Application): boolean {
  return app.signInAudience === 'AzureADMultipleOrgs' || app.signInAudience === 'AzureADandPersonalMicrosoftAccount';
}
