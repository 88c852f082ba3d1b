// An app registration: display name, app id, a multi-tenant marker and its credential count;
// its children are its federated identity credentials.
import * as vscode from 'vscode';
import type { AppRegistration } from '../../services/graph/applications';
import type { KnownIdentity } from '../../core/credentials';
import { CredentialNode } from './credentialNode';
import { MessageNode } from './statusNodes';
import { contextValue, type TreeNode } from './treeNode';

export interface AppContext {
  readonly tenantId: string;
  knownIdentities(): readonly KnownIdentity[];
  knownAuthorities(): readonly string[];
  /** Fetches this one app and its credentials again and redraws only its node. */
  reloadApp(node: AppNode): Promise<void>;
}

const multiTenantAudiences = new Set(['AzureADMultipleOrgs', 'AzureADandPersonalMicrosoftAccount']);

export class AppNode implements TreeNode {
  readonly id: string;

  constructor(
    public app: AppRegistration,
    private readonly parent: TreeNode & AppContext,
  ) {
    this.id = `${parent.id}/app/${app.id}`;
  }

  get appObjectId(): string {
    return this.app.id;
  }

  get appId(): string {
    return this.app.appId;
  }

  get tenantId(): string {
    return this.parent.tenantId;
  }

  get multiTenant(): boolean {
    return multiTenantAudiences.has(this.app.signInAudience ?? '');
  }

  getTreeItem(): vscode.TreeItem {
    const count = this.app.federatedIdentityCredentials.length;
    const item = new vscode.TreeItem(this.app.displayName || this.app.appId, vscode.TreeItemCollapsibleState.Collapsed);
    item.id = this.id;
    const parts = [this.app.appId];
    if (this.multiTenant) parts.push('multi-tenant');
    parts.push(`${count} credential${count === 1 ? '' : 's'}`);
    item.description = parts.join(' · ');
    item.iconPath = new vscode.ThemeIcon(this.multiTenant ? 'organization' : 'window');
    const md = new vscode.MarkdownString();
    md.appendMarkdown(`**${this.app.displayName ?? ''}**\n\n`);
    md.appendMarkdown(`Application (client) id: \`${this.app.appId}\`\n\nObject id: \`${this.app.id}\`\n\n`);
    md.appendMarkdown(`Sign-in audience: \`${this.app.signInAudience ?? 'unknown'}\`\n\n`);
    if (this.app.identifierUris?.length) md.appendMarkdown(`Application ID URIs: \`${this.app.identifierUris.join('`, `')}\`\n\n`);
    item.tooltip = md;
    const full = count >= 20;
    item.contextValue = contextValue('app', !full && 'canAddCredential', this.multiTenant && 'multiTenant', full && 'credentialsFull');
    return item;
  }

  getChildren(): TreeNode[] {
    const fics = [...this.app.federatedIdentityCredentials].sort((a, b) => (a.name ?? '').localeCompare(b.name ?? ''));
    if (fics.length === 0) return [new MessageNode(`${this.id}/empty`, 'No federated credentials yet', this)];
    const identities = this.parent.knownIdentities();
    const authorities = this.parent.knownAuthorities();
    return fics.map((fic) => new CredentialNode(fic, this, identities, authorities));
  }

  /** Refresh of this node alone: one request for the app, one for its credentials. */
  reload(): Promise<void> {
    return this.parent.reloadApp(this);
  }

  getParent(): TreeNode {
    return this.parent;
  }
}
