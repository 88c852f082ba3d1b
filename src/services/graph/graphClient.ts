// Builds a Microsoft Graph client for one tenant: the SDK's authentication handler fed by a
// TokenCredential, then the extension's transport with its retry policy (transportHandler.ts).
import type { Client } from '@microsoft/microsoft-graph-client';
import type { TokenCredential } from '@azure/identity';
import type { RetryClock, RetryPolicy } from '../http/retryPolicy';
import { loadSdk } from '../loadSdk';
import { GraphTransportHandler } from './transportHandler';

export interface GraphEndpoint {
  /** e.g. https://graph.microsoft.com, or the sandbox's https://127.0.0.1:port */
  baseUrl: string;
  /** e.g. https://graph.microsoft.com/.default */
  scope: string;
  /** PEM of an extra CA to trust (the sandbox's); offered to loopback hosts only. */
  ca?: string;
}

export interface GraphClientOptions {
  /** Deadline of each try, connect to the last byte of the answer (60 s when omitted). */
  deadlineMs?: number;
  /** Time and waits of the retry policy; tests pass a recording clock. */
  clock?: RetryClock;
}

export function createGraphClient(endpoint: GraphEndpoint, credential: TokenCredential, retry?: RetryPolicy, options: GraphClientOptions = {}): Client {
  // graph-client is in the SDK bundle, loaded with the first client.
  const { AuthenticationHandler, Client, TokenCredentialAuthenticationProvider } = loadSdk();
  const authProvider = new TokenCredentialAuthenticationProvider(credential, { scopes: [endpoint.scope] });
  const auth = new AuthenticationHandler(authProvider);
  auth.setNext(new GraphTransportHandler({ ca: endpoint.ca, policy: retry, clock: options.clock, deadlineMs: options.deadlineMs }));
  const host = new URL(endpoint.baseUrl).hostname;
  return Client.initWithMiddleware({
    middleware: auth,
    baseUrl: endpoint.baseUrl.replace(/\/?$/, '/'),
    defaultVersion: 'v1.0',
    // The SDK attaches the bearer token only to Graph's own hosts and to these.
    customHosts: new Set([host]),
  });
}
