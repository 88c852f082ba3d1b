// The Token Functions view: a function app → its endpoints (discovered from its OpenAPI
// document) → each endpoint's parameters. Discovery runs once per function and is remembered;
// Refresh runs it again. States are explicit: loading, failed (with Retry), empty. The entries
// and the discovery state are the model's (TokenFunctions); the nodes only draw them.
import * as vscode from 'vscode';
import { idOf, type TokenFunctions } from '../../model';
import { tokenFunctionWarnings, type Discovery, type EndpointInfo, type EndpointParameter } from '../../services/tokenFunction';
import { treeErrorMessage } from './errorMessage';
import { ErrorNode, LoadingNode, MessageNode } from './statusNodes';
import { contextValue, type TreeNode } from './treeNode';

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

  constructor(
    readonly functionId: string,
    private readonly functions: TokenFunctions,
  ) {
    this.id = idOf({ kind: 'tokenFunction', functionId });
  }

  async getTreeItem(): Promise<vscode.TreeItem> {
    const entry = this.functions.get(this.functionId);
    const item = new vscode.TreeItem(entry?.name ?? this.functionId, vscode.TreeItemCollapsibleState.Collapsed);
    item.id = this.id;
    if (!entry) return item;
    const hasKey = await this.functions.hasKey(entry.id);
    const host = new URL(entry.baseUrl).host;
    const parts = [host];
    if (entry.discovery) parts.push(SOURCE_LABELS[entry.discovery.source]);
    if (!hasKey) parts.push('no key');
    const warnings = tokenFunctionWarnings(entry);
    if (entry.discovery?.keyProbe === 'answersWithoutKey') parts.push('answers without its key');
    item.description = parts.join(' · ');
    item.iconPath = warnings.length
      ? new vscode.ThemeIcon('warning', new vscode.ThemeColor('list.warningForeground'))
      : new vscode.ThemeIcon(hasKey ? 'symbol-function' : 'unlock');
    const md = new vscode.MarkdownString();
    md.appendMarkdown(`**${entry.name}**\n\n`);
    for (const warning of warnings) md.appendMarkdown(`$(warning) `).appendText(`${warning}\n\n`);
    md.supportThemeIcons = true;
    md.appendText(`${entry.baseUrl}\n\n`);
    md.appendMarkdown(hasKey ? 'Function key: stored in VS Code secret storage\n\n' : 'No function key stored: endpoints with authorization level Function will answer 401.\n\n');
    if (entry.discovery) md.appendText(`Endpoints from ${SOURCE_LABELS[entry.discovery.source]}${entry.discovery.note ? ` (${entry.discovery.note})` : ''}`);
    item.tooltip = md;
    item.contextValue = contextValue('tokenFunction', 'canEditKey', 'canRemove', 'canRefresh', hasKey ? 'hasKey' : 'noKey', ...(warnings.length ? ['unsafe'] : []));
    return item;
  }

  getChildren(): TreeNode[] {
    const state = this.functions.discoveryState(this.functionId);
    // The first expansion starts the discovery; the model fires when it is done.
    if (state.status === 'idle') void this.functions.discover(this.functionId);
    if (state.status === 'failed') return [new ErrorNode(`${this.id}/error`, treeErrorMessage(state.error, 'the endpoints'), this, this)];
    const discovery = this.functions.get(this.functionId)?.discovery;
    if (!discovery || state.status !== 'done') return [new LoadingNode(`${this.id}/loading`, 'Finding the endpoints…', this)];
    if (discovery.endpoints.length === 0) return [new MessageNode(`${this.id}/empty`, 'The function lists no endpoints', this)];
    return discovery.endpoints.map((e) => new EndpointNode(e, this));
  }
}

export class EndpointNode implements TreeNode {
  readonly id: string;

  constructor(
    readonly endpoint: EndpointInfo,
    readonly parent: TokenFunctionNode,
  ) {
    this.id = idOf({ kind: 'endpoint', functionId: parent.functionId, endpoint: endpoint.name });
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
