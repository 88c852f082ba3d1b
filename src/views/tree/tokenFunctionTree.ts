// The Token Functions view's data provider: one root node per stored function, reused across
// refreshes so a discovery in flight and the expansion state survive.
import * as vscode from 'vscode';
import type { TokenFunctionClient, TokenFunctionEntry } from '../../services/tokenFunction';
import type { TokenFunctionStore } from '../../services/tokenFunction/store';
import { TokenFunctionNode, type TokenFunctionContext } from './tokenFunctionNodes';
import type { Refresh, TreeNode } from './treeNode';

export class TokenFunctionTreeProvider implements vscode.TreeDataProvider<TreeNode>, TokenFunctionContext, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<TreeNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly nodes = new Map<string, TokenFunctionNode>();
  private readonly subscription: vscode.Disposable;

  constructor(
    readonly store: TokenFunctionStore,
    readonly connect: (entry: TokenFunctionEntry) => Promise<TokenFunctionClient>,
  ) {
    this.subscription = store.onDidChange((entry) => {
      const node = entry && this.nodes.get(entry.id);
      if (node) {
        node.entry = entry;
        this.changed.fire(node);
      } else {
        this.changed.fire(undefined);
      }
    });
  }

  readonly refresh: Refresh = (node) => this.changed.fire(node);

  functionNodes(): TokenFunctionNode[] {
    const entries = this.store.list();
    for (const id of [...this.nodes.keys()]) if (!entries.some((e) => e.id === id)) this.nodes.delete(id);
    return entries.map((entry) => {
      let node = this.nodes.get(entry.id);
      if (!node) {
        node = new TokenFunctionNode(entry, this);
        this.nodes.set(entry.id, node);
      } else {
        node.entry = entry;
      }
      return node;
    });
  }

  getTreeItem(node: TreeNode): vscode.TreeItem | Promise<vscode.TreeItem> {
    return node.getTreeItem();
  }

  async getChildren(node?: TreeNode): Promise<TreeNode[]> {
    if (node) return (await node.getChildren?.()) ?? [];
    // None added: an empty list lets the view's welcome content (Add Token Function) show.
    return this.functionNodes();
  }

  getParent(node: TreeNode): TreeNode | undefined {
    return node.getParent?.();
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}
