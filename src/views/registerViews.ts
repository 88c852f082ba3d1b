// Creates the tree views over the model, and the token inspector panel. The views are
// presentation: the data is the model's (src/model), built in extension.ts.
import * as vscode from 'vscode';
import type { Log } from '../log';
import { idOf, type Model } from '../model';
import type { Trust } from '../services/tokenFunction/trust';
import { CredentialDecorationProvider } from './tree/credentialNode';
import { TenantIdentitiesNode } from './tree/identityNodes';
import { NodeCache, type TreeContext } from './tree/nodeCache';
import { TenantAppsNode } from './tree/tenantAppsNode';
import { appsChangeTarget, identitiesChangeTarget, TenantTreeProvider } from './tree/treeProvider';
import { TokenFunctionTreeProvider } from './tree/tokenFunctionTree';
import type { TreeNode } from './tree/treeNode';
import { registerInspector, type TokenInspector } from './inspector';
import { registerFederationReports, type FederationReports } from './report/federationReports';

/** What commands reach of the views: the tree views (selection, reveal) and the inspector. */
export interface Views {
  apps: TenantTreeProvider;
  appsView: vscode.TreeView<TreeNode>;
  identities: TenantTreeProvider;
  identitiesView: vscode.TreeView<TreeNode>;
  tokenFunctions: TokenFunctionTreeProvider;
  tokenFunctionsView: vscode.TreeView<TreeNode>;
  inspector: TokenInspector;
  /** The Federation Report panels, one per tenant. */
  reports: FederationReports;
  /** The drawn node of a model reference's id, for reveal (undefined if never drawn). */
  node(id: string): TreeNode | undefined;
}

export interface ViewDependencies {
  extensionUri: vscode.Uri;
  log: Log;
  model: Model;
  trust(): Trust;
  /** Authorities (with scheme) that count as Entra, for the credential warnings. */
  knownAuthorities(): readonly string[];
}

export function registerViews(deps: ViewDependencies, subscriptions: vscode.Disposable[]): Views {
  const nodes = new NodeCache();
  const tree: TreeContext = { model: deps.model, nodes, knownAuthorities: deps.knownAuthorities };
  const apps = new TenantTreeProvider(tree, (tenantId) => nodes.get(idOf({ kind: 'tenant', tenantId }), () => new TenantAppsNode(tenantId, tree)), appsChangeTarget);
  const identities = new TenantTreeProvider(tree, (tenantId) => nodes.get(idOf({ kind: 'identities', tenantId }), () => new TenantIdentitiesNode(tenantId, tree)), identitiesChangeTarget);
  const tokenFunctions = new TokenFunctionTreeProvider(deps.model.tokenFunctions, nodes);
  // Several credentials (or apps) can be selected for Delete and Copy.
  const appsView = vscode.window.createTreeView('miFederation.appRegistrations', { treeDataProvider: apps, showCollapseAll: true, canSelectMany: true });
  const identitiesView = vscode.window.createTreeView('miFederation.managedIdentities', { treeDataProvider: identities, showCollapseAll: true, canSelectMany: true });
  const tokenFunctionsView = vscode.window.createTreeView('miFederation.tokenFunctions', { treeDataProvider: tokenFunctions, showCollapseAll: true });
  subscriptions.push(apps, identities, tokenFunctions, appsView, identitiesView, tokenFunctionsView, vscode.window.registerFileDecorationProvider(new CredentialDecorationProvider()));
  const inspector = registerInspector(deps.extensionUri, deps.log, deps.trust, subscriptions);
  const reports = registerFederationReports(deps.extensionUri, subscriptions);
  return { apps, appsView, identities, identitiesView, tokenFunctions, tokenFunctionsView, inspector, reports, node: (id) => nodes.find(id) };
}
