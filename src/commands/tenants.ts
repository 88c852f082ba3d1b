// Add Tenant… (by GUID or domain, checked before any request; an unknown tenant is reported
// with Entra's own answer) and Remove Tenant.
import { NotSignedInError } from '../core/errors';
import { resolveTenantId, validateTenantInput } from '../services/tenantResolver';
import { refOfKind } from '../model';
import type { CommandContext } from './commandContext';
import { defineCommand } from './registry';

export async function addTenant(context: CommandContext, typed?: string): Promise<string> {
  const environment = context.session.environment;
  if (!environment) throw new NotSignedInError('Sign in first: tenants are added to the signed-in account.');
  const value =
    typed ??
    (await context.ui.input({
      title: 'Add Tenant',
      prompt: 'Tenant id (GUID) or a verified domain, e.g. fabrikam.onmicrosoft.com',
      placeHolder: 'contoso.onmicrosoft.com',
      validate: validateTenantInput,
    }));
  const problem = validateTenantInput(value);
  if (problem) throw new Error(problem);
  const tenantId = await resolveTenantId(environment, value);
  if (context.session.tenants().some((t) => t.id === tenantId)) {
    void context.ui.message('info', `Tenant ${tenantId} is already listed.`);
    return tenantId;
  }
  const domain = /[a-z]/i.test(value) && !/^[0-9a-f-]{36}$/i.test(value.trim()) ? value.trim() : undefined;
  await context.session.addTenant({ id: tenantId, displayName: domain });
  context.log.info(`Added tenant ${tenantId}${domain ? ` (${domain})` : ''}.`);
  return tenantId;
}

export const addTenantCommand = defineCommand('miFederation.addTenant', { run: (context, { args }) => addTenant(context, typeof args[0] === 'string' ? args[0] : undefined) });

const tenantRef = refOfKind('tenant', 'identities');

export const removeTenantCommand = defineCommand('miFederation.removeTenant', {
  target: tenantRef,
  run: (context, { target }) => removeTenant(context, target?.tenantId),
});

export async function removeTenant(context: CommandContext, tenantId: string | undefined): Promise<void> {
  let tenant = tenantId === undefined ? undefined : context.session.tenants().find((t) => t.id === tenantId) ?? { id: tenantId };
  if (!tenant) {
    const removable = context.session.tenants().filter((t) => !t.home);
    const picked = await context.ui.pick(
      removable.map((t) => ({ label: t.displayName ?? t.id, description: t.id, id: t.id })),
      { title: 'Remove Tenant', emptyMessage: 'Only the home tenant is listed; it cannot be removed.' },
    );
    tenant = { id: picked.id };
  }
  if (tenant.home) throw new Error("The signed-in account's home tenant cannot be removed; sign out instead.");
  await context.session.removeTenant(tenant.id);
}
