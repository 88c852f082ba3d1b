// Findings about what lies around the credentials rather than in them: the app's service
// principals, a token that was itself bought with a federated credential, an identity in
// another tenant than the app, a signature that failed, a change that has not propagated yet.
// Each is said only when the verdict shows it decides Entra's answer.

import type { AssertionFacts } from './doctorFields';
import type { DiagnoseInput, ExchangeVerdict, Finding } from './doctorTypes';

/** Codes Entra answers while a credential change propagates: the in-force version misses. */
const MISS_CODES = new Set([70021, 700211, 700212, 700213, 7002137, 7002138]);

export function contextFindings(verdict: ExchangeVerdict, input: DiagnoseInput, facts: AssertionFacts, exactMatch: string | undefined): Finding[] {
  if (verdict.outcome === 'accepted') return [];
  const app = input.app?.appId ? `app ${input.app.appId}` : 'the app';
  switch (verdict.code) {
    case 7000229:
      return [{
        code: 'no-service-principal', severity: 'error',
        message: `${cap(app)} has no service principal in its home tenant${input.app?.homeTenantId ? ` ${input.app.homeTenantId}` : ''}, so Entra refuses every token request for it (AADSTS7000229). Create it there (az ad sp create --id {client id}, or POST /servicePrincipals with the appId).`,
      }];
    case 700016:
      return [{
        code: 'no-service-principal', severity: 'error',
        message: `${cap(app)} has no service principal in the tenant the token is asked in (AADSTS700016). An administrator of that tenant consents to the app (or creates its service principal); check the client id and that the app is multi-tenant.`,
      }];
    case 700231:
      return [{
        code: 'chained-assertion', severity: 'error',
        message: `This token was itself obtained through a federated credential (it carries xms_ficinfo); Entra does not accept such a token as the assertion of another exchange (AADSTS700231). Use the managed identity's own token for ${facts.aud[0]} as the assertion.`,
      }];
    case 700236:
      return [{
        code: 'identity-other-tenant', severity: 'error',
        message: `The token comes from tenant ${facts.entraIssuer?.tenant ?? '?'}, but ${app} lives in tenant ${input.app?.homeTenantId ?? '?'}; Entra accepts a managed identity's token only for apps of the identity's own tenant (AADSTS700236). Use a managed identity in the app's tenant, or an app registered in the identity's tenant.`,
      }];
    case 700027:
      return input.signature === 'invalid'
        ? [{ code: 'bad-signature', severity: 'error', message: "The token's signature does not verify with its issuer's keys; Entra refuses it (AADSTS700027). Pass the token exactly as the managed identity endpoint returned it." }]
        : [];
  }
  if (exactMatch && MISS_CODES.has(verdict.code) && (input.propagating ?? []).length > 0) {
    return [{
      code: 'propagating', severity: 'warning', credential: exactMatch,
      message: `Credential "${exactMatch}" matches this token, but it was created or changed moments ago and Entra still uses what was there before (AADSTS${verdict.code} until then). Changes take from seconds to a few minutes to take effect; wait and retry.`,
    }];
  }
  return [];
}

const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
