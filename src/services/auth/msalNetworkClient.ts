// msal-node's network client over the extension's transport: an overall deadline per call (not
// only an idle-socket timer), a size cap, an extra CA (the sandbox's) for loopback hosts only —
// msal's default client trusts only the system store, and the CA must never be process-wide
// (NODE_TLS_REJECT_UNAUTHORIZED would weaken every connection of the host).
import type { INetworkModule, NetworkRequestOptions, NetworkResponse } from '@azure/msal-node';
import { retryWhileBusy } from '../busyRetry';
import { readJson, sendHttp } from '../http/transport';
import type { RetryClock } from '../http/retryPolicy';

/** Token and metadata answers are small and quick; a minute-long wait is already a failure. */
export const MSAL_DEADLINE_MS = 30_000;
const MAX_BODY_BYTES = 1024 * 1024;

export interface MsalNetworkOptions {
  /** Ends a pending call and any busy-retry wait (msal-node itself cannot be cancelled). */
  signal?: AbortSignal;
  deadlineMs?: number;
  clock?: RetryClock;
}

export function createMsalNetworkClient(ca: string | undefined, options: MsalNetworkOptions = {}): INetworkModule {
  const send = async <T>(method: 'GET' | 'POST', url: string, request?: NetworkRequestOptions, timeoutMs?: number): Promise<NetworkResponse<T>> => {
    const answer = await sendHttp({
      url,
      method,
      headers: { ...(request?.headers ?? {}) },
      body: request?.body,
      ca,
      deadlineMs: timeoutMs ?? options.deadlineMs ?? MSAL_DEADLINE_MS,
      maxBodyBytes: MAX_BODY_BYTES,
      signal: options.signal,
    });
    // msal reports a non-JSON body itself, with the status.
    const body = answer.body.length === 0 ? {} : readJson(answer);
    return { status: answer.status, headers: answer.headers, body: body as T };
  };
  // msal-node does not retry a throttled or unavailable token request (and then refuses every
  // call for the Retry-After period): 429 and 503 are retried here, below it.
  const retrying = { signal: options.signal, clock: options.clock };
  return {
    sendGetRequestAsync: (url, request, timeout) => retryWhileBusy(() => send('GET', url, request, timeout), retrying),
    sendPostRequestAsync: (url, request) => retryWhileBusy(() => send('POST', url, request), retrying),
  };
}
