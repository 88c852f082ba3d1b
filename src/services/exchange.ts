// The TypeScript form of the original proof of concept's `WithManagedIdentity`: an msal-node confidential client
// whose client assertion is a managed identity's token, so an app registration gets tokens in
// any tenant where it is provisioned without a secret or certificate anywhere.
//
//   const result = await exchangeWithManagedIdentity({
//     authorityHost: 'https://login.microsoftonline.com',
//     tenantId: targetTenant, clientId: app.appId,
//     getAssertion: tokenFunctionAssertion(client, 'api://AzureADTokenExchange/.default'),
//   });
//
// Failures of the token endpoint are thrown as TokenError with every AADSTS code of the answer's
// `error_codes` (msal itself keeps only the first), ready for `explainTokenError` and the doctor.
import type { ConfidentialClientApplication, INetworkModule, NetworkResponse } from '@azure/msal-node';
import { GRAPH_DEFAULT_SCOPE } from '../shared/entraFacts';
import { CancelledError, MiFederationError, TokenError } from '../core/errors';
import { createMsalNetworkClient } from './auth/msalNetworkClient';
import { loadSdk } from './loadSdk';

export const DEFAULT_APP_SCOPE = GRAPH_DEFAULT_SCOPE;

export interface ManagedIdentityExchangeOptions {
  /** Authority host without tenant: `https://login.microsoftonline.com`, or the sandbox's base URL. */
  authorityHost: string;
  /** Tenant to get the app token in (any tenant where the app has a service principal). */
  tenantId: string;
  /** Client id of the app registration that holds the federated credential. */
  clientId: string;
  /** Scope of the app token; `https://graph.microsoft.com/.default` when omitted. */
  scope?: string;
  /**
   * Returns the managed identity's token for the credential's audience (the client assertion).
   * Called once per exchange; keep the token it returns if you want to diagnose a failure.
   */
  getAssertion: (signal?: AbortSignal) => Promise<string>;
  /** Extra CA (PEM) for a local authority such as the sandbox tenant. */
  ca?: string;
  /** Authority hosts (with port) msal must trust without instance discovery. */
  knownAuthorities?: string[];
  signal?: AbortSignal;
}

export interface ExchangeResult {
  accessToken: string;
  expiresOn?: Date;
  tenantId?: string;
  scopes: string[];
  tokenType: string;
  correlationId?: string;
  /** The managed identity's token that was sent as the client assertion. */
  assertion: string;
}

/** The exchange failed before or after reaching the token endpoint, without an OAuth error. */
export class ExchangeError extends MiFederationError {
  override readonly name = 'ExchangeError';
}

export async function exchangeWithManagedIdentity(options: ManagedIdentityExchangeOptions): Promise<ExchangeResult> {
  const { signal } = options;
  if (signal?.aborted) throw new CancelledError();
  const scope = options.scope || DEFAULT_APP_SCOPE;
  const captured: { error?: TokenError } = {};
  let assertion: string | undefined;
  let assertionError: unknown;

  // msal-node is loaded on first use: activation stays cheap.
  const msal = loadSdk();
  const app: ConfidentialClientApplication = new msal.ConfidentialClientApplication({
    auth: {
      clientId: options.clientId,
      authority: `${options.authorityHost.replace(/\/+$/, '')}/${options.tenantId}`,
      ...(options.knownAuthorities?.length ? { knownAuthorities: options.knownAuthorities } : {}),
      clientAssertion: async () => {
        try {
          assertion = await options.getAssertion(signal);
          return assertion;
        } catch (e) {
          assertionError = e;
          throw e;
        }
      },
    },
    system: { networkClient: capturingNetworkClient(createMsalNetworkClient(options.ca, { signal }), captured) },
  });

  const acquire = app.acquireTokenByClientCredential({ scopes: [scope], skipCache: true });
  let result: Awaited<typeof acquire>;
  try {
    result = await raceAbort(acquire, signal);
  } catch (e) {
    if (e instanceof CancelledError) throw e;
    if (assertionError !== undefined) throw assertionError;
    if (captured.error) throw captured.error;
    throw fromMsalError(e);
  }
  if (!result?.accessToken || assertion === undefined) throw new ExchangeError('The token endpoint answered without an access token.');
  return {
    accessToken: result.accessToken,
    ...(result.expiresOn ? { expiresOn: result.expiresOn } : {}),
    ...(result.tenantId ? { tenantId: result.tenantId } : {}),
    scopes: result.scopes,
    tokenType: result.tokenType,
    ...(result.correlationId ? { correlationId: result.correlationId } : {}),
    assertion,
  };
}

/** The client assertion from a token function's `GetManagedIdentityToken`. */
export function tokenFunctionAssertion(
  client: { managedIdentityToken(scope: string, signal?: AbortSignal): Promise<{ token: string }> },
  fedScope: string,
): (signal?: AbortSignal) => Promise<string> {
  return async (signal) => (await client.managedIdentityToken(fedScope, signal)).token;
}

/**
 * Keeps the last OAuth error body the token or metadata endpoints answered, so the caller sees
 * all of `error_codes`, the trace and correlation ids, not msal's flattened message.
 */
function capturingNetworkClient(inner: INetworkModule, captured: { error?: TokenError }): INetworkModule {
  const remember = <T>(response: NetworkResponse<T>): NetworkResponse<T> => {
    if (response.status >= 400) {
      const error = TokenError.fromResponseBody(response.body, response.status);
      if (error) captured.error = error;
    }
    return response;
  };
  return {
    sendGetRequestAsync: async (url, options, timeout) => remember(await inner.sendGetRequestAsync(url, options, timeout)),
    sendPostRequestAsync: async (url, options) => remember(await inner.sendPostRequestAsync(url, options)),
  };
}

function fromMsalError(e: unknown): Error {
  const error = e as { errorCode?: unknown; errorNo?: unknown; errorMessage?: unknown; message?: unknown; status?: unknown };
  // A ServerError whose body was not captured still carries the first code in errorNo.
  const code = Number(error?.errorNo);
  if (typeof error?.errorCode === 'string' && Number.isInteger(code) && code > 0) {
    const description = typeof error.errorMessage === 'string' ? error.errorMessage : String(error.message ?? '');
    return new TokenError(error.errorCode, [code], description, {}, typeof error.status === 'number' ? error.status : undefined);
  }
  const message = typeof error?.errorMessage === 'string' && error.errorMessage ? error.errorMessage : e instanceof Error ? e.message : String(e);
  return new ExchangeError(`The exchange failed: ${message}`, { cause: e });
}

function raceAbort<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return promise;
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(new CancelledError());
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (v) => {
        signal.removeEventListener('abort', onAbort);
        resolve(v);
      },
      (e) => {
        signal.removeEventListener('abort', onAbort);
        reject(e);
      },
    );
  });
}
