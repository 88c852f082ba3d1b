// The extension's one transport; see transport.ts and retryPolicy.ts.
export { DEFAULT_DEADLINE_MS, DEFAULT_MAX_BODY_BYTES, readJson, requestOptionsFor, sendHttp, type TransportRequest, type TransportResponse } from './transport';
export { TransportError, type TransportFailure } from './transportError';
export { isLoopbackHost, caForUrl } from './loopback';
export { agentCa, agentFor } from './agents';
export {
  busyRetryPolicy,
  cappedRetryAfter,
  graphRetryPolicy,
  parseRetryAfter,
  realClock,
  retryDelay,
  withRetries,
  type RetryClock,
  type RetryOptions,
  type RetryPolicy,
} from './retryPolicy';
