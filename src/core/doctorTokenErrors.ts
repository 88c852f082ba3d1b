// Plain-language explanations of the token endpoint's AADSTS codes that a managed-identity
// federation runs into, tied to the doctor's findings when a diagnosis is at hand. Keyed on the
// numeric code, never on the description text (Microsoft says texts change).

import type { Diagnosis, Finding, FindingCode } from './doctorTypes';
import type { TokenError } from './errors';

export interface TokenErrorExplanation {
  /** The AADSTS number explained, if any. */
  code?: number;
  /** Short title: "No credential matches the token's subject". */
  title: string;
  /** What Entra means, in a sentence or two. */
  explanation: string;
  /** What to do next. */
  action: string;
  /** True when retrying later can succeed (propagation, clock). */
  retryable: boolean;
  /** The diagnosis findings that explain this error, most specific first. */
  findings: Finding[];
}

interface CodeDoc {
  title: string;
  explanation: string;
  action: string;
  retryable?: boolean;
  related: readonly FindingCode[];
  /** Findings about other fields (a stray space in the issuer for a subject error) do not apply. */
  field?: Finding['field'];
}

// A change still propagating explains any miss best: the credential the user sees is right.
const SUBJECT: readonly FindingCode[] = ['propagating', 'subject-is-client-id', 'subject-case', 'whitespace', 'subject-mismatch'];
const ISSUER: readonly FindingCode[] = ['propagating', 'issuer-trailing-slash', 'issuer-v1-token', 'issuer-other-tenant', 'cross-cloud', 'whitespace', 'issuer-mismatch'];
const AUDIENCE: readonly FindingCode[] = ['propagating', 'audience-mismatch', 'cross-cloud', 'whitespace', 'audience-not-official'];

const CODES: Record<number, CodeDoc> = {
  70021: {
    title: 'No federated credential matches the token',
    explanation: "Entra found no federated credential on the app whose issuer, subject and audience all equal the token's iss, sub and aud.",
    action: 'Correct the credential the doctor points to. If the credential was created or changed in the last few minutes, wait and retry: changes take a while to propagate.',
    retryable: true,
    related: [...ISSUER, ...SUBJECT, ...AUDIENCE, 'no-credentials'],
  },
  700211: {
    title: "No credential matches the token's issuer",
    explanation: "No federated credential of the app has an issuer equal to the token's iss (exact, case-sensitive; a trailing slash counts).",
    action: "Set the credential's issuer to the token's iss, https://login.microsoftonline.com/{tenant id}/v2.0 for a managed identity.",
    related: ISSUER,
    field: 'issuer',
  },
  700212: {
    title: "No credential matches the token's audience",
    explanation: "The credential whose issuer and subject match the token has a different audience than the token's aud.",
    action: "Set the credential's audience to the token's audience (api://AzureADTokenExchange), or request the managed identity's token for the credential's audience + /.default.",
    related: AUDIENCE,
    field: 'audience',
  },
  700213: {
    title: "No credential matches the token's subject",
    explanation: "No federated credential with the token's issuer has a subject equal to the token's sub. For a managed identity, sub is its object id (not its client id), in lowercase.",
    action: "Set the credential's subject to the managed identity's object id, exactly as in the token's sub.",
    related: SUBJECT,
    field: 'subject',
  },
  7002137: {
    title: "The credential with the right issuer and audience expects another subject",
    explanation: "A credential has the token's issuer and audience but a different subject; Entra's message names the subject it expected. For a managed identity the subject is its object id.",
    action: "Set the credential's subject to the token's sub, character for character, or use the token of the identity the credential names.",
    related: SUBJECT,
    field: 'subject',
  },
  7002138: {
    title: "The credential's subject differs from the token's only in case",
    explanation: 'Entra compares the subject case-sensitively; a credential has the right subject in different letter case.',
    action: "Rewrite the credential's subject exactly as the token's sub (object ids are lowercase).",
    related: ['subject-case', ...SUBJECT],
    field: 'subject',
  },
  700024: {
    title: 'The token is outside its valid time',
    explanation: "The assertion is expired or not yet valid (exp/nbf), judged by Entra's clock.",
    action: "Get a fresh token from the managed identity right before the exchange, and check this machine's clock.",
    retryable: true,
    related: ['expired', 'not-yet-valid'],
  },
  700027: {
    title: "The token's signature is not valid",
    explanation: "Entra could not verify the assertion's signature with the issuer's keys: the token was altered, is unsigned, or was signed by another authority than its iss says.",
    action: 'Pass the managed identity token exactly as its endpoint returned it, and make sure it comes from the cloud and tenant named in its issuer.',
    related: ['bad-signature', 'unsigned-token', 'malformed-token'],
  },
  7000229: {
    title: 'The app has no service principal in its home tenant',
    explanation: "Entra needs the app's service principal in the tenant where the app is registered before it issues any token for it, in any tenant. It is missing there (never created, or deleted).",
    action: 'Create the service principal in the home tenant: az ad sp create --id {client id}, or POST /servicePrincipals with the appId, or open the app once in the Enterprise applications blade.',
    related: ['no-service-principal'],
  },
  70025: {
    title: 'The app has no federated credentials',
    explanation: 'The token request used a client assertion, but the app has no federated identity credential at all, so there is nothing to match the token against.',
    action: "Add a federated credential with the token's issuer, subject and audience. If you added one a moment ago, wait a minute and retry: new credentials take a while to take effect.",
    retryable: true,
    related: ['no-credentials'],
  },
  700231: {
    title: 'The assertion was itself obtained through a federated credential',
    explanation: 'Entra does not chain federations: a token issued through a federated identity credential exchange cannot be the client assertion of another one.',
    action: "Use the managed identity's own token (from its endpoint, for api://AzureADTokenExchange/.default) as the assertion, not an app token obtained with it.",
    related: ['chained-assertion'],
  },
  700236: {
    title: "The managed identity is in another tenant than the app",
    explanation: "Entra accepts a managed identity's token as a federated credential only for apps registered in the identity's own tenant; the token's issuer names another tenant.",
    action: "Use a managed identity in the app's home tenant (the app can still get tokens in other tenants), or register the app in the identity's tenant.",
    related: ['identity-other-tenant', 'issuer-other-tenant'],
  },
  700238: {
    title: "The token's issuer is not allowed by tenant policy",
    explanation: 'A tenant policy restricts which issuers federated credentials may trust, and this issuer is not on the list.',
    action: "Ask a tenant administrator to allow the issuer for federated credentials, or use an identity whose issuer is allowed.",
    related: [],
  },
  700016: {
    title: 'The app does not exist in the target tenant',
    explanation: 'The tenant you asked for a token has no service principal for this client id: the app was never provisioned (consented) there, or the client id is wrong.',
    action: "Provision the app in that tenant (an admin consents to it, or runs az ad sp create --id {client id} there), check the client id, and make sure the app's sign-in audience allows other tenants.",
    related: [],
  },
  700223: {
    title: 'Workload identity federation is blocked in this tenant',
    explanation: 'A tenant policy disables or restricts federated credentials, so Entra refuses every exchange for this app.',
    action: "Ask a tenant administrator to allow workload identity federation for this app (or its issuer).",
    related: [],
  },
  700214: {
    title: 'This audience is not allowed for a managed identity assertion',
    explanation: "Entra refused the token's audience for a managed-identity assertion (reported for custom audiences such as a federation app's URI).",
    action: 'Use the official exchange audience: request the token for api://AzureADTokenExchange/.default and set the credential\'s audience to api://AzureADTokenExchange.',
    related: ['audience-not-official', 'audience-mismatch'],
  },
  90002: {
    title: 'Tenant not found',
    explanation: 'No tenant with that id or domain exists in this cloud.',
    action: 'Check the tenant id or domain, and that you are signed in to the right cloud (global, US Government, China).',
    related: [],
  },
};

