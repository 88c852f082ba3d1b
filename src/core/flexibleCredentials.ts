// Flexible federated credentials: a claims matching expression (Graph /beta) instead of a
// subject. Microsoft documents them for tokens of GitHub Actions (also GitHub Enterprise's
// `…/{enterprise}` issuer), GitLab.com and Terraform Cloud only: no Entra issuer, so no managed
// identity, takes one. Both the create-time checks and the tenant report judge issuers here.
import type { FederatedIdentityCredential } from '@microsoft/microsoft-graph-types';

export const FLEXIBLE_ISSUER_ORIGINS: readonly string[] = ['https://token.actions.githubusercontent.com', 'https://gitlab.com', 'https://app.terraform.io'];

/**
 * A flexible credential has an expression instead of a subject. Graph v1.0 does not know the
 * expression and lists such a credential with `subject: null`, so a missing subject says the same.
 */
export function isFlexible(fic: FederatedIdentityCredential): boolean {
  const expression = (fic as { claimsMatchingExpression?: unknown }).claimsMatchingExpression;
  if (expression !== undefined && expression !== null) return true;
  return fic.subject === null || fic.subject === undefined;
}

/** Whether tokens of this issuer may be matched by a claims expression. */
export function supportsFlexibleCredentials(issuer: string): boolean {
  let url: URL;
  try {
    url = new URL(issuer.trim());
  } catch {
    return false;
  }
  if (!FLEXIBLE_ISSUER_ORIGINS.includes(url.origin.toLowerCase())) return false;
  // GitHub Enterprise issuers add the enterprise's slug: https://token.actions.githubusercontent.com/{slug}.
  return url.pathname === '/' || url.pathname === '' || (url.hostname === 'token.actions.githubusercontent.com' && /^\/[^/]+\/?$/.test(url.pathname));
}
