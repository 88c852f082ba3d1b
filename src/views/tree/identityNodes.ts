// The Managed Identities view: Tenant → identity (user- or system-assigned, client id, object
// id) → "Trusted by": every app whose federated credential names the identity's object id. All
// of it presentation of the tenant's catalog.
import * as vscode from 'vscode';
import { idOf } from '../../model';
import type { AppRegistration } from '../../services/graph/applications';
import { treeErrorMessage } from './errorMessage';
import type { TreeContext } from './nodeCache';
import { ErrorNode, MessageNode } from './statusNodes';
import { contextValue, type TreeNode } from './treeNode';

export class TenantIdentitiesNode implements TreeNode {
  readonly id: string;

  constructor(
    readonly tenantId: string,
    private readonly tree: TreeContext,
  ) {
    this.id = idOf({ kind: 'identities', tenantId });
  }

  getTreeItem(): vscode.TreeItem {
    const catalog = this.tree.model.tenant(this.tenantId);
    const { entry } = catalog;
    const item = new vscode.TreeItem(catalog.displayName, vscode.TreeItemCollapsibleState.Expanded);
    item.id = this.id;
    item.description = [entry.displayName ? entry.id : undefined, entry.home ? 'home' : undefined].filter(Boolean).join(' · ');
    item.iconPath = new vscode.ThemeIcon('azure');
    item.contextValue = contextValue('tenant', 'identities', !entry.home && 'canRemove');
    return item;
  }

  async getChildren(): Promise<TreeNode[]> {
    const catalog = this.tree.model.tenant(this.tenantId);
    const identities = await catalog.loadIdentities();
    const nodes: TreeNode[] = identities.map((identity) =>
      this.tree.nodes.get(idOf({ kind: 'identity', tenantId: this.tenantId, identityId: identity.id }), () => new IdentityNode(this.tenantId, identity.id, this, this.tree)),
    );
    const state = catalog.identitiesState();
    if (state.status === 'failed') nodes.push(new ErrorNode(`${this.id}/error`, treeErrorMessage(state.error, 'managed identities'), this, this));
    if (nodes.length === 0) nodes.push(new MessageNode(`${this.id}/empty`, 'No managed identities in this tenant', this));
    return nodes;
  }
}

export class IdentityNode implements TreeNode {
  readonly id: string;

  constructor(
    readonly tenantId: string,
    readonly identityId: string,
    private readonly parent: TreeNode,
    private readonly tree: TreeContext,
  ) {
    this.id = idOf({ kind: 'identity', tenantId, identityId });
  }

  getTreeItem(): vscode.TreeItem {
    const identity = this.tree.model.tenant(this.tenantId).loadedIdentities().find((i) => i.id === this.identityId);
    const item = new vscode.TreeItem(identity?.displayName ?? this.identityId, vscode.TreeItemCollapsibleState.Collapsed);
    item.id = this.id;
    if (!identity) return item;
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
    let apps: AppRegistration[];
    try {
      apps = await this.tree.model.tenant(this.tenantId).trustingApps(this.identityId);
    } catch (e) {
      return [new ErrorNode(`${this.id}/error`, treeErrorMessage(e, 'the apps that trust this identity'), this, this)];
    }
    const nodes: TreeNode[] = [];
    for (const app of apps) {
      for (const fic of app.federatedIdentityCredentials.filter((f) => f.subject === this.identityId)) {
        nodes.push(new TrustedByNode(this.tenantId, this.identityId, app.id, fic.name ?? '', this, this.tree));
      }
    }
    return nodes.length > 0 ? nodes : [new MessageNode(`${this.id}/none`, 'Trusted by no app registration', this)];
  }

  getParent(): TreeNode {
    return this.parent;
  }
}

/** An app that trusts the identity, drawn from the model's answer to that search. */
export class TrustedByNode implements TreeNode {
  readonly id: string;

  constructor(
    private readonly tenantId: string,
    private readonly identityId: string,
    private readonly objectId: string,
    private readonly credentialName: string,
    private readonly parent: IdentityNode,
    private readonly tree: TreeContext,
  ) {
    this.id = idOf({ kind: 'trustedBy', tenantId, identityId, objectId, name: credentialName });
  }

  getTreeItem(): vscode.TreeItem {
    const app = this.tree.model.tenant(this.tenantId).loadedTrusting(this.identityId)?.find((a) => a.id === this.objectId);
    const appId = app?.appId ?? this.objectId;
    const item = new vscode.TreeItem(app?.displayName || appId, vscode.TreeItemCollapsibleState.None);
    item.id = this.id;
    item.description = `credential ${this.credentialName} · ${appId}`;
    item.iconPath = new vscode.ThemeIcon('pass');
    item.tooltip = `Trusted by app ${app?.displayName ?? ''} (${appId}) through its federated credential "${this.credentialName}".`;
    item.contextValue = contextValue('trustedBy', 'app');
    return item;
  }

  getParent(): TreeNode {
    return this.parent;
  }
}
