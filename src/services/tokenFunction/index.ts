// The deployed token function: what it offers (discovery) and calling it (client). Free of
// 'vscode', so scripts and unit tests can use it; the store (SecretStorage) is in ./store.
export { TokenFunctionClient, type TokenFunctionClientOptions } from './client';
export { checkTokenFunctionUrl, defaultFunctionName, isLoopbackHost, type ParsedFunctionUrl } from './url';
export * from './types';
export { tokenFunctionWarnings, KEYLESS_WARNING, CLEAR_TEXT_WARNING, type KeyProbe } from './exposure';
