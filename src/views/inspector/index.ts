// The Token Inspector: one webview panel for the tokens of the latest flow, restored after a
// window reload by its serializer (without the raw tokens).
import * as vscode from 'vscode';
import type { Log } from '../../log';
import type { Trust } from '../../services/tokenFunction/trust';
import { registerInspectorSerializer, TokenInspector } from './tokenInspector';

export { TokenInspector } from './tokenInspector';
export type { FlowApp, FlowToken, InspectorFlow } from './inspectorModel';
export { inspectorTestApi, type InspectorTestApi } from './testApi';

export function registerInspector(extensionUri: vscode.Uri, log: Log, trust: () => Trust, subscriptions: vscode.Disposable[]): TokenInspector {
  const inspector = new TokenInspector(extensionUri, log, trust);
  subscriptions.push(inspector, registerInspectorSerializer(inspector));
  return inspector;
}
