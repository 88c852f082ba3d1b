// An app registration: display name, app id, a multi-tenant marker and its credential count;
// its children are its federated identity credentials. Everything is read from the model.
import * as vscode from 'vscode';
import { readinessCount } from '../../core/readiness';
import { idOf, isMultiTenant } from '../../model';
import { CredentialNode } from './credentialNode';
import type { TreeContext } from './nodeCache';
import { MessageNode } from './statusNodes';
import { readinessNodeId, TenantsReadinessNode } from './tenantsReadinessNode';
import { contextValue, type TreeNode } from './treeNode';

export class AppNode implements TreeNode {
  readonly id: string;

  constructor(
    readonly tenantId: string,
    readonly objectId: string,
    private readonly parent: TreeNode,
    private readonly tree: TreeContext,
  ) {
    this.id = idOf({ kind: 'app', tenantId, objectId });
  }

  getTreeItem(): vscode.TreeItem {
    const app = this.tree.model.tenant(this.tenantId).app(this.objectId);
    if (!app) {
      // Deleted, or no longer in the filtered list: the tenant's redraw drops the node.
      const gone = new vscode.TreeItem('(no longer listed)', vscode.TreeItemCollapsibleState.None);
      gone.id = this.id;
      return gone;
    }
    const count = app.federatedIdentityCredentials.length;
    const multiTenant = isMultiTenant(app);
    const item = new vscode.TreeItem(app.displayName || app.appId, vscode.TreeItemCollapsibleState.Collapsed);
    item.id = this.id;
    const parts = [app.appId];
    if (multiTenant) parts.push('multi-tenant');
    parts.push(`${count} credential${count === 1 ? '' : 's'}`);
    const readiness = this.tree.model.readiness.get(this.tenantId, this.objectId);
    const ready = readiness && readinessCount(readiness.tenants, this.tree.model.tenants().length);
    if (ready) parts.push(ready);
    item.description = parts.join(' · ');
    item.iconPath = new vscode.ThemeIcon(multiTenant ? 'organization' : 'window');
    const md = new vscode.MarkdownString();
    md.appendMarkdown(`**${app.displayName ?? ''}**\n\n`);
    md.appendMarkdown(`Application (client) id: \`${app.appId}\`\n\nObject id: \`${app.id}\`\n\n`);
    md.appendMarkdown(`Sign-in audience: \`${app.signInAudience ?? 'unknown'}\`\n\n`);
    if (app.identifierUris?.length) md.appendMarkdown(`Application ID URIs: \`${app.identifierUris.join('`, `')}\`\n\n`);
    item.tooltip = md;
    const full = count >= 20;
    item.contextValue = contextValue('app', !full && 'canAddCredential', multiTenant && 'multiTenant', full && 'credentialsFull', app.passwordCredentials.length + app.keyCredentials.length > 0 && 'hasSecrets');
    return item;
  }

  getChildren(): TreeNode[] {
    const app = this.tree.model.tenant(this.tenantId).app(this.objectId);
    const fics = [...(app?.federatedIdentityCredentials ?? [])].sort((a, b) => (a.name ?? '').localeCompare(b.name ?? ''));
    const tenants = this.tree.nodes.get(readinessNodeId(this.id), () => new TenantsReadinessNode(this.tenantId, this.objectId, this, this.tree));
    if (fics.length === 0) return [new MessageNode(`${this.id}/empty`, 'No federated credentials yet', this), tenants];
    return [
      ...fics.map((fic) => {
        const name = fic.name ?? fic.id ?? '';
        return this.tree.nodes.get(idOf({ kind: 'credential', tenantId: this.tenantId, objectId: this.objectId, name }), () => new CredentialNode(this.tenantId, this.objectId, name, this, this.tree));
      }),
      tenants,
    ];
  }

  getParent(): TreeNode {
    return this.parent;
  }
}
