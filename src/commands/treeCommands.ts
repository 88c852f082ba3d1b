// Refresh, Retry, Load more and Filter on the tree nodes. Each reloads in the model only what
// the node shows (the model then redraws that node); with no node, every tenant reloads.
import { refOf, refOfKind, type ModelRef } from '../model';
import type { CommandContext } from './commandContext';
import { defineCommand } from './registry';

const anyRef = (arg: unknown): ModelRef | undefined => refOf(arg);
const tenantRef = refOfKind('tenant', 'identities');
const appsTenantRef = refOfKind('tenant');

export const refreshCommand = defineCommand('miFederation.refresh', { target: anyRef, run: (context, { target }) => refresh(context, target) });
export const retryCommand = defineCommand('miFederation.retry', { target: anyRef, run: (context, { target }) => refresh(context, target) });

export const loadMoreCommand = defineCommand('miFederation.loadMore', {
  target: tenantRef,
  run: async (context, { target }) => {
    if (target?.kind === 'tenant') await context.model.tenant(target.tenantId).loadMoreApps();
  },
});

export const filterAppsCommand = defineCommand('miFederation.filterApps', {
  target: appsTenantRef,
  run: async (context, { target, args }) => {
    const tenantId = target?.tenantId ?? (await pickTenant(context));
    const catalog = context.model.tenant(tenantId);
    const value =
      (typeof args[0] === 'string' ? args[0] : undefined) ??
      (await context.ui.input({
        title: `Filter App Registrations in ${catalog.displayName}`,
        prompt: 'Display name contains (server-side search; leave empty to clear the filter)',
        value: catalog.filter ?? '',
      }));
    catalog.setFilter(value);
  },
});

export const clearFilterCommand = defineCommand('miFederation.clearFilter', {
  target: appsTenantRef,
  run: (context, { target }) => {
    if (target) context.model.tenant(target.tenantId).setFilter(undefined);
  },
});

export async function refresh(context: CommandContext, ref: ModelRef | undefined): Promise<void> {
  const { model } = context;
  switch (ref?.kind) {
    case 'tenant':
      return model.tenant(ref.tenantId).reloadApps();
    case 'app':
    case 'credential':
      // One app alone: one request for the app, one for its credentials.
      return model.tenant(ref.tenantId).refreshApp(ref.objectId, context.signal);
    case 'identities':
      return model.tenant(ref.tenantId).reloadIdentities();
    case 'identity':
    case 'trustedBy':
      return model.tenant(ref.tenantId).forgetTrusting(ref.identityId);
    case 'tokenFunction':
    case 'endpoint':
      return model.tokenFunctions.discover(ref.functionId, { force: true, signal: context.signal });
    case undefined:
      for (const tenant of model.tenants()) {
        model.tenant(tenant.id).reloadApps();
        model.tenant(tenant.id).reloadIdentities();
      }
  }
}

async function pickTenant(context: CommandContext): Promise<string> {
  const tenants = context.model.tenants();
  if (tenants.length === 1) return tenants[0].id;
  const picked = await context.ui.pick(
    tenants.map((t) => ({ label: t.displayName ?? t.id, description: t.id, tenantId: t.id })),
    { title: 'Filter which tenant?', emptyMessage: 'Sign in first.' },
  );
  return picked.tenantId;
}
