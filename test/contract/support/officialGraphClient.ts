// @microsoft/microsoft-graph-client set up for the sandbox as a user's code would set it up:
// ClientSecretCredential (or any credential) from @azure/identity, Graph's own middleware, and a
// last middleware that sends over HTTPS trusting the sandbox CA.
import { ClientSecretCredential, type TokenCredential } from '@azure/identity';
import { AuthenticationHandler, Client, RetryHandler, RetryHandlerOptions, type Context, type Middleware } from '@microsoft/microsoft-graph-client';
import { TokenCredentialAuthenticationProvider } from '@microsoft/microsoft-graph-client/authProviders/azureTokenCredentials';
import type { RunningSandbox } from '../../../src/sandbox';
import { httpsFetch } from './sandbox';

class CaFetchHandler implements Middleware {
  constructor(private readonly fetchImpl: ReturnType<typeof httpsFetch>) {}
  async execute(context: Context): Promise<void> {
    context.response = await this.fetchImpl(context.request as string, context.options as RequestInit);
  }
}

/** A secret credential against the sandbox's token endpoint (its own token cache: a new one per call). */
export function secretCredential(s: RunningSandbox, tenantId: string, clientId: string, secret: string): ClientSecretCredential {
  return new ClientSecretCredential(tenantId, clientId, secret, { authorityHost: s.authority, disableInstanceDiscovery: true, tlsOptions: { ca: s.ca } });
}

export function officialGraphClient(s: RunningSandbox, credential: TokenCredential = secretCredential(s, s.tenants.home, s.admin.clientId, s.admin.clientSecret), version: 'v1.0' | 'beta' = 'v1.0'): Client {
  const authProvider = new TokenCredentialAuthenticationProvider(credential, { scopes: ['https://graph.microsoft.com/.default'] });
  return Client.initWithMiddleware({
    baseUrl: s.authority,
    defaultVersion: version,
    customHosts: new Set([new URL(s.authority).hostname]),
    middleware: [new AuthenticationHandler(authProvider), new RetryHandler(new RetryHandlerOptions(0, 0)), new CaFetchHandler(httpsFetch(s.ca))],
  });
}

/** What graph-client throws for a Graph error: the status and Graph's code. */
export interface GraphClientError {
  statusCode?: number;
  code?: string;
  message?: string;
}

export const isGraphError = (status: number, code?: string) => (e: GraphClientError) =>
  e.statusCode === status && (code === undefined || e.code === code);
