// The Federation Report as a person sees it: the sandbox tenant from the welcome view, the
// report opened from the tenant's inline action, the summary counts and the row of Contoso
// Broken Sync's trailing-slash credential in the never-works table, that table filtered down to
// it, and the picture the README shows.
import * as assert from 'assert';
import type { FrameLocator, Page } from 'playwright-core';
import { useWorkbench } from './fixture/workbench';

/** The report's document: the webview element's iframe, then the content frame inside it. */
async function reportFrame(page: Page): Promise<FrameLocator> {
  const outer = page.frameLocator('iframe.webview.ready').first();
  const inner = outer.frameLocator('iframe#active-frame');
  await inner.locator('main#app h1', { hasText: 'Federation Report' }).waitFor({ state: 'visible', timeout: 60_000 });
  return inner;
}

describe('Federation Report in the browser', () => {
  const workbench = useWorkbench();

  it('opens from the tenant node, shows the trailing-slash credential and filters its table', async () => {
    const page = workbench.current.page;
    await workbench.current.openViewContainer('MI Federation');
    const view = workbench.current.view('App Registrations');
    await view.getByRole('button', { name: 'Try the Sandbox Tenant' }).click();
    const row = (text: string | RegExp) => view.locator('.monaco-list-row', { hasText: text }).first();
    await row('Contoso Broken Sync').waitFor({ state: 'visible', timeout: 60_000 });

    // The tenant is the tree's first row; its inline actions show while the pointer is on it.
    const tenant = view.locator('.monaco-list-row[aria-level="1"]').first();
    await tenant.hover();
    await tenant.locator('.action-label[aria-label="Federation Report…"]').click();

    const frame = await reportFrame(page);
    const neverWorks = frame.locator('table[data-category="neverWorks"]');
    const rows = neverWorks.locator('tbody tr[data-row-id]');
    const slash = rows.filter({ hasText: 'issuer-trailing-slash' }).filter({ hasText: 'Contoso Broken Sync' });
    await slash.waitFor({ state: 'visible', timeout: 60_000 });
    assert.match(await slash.innerText(), /Issuer ends with a slash/);
    assert.match(await slash.innerText(), /Contoso Broken Sync/);
    const neverWorksCount = Number(await frame.locator('.summary [data-count="neverWorks"] .count').innerText());
    assert.ok(neverWorksCount >= 1, `the summary counts ${neverWorksCount} credentials that can never work`);
    const before = await rows.count();
    assert.equal(before, neverWorksCount, 'the table and the summary disagree');
    // The README's picture: the panel with the whole editor width, as after Ctrl+B.
    await workbench.current.runCommand('View: Toggle Primary Side Bar Visibility');
    await page.locator('.part.sidebar').waitFor({ state: 'hidden' });
    await page.mouse.move(0, 0);
    await workbench.current.screenshot('federation-report');

    await frame.locator('vscode-textfield[data-category="neverWorks"] input').fill('slash');
    await slash.waitFor({ state: 'visible' });
    await rows.filter({ hasText: 'audience-typo' }).waitFor({ state: 'detached' });
    const shown = await rows.allInnerTexts();
    assert.ok(shown.length >= 1 && shown.length < before, `the filter left ${shown.length} of ${before} rows`);
    assert.ok(shown.every((text) => /slash/i.test(text)), `a row without "slash" is still shown: ${shown.join(' | ')}`);
    await workbench.current.screenshot('federation-report-filtered');
  });
});
