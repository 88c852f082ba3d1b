// One TreeDataProvider for both views: the roots are one node per tenant of the session, built
// by the view's own factory and reused across refreshes so their loaded state survives.
import * as vscode from 'vscode';
import type { Session, TenantEntry } from '../../services/session';
import type { Refresh, TreeNode } from './treeNode';

export interface TenantRoot extends TreeNode {
  tenant: TenantEntry;
}

export class TenantTreeProvider<Root extends TenantRoot> implements vscode.TreeDataProvider<TreeNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<TreeNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private roots = new Map<string, Root>();
  private readonly subscription: vscode.Disposable;

  constructor(
    private readonly session: Session,
    private readonly createRoot: (tenant: TenantEntry, refresh: Refresh) => Root,
  ) {
    this.subscription = session.onDidChange(() => {
      this.roots = new Map([...this.roots].filter(([id]) => this.session.tenants().some((t) => t.id === id)));
      if (!session.account) this.roots.clear();
      this.refresh();
    });
  }

  readonly refresh: Refresh = (node) => this.changed.fire(node);

  tenantNodes(): Root[] {
    return this.session.tenants().map((tenant) => {
      let root = this.roots.get(tenant.id);
      if (!root || root.tenant.home !== tenant.home) {
        root = this.createRoot(tenant, this.refresh);
        this.roots.set(tenant.id, root);
      } else if (tenant.displayName) {
        root.tenant = { ...root.tenant, displayName: tenant.displayName };
      }
      return root;
    });
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
}
