// "Try the Sandbox Tenant" as a person clicks it: the extension starts its bundled sandbox,
// signs in through the sandbox's device code, and the side bar fills with the seeded tenant.
import * as assert from 'assert';
import { useWorkbench } from './fixture/workbench';

describe('App Registrations on the sandbox tenant, in the browser', () => {
  const workbench = useWorkbench();

  it('fills the tree from the welcome view and shows why a credential will fail', async () => {
    const page = workbench.current.page;
    await workbench.current.openViewContainer('MI Federation');
    const view = workbench.current.view('App Registrations');
    await view.getByRole('button', { name: 'Try the Sandbox Tenant' }).click();

    const row = (text: string) => view.locator('.monaco-list-row', { hasText: text }).first();
    await row('Contoso Sync').waitFor({ state: 'visible', timeout: 60_000 });
    assert.match(await row('Contoso Sync').innerText(), /multi-tenant/);

    await row('Contoso Broken Sync').click();
    const brokenCredential = row('trailing-slash');
    await brokenCredential.waitFor({ state: 'visible' });
    assert.match(await brokenCredential.innerText(), /Managed identity/);
    await row('Contoso Sync').click();
    await view.locator('.monaco-list-row', { hasText: 'Managed identity' }).first().waitFor({ state: 'visible' });
    await page.mouse.move(0, 0);
    await workbench.current.screenshot('app-registrations-tree');
  });
});
