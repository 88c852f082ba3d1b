// Under an app: "Tenants", one row per tenant of the session with the app's readiness there
// (provisioned, enabled, permissions held, credentials in the home tenant, same cloud). The
// verdicts are the model's (model/readiness.ts); expanding the node asks for them.
import * as vscode from 'vscode';
import { readinessCount, roleLabel, type TenantReadiness } from '../../core/readiness';
import type { TreeContext } from './nodeCache';
import { LoadingNode } from './statusNodes';
import { contextValue, type TreeNode } from './treeNode';

/** Id of the Tenants node of an app, and of one tenant's row under it. */
export const readinessNodeId = (appNodeId: string) => `${appNodeId}/readiness`;
export const tenantReadinessNodeId = (appNodeId: string, tenantId: string) => `${appNodeId}/readiness/${tenantId}`;

export class TenantsReadinessNode implements TreeNode {
  readonly id: string;

  constructor(
    private readonly homeTenantId: string,
    private readonly objectId: string,
    private readonly parent: TreeNode,
    private readonly tree: TreeContext,
  ) {
    this.id = readinessNodeId(parent.id);
  }

  getTreeItem(): vscode.TreeItem {
    const known = this.tree.model.readiness.get(this.homeTenantId, this.objectId);
    const item = new vscode.TreeItem('Tenants', vscode.TreeItemCollapsibleState.Collapsed);
    item.id = this.id;
    const count = known ? readinessCount(known.tenants, this.tree.model.tenants().length) : undefined;
    item.description = known?.status === 'loading' ? 'checking…' : (count ?? 'expand to check readiness');
    item.iconPath = new vscode.ThemeIcon('globe');
    item.tooltip = 'Whether the app can get tokens in each tenant you added: provisioned and enabled there, which application permissions it holds, and whether its credentials trust its home tenant.';
    item.contextValue = contextValue('tenantsReadiness');
    return item;
  }

  async getChildren(): Promise<TreeNode[]> {
    const readiness = this.tree.model.readiness;
    const known = readiness.get(this.homeTenantId, this.objectId);
    // Never awaited here: the model fires when the verdicts are in and this node redraws. (A
    // change fired while VS Code still waits on getChildren can leave the node drawn empty.)
    if (!known) void readiness.check(this.homeTenantId, [this.objectId]);
    if (!known || known.tenants.length === 0) return [new LoadingNode(`${this.id}/loading`, 'Checking readiness…', this)];
    return known.tenants.map((verdict) =>
      this.tree.nodes.get(tenantReadinessNodeId(this.parent.id, verdict.tenantId), () => new TenantReadinessNode(this.homeTenantId, this.objectId, verdict.tenantId, this, this.tree)),
    );
  }

  getParent(): TreeNode {
    return this.parent;
  }
}

const icons: Record<TenantReadiness['verdict'], [string, string | undefined]> = {
  ready: ['pass', 'testing.iconPassed'],
  notProvisioned: ['circle-slash', 'list.warningForeground'],
  disabled: ['error', 'list.errorForeground'],
  singleTenant: ['circle-slash', undefined],
  credentialElsewhere: ['error', 'list.errorForeground'],
  otherCloud: ['error', 'list.errorForeground'],
  unreadable: ['lock', 'list.warningForeground'],
};

export class TenantReadinessNode implements TreeNode {
  readonly id: string;

  constructor(
    private readonly homeTenantId: string,
    private readonly objectId: string,
    readonly tenantId: string,
    private readonly parent: TenantsReadinessNode,
    private readonly tree: TreeContext,
  ) {
    this.id = tenantReadinessNodeId(parent.getParent().id, tenantId);
  }

  getTreeItem(): vscode.TreeItem {
    const verdict = this.tree.model.readiness.get(this.homeTenantId, this.objectId)?.tenants.find((t) => t.tenantId === this.tenantId);
    const name = this.tree.model.tenant(this.tenantId).displayName;
    const item = new vscode.TreeItem(name, vscode.TreeItemCollapsibleState.None);
    item.id = this.id;
    if (!verdict) {
      item.description = 'no longer in the session';
      return item;
    }
    item.description = verdict.summary;
    const [icon, color] = icons[verdict.verdict];
    item.iconPath = new vscode.ThemeIcon(icon, color ? new vscode.ThemeColor(color) : undefined);
    const md = new vscode.MarkdownString();
    md.appendMarkdown(`**${escapeMarkdown(name)}**: ${escapeMarkdown(verdict.summary)}\n\n`);
    for (const check of verdict.checks) md.appendMarkdown(`- ${check.outcome === 'pass' ? '✓' : check.outcome === 'fail' ? '✗' : 'ℹ'} ${escapeMarkdown(check.text)}\n`);
    if (verdict.roles.length) md.appendMarkdown(`\nPermissions held: ${verdict.roles.map((r) => `\`${roleLabel(r)}\``).join(', ')}\n`);
    if (verdict.consentUrl) md.appendMarkdown('\nAn administrator of this tenant can provision it with the admin-consent link (Copy or Open Admin Consent URL), or use Provision Here.\n');
    item.tooltip = md;
    item.contextValue = contextValue('tenantReadiness', verdict.verdict, verdict.consentUrl !== undefined && 'canConsent', verdict.consentUrl !== undefined && 'canProvision');
    return item;
  }

  getParent(): TreeNode {
    return this.parent;
  }
}

function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+!|<>]/g, '\\$&');
}
