// The function app's HTTP functions: one table that both the Functions registration
// (src/functions/tokenEndpoints.ts) and any other host of these handlers read, so names, routes,
// methods and key requirements cannot drift apart.
import type { HttpRequest, HttpResponseInit, InvocationContext } from '@azure/functions';
import { getAppTokenUsingManagedIdentity, getAppTokenUsingManagedIdentityWithLib } from './getAppToken';
import { getManagedIdentityToken } from './getManagedIdentityToken';
import { openApi } from './openApi';

/** Every handler is a plain function of the request: any host can run it, not only Functions. */
export type TokenFunctionHandler = (request: HttpRequest, context: InvocationContext) => Promise<HttpResponseInit>;

export interface TokenFunctionRoute {
  /** Function name; also the route under /api unless `route` is given. */
  name: string;
  route?: string;
  methods: Array<'GET' | 'POST'>;
  /** `function`: the caller must send a function key (`code` query parameter or `x-functions-key` header). */
  authLevel: 'function' | 'anonymous';
  handler: TokenFunctionHandler;
}

export const TOKEN_FUNCTION_ROUTES: readonly TokenFunctionRoute[] = [
  { name: 'GetManagedIdentityToken', methods: ['GET', 'POST'], authLevel: 'function', handler: getManagedIdentityToken },
  { name: 'GetAppTokenUsingManagedIdentity', methods: ['GET', 'POST'], authLevel: 'function', handler: getAppTokenUsingManagedIdentity },
  { name: 'GetAppTokenUsingManagedIdentityWithLib', methods: ['GET', 'POST'], authLevel: 'function', handler: getAppTokenUsingManagedIdentityWithLib },
  { name: 'OpenApiDocument', route: 'openapi/v3.json', methods: ['GET'], authLevel: 'anonymous', handler: openApi },
];
