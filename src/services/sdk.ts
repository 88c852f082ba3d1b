// The SDK boundary: the one module that imports the code of the Microsoft SDKs (msal-node,
// azure-identity, graph-client) and jose. esbuild builds it as its own bundle, dist/sdk.js,
// which the extension's bundle requires on first use (loadSdk.ts): activation parses none of
// it. Everywhere else these packages are imported for their types only. The sandbox's token
// function (dist/sandbox-token-function.js) takes its msal-node and azure-identity from this
// bundle too, so the VSIX ships those SDKs once: hence the managed-identity credentials here.
export { ConfidentialClientApplication, PublicClientApplication } from '@azure/msal-node';
export { AzureCliCredential, ClientAssertionCredential, ManagedIdentityCredential } from '@azure/identity';
export { AuthenticationHandler, Client } from '@microsoft/microsoft-graph-client';
export { TokenCredentialAuthenticationProvider } from '@microsoft/microsoft-graph-client/authProviders/azureTokenCredentials';

/** jose is an ES module: loaded by import() even inside this bundle's CommonJS. */
export function loadJose(): Promise<typeof import('jose', { with: { 'resolution-mode': 'import' } })> {
  return import('jose');
}
