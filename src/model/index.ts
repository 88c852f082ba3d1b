// The model: the data the views show and the commands use. No 'vscode' UI calls in here.
export { Model, PROPAGATION_WINDOW_MS, type ModelChange, type ModelSession } from './catalog';
export { TenantCatalog, appsPerLoad, isMultiTenant, type CatalogSession, type LoadState, type TenantChange } from './tenantCatalog';
export { TokenFunctions, type DiscoveryState, type TokenFunctionChange, type TokenFunctionStorageModel } from './tokenFunctions';
export { idOf, refOf, refOfKind, type ModelRef, type RefOfKind } from './refs';
export { Emitter, type Disposable, type Event } from './emitter';
