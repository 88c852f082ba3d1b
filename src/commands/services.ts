// What every command handler gets: the extension's long-lived services, built once in
// extension.ts. `ui` can be replaced by extension-host tests to script the prompts.
import type * as vscode from 'vscode';
import type { Log } from '../log';
import type { Session } from '../services/session';
import type { SandboxConnection } from '../services/sandboxConnection';
import type { Telemetry } from '../telemetry';
import type { TenantAppsNode } from '../views/tree/tenantAppsNode';
import type { TenantIdentitiesNode } from '../views/tree/identityNodes';
import type { TenantTreeProvider } from '../views/tree/treeProvider';
import type { TokenFunctionTreeProvider } from '../views/tree/tokenFunctionTree';
import type { TokenInspector } from '../views/inspector';
import type { TreeNode } from '../views/tree/treeNode';
import type { UserInput } from './userInput';

export interface Views {
  apps: TenantTreeProvider<TenantAppsNode>;
  appsView: vscode.TreeView<TreeNode>;
  identities: TenantTreeProvider<TenantIdentitiesNode>;
  identitiesView: vscode.TreeView<TreeNode>;
  tokenFunctions: TokenFunctionTreeProvider;
  tokenFunctionsView: vscode.TreeView<TreeNode>;
  inspector: TokenInspector;
}

export interface ExtensionServices {
  readonly context: vscode.ExtensionContext;
  readonly session: Session;
  readonly sandbox: SandboxConnection;
  readonly log: Log;
  readonly telemetry: Telemetry;
  ui: UserInput;
  views: Views;
}