/**
 * Explains a token endpoint error. `diagnosis` (of the assertion that was sent, against the
 * app's credentials) turns a generic code into "credential X: change Y".
 */
export function explainTokenError(error: TokenError | number | { errorCodes?: readonly number[]; description?: string }, diagnosis?: Diagnosis): TokenErrorExplanation {
  const code = typeof error === 'number' ? error : error.errorCodes?.[0];
  const doc = code === undefined ? undefined : CODES[code];
  const findings = doc && diagnosis ? relatedFindings(doc, diagnosis) : [];

  if (!doc) {
    const description = typeof error === 'number' ? '' : (error.description ?? '').replace(/^AADSTS\d+:\s*/, '').split(/\r?\n/)[0];
    return {
      ...(code === undefined ? {} : { code }),
      title: code === undefined ? 'The token request failed' : `Entra refused the request (AADSTS${code})`,
      explanation: description || 'Entra refused the token request.',
      action: 'See the full error in the output channel; look the code up in the Microsoft Entra error code reference.',
      retryable: false,
      findings: diagnosis ? diagnosis.findings.filter((f) => f.severity === 'error') : [],
    };
  }

  let action = doc.action;
  if (findings.length > 0) {
    action = `${findings[0].message}${findings.length > 1 ? ` (${findings.length - 1} more finding${findings.length > 2 ? 's' : ''} below)` : ''}`;
  } else if (diagnosis?.matched && (code === 70021 || code === 70025 || code === 700211 || code === 700212 || code === 700213 || code === 7002137 || code === 7002138)) {
    // The doctor finds a matching credential yet Entra did not: the change has not propagated yet.
    action = `Credential "${diagnosis.matched}" matches this token, so it was probably created or changed moments ago; wait a minute and retry.`;
    return { code: code as number, title: doc.title, explanation: doc.explanation, action, retryable: true, findings };
  }
  return { code: code as number, title: doc.title, explanation: doc.explanation, action, retryable: doc.retryable ?? false, findings };
}

/** The AADSTS codes explained here. */
export const EXPLAINED_AADSTS_CODES: readonly number[] = Object.keys(CODES).map(Number);

function relatedFindings(doc: CodeDoc, diagnosis: Diagnosis): Finding[] {
  const rank = (f: Finding) => doc.related.indexOf(f.code);
  return diagnosis.findings
    .filter((f) => f.severity !== 'info' && rank(f) >= 0 && (doc.field === undefined || f.field === undefined || f.field === doc.field))
    .sort((a, b) => rank(a) - rank(b));
}
