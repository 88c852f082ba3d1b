// Refresh, Retry, Load more and Filter on the tree nodes. Each refreshes only the node it is
// given; with no node, every tenant reloads.
import type { TreeNode } from '../views/tree/treeNode';
import { TenantAppsNode } from '../views/tree/tenantAppsNode';
import type { ExtensionServices } from './services';

interface Reloadable extends TreeNode {
  reload(): void | Promise<void>;
}

function isReloadable(node: unknown): node is Reloadable {
  return typeof (node as Reloadable | undefined)?.reload === 'function';
}

export async function refresh(services: ExtensionServices, node?: TreeNode): Promise<void> {
  if (isReloadable(node)) return node.reload();
  // An app or credential node reloads its tenant: one list request brings the app back.
  let owner = node?.getParent?.();
  while (owner && !isReloadable(owner)) owner = owner.getParent?.();
  if (owner) return owner.reload();
  for (const tenant of services.views.apps.tenantNodes()) tenant.reload();
  for (const tenant of services.views.identities.tenantNodes()) tenant.reload();
}

export async function loadMore(_services: ExtensionServices, node?: { loadMore?: () => Promise<void> }): Promise<void> {
  await node?.loadMore?.();
}

export async function filterApps(services: ExtensionServices, node?: TenantAppsNode, text?: string): Promise<void> {
  const tenant = node instanceof TenantAppsNode ? node : await pickTenant(services);
  const value =
    text ??
    (await services.ui.input({
      title: `Filter App Registrations in ${tenant.tenant.displayName ?? tenant.tenantId}`,
      prompt: 'Display name contains (server-side search; leave empty to clear the filter)',
      value: tenant.filter ?? '',
    }));
  tenant.setFilter(value);
}

export function clearFilter(_services: ExtensionServices, node?: TenantAppsNode): void {
  node?.setFilter(undefined);
}

async function pickTenant(services: ExtensionServices): Promise<TenantAppsNode> {
  const tenants = services.views.apps.tenantNodes();
  if (tenants.length === 1) return tenants[0];
  const picked = await services.ui.pick(
    tenants.map((t) => ({ label: t.tenant.displayName ?? t.tenantId, description: t.tenantId, node: t })),
    { title: 'Filter which tenant?', emptyMessage: 'Sign in first.' },
  );
  return picked.node;
}
