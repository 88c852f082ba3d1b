// Creates the tree views and their providers, and the token inspector panel.
import * as vscode from 'vscode';
import type { Log } from '../log';
import type { SandboxConnection } from '../services/sandboxConnection';
import type { Session } from '../services/session';
import { currentTrust } from '../services/tokenFunction/trust';
import type { Views } from '../commands/services';
import { CredentialDecorationProvider } from './tree/credentialNode';
import { TenantIdentitiesNode } from './tree/identityNodes';
import { TenantAppsNode } from './tree/tenantAppsNode';
import { TenantTreeProvider } from './tree/treeProvider';
import { registerTokenFunctionsView } from './tree/tokenFunctionViews';
import { registerInspector } from './inspector';

export interface ViewDependencies {
  context: vscode.ExtensionContext;
  log: Log;
  sandbox: SandboxConnection;
}

export function registerViews(session: Session, subscriptions: vscode.Disposable[], deps: ViewDependencies): Views {
  const apps = new TenantTreeProvider(session, (tenant, refresh) => new TenantAppsNode(tenant, session, refresh));
  const identities = new TenantTreeProvider(session, (tenant, refresh) => new TenantIdentitiesNode(tenant, session, refresh));
  const appsView = vscode.window.createTreeView('miFederation.appRegistrations', { treeDataProvider: apps, showCollapseAll: true });
  const identitiesView = vscode.window.createTreeView('miFederation.managedIdentities', { treeDataProvider: identities, showCollapseAll: true });
  subscriptions.push(apps, identities, appsView, identitiesView, vscode.window.registerFileDecorationProvider(new CredentialDecorationProvider()));
  const trust = () => currentTrust(session, deps.sandbox);
  const tokenViews = registerTokenFunctionsView({ context: deps.context, log: deps.log, trust }, subscriptions);
  const inspector = registerInspector(deps.context.extensionUri, deps.log, trust, subscriptions);
  return { apps, appsView, identities, identitiesView, ...tokenViews, inspector };
}
