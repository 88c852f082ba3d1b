// The federation doctor as a person reaches it: the sandbox tenant from the welcome view, its
// token function added, "Diagnose Federation…" on the broken app — the inspector shows the
// managed identity's token beside what to change in the app's credentials.
import * as assert from 'assert';
import { useWorkbench } from './fixture/workbench';

describe('Federation doctor in the workbench', () => {
  const workbench = useWorkbench();

  it("diagnoses the broken app against the sandbox token function's managed identity token", async () => {
    const { page } = workbench.current;
    await workbench.current.startSandboxWithTokenFunction('Contoso Broken Sync');
    const widget = page.locator('.quick-input-widget');
    const choose = (text: string) => workbench.current.pick(text);
    await workbench.current.runCommand('MI Federation: Diagnose Federation…');
    await choose('Contoso Broken Sync');
    await choose('From ');
    // The scope box is pre-filled with the credential's audience + /.default: accept it.
    await widget.locator('.quick-input-title', { hasText: 'Diagnose Federation' }).waitFor({ state: 'visible' });
    await widget.locator('input').press('Enter');

    const outer = page.frameLocator('iframe.webview.ready').first();
    const frame = outer.frameLocator('iframe#active-frame');
    await frame.locator('main#app h1').waitFor({ state: 'visible', timeout: 60_000 });
    const text = await frame.locator('main#app').innerText();
    // The doctor's own findings, not words the page shows anyway (the credential names, the
    // claim table's "audience"): each regex matches only the diagnosis.
    assert.match(text, /the issuer ends with "\/" but the token's issuer \(.+\) does not/, 'the diagnosis names the trailing slash');
    assert.match(text, /the audience api:\/\/AzureADTokenExchnage looks like a mistyped /, 'the diagnosis names the mistyped audience');
    await page.mouse.move(0, 0);
    await workbench.current.screenshot('inspector-diagnosis');
  });
});
