// A node of one of the extension's trees. Ids are stable and hierarchical
// (`tenant/<tid>/app/<objectId>/fic/<name>`) so expansion survives a refresh and reveal works.
import type * as vscode from 'vscode';

export interface TreeNode {
  readonly id: string;
  getTreeItem(): vscode.TreeItem | Promise<vscode.TreeItem>;
  getChildren?(): TreeNode[] | Promise<TreeNode[]>;
  getParent?(): TreeNode | undefined;
}

/** `contextValue` built from tokens, matched by regex in package.json menus. */
export function contextValue(...tokens: Array<string | false | undefined>): string {
  return tokens.filter((t): t is string => typeof t === 'string' && t.length > 0).join(' ');
}
