// The OpenAPI v3 document at /api/openapi/v3.json, anonymous like the original's OpenAPI
// extension serves it: tools (the Managed Identity Federation extension among them) read the
// endpoint list and parameters from it. The function key is described, never included.
import type { HttpRequest, HttpResponseInit, InvocationContext } from '@azure/functions';

const tokenParameters = [
  { name: 'clientId', in: 'query', required: true, description: 'App registration (client) id to get a token for', schema: { type: 'string', format: 'uuid' } },
  { name: 'tenantId', in: 'query', required: true, description: 'Tenant to get the token in (any tenant where the app has a service principal)', schema: { type: 'string' } },
  { name: 'fedScope', in: 'query', required: false, description: 'Scope of the managed identity token used as assertion', schema: { type: 'string', default: 'api://AzureADTokenExchange/.default' } },
  { name: 'scope', in: 'query', required: false, description: 'Scope of the app token', schema: { type: 'string', default: 'https://graph.microsoft.com/.default' } },
];

const failure = {
  description: "The token request failed: Entra's error (error, error_description, error_codes) and the step that failed",
  content: { 'application/json': { schema: { $ref: '#/components/schemas/tokenError' } } },
};

const denied = { description: 'Missing or wrong function key' };

function operation(operationId: string, summary: string, parameters: unknown[], resultSchema: string, resultDescription: string) {
  return {
    operationId,
    summary,
    tags: ['Token'],
    security: [{ function_key: [] }, { function_key_header: [] }],
    parameters,
    responses: {
      '200': { description: resultDescription, content: { 'application/json': { schema: { $ref: `#/components/schemas/${resultSchema}` } } } },
      '400': { description: 'A required parameter is missing' },
      '401': denied,
      '500': failure,
    },
  };
}

/** Both methods, as the original accepts GET and POST alike. */
function getAndPost(op: Record<string, unknown>) {
  return { get: op, post: { ...op, operationId: `${String(op.operationId)}Post` } };
}

export function openApiDocument(serverUrl: string): Record<string, unknown> {
  return {
    openapi: '3.0.1',
    info: {
      title: 'Multi-tenant managed identity token function',
      version: '1.0.0',
      description: 'Get tokens for a managed identity, and app tokens using the managed identity as federated credential.',
    },
    servers: [{ url: `${serverUrl}/api` }],
    paths: {
      '/GetManagedIdentityToken': getAndPost(
        operation(
          'GetManagedIdentityToken',
          "Token of the function's managed identity",
          [{ name: 'scope', in: 'query', required: true, description: 'Scope, e.g. api://AzureADTokenExchange/.default', schema: { type: 'string' } }],
          'accessToken',
          'Azure.Core AccessToken',
        ),
      ),
      '/GetAppTokenUsingManagedIdentity': getAndPost(
        operation('GetAppTokenUsingManagedIdentity', 'App token with the managed identity token as client assertion', tokenParameters, 'authenticationResult', 'MSAL AuthenticationResult'),
      ),
      '/GetAppTokenUsingManagedIdentityWithLib': getAndPost(
        operation('GetAppTokenUsingManagedIdentityWithLib', 'Same, through the ClientAssertionCredential of @azure/identity', tokenParameters, 'authenticationResult', 'MSAL AuthenticationResult'),
      ),
    },
    components: {
      schemas: {
        accessToken: { type: 'object', properties: { token: { type: 'string' }, expiresOn: { type: 'string', format: 'date-time' } } },
        authenticationResult: {
          type: 'object',
          properties: {
            accessToken: { type: 'string' },
            expiresOn: { type: 'string', format: 'date-time' },
            tenantId: { type: 'string' },
            scopes: { type: 'array', items: { type: 'string' } },
            tokenType: { type: 'string' },
            correlationId: { type: 'string' },
          },
        },
        tokenError: {
          type: 'object',
          properties: {
            error: { type: 'string' },
            error_description: { type: 'string' },
            error_codes: { type: 'array', items: { type: 'integer' } },
            timestamp: { type: 'string' },
            trace_id: { type: 'string' },
            correlation_id: { type: 'string' },
            stage: { type: 'string', enum: ['managedIdentity', 'exchange'] },
          },
        },
      },
      securitySchemes: {
        function_key: { type: 'apiKey', name: 'code', in: 'query' },
        function_key_header: { type: 'apiKey', name: 'x-functions-key', in: 'header' },
      },
    },
  };
}

export async function openApi(request: HttpRequest, _context: InvocationContext): Promise<HttpResponseInit> {
  // The document names the host it is served from, whatever the app's name or custom domain.
  return { status: 200, jsonBody: openApiDocument(new URL(request.url).origin) };
}
