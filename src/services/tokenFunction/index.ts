// The deployed token function: where it is (store), what it offers (discovery) and calling it (client).
export { TokenFunctionClient, type TokenFunctionClientOptions } from './client';
export { TokenFunctionStore, type TokenFunctionStorage } from './store';
export { checkTokenFunctionUrl, defaultFunctionName, isLoopbackHost, type ParsedFunctionUrl } from './url';
export * from './types';
