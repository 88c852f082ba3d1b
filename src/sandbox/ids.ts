// The seeded scenario's identifiers. They are the same on every start, so tests, docs and
// screenshots can name them. Generated scale-test apps get ids derived from their index.

export const CONTOSO_TENANT_ID = '24a7c6d3-63ee-412f-9e6e-1ed65fae4ba7';
export const FABRIKAM_TENANT_ID = 'a3850613-c31a-4107-9a34-a8aad9cf7f9b';
export const CONTOSO_DOMAIN = 'contoso.onmicrosoft.com';
export const FABRIKAM_DOMAIN = 'fabrikam.onmicrosoft.com';

/** The seeded user: a member of Contoso and a guest in Fabrikam (a different object id there). */
export const SANDBOX_USER = {
  username: 'megan@contoso.onmicrosoft.com',
  displayName: 'Megan Bowen',
  homeObjectId: 'd229f365-6ba6-4dab-9c78-a9a8924b7209',
  guestObjectId: '214a0969-2d40-46b5-9b3b-3bce2b08a8af',
} as const;

/** The public client the extension signs in with (device code). Home tenant Contoso. */
export const SANDBOX_PUBLIC_CLIENT_ID = '6dedccad-1144-49ce-8d2f-8a35d48d0fce';
export const SANDBOX_PUBLIC_CLIENT_OBJECT_ID = '092b377a-82ab-4f03-b9da-e178a41fedba';
/** VS Code's built-in Microsoft sign-in client, accepted as a public client too. */
export const VSCODE_CLIENT_ID = 'aebc6443-996d-45c2-90f0-388ff96faa56';

/** A confidential admin app with a secret and Application.ReadWrite.All in both tenants. */
export const SANDBOX_ADMIN = {
  appId: '5864f51e-dd47-4b31-9cca-b788325c7f93',
  objectId: '50bc434b-f34a-43ba-b642-5f7696aaf117',
  clientSecret: 'sandbox~admin~secret~not~a~real~secret',
} as const;

/** The token function's managed identities (both in Contoso). */
export const USER_ASSIGNED_MI = {
  clientId: '8c3bcc91-28db-43a7-bbda-b43aec4c8fef',
  objectId: '6e21fb2f-aac9-47a2-a834-ab89084cc8c5',
  name: 'id-token-function',
  resourceId:
    '/subscriptions/3901f4ab-38a2-4e57-a34c-7572338933cf/resourcegroups/rg-federation/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-token-function',
} as const;
export const SYSTEM_ASSIGNED_MI = {
  clientId: 'afbe6e74-b7a8-4d2c-97e9-ea1edf61bc27',
  objectId: 'ab649ea4-2ed5-4123-be03-89c1616e237f',
  name: 'func-token-function',
  resourceId:
    '/subscriptions/3901f4ab-38a2-4e57-a34c-7572338933cf/resourceGroups/rg-federation/providers/Microsoft.Web/sites/func-token-function',
} as const;
/**
 * A user-assigned identity in Fabrikam: its tokens are issued by Fabrikam, so a Contoso app
 * cannot trust it (Entra answers AADSTS700236: the credential must live in the identity's tenant).
 */
export const FABRIKAM_MI = {
  clientId: '0f3a4a5e-6b1d-4c8e-9a57-2d6b1e9c4f10',
  objectId: 'c81e2b6d-93a4-4f0e-b7d2-5a1c8e3f6b27',
  name: 'id-fabrikam-worker',
  resourceId:
    '/subscriptions/7d1c5b9e-2f44-4a0b-8e61-93c2d7a4b5f8/resourcegroups/rg-fabrikam/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-fabrikam-worker',
} as const;

