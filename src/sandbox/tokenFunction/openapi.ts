// The OpenAPI document the seed's Functions app serves (OpenAPI extension): /api/openapi/v3.json.
const tokenParams = [
  { name: 'clientId', in: 'query', required: true, description: 'App registration (client) id to get a token for', schema: { type: 'string', format: 'uuid' } },
  { name: 'tenantId', in: 'query', required: true, description: 'Tenant to get the token in (any tenant where the app has a service principal)', schema: { type: 'string' } },
  { name: 'fedScope', in: 'query', required: false, description: 'Scope of the managed identity token used as assertion', schema: { type: 'string', default: 'api://AzureADTokenExchange/.default' } },
  { name: 'scope', in: 'query', required: false, description: 'Scope of the app token', schema: { type: 'string', default: 'https://graph.microsoft.com/.default' } },
];

const appTokenOperation = (operationId: string, summary: string) => ({
  operationId,
  summary,
  tags: ['Token'],
  security: [{ function_key: [] }],
  parameters: tokenParams,
  responses: {
    '200': { description: 'MSAL AuthenticationResult', content: { 'application/json': { schema: { $ref: '#/components/schemas/authenticationResult' } } } },
    '401': { description: 'Missing or wrong function key' },
    '500': { description: 'The exchange failed (no body)' },
  },
});

export function openApiDocument(serverUrl: string): Record<string, unknown> {
  return {
    openapi: '3.0.1',
    info: { title: 'Multi-tenant managed identity token function', version: '1.0.0', description: 'Get tokens for a managed identity, and app tokens using the managed identity as federated credential.' },
    servers: [{ url: `${serverUrl}/api` }],
    paths: {
      '/GetManagedIdentityToken': {
        get: {
          operationId: 'GetManagedIdentityToken',
          summary: 'Token of the function\'s managed identity',
          tags: ['Token'],
          security: [{ function_key: [] }],
          parameters: [{ name: 'scope', in: 'query', required: true, description: 'Scope, e.g. api://AzureADTokenExchange/.default', schema: { type: 'string' } }],
          responses: {
            '200': { description: 'Azure.Core AccessToken', content: { 'application/json': { schema: { $ref: '#/components/schemas/accessToken' } } } },
            '401': { description: 'Missing or wrong function key' },
            '500': { description: 'No token (no body)' },
          },
        },
      },
      '/GetAppTokenUsingManagedIdentity': { get: appTokenOperation('GetAppTokenUsingManagedIdentity', 'App token with the managed identity token as client assertion') },
      '/GetAppTokenUsingManagedIdentityWithLib': { get: appTokenOperation('GetAppTokenUsingManagedIdentityWithLib', 'Same, built with the extension-method library') },
    },
    components: {
      schemas: {
        accessToken: { type: 'object', properties: { token: { type: 'string' }, expiresOn: { type: 'string', format: 'date-time' } } },
        authenticationResult: {
          type: 'object',
          properties: {
            accessToken: { type: 'string' }, expiresOn: { type: 'string', format: 'date-time' }, tenantId: { type: 'string' },
            scopes: { type: 'array', items: { type: 'string' } }, tokenType: { type: 'string' }, correlationId: { type: 'string' },
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
