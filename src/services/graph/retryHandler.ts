// Kept for callers of the earlier Graph retry middleware: the retry policy now lives in the one
// transport (services/http/retryPolicy.ts) and runs inside GraphTransportHandler.
import type { MiddlewareOptions } from '@microsoft/microsoft-graph-client';
import { graphRetryPolicy, type RetryPolicy as TransportRetryPolicy } from '../http/retryPolicy';

export { parseRetryAfter } from '../http/retryPolicy';

export type RetryPolicy = TransportRetryPolicy;
export const defaultRetryPolicy: RetryPolicy = graphRetryPolicy;

/**
 * @deprecated Pass `new GraphCallOptions({ sendOnce: true })` (transportHandler.ts). Still
 * honoured: a request carrying it is resent only after a 429.
 */
export class SendOnce implements MiddlewareOptions {}
