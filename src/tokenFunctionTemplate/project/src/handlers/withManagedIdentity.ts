// The TypeScript form of the original proof of concept's `WithManagedIdentity(...)` extension
// method: an MSAL confidential client whose client assertion is the managed identity's token
// for the exchange audience. No secret or certificate exists anywhere.
import { ConfidentialClientApplication, type AuthenticationResult } from '@azure/msal-node';
import { managedIdentityToken } from './managedIdentity';
import { settings } from './settings';

export interface AppTokenRequest {
  /** The app registration that holds the federated credential. */
  clientId: string;
  /** Any tenant where the app has a service principal. */
  tenantId: string;
  /** Scope of the managed identity's token: the credential's audience + `/.default`. */
  fedScope: string;
  /** Scope of the app token. */
  scope: string;
}

export function confidentialClientWithManagedIdentity(request: Omit<AppTokenRequest, 'scope'>, signal?: AbortSignal): ConfidentialClientApplication {
  const { authorityHost, customAuthorityHost } = settings();
  return new ConfidentialClientApplication({
    auth: {
      clientId: request.clientId,
      authority: `${authorityHost}/${request.tenantId}`,
      // MSAL trusts only Microsoft's hosts without asking them; any other host must be named.
      ...(customAuthorityHost ? { knownAuthorities: [new URL(authorityHost).host] } : {}),
      // Called for every token request MSAL sends; the identity's credential caches its token.
      clientAssertion: async () => (await managedIdentityToken(request.fedScope, signal)).token,
    },
  });
}

/** `signal` stops the identity's part; MSAL's own request has no signal and is left to finish. */
export async function acquireAppTokenWithManagedIdentity(request: AppTokenRequest, signal?: AbortSignal): Promise<AuthenticationResult> {
  const result = await confidentialClientWithManagedIdentity(request, signal).acquireTokenByClientCredential({ scopes: [request.scope] });
  if (!result) throw new Error('MSAL returned no token.');
  return result;
}
