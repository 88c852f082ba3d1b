// The tenant federation report as data: what goes in (a tenant's apps with their credentials,
// secrets and certificates, its managed identities, which subjects name an existing directory
// object) and what comes out (one list of rows per category, with counts). The builder, the
// exports, the webview and the tests all speak these types; none of it imports 'vscode'.
import type { FederatedIdentityCredential } from '@microsoft/microsoft-graph-types';

/** Apps with at least this many federated credentials are "near the limit" of 20. */
export const NEAR_CREDENTIAL_LIMIT = 16;
/** An identity trusted by at least this many apps is called out. */
export const MANY_TRUSTING_APPS = 3;
/** A secret or certificate ending within this many days is "expiring soon". */
export const EXPIRING_WITHIN_DAYS = 30;

// --- input ---------------------------------------------------------------------------------

/** A client secret as Graph lists it: never its value. */
export interface SecretInfo {
  keyId: string;
  displayName?: string | null;
  /** The first characters of the secret, as Graph shows them. */
  hint?: string | null;
  startDateTime?: string | null;
  endDateTime?: string | null;
}

/** A certificate (or other key credential) as Graph lists it: never its key. */
export interface CertificateInfo {
  keyId: string;
  displayName?: string | null;
  /** `AsymmetricX509Cert`, `Symmetric`, … */
  type?: string | null;
  /** `Verify` or `Sign`. */
  usage?: string | null;
  startDateTime?: string | null;
  endDateTime?: string | null;
}

export interface ReportApp {
  /** Object id. */
  id: string;
  /** Client id. */
  appId: string;
  displayName: string | null;
  signInAudience: string | null;
  /**
   * Application ID URIs. An audience that is one of the tenant's URIs is the federation-app
   * pattern (2022), not a typo; without them every unofficial audience counts as one.
   */
  identifierUris?: readonly string[];
  federatedIdentityCredentials: readonly FederatedIdentityCredential[];
  passwordCredentials: readonly SecretInfo[];
  keyCredentials: readonly CertificateInfo[];
}

export interface ReportIdentity {
  /** Object id: what a credential's subject holds. */
  id: string;
  /** Client id: what people put in the subject by mistake. */
  appId: string;
  displayName: string;
  kind: 'userAssigned' | 'systemAssigned';
}

/** A part the loader could not get; the report is then partial and says so. */
export interface ReportGap {
  part: 'apps' | 'identities' | 'subjects';
  /** For the reader: what is missing and why ("stopped after 2,000 of the apps: cancelled"). */
  message: string;
}

export interface ReportInput {
  tenantId: string;
  tenantName?: string;
  /** Authorities counted as Entra besides the national clouds (the sandbox's, when signed in to it). */
  knownAuthorities?: readonly string[];
  /**
   * The signed-in cloud's authority (`https://login.microsoftonline.com`, the sandbox's). A v1
   * issuer's host (`sts.windows.net`) is shared by several clouds and the sandbox, so its v2
   * replacement is written on this authority; without it, on the cloud the v1 host names first.
   */
  authority?: string;
  apps: readonly ReportApp[];
  identities: readonly ReportIdentity[];
  /**
   * Subjects (lower-case GUIDs) asked of the directory, each mapped to whether an object with
   * that id exists. A GUID subject of an Entra-issued credential that is absent from this map
   * was not checked and is never called dangling.
   */
  subjectExists: ReadonlyMap<string, boolean>;
  /** When the report was made (ms since epoch): expiry is judged against it. */
  now: number;
  gaps: readonly ReportGap[];
}

// --- loading -------------------------------------------------------------------------------

/** How far a report's load has come, for a progress notification. */
export interface ReportProgress {
  stage: 'apps' | 'identities' | 'subjects';
  appsLoaded: number;
  message: string;
}

export interface ReportLoadOptions {
  /** Cancels the load: the report then holds what was read, with a gap saying what is missing. */
  signal?: AbortSignal;
  onProgress?: (progress: ReportProgress) => void;
}

// --- output --------------------------------------------------------------------------------

export interface AppRef {
  objectId: string;
  appId: string;
  displayName: string;
}

export type NeverWorksKind =
  | 'dangling-subject'
  | 'subject-is-client-id'
  | 'issuer-whitespace'
  | 'issuer-trailing-slash'
  | 'issuer-v1'
  | 'issuer-other-tenant'
  | 'audience-not-official'
  | 'flexible-unsupported-issuer';

/** What Fix… opens, prefilled. */
export type RowFix =
  | { action: 'edit'; changes: { issuer?: string; subject?: string; audiences?: string[] }; summary: string }
  | { action: 'delete'; summary: string };

export interface NeverWorksRow {
  /** Stable within one report: the webview and the commands name rows by it. */
  rowId: string;
  kind: NeverWorksKind;
  app: AppRef;
  credential: { id: string; name: string; issuer: string; subject: string | null; audience: string };
  /** Why it can never work, in a sentence. */
  message: string;
  fix?: RowFix;
}

export interface TrustRow {
  rowId: string;
  identity: ReportIdentity;
  /** The apps with a credential naming this identity as subject, and that credential's name. */
  apps: Array<AppRef & { credentialName: string }>;
  /** Trusted by at least MANY_TRUSTING_APPS apps. */
  many: boolean;
}

export interface BudgetRow {
  rowId: string;
  app: AppRef;
  credentials: number;
  /** 20 minus the count. */
  remaining: number;
}

export interface SecretsRow {
  rowId: string;
  app: AppRef;
  secrets: number;
  certificates: number;
  /** ISO date of the soonest end among secrets and certificates not yet expired. */
  soonestExpiry?: string;
  expired: number;
  expiringSoon: number;
  /** The app already trusts a managed identity of this tenant through a credential. */
  hasManagedIdentityCredential: boolean;
  /** Has secrets or certificates and a managed-identity credential: it can go secretless now. */
  candidate: boolean;
}

export interface ReportSummary {
  apps: number;
  credentials: number;
  identities: number;
  neverWorks: number;
  trustedIdentities: number;
  identitiesTrustedByMany: number;
  nearLimit: number;
  appsWithSecrets: number;
  expired: number;
  expiringSoon: number;
  candidates: number;
}

export interface FederationReport {
  tenantId: string;
  tenantName?: string;
  /** ISO time the report was made. */
  generatedAt: string;
  summary: ReportSummary;
  neverWorks: NeverWorksRow[];
  trust: TrustRow[];
  budget: BudgetRow[];
  secrets: SecretsRow[];
  /** Empty when the report is complete. */
  gaps: ReportGap[];
}

export type ReportCategory = 'neverWorks' | 'trust' | 'budget' | 'secrets';

/** The rows of every table: what telemetry and the panel's `rendered` message count. */
export function reportRowCount(report: Pick<FederationReport, ReportCategory>): number {
  return report.neverWorks.length + report.trust.length + report.budget.length + report.secrets.length;
}
