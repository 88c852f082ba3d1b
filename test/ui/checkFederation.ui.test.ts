// "Check Federation…" as a person runs it: the sandbox tenant from the welcome view, its token
// function added, the check on Contoso Sync from the palette — the managed identity's token from
// the function, the exchange into the tenant, a ✓ in the notification and the app token in the
// inspector.
import * as assert from 'assert';
import { useWorkbench } from './fixture/workbench';

describe('Check Federation in the workbench', () => {
  const workbench = useWorkbench();

  it('checks Contoso Sync end to end and shows the app token', async () => {
    const { page } = workbench.current;
    await workbench.current.startSandboxWithTokenFunction('Contoso Sync');
    const widget = page.locator('.quick-input-widget');
    const choose = (text: string) => workbench.current.pick(text);
    await workbench.current.runCommand('MI Federation: Check Federation…');
    await choose('Contoso Sync');
    // With more than one tenant signed in, the check asks where; every tenant is the first choice.
    const tenantsOrSource = widget.locator('.quick-input-list .monaco-list-row', { hasText: /All \d+ tenants|From / }).first();
    await tenantsOrSource.waitFor({ state: 'visible', timeout: 30_000 });
    if (/All \d+ tenants/.test(await tenantsOrSource.innerText())) await tenantsOrSource.click();
    await choose('From ');

    const toast = await workbench.current.waitForNotification(/Check Federation of Contoso Sync/);
    const text = await toast.innerText();
    assert.match(text, /✓/, text);
    assert.doesNotMatch(text, /✗/, text);

    const outer = page.frameLocator('iframe.webview.ready').first();
    const frame = outer.frameLocator('iframe#active-frame');
    await frame.locator('main#app h1').waitFor({ state: 'visible', timeout: 60_000 });
    assert.match(await frame.locator('main#app').innerText(), /App token/i, 'the inspector shows the app token');
    await page.mouse.move(0, 0);
    await workbench.current.screenshot('check-federation');
  });
});
