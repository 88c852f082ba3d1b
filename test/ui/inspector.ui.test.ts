// The Token Inspector as a person sees it: "Decode Token…" from the command palette, a token
// pasted into the input box, every claim rendered as text in the webview. A claim holding
// markup must show as those characters, never become an element (the webview's CSP would block
// the script, but the inspector must not create the element in the first place).
import * as assert from 'assert';
import type { FrameLocator, Page } from 'playwright-core';
import { useWorkbench } from './fixture/workbench';

const HOSTILE = '<img src=x onerror=alert(1)>';

function base64Url(json: unknown): string {
  return Buffer.from(JSON.stringify(json)).toString('base64url');
}

/** A managed identity token's shape (unsigned: the inspector says so) with markup in two claims. */
function hostileToken(): string {
  const now = Math.floor(Date.now() / 1000);
  const tenant = '24a7c6d3-63ee-412f-9e6e-1ed65fae4ba7';
  const header = { typ: 'JWT', alg: 'RS256', kid: HOSTILE };
  const payload = {
    aud: 'api://AzureADTokenExchange',
    iss: `https://login.microsoftonline.com/${tenant}/v2.0`,
    iat: now - 60,
    nbf: now - 60,
    exp: now + 3600,
    azp: '8c3bcc91-28db-43a7-bbda-b43aec4c8fef',
    azpacr: '2',
    idtyp: 'app',
    name: HOSTILE,
    oid: '6e21fb2f-aac9-47a2-a834-ab89084cc8c5',
    sub: '6e21fb2f-aac9-47a2-a834-ab89084cc8c5',
    tid: tenant,
    ver: '2.0',
    xms_mirid: '/subscriptions/3901f4ab-38a2-4e57-a34c-7572338933cf/resourcegroups/rg-federation/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-token-function',
  };
  return `${base64Url(header)}.${base64Url(payload)}.${Buffer.from('not a real signature').toString('base64url')}`;
}

/** The inspector's document: the webview element's iframe, then the content frame inside it. */
async function inspectorFrame(page: Page): Promise<FrameLocator> {
  const outer = page.frameLocator('iframe.webview.ready').first();
  const inner = outer.frameLocator('iframe#active-frame');
  await inner.locator('main#app h1').waitFor({ state: 'visible', timeout: 30_000 });
  return inner;
}

describe('Token Inspector in the workbench', () => {
  const workbench = useWorkbench();

  it('renders a claim holding <img src=x onerror=alert(1)> as text, never as an element', async () => {
    const { page } = workbench.current;
    const dialogs: string[] = [];
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });

    // The extension's view container first: the palette lists its commands once it is loaded.
    await workbench.current.openViewContainer('MI Federation');
    await workbench.current.view('Token Functions').locator('.welcome-view-content').waitFor({ state: 'visible' });
    await workbench.current.runCommand('MI Federation: Decode Token…');
    const widget = page.locator('.quick-input-widget');
    await widget.waitFor({ state: 'visible' });
    await widget.locator('.quick-input-list .monaco-list-row', { hasText: 'Paste or type a token' }).first().click();
    const box = widget.locator('input');
    await widget.locator('.quick-input-title', { hasText: 'Decode Token' }).waitFor({ state: 'visible' });
    await box.fill(hostileToken());
    await box.press('Enter');

    const frame = await inspectorFrame(page);
    const nameRow = frame.locator('tr[data-claim="name"] td.value');
    await nameRow.waitFor({ state: 'visible' });
    assert.strictEqual((await nameRow.innerText()).split('\n')[0], HOSTILE);
    assert.strictEqual(await frame.locator('img').count(), 0, 'an <img> element exists in the webview');
    assert.strictEqual(await frame.locator('[onerror]').count(), 0, 'an element with an onerror attribute exists in the webview');
    await frame.getByText('Managed identity token', { exact: true }).first().waitFor({ state: 'visible' });
    // Not signed by the issuer (its kid is markup): the check ends as not verified or invalid.
    await frame.locator('.token-card .signature:not(.pending)').first().waitFor({ state: 'visible', timeout: 30_000 });
    assert.deepStrictEqual(dialogs, [], 'a dialog (alert) was opened');
    await workbench.current.screenshot('token-inspector');
  });
});
