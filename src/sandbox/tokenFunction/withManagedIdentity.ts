// The TypeScript counterpart of the seed's extension-method library
// (`ConfidentialClientApplicationBuilder.WithManagedIdentity(...)`): a confidential client whose
// client assertion is the managed identity's token for the exchange audience.
import type { TokenCredential } from '@azure/identity';
import { ConfidentialClientApplication, type AuthenticationResult } from '@azure/msal-node';

export interface ManagedIdentityAppTokenRequest {
  /** Authority host, e.g. https://login.microsoftonline.com (or the sandbox's). */
  authorityHost: string;
  tenantId: string;
  clientId: string;
  credential: TokenCredential;
  /** Scope of the managed identity token: the exchange audience + /.default. */
  fedScope: string;
  scope: string;
}

export function confidentialClientWithManagedIdentity(r: Omit<ManagedIdentityAppTokenRequest, 'scope'>): ConfidentialClientApplication {
  const host = new URL(r.authorityHost).host;
  const isPublicCloud = host === 'login.microsoftonline.com';
  return new ConfidentialClientApplication({
    auth: {
      clientId: r.clientId,
      authority: `${r.authorityHost.replace(/\/+$/, '')}/${r.tenantId}`,
      ...(isPublicCloud ? {} : { knownAuthorities: [host] }),
      clientAssertion: async () => {
        const token = await r.credential.getToken(r.fedScope);
        if (!token) throw new Error('The managed identity returned no token.');
        return token.token;
      },
    },
  });
}

export async function acquireAppTokenWithManagedIdentity(r: ManagedIdentityAppTokenRequest): Promise<AuthenticationResult | null> {
  return confidentialClientWithManagedIdentity(r).acquireTokenByClientCredential({ scopes: [r.scope] });
}
