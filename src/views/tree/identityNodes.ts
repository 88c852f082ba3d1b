// The Managed Identities view: Tenant → identity (user- or system-assigned, client id, object
// id) → "Trusted by": every app whose federated credential names the identity's object id.
import * as vscode from 'vscode';
import type { ManagedIdentity } from '../../services/graph/managedIdentities';
import type { AppRegistration } from '../../services/graph/applications';
import type { Session, TenantEntry } from '../../services/session';
import { treeErrorMessage } from './errorMessage';
import { PagedList } from './pagedList';
import { ErrorNode, MessageNode } from './statusNodes';
import { contextValue, type Refresh, type TreeNode } from './treeNode';

export class TenantIdentitiesNode implements TreeNode {
  readonly id: string;
  private list: PagedList<ManagedIdentity>;

  constructor(
    public tenant: TenantEntry,
    readonly session: Session,
    readonly refresh: Refresh,
  ) {
    this.id = `mi/tenant/${tenant.id}`;
    this.list = new PagedList(async (_next, signal) => ({ items: await session.graph(tenant.id).managedIdentities(signal) }), () => refresh(this), Infinity);
  }

  get tenantId(): string {
    return this.tenant.id;
  }

  getTreeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(this.tenant.displayName ?? this.tenant.id, vscode.TreeItemCollapsibleState.Expanded);
    item.id = this.id;
    item.description = [this.tenant.displayName ? this.tenant.id : undefined, this.tenant.home ? 'home' : undefined].filter(Boolean).join(' · ');
    item.iconPath = new vscode.ThemeIcon('azure');
    item.contextValue = contextValue('tenant', 'identities', !this.tenant.home && 'canRemove');
    return item;
  }

  async getChildren(): Promise<TreeNode[]> {
    const identities = await this.list.current();
    const nodes: TreeNode[] = identities.map((identity) => new IdentityNode(identity, this));
    if (this.list.status === 'failed') nodes.push(new ErrorNode(`${this.id}/error`, treeErrorMessage(this.list.error, 'managed identities'), this, this));
    if (nodes.length === 0) nodes.push(new MessageNode(`${this.id}/empty`, 'No managed identities in this tenant', this));
    return nodes;
  }

  reload(): void {
    this.list.reset();
    this.refresh(this);
  }

  loadMore(): Promise<void> {
    return this.list.loadMore();
  }

  settled(): Promise<void> {
    return this.list.settled();
  }
}

export class IdentityNode implements TreeNode {
  readonly id: string;
  private trusting: Promise<AppRegistration[]> | undefined;

  constructor(
    readonly identity: ManagedIdentity,
    readonly parent: TenantIdentitiesNode,
  ) {
    this.id = `${parent.id}/identity/${identity.id}`;
  }

  get tenantId(): string {
    return this.parent.tenantId;
  }

  getTreeItem(): vscode.TreeItem {
    const { identity } = this;
    const item = new vscode.TreeItem(identity.displayName, vscode.TreeItemCollapsibleState.Collapsed);
    item.id = this.id;
    const kind = identity.kind === 'userAssigned' ? 'user-assigned' : 'system-assigned';
    item.description = `${kind} · object id ${identity.id}`;
    item.iconPath = new vscode.ThemeIcon(identity.kind === 'userAssigned' ? 'account' : 'vm');
    const md = new vscode.MarkdownString();
    md.appendMarkdown(`**${identity.displayName}** (${kind})\n\n`);
    md.appendMarkdown(`Object (principal) id: \`${identity.id}\` — the subject a federated credential must name\n\n`);
    md.appendMarkdown(`Client id: \`${identity.appId}\` — not the subject\n\n`);
    if (identity.resourceId) md.appendMarkdown(`Resource: \`${identity.resourceId}\`\n\n`);
    if (identity.kind === 'systemAssigned') md.appendMarkdown('Current Microsoft docs support user-assigned identities only as federated credentials.\n\n');
    item.tooltip = md;
    item.contextValue = contextValue('identity', identity.kind);
    return item;
  }

  async getChildren(): Promise<TreeNode[]> {
    this.trusting ??= this.parent.session.graph(this.tenantId).applications.findTrusting(this.identity.id);
    let apps: AppRegistration[];
    try {
      apps = await this.trusting;
    } catch (e) {
      this.trusting = undefined; // the next expansion or Retry asks again
      return [new ErrorNode(`${this.id}/error`, treeErrorMessage(e, 'the apps that trust this identity'), this, this)];
    }
    const nodes: TreeNode[] = [];
    for (const app of apps) {
      for (const fic of app.federatedIdentityCredentials.filter((f) => f.subject === this.identity.id)) {
        nodes.push(new TrustedByNode(app, fic.name ?? '', this));
      }
    }
    return nodes.length > 0 ? nodes : [new MessageNode(`${this.id}/none`, 'Trusted by no app registration', this)];
  }

  reload(): void {
    this.trusting = undefined;
    this.parent.refresh(this);
  }

  getParent(): TreeNode {
    return this.parent;
  }
}

export class TrustedByNode implements TreeNode {
  readonly id: string;

  constructor(
    readonly app: AppRegistration,
    readonly credentialName: string,
    private readonly parent: IdentityNode,
  ) {
    this.id = `${parent.id}/trustedBy/${app.id}/${credentialName}`;
  }

  get appId(): string {
    return this.app.appId;
  }

  get appObjectId(): string {
    return this.app.id;
  }

  getTreeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(this.app.displayName || this.app.appId, vscode.TreeItemCollapsibleState.None);
    item.id = this.id;
    item.description = `credential ${this.credentialName} · ${this.app.appId}`;
    item.iconPath = new vscode.ThemeIcon('pass');
    item.tooltip = `Trusted by app ${this.app.displayName ?? ''} (${this.app.appId}) through its federated credential "${this.credentialName}".`;
    item.contextValue = contextValue('trustedBy', 'app');
    return item;
  }

  getParent(): TreeNode {
    return this.parent;
  }
}
