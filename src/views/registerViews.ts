// Creates the tree views over the model, the token inspector panel and the federation report
// panels. The views are
// presentation: the data is the model's (src/model), built in extension.ts. The inspector's
// code and the reports' are in the features bundle: each is built on its first use (something
// to show, or a panel VS Code brings back after a reload), not at activation.
import * as vscode from 'vscode';
import type { Log } from '../log';
import { idOf, type Model } from '../model';
import type { Trust } from '../services/tokenFunction/trust';
import { INSPECTOR_VIEW_TYPE } from '../shared/protocol';
import { REPORT_VIEW_TYPE } from '../shared/reportProtocol';
import { CredentialDecorationProvider } from './tree/credentialNode';
import { TenantIdentitiesNode } from './tree/identityNodes';
import { NodeCache, type TreeContext } from './tree/nodeCache';
import { TenantAppsNode } from './tree/tenantAppsNode';
import { appsChangeTarget, identitiesChangeTarget, TenantTreeProvider } from './tree/treeProvider';
import { TokenFunctionTreeProvider } from './tree/tokenFunctionTree';
import type { TreeNode } from './tree/treeNode';
import type { TokenInspector } from './inspector';
import type { FederationReports } from './report/federationReports';

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
  /** The inspector's class, from the features bundle: called on the inspector's first use. */
  loadInspector(): typeof TokenInspector;
  /** The report panels' class, from the features bundle: called on their first use. */
  loadReports(): typeof FederationReports;
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
  const inspector = inspectorOnFirstUse(deps, subscriptions);
  const reports = reportsOnFirstUse(deps, subscriptions);
  return {
    apps,
    appsView,
    identities,
    identitiesView,
    tokenFunctions,
    tokenFunctionsView,
    get inspector() {
      return inspector();
    },
    get reports() {
      return reports();
    },
    node: (id) => nodes.find(id),
  };
}

/**
 * The one token inspector, built when first asked for. The serializer that brings its panel
 * back after a window reload is registered now (VS Code asks for it before any command runs)
 * and builds the inspector only when there is a panel to restore.
 */
function inspectorOnFirstUse(deps: ViewDependencies, subscriptions: vscode.Disposable[]): () => TokenInspector {
  let inspector: TokenInspector | undefined;
  const get = (): TokenInspector => {
    if (!inspector) {
      const Inspector = deps.loadInspector();
      inspector = new Inspector(deps.extensionUri, deps.log, deps.trust);
      subscriptions.push(inspector);
    }
    return inspector;
  };
  subscriptions.push(vscode.window.registerWebviewPanelSerializer(INSPECTOR_VIEW_TYPE, { deserializeWebviewPanel: async (panel, state) => get().restore(panel, state) }));
  return get;
}

/** The report panels, built when first asked for; their serializer is registered now (as the inspector's). */
function reportsOnFirstUse(deps: ViewDependencies, subscriptions: vscode.Disposable[]): () => FederationReports {
  let reports: FederationReports | undefined;
  const get = (): FederationReports => {
    if (!reports) {
      const Reports = deps.loadReports();
      reports = new Reports(deps.extensionUri);
      subscriptions.push(reports);
    }
    return reports;
  };
  subscriptions.push(vscode.window.registerWebviewPanelSerializer(REPORT_VIEW_TYPE, { deserializeWebviewPanel: async (panel, state) => get().restore(panel, state) }));
  // A report lists a tenant's apps and identities by name: once the tenant has left the session
  // (signed out, or removed) its panel closes rather than keep showing them with dead buttons.
  subscriptions.push(deps.model.onDidChange((change) => {
    if (change.what !== 'tenants' || !reports) return;
    const present = new Set(deps.model.tenants().map((t) => t.id));
    for (const tenantId of reports.tenants()) if (!present.has(tenantId)) void reports.close(tenantId);
  }));
  return get;
}
