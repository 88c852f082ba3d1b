// What the extension knows about a deployed token function: where it is, which endpoints it
// has (discovered from its OpenAPI document) and what those endpoints return. The function
// key is deliberately absent from every type here: it lives only in SecretStorage.

/** How the extension treats an endpoint's answer. */
export type EndpointKind = 'managedIdentityToken' | 'appToken' | 'other';

export interface EndpointParameter {
  name: string;
  /** Where the value goes; the original proof of concept's endpoints read everything from the query string. */
  in: 'query' | 'header' | 'path';
  required: boolean;
  description?: string;
}

export interface EndpointInfo {
  /** The operation id or function name: `GetManagedIdentityToken`. */
  name: string;
  /** Path from the function's origin: `/api/GetManagedIdentityToken`. */
  path: string;
  /** HTTP methods the document lists (GET first when allowed). */
  methods: Array<'GET' | 'POST'>;
  kind: EndpointKind;
  description?: string;
  parameters: EndpointParameter[];
}

/** Where the endpoint list came from: the OpenAPI v3 document, Swagger 2, or the original proof of concept's names. */
export type DiscoverySource = 'openapi-v3' | 'swagger-2' | 'known-names';

export interface Discovery {
  endpoints: EndpointInfo[];
  source: DiscoverySource;
  /** Why the documents were not used, when source is 'known-names'. */
  note?: string;
  /** What the managed identity's endpoint answered to a request without the key (see exposure.ts). */
  keyProbe?: 'answersWithoutKey' | 'keyRequired' | 'unknown';
}

/** One token function as remembered in globalState (no key). */
export interface TokenFunctionEntry {
  id: string;
  name: string;
  /** Origin plus any path prefix before `/api`, no trailing slash: `https://func-x.azurewebsites.net`. */
  baseUrl: string;
  addedAt: string;
  discovery?: Discovery;
}

/** `GetManagedIdentityToken`: Azure.Core's AccessToken `{token, expiresOn}`. */
export interface ManagedIdentityTokenResult {
  kind: 'managedIdentityToken';
  token: string;
  expiresOn?: Date;
}

/** `GetAppTokenUsingManagedIdentity(WithLib)`: MSAL.NET's AuthenticationResult. */
export interface AppTokenResult {
  kind: 'appToken';
  accessToken: string;
  expiresOn?: Date;
  tenantId?: string;
  scopes?: string[];
  tokenType?: string;
  correlationId?: string;
}

/** Any other endpoint: its JSON answer, and a token if one was found in it. */
export interface OtherResult {
  kind: 'other';
  token?: string;
  /** The answer with every token-shaped value replaced (for display and logs). */
  summary: string;
}

export type InvokeResult = ManagedIdentityTokenResult | AppTokenResult | OtherResult;

/** The three endpoints of the original proof of concept's function app, used when no OpenAPI document is served. */
export const KNOWN_ENDPOINTS: readonly EndpointInfo[] = [
  {
    name: 'GetManagedIdentityToken',
    path: '/api/GetManagedIdentityToken',
    methods: ['GET', 'POST'],
    kind: 'managedIdentityToken',
    description: "The managed identity's token for a scope",
    parameters: [{ name: 'scope', in: 'query', required: true, description: 'The scope to request a token for' }],
  },
  ...(['GetAppTokenUsingManagedIdentity', 'GetAppTokenUsingManagedIdentityWithLib'] as const).map(
    (name): EndpointInfo => ({
      name,
      path: `/api/${name}`,
      methods: ['GET', 'POST'],
      kind: 'appToken',
      description: name.endsWith('WithLib')
        ? "An app token, with the managed identity's token as client assertion (extension-method library)"
        : "An app token, with the managed identity's token as client assertion",
      parameters: [
        { name: 'clientId', in: 'query', required: true, description: 'Client id of the app that holds the federated credential' },
        { name: 'tenantId', in: 'query', required: true, description: 'Tenant to get the app token in (where the app is provisioned)' },
        { name: 'fedScope', in: 'query', required: true, description: "Scope of the managed identity's token: the credential's audience + /.default" },
        { name: 'scope', in: 'query', required: true, description: 'Scope of the app token' },
      ],
    }),
  ),
];

export function endpointKind(name: string): EndpointKind {
  if (/managedidentitytoken$/i.test(name) || /^getmanagedidentitytoken/i.test(name)) return 'managedIdentityToken';
  if (/apptoken/i.test(name)) return 'appToken';
  return 'other';
}
