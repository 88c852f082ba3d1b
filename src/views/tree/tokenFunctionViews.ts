// Creates the Token Functions view: the store (globalState + SecretStorage), the provider and
// the tree view, wired to the trust of the current cloud.
import * as vscode from 'vscode';
import type { Log } from '../../log';
import { TokenFunctionClient, type TokenFunctionEntry } from '../../services/tokenFunction';
import { TokenFunctionStore } from '../../services/tokenFunction/store';
import type { Trust } from '../../services/tokenFunction/trust';
import { TokenFunctionTreeProvider } from './tokenFunctionTree';
import type { TreeNode } from './treeNode';

export interface TokenFunctionViewDependencies {
  context: Pick<vscode.ExtensionContext, 'globalState' | 'secrets'>;
  log: Log;
  trust(): Trust;
}

export function registerTokenFunctionsView(deps: TokenFunctionViewDependencies, subscriptions: vscode.Disposable[]): {
  tokenFunctions: TokenFunctionTreeProvider;
  tokenFunctionsView: vscode.TreeView<TreeNode>;
} {
  const store = new TokenFunctionStore({ globalState: deps.context.globalState, secrets: deps.context.secrets, addSecret: (s) => deps.log.addSecret(s) });
  const connect = async (entry: TokenFunctionEntry) => new TokenFunctionClient(entry.baseUrl, await store.key(entry.id), { ca: deps.trust().ca });
  const tokenFunctions = new TokenFunctionTreeProvider(store, connect);
  const tokenFunctionsView = vscode.window.createTreeView('miFederation.tokenFunctions', { treeDataProvider: tokenFunctions, showCollapseAll: true });
  subscriptions.push(store, tokenFunctions, tokenFunctionsView);
  return { tokenFunctions, tokenFunctionsView };
}
