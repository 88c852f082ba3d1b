// Add Tenant… (by GUID or domain, checked before any request; an unknown tenant is reported
// with Entra's own answer) and Remove Tenant.
import { NotSignedInError } from '../core/errors';
import { resolveTenantId, validateTenantInput } from '../services/tenantResolver';
import type { ExtensionServices } from './services';

export async function addTenant(services: ExtensionServices, typed?: string): Promise<string> {
  const environment = services.session.environment;
  if (!environment) throw new NotSignedInError('Sign in first: tenants are added to the signed-in account.');
  const value =
    typed ??
    (await services.ui.input({
      title: 'Add Tenant',
      prompt: 'Tenant id (GUID) or a verified domain, e.g. fabrikam.onmicrosoft.com',
      placeHolder: 'contoso.onmicrosoft.com',
      validate: validateTenantInput,
    }));
  const problem = validateTenantInput(value);
  if (problem) throw new Error(problem);
  const tenantId = await resolveTenantId(environment, value);
  if (services.session.tenants().some((t) => t.id === tenantId)) {
    void services.ui.message('info', `Tenant ${tenantId} is already listed.`);
    return tenantId;
  }
  const domain = /[a-z]/i.test(value) && !/^[0-9a-f-]{36}$/i.test(value.trim()) ? value.trim() : undefined;
  await services.session.addTenant({ id: tenantId, displayName: domain });
  services.log.info(`Added tenant ${tenantId}${domain ? ` (${domain})` : ''}.`);
  return tenantId;
}

export async function removeTenant(services: ExtensionServices, node?: { tenant?: { id: string; home?: boolean } }): Promise<void> {
  let tenant = node?.tenant;
  if (!tenant) {
    const removable = services.session.tenants().filter((t) => !t.home);
    const picked = await services.ui.pick(
      removable.map((t) => ({ label: t.displayName ?? t.id, description: t.id, id: t.id })),
      { title: 'Remove Tenant', emptyMessage: 'Only the home tenant is listed; it cannot be removed.' },
    );
    tenant = { id: picked.id };
  }
  if (tenant.home) throw new Error("The signed-in account's home tenant cannot be removed; sign out instead.");
  await services.session.removeTenant(tenant.id);
}
