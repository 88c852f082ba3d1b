// An msal-node network client over node:https with an optional extra CA. msal's default client
// trusts only the system store, and the sandbox tenant's CA must be trusted per client, never
// process-wide (NODE_TLS_REJECT_UNAUTHORIZED would weaken every connection of the host).
import * as https from 'node:https';
import type { INetworkModule, NetworkRequestOptions, NetworkResponse } from '@azure/msal-node';
import { retryWhileBusy } from '../busyRetry';

export function createMsalNetworkClient(ca: string | undefined): INetworkModule {
  const agent = new https.Agent({ keepAlive: true, ca });
  const send = <T>(method: 'GET' | 'POST', url: string, options?: NetworkRequestOptions, timeoutMs = 30_000) =>
    new Promise<NetworkResponse<T>>((resolve, reject) => {
      const headers: Record<string, string> = { ...(options?.headers ?? {}) };
      if (options?.body !== undefined) headers['content-length'] = String(Buffer.byteLength(options.body));
      const request = https.request(url, { method, headers, agent, timeout: timeoutMs }, (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (c: Buffer) => chunks.push(c));
        response.on('error', reject);
        response.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let body: unknown = text;
          try {
            body = text ? JSON.parse(text) : {};
          } catch {
            // msal reports a non-JSON body itself, with the status.
          }
          const flat: Record<string, string> = {};
          for (const [k, v] of Object.entries(response.headers)) if (v !== undefined) flat[k] = Array.isArray(v) ? v.join(', ') : v;
          resolve({ status: response.statusCode ?? 500, headers: flat, body: body as T });
        });
      });
      request.on('timeout', () => request.destroy(new Error(`No answer from ${new URL(url).host} within ${timeoutMs / 1000} s.`)));
      request.on('error', reject);
      request.end(options?.body);
    });
  // msal-node does not retry a throttled or unavailable token request (and then refuses every
  // call for the Retry-After period): 429 and 503 are retried here, below it.
  return {
    sendGetRequestAsync: (url, options, timeout) => retryWhileBusy(() => send('GET', url, options, timeout)),
    sendPostRequestAsync: (url, options) => retryWhileBusy(() => send('POST', url, options)),
  };
}
