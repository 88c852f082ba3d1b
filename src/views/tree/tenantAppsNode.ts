// A tenant in the App Registrations view: presentation of its catalog's apps (loaded page by
// page), optionally narrowed by a server-side search, with the explicit states of the list.
import * as vscode from 'vscode';
import { idOf } from '../../model';
import { AppNode } from './appNode';
import { treeErrorMessage } from './errorMessage';
import type { TreeContext } from './nodeCache';
import { ErrorNode, LoadMoreNode, LoadingNode, MessageNode } from './statusNodes';
import { contextValue, type TreeNode } from './treeNode';

export class TenantAppsNode implements TreeNode {
  readonly id: string;

  constructor(
    readonly tenantId: string,
    private readonly tree: TreeContext,
  ) {
    this.id = idOf({ kind: 'tenant', tenantId });
  }

  getTreeItem(): vscode.TreeItem {
    const catalog = this.tree.model.tenant(this.tenantId);
    const { entry, filter } = catalog;
    const item = new vscode.TreeItem(catalog.displayName, vscode.TreeItemCollapsibleState.Expanded);
    item.id = this.id;
    const parts = [entry.displayName ? entry.id : undefined, entry.home ? 'home' : undefined];
    if (filter) parts.push(`filter: "${filter}"`);
    item.description = parts.filter(Boolean).join(' · ');
    item.iconPath = new vscode.ThemeIcon('azure');
    item.tooltip = `Tenant ${entry.id}${entry.home ? ' (home tenant of the signed-in account)' : ''}`;
    item.contextValue = contextValue('tenant', !entry.home && 'canRemove', filter !== undefined && 'filtered');
    return item;
  }

  async getChildren(): Promise<TreeNode[]> {
    const catalog = this.tree.model.tenant(this.tenantId);
    const apps = await catalog.loadApps();
    const nodes: TreeNode[] = apps.map((app) => this.tree.nodes.get(idOf({ kind: 'app', tenantId: this.tenantId, objectId: app.id }), () => new AppNode(this.tenantId, app.id, this, this.tree)));
    const state = catalog.appsState();
    switch (state.status) {
      case 'streaming':
        nodes.push(new LoadingNode(`${this.id}/loading`, `Loading more apps… (${apps.length} so far)`, this));
        break;
      case 'partial':
        nodes.push(new LoadMoreNode(`${this.id}/more`, this, `Load more apps… (${apps.length} shown)`));
        break;
      case 'failed':
        nodes.push(new ErrorNode(`${this.id}/error`, treeErrorMessage(state.error, 'app registrations'), this, this));
        break;
    }
    if (nodes.length === 0) {
      const message = catalog.filter ? `No app registration matches "${catalog.filter}"` : 'No app registrations in this tenant';
      nodes.push(new MessageNode(`${this.id}/empty`, message, this));
    }
    return nodes;
  }
}