/** Seeded app registrations, all homed in Contoso. */
export const SEEDED_APPS = {
  /** Multi-tenant, a correct managed-identity FIC, a service principal in Fabrikam. */
  contosoSync: { appId: '3cee1c82-28a4-475b-ba8e-bda98c6cce13', objectId: '86441a8d-3f63-45e1-b38d-f4dfd65e99b4' },
  /** FICs broken the common ways: issuer trailing slash, client id as subject, audience typo. */
  broken: { appId: '75e7da67-3e19-4077-b920-16852ae8e564', objectId: 'aa6dc32a-c760-45e8-8b06-0ccf0f68c8c0' },
  /** Federation app made the federation-app pattern's way (2022): identifierUris api://{appId}, v2 tokens. */
  federation: { appId: '1c83660e-4ee9-4114-9257-9e8a99f60380', objectId: 'e9f7c508-59c0-4cc2-90fa-12709f6a8fb1' },
  /** Trusts the user-assigned identity through the federation app's audience. */
  reporting: { appId: '8d958f35-b791-497e-ae0f-d14da1a86f37', objectId: 'dcf006ed-7c4b-493f-ab6e-c65674ea12a0' },
  /** A GitHub Actions FIC. */
  githubDeploy: { appId: '48ed0142-4106-42ec-8c4a-0b2acec6b3da', objectId: 'b5eb75f0-035c-4daa-87d9-fc36095264eb' },
  /** No FIC at all. */
  empty: { appId: '72355913-b69a-4102-85e8-3a88c86bb155', objectId: 'efc9ca82-2d0e-4afc-849b-86818d7ef09a' },
  /** Exactly 20 FICs: the per-app limit. */
  full: { appId: '47170705-895e-4c67-8da9-e3172f83b7de', objectId: '7fbac6e6-561a-4d8e-aa3f-a7d2dffbd06e' },
  /** A flexible FIC (claimsMatchingExpression, `subject: null`). */
  flexible: { appId: 'a7b0c75e-fa58-4926-8b35-5719de79e6fd', objectId: '2af1441c-e297-487d-b45a-48f040d94853' },
  /** Single-tenant, no FIC, no service principal outside Contoso. */
  internalTool: { appId: 'ac86fb3d-6010-43df-95de-ff4946a36d8d', objectId: '749c3498-9b0d-4fda-a0c3-7582e716efda' },
  /**
   * "Orphaned Sync": multi-tenant with a correct FIC for the system-assigned identity, but its
   * service principal in Contoso (its home) was deleted: Entra answers AADSTS7000229 everywhere.
   */
  unprovisioned: { appId: '5b0e8d2c-7f3a-4e19-a6c4-8d21f0b7e935', objectId: '3e7c1a94-b62d-4f58-9d0e-6a4b2c8f1d73' },
  /** Fabrikam's own app (homed in Fabrikam). */
  fabrikamPortal: { appId: 'd70b276b-9342-44fd-baf0-41e911f49f46', objectId: 'b200e500-3c8b-4314-b734-5414a00d4d3d' },

  // --- what the tenant federation report shows, one app per category ---

  /**
   * "Contoso Legacy Worker": three client secrets (expired, ending within 30 days, long-lived)
   * and a certificate ending within 30 days, no federated credential. Multi-tenant and
   * provisioned like Contoso Sync, so a credential for the user-assigned identity added to it
   * can be verified with Check Federation: the app Go Secretless is tried on.
   */
  legacyWorker: { appId: '9bbe661e-90e5-467c-817a-8c44bd0fe0db', objectId: '2f6864d1-f9bf-47b9-b7d7-102fc910e8ca' },
  /** "Contoso Invoicing": a working managed-identity credential and a client secret still kept: a go-secretless candidate. */
  invoicing: { appId: 'cc14e6b3-dbd0-4963-ac97-8200e2f671ca', objectId: '036fa465-97b5-4e01-a313-11d33f4cbbe2' },
  /** "Contoso Nightly Export": a third app trusting the user-assigned identity (an identity trusted by many apps). */
  nightlyExport: { appId: 'c47338a2-3373-4aaf-8a4b-cb8d5e6ab209', objectId: '5f352a08-84bf-43c5-a5db-5bb7c91e9752' },
  /** "Contoso Retired Worker": a dangling credential, its subject the object id of a deleted identity (RETIRED_MI). */
  retiredWorker: { appId: 'bbe6096f-3714-49d5-8f25-0f4278e80ce3', objectId: 'b2964d59-185e-4ff3-a9e7-27b52c3db00c' },
  /** "Contoso Monorepo CI": 19 GitHub Actions credentials, one short of the limit. */
  monorepoCi: { appId: '2dfbaa8e-30f2-40bc-ad2c-726fcc772fad', objectId: '317e1337-5867-49b9-927b-127ee8b2eecb' },
  /**
   * "Contoso Misconfigured": credentials that can never work, one of each kind Contoso Broken Sync
   * does not already show: issuer with whitespace, v1 issuer, another tenant's issuer, a flexible
   * credential on an Entra issuer; and a trailing slash (for the system-assigned identity) that,
   * unlike Broken Sync's, can be fixed without repeating another credential's issuer and subject.
   */
  misconfigured: { appId: 'c39fc1b2-f260-43a4-95c8-6c06b41ed35e', objectId: 'bdaa9a1d-c704-41f1-a5e1-f7beeb6ce083' },
} as const;

