// The data provider of the App Registrations and Managed Identities views: the roots are one
// node per tenant of the session; a change in the model redraws only the node it concerns.
import * as vscode from 'vscode';
import { idOf, type ModelChange } from '../../model';
import type { TreeContext } from './nodeCache';
import type { TreeNode } from './treeNode';

/** Maps a model change to the node to redraw: undefined redraws the whole view, null nothing. */
export type ChangeTarget = (change: ModelChange, tree: TreeContext) => TreeNode | undefined | null;

export class TenantTreeProvider implements vscode.TreeDataProvider<TreeNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<TreeNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly subscription: { dispose(): void };
  /** The tenant roots drawn so far, to drop the nodes of a tenant that left the session. */
  private knownRoots = new Set<string>();

  constructor(
    private readonly tree: TreeContext,
    private readonly root: (tenantId: string) => TreeNode,
    targetOf: ChangeTarget,
  ) {
    this.subscription = tree.model.onDidChange((change) => {
      if (change.what === 'tenants') this.forgetRemovedTenants();
      const target = targetOf(change, tree);
      if (target !== null) this.changed.fire(target);
    });
  }

  tenantNodes(): TreeNode[] {
    return this.tree.model.tenants().map((t) => this.root(t.id));
  }

  getTreeItem(node: TreeNode): vscode.TreeItem | Promise<vscode.TreeItem> {
    return node.getTreeItem();
  }

  async getChildren(node?: TreeNode): Promise<TreeNode[]> {
    if (!node) return this.tenantNodes();
    return (await node.getChildren?.()) ?? [];
  }

  getParent(node: TreeNode): TreeNode | undefined {
    return node.getParent?.();
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }

  private forgetRemovedTenants(): void {
    const present = new Set(this.tree.model.tenants().map((t) => idOf({ kind: 'tenant', tenantId: t.id })));
    for (const t of this.tree.model.tenants()) present.add(idOf({ kind: 'identities', tenantId: t.id }));
    // Nodes of tenants no longer in the session are dropped with their subtrees.
    for (const id of this.knownRoots) if (!present.has(id)) this.tree.nodes.forget(id);
    this.knownRoots = present;
  }
}

/** App Registrations: a tenant's list redraws the tenant; one app only that app (if drawn). */
export const appsChangeTarget: ChangeTarget = (change, tree) => {
  switch (change.what) {
    case 'tenants':
      return undefined;
    case 'apps':
    case 'identities':
      // Identities change the warnings of credentials all over the tenant.
      return tree.nodes.find(idOf({ kind: 'tenant', tenantId: change.tenantId })) ?? null;
    case 'app':
      return tree.nodes.find(idOf({ kind: 'app', tenantId: change.tenantId, objectId: change.objectId })) ?? tree.nodes.find(idOf({ kind: 'tenant', tenantId: change.tenantId })) ?? null;
    case 'trusting':
      return null;
  }
};

/** Managed Identities: the identities redraw the tenant; a forgotten search its identity. */
export const identitiesChangeTarget: ChangeTarget = (change, tree) => {
  switch (change.what) {
    case 'tenants':
      return undefined;
    case 'identities':
      return tree.nodes.find(idOf({ kind: 'identities', tenantId: change.tenantId })) ?? null;
    case 'trusting':
      return tree.nodes.find(idOf({ kind: 'identity', tenantId: change.tenantId, identityId: change.identityId })) ?? null;
    case 'apps':
    case 'app':
      return null;
  }
};
