// Talks to one deployed token function: finds its endpoints and calls them. The key travels in
// the `x-functions-key` header (never in the URL, so no URL the extension logs carries it).
import { TokenFunctionError } from '../../core/errors';
import { retryWhileBusy } from '../busyRetry';
import { endpointsFromOpenApi } from './discovery';
import { DEFAULT_TIMEOUT_MS, httpRequest, type HttpResponse } from './http';
import { keyProbeOf, type KeyProbe } from './exposure';
import { tokenErrorFromAnswer } from './jsonError';
import { parseInvokeResult } from './results';
import { endpointUrl } from './url';
import { KNOWN_ENDPOINTS, type AppTokenResult, type Discovery, type EndpointInfo, type InvokeResult, type ManagedIdentityTokenResult } from './types';

export interface TokenFunctionClientOptions {
  /** PEM of an extra CA (the sandbox's); used for loopback hosts only. */
  ca?: string;
  timeoutMs?: number;
}

const DOCUMENTS = [
  { path: '/api/openapi/v3.json', label: 'OpenAPI v3' },
  { path: '/api/swagger.json', label: 'Swagger' },
] as const;

export class TokenFunctionClient {
  constructor(
    readonly baseUrl: string,
    private readonly key: string | undefined,
    private readonly options: TokenFunctionClientOptions = {},
  ) {}

  /**
   * The OpenAPI v3 document, then Swagger 2, then the three endpoint names of the original proof of concept. A function
   * that cannot be reached at all fails here (network, timeout); a missing document does not.
   */
  async discover(signal?: AbortSignal): Promise<Discovery> {
    const misses: string[] = [];
    for (const doc of DOCUMENTS) {
      const response = await this.send(endpointUrl(this.baseUrl, doc.path, {}), signal);
      if (response.status < 200 || response.status >= 300) {
        misses.push(`${doc.label}: HTTP ${response.status}`);
        continue;
      }
      let parsed: unknown;
      try {
        parsed = JSON.parse(response.text);
      } catch {
        misses.push(`${doc.label}: not JSON`);
        continue;
      }
      const found = endpointsFromOpenApi(parsed);
      if (found && found.endpoints.length > 0) return { endpoints: found.endpoints, source: found.version, keyProbe: await this.probeWithoutKey(found.endpoints, signal) };
      misses.push(`${doc.label}: no endpoints`);
    }
    const endpoints = KNOWN_ENDPOINTS.map((e) => ({ ...e, parameters: [...e.parameters] }));
    return { endpoints, source: 'known-names', note: misses.join('; '), keyProbe: await this.probeWithoutKey(endpoints, signal) };
  }

  /**
   * Asks the managed identity's endpoint without the key and without parameters: cheap (the
   * function, if it runs, refuses the missing scope before asking for a token), and it tells a
   * function that requires its key from one that hands tokens to anyone.
   */
  async probeWithoutKey(endpoints: readonly EndpointInfo[], signal?: AbortSignal): Promise<KeyProbe> {
    const target = endpoints.find((e) => e.kind === 'managedIdentityToken') ?? KNOWN_ENDPOINTS[0];
    try {
      const response = await httpRequest({ url: endpointUrl(this.baseUrl, target.path, {}), method: target.methods.includes('GET') ? 'GET' : 'POST', ca: this.options.ca, timeoutMs: this.options.timeoutMs ?? DEFAULT_TIMEOUT_MS, signal });
      return keyProbeOf(response.status);
    } catch (e) {
      if (signal?.aborted) throw e;
      return 'unknown';
    }
  }

  /** Calls an endpoint with its parameters and reads the answer according to its kind. */
  async invoke(endpoint: EndpointInfo, parameters: Record<string, string>, signal?: AbortSignal): Promise<InvokeResult> {
    const query: Record<string, string> = {};
    const headers: Record<string, string> = {};
    let path = endpoint.path;
    for (const [name, value] of Object.entries(parameters)) {
      const where = endpoint.parameters.find((p) => p.name === name)?.in ?? 'query';
      if (where === 'header') headers[name] = value;
      else if (where === 'path') path = path.replace(`{${name}}`, encodeURIComponent(value));
      else query[name] = value;
    }
    const method = endpoint.methods.includes('GET') ? 'GET' : 'POST';
    const response = await this.send(endpointUrl(this.baseUrl, path, query), signal, method, headers);
    if (response.status < 200 || response.status >= 300) throw failure(response, endpoint.name);
    return parseInvokeResult(endpoint.kind, response.text, response.status, this.key ? [this.key] : []);
  }

  /** `GetManagedIdentityToken?scope=…`: the managed identity's own token. */
  async managedIdentityToken(scope: string, signal?: AbortSignal, endpoint?: EndpointInfo): Promise<ManagedIdentityTokenResult> {
    const target = endpoint ?? KNOWN_ENDPOINTS[0];
    const result = await this.invoke({ ...target, kind: 'managedIdentityToken' }, { scope }, signal);
    return result as ManagedIdentityTokenResult;
  }

  /** One of the app-token endpoints. */
  async appToken(endpoint: EndpointInfo, parameters: { clientId: string; tenantId: string; fedScope: string; scope: string }, signal?: AbortSignal): Promise<AppTokenResult> {
    const result = await this.invoke({ ...endpoint, kind: 'appToken' }, parameters, signal);
    return result as AppTokenResult;
  }

  private send(url: string, signal: AbortSignal | undefined, method: 'GET' | 'POST' = 'GET', extra: Record<string, string> = {}): Promise<HttpResponse> {
    const headers: Record<string, string> = { ...extra };
    if (this.key) headers['x-functions-key'] = this.key;
    // A busy function (429, 503) did not run the call: asking again is safe.
    return retryWhileBusy(() => httpRequest({ url, method, headers, ca: this.options.ca, timeoutMs: this.options.timeoutMs ?? DEFAULT_TIMEOUT_MS, signal }), { signal });
  }
}

/**
 * A non-2xx answer as the error a person can act on. A body that is Entra's OAuth error (the
 * token function project's JSON error, or any function passing it through) becomes a
 * TokenError, so the doctor can explain its AADSTS code.
 */
function failure(response: HttpResponse, endpoint: string): Error {
  const oauth = tokenErrorFromAnswer(response.text, response.status);
  if (oauth) return oauth;
  return TokenFunctionError.fromResponse(response.status, response.text, endpoint);
}
