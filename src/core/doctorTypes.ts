// The doctor's vocabulary: its input, its findings and its verdict. Kept apart from doctor.ts
// so that doctor.ts, the verdict and the AADSTS explanations can share it without importing
// one another in a circle.

import type { FederatedIdentityCredential } from '@microsoft/microsoft-graph-types';

export type FindingCode =
  | 'matched'
  | 'malformed-token'
  | 'missing-claim'
  | 'unsigned-token'
  | 'bad-signature'
  | 'no-credentials'
  | 'no-service-principal'
  | 'chained-assertion'
  | 'identity-other-tenant'
  | 'propagating'
  | 'issuer-mismatch'
  | 'issuer-trailing-slash'
  | 'issuer-v1-token'
  | 'issuer-other-tenant'
  | 'subject-mismatch'
  | 'subject-case'
  | 'subject-is-client-id'
  | 'audience-mismatch'
  | 'audience-guid-form'
  | 'audience-not-official'
  | 'whitespace'
  | 'expired'
  | 'not-yet-valid'
  | 'cross-cloud';

export interface Finding {
  code: FindingCode;
  severity: 'error' | 'warning' | 'info';
  /** Name of the FIC the finding is about. */
  credential?: string;
  field?: 'issuer' | 'subject' | 'audience';
  message: string;
}

/**
 * What Entra will answer, predicted: accepted through a credential, or refused with an AADSTS
 * code. Computed in the order Entra documents its checks.
 */
export type ExchangeVerdict = { outcome: 'accepted'; credential: string } | { outcome: 'refused'; code: number };

export interface Diagnosis {
  /** Name of the FIC Entra would accept; set exactly when it would. */
  matched?: string;
  findings: Finding[];
  /** Set by diagnose(); absent on a diagnosis made some other way (none yet). */
  verdict?: ExchangeVerdict;
}

/** The fields Entra matches an assertion against. */
export type MatchedFields = Pick<FederatedIdentityCredential, 'issuer' | 'subject' | 'audiences'>;

/**
 * A credential written so recently that Entra may still use what was there before: `previous`
 * is the version before an edit, or null for a credential just created (absent until then).
 */
export interface PropagatingCredential {
  name: string;
  previous: MatchedFields | null;
}

export interface DiagnoseInput {
  /** The managed identity's token (raw JWT) or its decoded payload. */
  assertion: string | Record<string, unknown>;
  /** The app's FICs as Graph returns them (`subject` may be null on a flexible FIC). */
  credentials: readonly FederatedIdentityCredential[];
  /** Known identities: object id and client id, to recognise one used in place of the other. */
  managedIdentities?: ReadonlyArray<{ id: string; appId: string; displayName?: string }>;
  now?: Date;
  /** Authorities that count as Entra besides the national clouds and loopback. */
  knownAuthorities?: readonly string[];
  /** The app, when known: its home tenant decides which identities it may trust (AADSTS700236). */
  app?: {
    appId?: string;
    homeTenantId?: string;
    /** False when its service principal in the home tenant is missing (AADSTS7000229). */
    servicePrincipalInHomeTenant?: boolean;
    /** False when the tenant the token is asked in has no service principal for it (AADSTS700016). */
    servicePrincipalInTargetTenant?: boolean;
  };
  /** 'invalid' when the signature was checked against the issuer's keys and failed (AADSTS700027). */
  signature?: 'valid' | 'invalid' | 'unchecked';
  /** Credentials changed within the last few minutes, with what was in force before. */
  propagating?: readonly PropagatingCredential[];
}
