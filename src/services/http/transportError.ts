// What the transport throws when no complete answer arrived: the deadline passed, the
// connection failed, or the answer was larger than the caller allows. Cancellation is a
// CancelledError instead, so callers never mistake a user's Cancel for a failure.
import { MiFederationError } from '../../core/errors';

export type TransportFailure = 'timeout' | 'network' | 'tooLarge';

export class TransportError extends MiFederationError {
  override readonly name = 'TransportError';
  constructor(
    readonly kind: TransportFailure,
    message: string,
    /** The system code (ECONNRESET, ECONNREFUSED…), 'ETIMEDOUT' for a passed deadline. */
    readonly code: string,
    readonly host: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }

  /** True when the request certainly never reached the server (nothing can have been applied). */
  get neverSent(): boolean {
    return this.code === 'ECONNREFUSED' || this.code === 'ENOTFOUND' || this.code === 'EAI_AGAIN';
  }
}

const HINTS: Record<string, string> = {
  ECONNREFUSED: 'nothing is listening there',
  ENOTFOUND: 'the host name does not resolve',
  EAI_AGAIN: 'the host name could not be resolved right now',
  ECONNRESET: 'the connection was reset',
  EPIPE: 'the connection was closed while sending',
  ETIMEDOUT: 'the connection timed out',
  DEPTH_ZERO_SELF_SIGNED_CERT: 'its certificate is self-signed and not trusted',
  SELF_SIGNED_CERT_IN_CHAIN: 'its certificate chain is not trusted',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'its certificate could not be verified',
  CERT_HAS_EXPIRED: 'its certificate has expired',
  ERR_TLS_CERT_ALTNAME_INVALID: 'its certificate is for another host name',
};

export function networkFailure(e: unknown, host: string): TransportError {
  const raw = (e as { code?: unknown })?.code;
  const code = typeof raw === 'string' ? raw : 'ECONNRESET';
  const hint = HINTS[code] ?? (e instanceof Error ? e.message : String(e));
  return new TransportError('network', `Could not reach ${host}: ${hint}.`, code, host, { cause: e });
}

export function deadlineFailure(host: string, deadlineMs: number): TransportError {
  return new TransportError('timeout', `${host} did not answer within ${formatMs(deadlineMs)}.`, 'ETIMEDOUT', host);
}

export function tooLargeFailure(host: string, maxBytes: number): TransportError {
  return new TransportError('tooLarge', `The answer from ${host} is larger than ${Math.round(maxBytes / 1024)} KB and was not read.`, 'ETOOLARGE', host);
}

export function formatMs(ms: number): string {
  return ms >= 1000 ? `${Math.round(ms / 100) / 10} s` : `${ms} ms`;
}
