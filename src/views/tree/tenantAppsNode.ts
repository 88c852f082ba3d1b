// A tenant in the App Registrations view: its apps, loaded page by page (see pagedList.ts),
// optionally narrowed by a server-side search.
import * as vscode from 'vscode';
import type { KnownIdentity } from '../../core/credentials';
import type { AppRegistration } from '../../services/graph/applications';
import type { Session, TenantEntry } from '../../services/session';
import { AppNode, type AppContext } from './appNode';
import { treeErrorMessage } from './errorMessage';
import { PagedList } from './pagedList';
import { ErrorNode, LoadMoreNode, LoadingNode, MessageNode } from './statusNodes';
import { contextValue, type Refresh, type TreeNode } from './treeNode';

/** Apps brought in by one load before "Load more" is offered. */
export const appsPerLoad = 1000;

export class TenantAppsNode implements TreeNode, AppContext {
  readonly id: string;
  private filterText: string | undefined;
  private list: PagedList<AppRegistration>;
  private readonly appNodes = new Map<string, AppNode>();
  private identities: KnownIdentity[] = [];

  constructor(
    public tenant: TenantEntry,
    private readonly session: Session,
    private readonly refresh: Refresh,
  ) {
    this.id = `tenant/${tenant.id}`;
    this.list = this.createList();
  }

  get tenantId(): string {
    return this.tenant.id;
  }

  get filter(): string | undefined {
    return this.filterText;
  }

  knownIdentities(): readonly KnownIdentity[] {
    return this.identities;
  }

  knownAuthorities(): readonly string[] {
    const authority = this.session.environment?.cloud.authority;
    return authority ? [authority] : [];
  }

  getTreeItem(): vscode.TreeItem {
    const label = this.tenant.displayName ?? this.tenant.id;
    const item = new vscode.TreeItem(label, vscode.TreeItemCollapsibleState.Expanded);
    item.id = this.id;
    const parts = [this.tenant.displayName ? this.tenant.id : undefined, this.tenant.home ? 'home' : undefined];
    if (this.filterText) parts.push(`filter: "${this.filterText}"`);
    item.description = parts.filter(Boolean).join(' · ');
    item.iconPath = new vscode.ThemeIcon('azure');
    item.tooltip = `Tenant ${this.tenant.id}${this.tenant.home ? ' (home tenant of the signed-in account)' : ''}`;
    item.contextValue = contextValue('tenant', !this.tenant.home && 'canRemove', this.filterText !== undefined && 'filtered');
    return item;
  }

  async getChildren(): Promise<TreeNode[]> {
    const apps = await this.list.current();
    const nodes: TreeNode[] = apps.map((app) => this.nodeFor(app));
    switch (this.list.status) {
      case 'streaming':
        nodes.push(new LoadingNode(`${this.id}/loading`, `Loading more apps… (${apps.length} so far)`, this));
        break;
      case 'partial':
        nodes.push(new LoadMoreNode(`${this.id}/more`, this, `Load more apps… (${apps.length} shown)`));
        break;
      case 'failed':
        nodes.push(new ErrorNode(`${this.id}/error`, treeErrorMessage(this.list.error, 'app registrations'), this, this));
        break;
    }
    if (nodes.length === 0) {
      const message = this.filterText ? `No app registration matches "${this.filterText}"` : 'No app registrations in this tenant';
      nodes.push(new MessageNode(`${this.id}/empty`, message, this));
    }
    return nodes;
  }

  /** Reloads the apps; what was shown stays until the new first page arrives. */
  reload(): void {
    this.list.reset();
    this.refresh(this);
  }

  loadMore(): Promise<void> {
    return this.list.loadMore();
  }

  setFilter(text: string | undefined): void {
    this.filterText = text?.trim() || undefined;
    this.list.reset();
    this.list = this.createList();
    this.appNodes.clear();
    this.refresh(this);
  }

  /** Resolves once every page of the current load has arrived (for commands and tests). */
  settled(): Promise<void> {
    return this.list.settled();
  }

  reloadApp(node: AppNode): Promise<void> {
    return this.session
      .graph(this.tenant.id)
      .applications.getApp(node.appObjectId)
      .then(
        (app) => {
          // The list is what redraws read from: update it, not only the node.
          this.list.replace((item) => item.id === app.id, app);
          node.app = app;
          this.refresh(node);
        },
        // Gone or unreachable: the tenant reload shows the list as it now is, or the error.
        () => this.reload(),
      );
  }

  /** The node of an app already loaded, for reveal and for refreshing one app. */
  findApp(objectId: string): AppNode | undefined {
    return this.appNodes.get(objectId);
  }

  private nodeFor(app: AppRegistration): AppNode {
    let node = this.appNodes.get(app.id);
    if (node) node.app = app;
    else {
      node = new AppNode(app, this);
      this.appNodes.set(app.id, node);
    }
    return node;
  }

  private createList(): PagedList<AppRegistration> {
    return new PagedList<AppRegistration>(
      async (nextLink, signal) => {
        const graph = this.session.graph(this.tenant.id);
        if (!nextLink) {
          void this.loadIdentities(signal);
          void this.loadTenantName(signal);
        }
        const page = await graph.applications.listPage({ search: this.filterText, nextLink, signal });
        return { items: page.apps, nextLink: page.nextLink };
      },
      () => this.refresh(this),
      appsPerLoad,
    );
  }

  /** The tenant's display name, remembered for the next start. Best effort. */
  private async loadTenantName(signal: AbortSignal): Promise<void> {
    if (this.tenant.displayName) return;
    try {
      const { displayName } = await this.session.graph(this.tenant.id).organization(signal);
      if (!displayName) return;
      this.tenant = { ...this.tenant, displayName };
      await this.session.rememberTenantName(this.tenant.id, displayName);
      this.refresh(this);
    } catch {
      // The id stands in for the name.
    }
  }

  /** Managed identities of the tenant, to flag a client id used as a subject. Best effort. */
  private async loadIdentities(signal: AbortSignal): Promise<void> {
    try {
      const identities = await this.session.graph(this.tenant.id).managedIdentities(signal);
      this.identities = identities.map((i) => ({ id: i.id, appId: i.appId, displayName: i.displayName }));
      this.refresh(this);
    } catch {
      // Listing identities needs more rights than listing apps; the warnings simply go without it.
    }
  }
}
