// Builds a Microsoft Graph client for one tenant: the SDK's authentication handler fed by a
// TokenCredential, then our cancellable retry, then node:https (see httpsMessageHandler.ts).
import * as https from 'node:https';
import { AuthenticationHandler, Client } from '@microsoft/microsoft-graph-client';
import { TokenCredentialAuthenticationProvider } from '@microsoft/microsoft-graph-client/authProviders/azureTokenCredentials';
import type { TokenCredential } from '@azure/identity';
import { HttpsMessageHandler } from './httpsMessageHandler';
import { RetryHandler, defaultRetryPolicy, type RetryPolicy } from './retryHandler';

export interface GraphEndpoint {
  /** e.g. https://graph.microsoft.com, or the sandbox's https://127.0.0.1:port */
  baseUrl: string;
  /** e.g. https://graph.microsoft.com/.default */
  scope: string;
  /** PEM of an extra CA to trust (the sandbox's); undefined for the public clouds. */
  ca?: string;
}

export function createGraphClient(endpoint: GraphEndpoint, credential: TokenCredential, retry: RetryPolicy = defaultRetryPolicy): Client {
  const authProvider = new TokenCredentialAuthenticationProvider(credential, { scopes: [endpoint.scope] });
  const auth = new AuthenticationHandler(authProvider);
  const retryHandler = new RetryHandler(retry);
  const agent = new https.Agent({ keepAlive: true, maxSockets: 8, ca: endpoint.ca });
  auth.setNext(retryHandler);
  retryHandler.setNext(new HttpsMessageHandler(agent));
  const host = new URL(endpoint.baseUrl).hostname;
  return Client.initWithMiddleware({
    middleware: auth,
    baseUrl: endpoint.baseUrl.replace(/\/?$/, '/'),
    defaultVersion: 'v1.0',
    // The SDK attaches the bearer token only to Graph's own hosts and to these.
    customHosts: new Set([host]),
  });
}
