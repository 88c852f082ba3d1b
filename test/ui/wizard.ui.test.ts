// The Add Managed Identity Credential wizard as a person walks it in the browser, on the sandbox
// tenant the extension starts itself: palette → app → identity → audience → name →
// description → the review with the JSON → Create, and the new credential in the tree. The
// review's screenshot is the README's picture of the wizard.
import * as assert from 'assert';
import type { Page } from 'playwright-core';
import { useWorkbench } from './fixture/workbench';

/** Waits for the quick input whose title contains `title`, optionally types, then presses Enter. */
async function answer(page: Page, title: string | RegExp, typed?: string): Promise<void> {
  const widget = page.locator('.quick-input-widget');
  await widget.locator('.quick-input-title', { hasText: title }).waitFor({ state: 'visible' });
  const box = widget.locator('input');
  if (typed !== undefined) {
    await box.fill(typed);
    // A quick pick filters as one types; wait until the item is the first one shown.
    if (await widget.locator('.quick-input-list').isVisible()) {
      await widget.locator('.quick-input-list .monaco-list-row', { hasText: typed }).first().waitFor({ state: 'visible' });
    }
  }
  await box.press('Enter');
}

describe('Add Managed Identity Credential in the workbench', () => {
  const workbench = useWorkbench();

  it('walks the wizard on the sandbox tenant, reviews the JSON and creates the credential', async function () {
    const { page } = workbench.current;
    await workbench.current.openViewContainer('MI Federation');
    const apps = workbench.current.view('App Registrations');
    await apps.getByRole('button', { name: 'Try the Sandbox Tenant' }).click();
    // Signed in through the sandbox's device code; the seeded apps appear.
    await apps.locator('.monaco-list-row', { hasText: 'Empty App' }).first().waitFor({ state: 'visible', timeout: 60_000 });
    // The sign-in's device-code toast would cover the pictures.
    await workbench.current.runCommand('Notifications: Clear All Notifications');

    await workbench.current.runCommand('MI Federation: Add Managed Identity Credential…');
    await answer(page, 'app registration', 'Empty App');
    await answer(page, 'managed identity', 'id-token-function');
    await answer(page, 'Audience of the credential');
    await answer(page, 'Credential name');
    await answer(page, 'Description');

    const review = page.locator('.monaco-dialog-box');
    await review.waitFor({ state: 'visible' });
    const text = await review.innerText();
    assert.match(text, /Create federated credential "id-token-function" on Empty App\?/);
    assert.match(text, /JSON that will be sent to Microsoft Graph/);
    assert.match(text, /"subject": "6e21fb2f-aac9-47a2-a834-ab89084cc8c5"/);
    assert.match(text, /"audiences": \[\s*"api:\/\/AzureADTokenExchange"\s*\]/);
    await workbench.current.screenshot('credential-wizard-review');

    await review.getByRole('button', { name: 'Create', exact: true }).click();
    await workbench.current.waitForNotification('Created credential "id-token-function" on Empty App');
    const created = apps.locator('.monaco-list-row', { hasText: 'id-token-function' }).first();
    await created.waitFor({ state: 'visible' });
    assert.match((await created.getAttribute('class')) ?? '', /\bselected\b/, 'the new credential is revealed and selected');
    await workbench.current.screenshot('credential-wizard-created');
  });
});
