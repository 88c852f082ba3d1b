// Turns whatever a Graph call threw (the SDK's GraphError, a network error, a $batch
// sub-response) into one typed error with Graph's status, code, message and request id.
export class GraphRequestError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly requestId?: string,
  ) {
    super(message);
    this.name = 'GraphRequestError';
  }
}

interface GraphErrorBody {
  error?: { code?: string; message?: string; innerError?: { 'request-id'?: string } };
}

export function toGraphError(e: unknown): GraphRequestError {
  if (e instanceof GraphRequestError) return e;
  const thrown = e as { statusCode?: number; code?: string; message?: string; requestId?: string; body?: unknown; name?: string };
  if (thrown?.name === 'AbortError') throw e; // cancellation is not a Graph error
  const body = parseBody(thrown?.body);
  const status = typeof thrown?.statusCode === 'number' && thrown.statusCode > 0 ? thrown.statusCode : 0;
  if (status === 0) {
    const reason = thrown?.code && /^E[A-Z]+$/.test(thrown.code) ? `${thrown.code}: ` : '';
    return new GraphRequestError(0, thrown?.code ?? 'NetworkError', `Could not reach Microsoft Graph (${reason}${thrown?.message ?? String(e)}).`);
  }
  const code = body?.error?.code ?? thrown.code ?? `HTTP${status}`;
  const message = body?.error?.message ?? thrown.message ?? `Graph answered ${status}.`;
  return new GraphRequestError(status, code, message, body?.error?.innerError?.['request-id'] ?? thrown.requestId);
}

function parseBody(body: unknown): GraphErrorBody | undefined {
  if (typeof body === 'string') {
    try {
      return JSON.parse(body) as GraphErrorBody;
    } catch {
      return undefined;
    }
  }
  return body && typeof body === 'object' ? (body as GraphErrorBody) : undefined;
}
