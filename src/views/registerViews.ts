// Creates the two tree views and their providers.
import * as vscode from 'vscode';
import type { Session } from '../services/session';
import type { Views } from '../commands/services';
import { CredentialDecorationProvider } from './tree/credentialNode';
import { TenantIdentitiesNode } from './tree/identityNodes';
import { TenantAppsNode } from './tree/tenantAppsNode';
import { TenantTreeProvider } from './tree/treeProvider';

export function registerViews(session: Session, subscriptions: vscode.Disposable[]): Views {
  const apps = new TenantTreeProvider(session, (tenant, refresh) => new TenantAppsNode(tenant, session, refresh));
  const identities = new TenantTreeProvider(session, (tenant, refresh) => new TenantIdentitiesNode(tenant, session, refresh));
  const appsView = vscode.window.createTreeView('miFederation.appRegistrations', { treeDataProvider: apps, showCollapseAll: true });
  const identitiesView = vscode.window.createTreeView('miFederation.managedIdentities', { treeDataProvider: identities, showCollapseAll: true });
  subscriptions.push(apps, identities, appsView, identitiesView, vscode.window.registerFileDecorationProvider(new CredentialDecorationProvider()));
  return { apps, appsView, identities, identitiesView };
}
