// The Token Inspector: one webview panel for the tokens of the latest flow, restored after a
// window reload by its serializer (without the raw tokens). Built on first use by
// registerViews.ts, from the features bundle.
export { TokenInspector } from './tokenInspector';
export type { FlowApp, FlowToken, InspectorFlow } from './inspectorModel';
export { inspectorTestApi, type InspectorTestApi } from './testApi';