/**
 * A user-assigned identity that was deleted: nothing in the directory has these ids any more;
 * Contoso Retired Worker still trusts its object id.
 */
export const RETIRED_MI = {
  clientId: '9357d9ce-03e9-4295-a9f9-9a3ed7a20f67',
  objectId: '17a459f7-b4c1-4c3a-b0ee-671895d54d00',
  name: 'id-retired-worker',
} as const;

/**
 * The seeded secrets and certificates of the report's apps (fixed values, like the admin's
 * secret; none is a real secret). Dates are relative to the sandbox clock when it starts.
 */
export const SEEDED_CREDENTIALS = {
  legacyWorker: {
    /** Ended 10 days before the start. */
    expiredSecret: { keyId: '35093f7b-4202-4898-a37a-69105463376d', displayName: 'legacy-2023', secret: 'Ex1Q~sandbox~legacy~expired~not~a~secret' },
    /** Ends 14 days after the start. */
    expiringSecret: { keyId: '04380ef4-259a-4e41-be50-33bcda4db4cb', displayName: 'legacy-rotation', secret: 'So2Q~sandbox~legacy~expiring~not~a~secret' },
    /** Ends two years after the start. */
    longLivedSecret: { keyId: '3ff51bcf-fe01-4e84-b15e-48a8b7b63b29', displayName: 'legacy-current', secret: 'Lo3Q~sandbox~legacy~current~not~a~secret' },
    /** A certificate (Verify) ending 20 days after the start. */
    certificate: { keyId: '689b47ac-f8f8-44a2-bd14-d549b5318fae', displayName: 'CN=contoso-legacy-worker' },
  },
  invoicing: {
    /** Ends a year after the start. */
    secret: { keyId: '5f362372-a2de-475a-a2a0-9f972e28f124', displayName: 'invoicing-prod', secret: 'In4Q~sandbox~invoicing~not~a~secret' },
  },
} as const;
/** How far from the sandbox clock's start the seeded credentials end, in days. */
export const SEEDED_CREDENTIAL_DAYS = { expired: -10, expiringSecret: 14, expiringCertificate: 20, longLived: 730, invoicing: 365 } as const;

/** The federation app's Application ID URI: the FIC audience of the federation-app pattern (2022). */
export const FEDERATION_APP_URI = `api://${SEEDED_APPS.federation.appId}`;

/**
 * The exchange audience as a FIC stores it, and the exchange app's id: what the (v2) managed
 * identity token carries in `aud`, since a v2 token names its resource by client id.
 */
export { EXCHANGE_AUDIENCE, EXCHANGE_AUDIENCE_APP_ID, GRAPH_RESOURCE } from '../shared/entraFacts';
export const GRAPH_APP_ID = '00000003-0000-0000-c000-000000000000';
/** The tenant that owns Microsoft's first-party apps (appOwnerOrganizationId of their principals). */
export const MICROSOFT_SERVICES_TENANT_ID = 'f8cdef31-a31e-4b4a-93e4-5f571e91255a';
/**
 * Windows Azure Service Management API: every tenant has its principal. It answers for the
 * classic resource `az login` asks for and for Azure Resource Manager's.
 */
export const AZURE_SERVICE_MANAGEMENT = {
  appId: '797f4846-ba00-4fd7-ba43-dac1f8f63013',
  resource: 'https://management.core.windows.net/',
  armResource: 'https://management.azure.com/',
} as const;
export const GITHUB_ISSUER = 'https://token.actions.githubusercontent.com';

/** The token function's default function key (a fixed value, like a seeded secret). */
export const TOKEN_FUNCTION_KEY = 'sandbox-function-key-0000000000000000000000000000==';
