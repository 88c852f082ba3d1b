// The explicit states of a list: empty (a message), failed (a warning with Retry), more to
// load (Load more), and loading.
import * as vscode from 'vscode';
import type { TreeNode } from './treeNode';

export class MessageNode implements TreeNode {
  constructor(
    readonly id: string,
    private readonly message: string,
    private readonly parent?: TreeNode,
    private readonly icon = 'info',
  ) {}

  getTreeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(this.message, vscode.TreeItemCollapsibleState.None);
    item.id = this.id;
    item.iconPath = new vscode.ThemeIcon(this.icon);
    item.contextValue = 'message';
    return item;
  }

  getParent(): TreeNode | undefined {
    return this.parent;
  }
}

export class LoadingNode extends MessageNode {
  constructor(id: string, message: string, parent?: TreeNode) {
    super(id, message, parent, 'loading~spin');
  }
}

/** A failed load: the parsed message, the detail in the tooltip, Retry on click and inline. */
export class ErrorNode implements TreeNode {
  constructor(
    readonly id: string,
    readonly message: string,
    private readonly retryTarget: TreeNode,
    private readonly parent?: TreeNode,
  ) {}

  getTreeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(this.message, vscode.TreeItemCollapsibleState.None);
    item.id = this.id;
    item.iconPath = new vscode.ThemeIcon('warning', new vscode.ThemeColor('list.warningForeground'));
    item.tooltip = `${this.message}\n\nClick to try again.`;
    item.contextValue = 'error canRetry';
    item.command = { command: 'miFederation.retry', title: 'Retry', arguments: [this.retryTarget] };
    return item;
  }

  getParent(): TreeNode | undefined {
    return this.parent;
  }
}

export class LoadMoreNode implements TreeNode {
  constructor(
    readonly id: string,
    private readonly owner: TreeNode,
    private readonly label = 'Load more…',
  ) {}

  getTreeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(this.label, vscode.TreeItemCollapsibleState.None);
    item.id = this.id;
    item.iconPath = new vscode.ThemeIcon('more');
    item.contextValue = 'loadMore';
    item.command = { command: 'miFederation.loadMore', title: 'Load More', arguments: [this.owner] };
    return item;
  }

  getParent(): TreeNode | undefined {
    return this.owner;
  }
}
