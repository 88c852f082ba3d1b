// The Token Functions view: a function app → its endpoints (discovered from its OpenAPI
// document) → each endpoint's parameters. Discovery runs once per function and is remembered;
// Refresh runs it again. States are explicit: loading, failed (with Retry), empty.
import * as vscode from 'vscode';
import type { Discovery, EndpointInfo, EndpointParameter, TokenFunctionClient, TokenFunctionEntry } from '../../services/tokenFunction';
import type { TokenFunctionStore } from '../../services/tokenFunction/store';
import { treeErrorMessage } from './errorMessage';
import { ErrorNode, LoadingNode, MessageNode } from './statusNodes';
import { contextValue, type Refresh, type TreeNode } from './treeNode';

export interface TokenFunctionContext {
  readonly store: TokenFunctionStore;
  connect(entry: TokenFunctionEntry): Promise<TokenFunctionClient>;
  readonly refresh: Refresh;
}

const SOURCE_LABELS: Record<Discovery['source'], string> = {
  'openapi-v3': 'OpenAPI v3',
  'swagger-2': 'Swagger 2',
  'known-names': 'known endpoint names',
};

const KIND_LABELS: Record<EndpointInfo['kind'], string> = {
  managedIdentityToken: 'managed identity token',
  appToken: 'app token',
  other: 'other',
};

export class TokenFunctionNode implements TreeNode {
  readonly id: string;
  private loading: Promise<void> | undefined;
  private failure: unknown;
  private hasKey: boolean | undefined;

  constructor(
    public entry: TokenFunctionEntry,
    private readonly context: TokenFunctionContext,
  ) {
    this.id = `tokenFunction/${entry.id}`;
  }

  get functionId(): string {
    return this.entry.id;
  }

  async getTreeItem(): Promise<vscode.TreeItem> {
    this.hasKey ??= (await this.context.store.key(this.entry.id)) !== undefined;
    const item = new vscode.TreeItem(this.entry.name, vscode.TreeItemCollapsibleState.Collapsed);
    item.id = this.id;
    const host = new URL(this.entry.baseUrl).host;
    const parts = [host];
    if (this.entry.discovery) parts.push(SOURCE_LABELS[this.entry.discovery.source]);
    if (!this.hasKey) parts.push('no key');
    item.description = parts.join(' · ');
    item.iconPath = new vscode.ThemeIcon(this.hasKey ? 'symbol-function' : 'unlock');
    const md = new vscode.MarkdownString();
    md.appendMarkdown(`**${this.entry.name}**\n\n`);
    md.appendText(`${this.entry.baseUrl}\n\n`);
    md.appendMarkdown(this.hasKey ? 'Function key: stored in VS Code secret storage\n\n' : 'No function key stored: endpoints with authorization level Function will answer 401.\n\n');
    if (this.entry.discovery) md.appendText(`Endpoints from ${SOURCE_LABELS[this.entry.discovery.source]}${this.entry.discovery.note ? ` (${this.entry.discovery.note})` : ''}`);
    item.tooltip = md;
    item.contextValue = contextValue('tokenFunction', 'canEditKey', 'canRemove', 'canRefresh', this.hasKey ? 'hasKey' : 'noKey');
    return item;
  }

  async getChildren(): Promise<TreeNode[]> {
    const discovery = this.entry.discovery;
    if (!discovery && !this.loading && this.failure === undefined) this.loading = this.discover();
    if (this.failure !== undefined) return [new ErrorNode(`${this.id}/error`, treeErrorMessage(this.failure, 'the endpoints'), this, this)];
    if (!discovery) return [new LoadingNode(`${this.id}/loading`, 'Finding the endpoints…', this)];
    if (discovery.endpoints.length === 0) return [new MessageNode(`${this.id}/empty`, 'The function lists no endpoints', this)];
    return discovery.endpoints.map((e) => new EndpointNode(e, this));
  }

  /** Refresh / Retry: forget the endpoints and the key state and discover again. */
  reload(): void {
    this.failure = undefined;
    this.hasKey = undefined;
    this.loading = this.discover();
    this.context.refresh(this);
  }

  /** Resolves when a discovery in flight is done (tests wait on it). */
  async settled(): Promise<void> {
    await this.loading;
  }

  private async discover(): Promise<void> {
    try {
      const client = await this.context.connect(this.entry);
      const discovery = await client.discover();
      const updated = await this.context.store.update(this.entry.id, { discovery });
      if (updated) this.entry = updated;
      this.failure = undefined;
    } catch (e) {
      this.failure = e;
    } finally {
      this.loading = undefined;
      this.context.refresh(this);
    }
  }
}

export class EndpointNode implements TreeNode {
  readonly id: string;

  constructor(
    readonly endpoint: EndpointInfo,
    readonly parent: TokenFunctionNode,
  ) {
    this.id = `${parent.id}/endpoint/${endpoint.name}`;
  }

  get functionId(): string {
    return this.parent.functionId;
  }

  getTreeItem(): vscode.TreeItem {
    const e = this.endpoint;
    const item = new vscode.TreeItem(e.name, e.parameters.length > 0 ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None);
    item.id = this.id;
    item.description = `${KIND_LABELS[e.kind]} · ${e.methods.join('/')}`;
    item.iconPath = new vscode.ThemeIcon(e.kind === 'managedIdentityToken' ? 'azure' : e.kind === 'appToken' ? 'key' : 'symbol-method');
    const md = new vscode.MarkdownString();
    md.appendText(`${e.methods.join(', ')} ${e.path}\n\n`);
    if (e.description) md.appendText(`${e.description}\n\n`);
    for (const p of e.parameters) md.appendText(`• ${p.name}${p.required ? ' (required)' : ''}${p.description ? `: ${p.description}` : ''}\n`);
    item.tooltip = md;
    item.contextValue = contextValue('tokenFunctionEndpoint', 'canInvoke', e.kind);
    return item;
  }

  getChildren(): ParameterNode[] {
    return this.endpoint.parameters.map((p) => new ParameterNode(p, this));
  }

  getParent(): TreeNode {
    return this.parent;
  }
}

export class ParameterNode implements TreeNode {
  readonly id: string;

  constructor(
    readonly parameter: EndpointParameter,
    private readonly parent: EndpointNode,
  ) {
    this.id = `${parent.id}/parameter/${parameter.name}`;
  }

  getTreeItem(): vscode.TreeItem {
    const p = this.parameter;
    const item = new vscode.TreeItem(p.name, vscode.TreeItemCollapsibleState.None);
    item.id = this.id;
    item.description = [p.required ? 'required' : 'optional', p.in, p.description].filter(Boolean).join(' · ');
    item.tooltip = p.description ?? p.name;
    item.iconPath = new vscode.ThemeIcon('symbol-parameter');
    item.contextValue = 'tokenFunctionParameter';
    return item;
  }

  getParent(): TreeNode {
    return this.parent;
  }
}
