// Graph requests and responses as plain values, so the same handlers serve HTTP and $batch.
import type { Tenant } from '../directory';
import type { SandboxState } from '../state';

export interface GraphRequest {
  method: string;
  /** Path after the version segment, still percent-encoded: `/applications`. */
  path: string;
  rawQuery: string;
  /** Lower-case header names. */
  headers: Record<string, string | undefined>;
  body?: Buffer;
  version: 'v1.0' | 'beta';
  batch?: boolean;
}

export interface GraphResponse {
  status: number;
  headers?: Record<string, string>;
  /** A JSON value, or a string for text/plain answers (`$count`). */
  body?: unknown;
}

export interface Principal {
  kind: 'app' | 'user';
  /** App id of the caller (azp/appid). */
  clientId: string;
  /** Object id of the caller in the tenant (user or service principal). */
  objectId: string;
  permissions: string[];
}

export interface GraphCtx {
  state: SandboxState;
  req: GraphRequest;
  tenant: Tenant;
  principal: Principal;
  /** Base URL for links: `{authority}/v1.0`. */
  base: string;
}

export class GraphError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

export const notFound = (what: string) =>
  new GraphError(404, 'Request_ResourceNotFound', `Resource '${what}' does not exist or one of its queried reference-property objects are not present.`);
export const badRequest = (message: string, code = 'Request_BadRequest') => new GraphError(400, code, message);
export const unsupportedQuery = (message: string) => new GraphError(400, 'Request_UnsupportedQuery', message);
