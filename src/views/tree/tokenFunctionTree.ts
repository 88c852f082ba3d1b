// The Token Functions view's data provider: one root node per stored function; a change of one
// function (its key, its discovery) redraws that node alone.
import * as vscode from 'vscode';
import { idOf, type TokenFunctions } from '../../model';
import type { NodeCache } from './nodeCache';
import { TokenFunctionNode } from './tokenFunctionNodes';
import type { TreeNode } from './treeNode';

export class TokenFunctionTreeProvider implements vscode.TreeDataProvider<TreeNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<TreeNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly subscription: { dispose(): void };

  constructor(
    private readonly functions: TokenFunctions,
    private readonly nodes: NodeCache,
  ) {
    this.subscription = functions.onDidChange(({ functionId }) => {
      const node = functionId ? this.nodes.find(idOf({ kind: 'tokenFunction', functionId })) : undefined;
      this.changed.fire(node);
    });
  }

  functionNodes(): TokenFunctionNode[] {
    return this.functions.list().map((entry) => this.nodes.get(idOf({ kind: 'tokenFunction', functionId: entry.id }), () => new TokenFunctionNode(entry.id, this.functions)));
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
