// Readiness as a person sees it: the sandbox tenant from the welcome view, Contoso Sync expanded,
// its Tenants node opened: one row per tenant with the verdict and the permissions it holds there,
// and the app's own row saying in how many tenants it is ready.
import * as assert from 'assert';
import { useWorkbench } from './fixture/workbench';

describe('Readiness under an app, in the browser', () => {
  const workbench = useWorkbench();

  it('shows Contoso Sync ready in both sandbox tenants with the role it holds in Fabrikam', async () => {
    const page = workbench.current.page;
    await workbench.current.openViewContainer('MI Federation');
    const view = workbench.current.view('App Registrations');
    await view.getByRole('button', { name: 'Try the Sandbox Tenant' }).click();

    const row = (text: string | RegExp) => view.locator('.monaco-list-row', { hasText: text }).first();
    await row('Contoso Sync').waitFor({ state: 'visible', timeout: 60_000 });
    await row('Contoso Sync').click();
    await row('Tenants').waitFor({ state: 'visible' });
    await row('Tenants').click();
    const fabrikam = row(/Fabrikam.*ready/);
    await fabrikam.waitFor({ state: 'visible', timeout: 30_000 });
    assert.match(await fabrikam.innerText(), /1 permission/);
    await row(/ready in 2 of 2 tenants/).waitFor({ state: 'visible' });
    await page.mouse.move(0, 0);
    await workbench.current.screenshot('readiness-tenants');
  });
});
