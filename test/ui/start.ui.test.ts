// `npm ci && npm start` is what a newcomer runs: this test runs that same `npm start` (build,
// package, sandbox tenant, code-server), opens the URL it prints in the browser, and expects the
// side bar signed in to the sandbox with the seeded tree, with no click on "Sign In". Then
// Ctrl-C must leave nothing running and no run folder behind.
import * as assert from 'assert';
import * as fs from 'fs';
import type { BrowserContext } from 'playwright-core';
import { killProcessesUsing, listening, NpmStart, NpmStartOutput, processesUsing } from './fixture/npmStart';
import { uiSession } from './fixture/session';
import { Workbench } from './fixture/workbench';

/** Building, packaging and compiling come first: minutes on a busy 2-core machine. */
const PRINTS_URL_WITHIN_MS = 8 * 60_000;

describe('npm start', function () {
  this.timeout(PRINTS_URL_WITHIN_MS + 5 * 60_000);
  let npmStart: NpmStart | undefined;
  let started: NpmStartOutput | undefined;
  let context: BrowserContext | undefined;

  after(async () => {
    await context?.close();
    if (npmStart) await npmStart.stop();
    if (started) killProcessesUsing(started.runFolder);
  });

  it('serves the workbench signed in to the sandbox tenant with the tree filled', async () => {
    npmStart = new NpmStart();
    started = await npmStart.ready(PRINTS_URL_WITHIN_MS);
    assert.match(started.url, /^http:\/\/127\.0\.0\.1:\d+\/\?folder=/);

    context = await uiSession().browser.newContext({ viewport: { width: 1280, height: 800 } });
    context.setDefaultTimeout(20_000);
    const page = await context.newPage();
    await page.goto(started.url, { timeout: 60_000 });
    const workbench = new Workbench(page);
    await page.locator('.monaco-workbench .activitybar').waitFor({ state: 'visible', timeout: 60_000 });
    await workbench.openViewContainer('MI Federation');
    const view = workbench.view('App Registrations');
    const contosoSync = view.locator('.monaco-list-row', { hasText: 'Contoso Sync' }).first();
    await contosoSync.waitFor({ state: 'visible', timeout: 90_000 });
    assert.match(await contosoSync.innerText(), /multi-tenant/);
    assert.equal(await view.getByRole('button', { name: 'Sign In' }).count(), 0, 'the welcome view still asks to sign in');
    await page.mouse.move(0, 0);
    await workbench.screenshot('npm-start');
  });

  it("shows the walkthrough, whose buttons run the extension's commands and complete their step", async function () {
    if (!context) this.skip();
    const page = context.pages()[0];
    const workbench = new Workbench(page);
    await workbench.runCommand('Welcome: Open Walkthrough');
    await page.locator('.quick-input-list .monaco-list-row', { hasText: "Use a managed identity as an app's credential" }).first().click();
    const step = page.locator('.getting-started-step', { hasText: 'Sign in, or start the sandbox tenant' }).first();
    await step.waitFor({ state: 'visible' });
    for (const title of ['Pick the app', 'Add the managed-identity credential', 'Add the token function', 'Get both tokens', 'Read the diagnosis']) {
      await page.locator('.getting-started-step', { hasText: title }).first().waitFor({ state: 'attached' });
    }
    // A person's click: the walkthrough's buttons act on the mouse itself, which Playwright's
    // click() (it checks the element's stability first) does not always reach here.
    const signIn = step.locator('a.monaco-button', { hasText: 'Sign In' }).first();
    const box = await signIn.boundingBox();
    assert.ok(box, 'the Sign In button is not on screen');
    await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
    await step.locator('.codicon-getting-started-step-checked').waitFor({ state: 'visible', timeout: 30_000 });
    await workbench.screenshot('walkthrough');
  });

  it('stops code-server, the sandbox tenant and everything they started on Ctrl-C, and removes its folders', async function () {
    if (!npmStart || !started) this.skip();
    await context?.close();
    context = undefined;
    const exitCode = await npmStart.stop();
    assert.ok(/stopped code-server and the sandbox tenant/.test(npmStart.printed), `npm start did not say it stopped (exit ${exitCode}):\n${npmStart.tail()}`);
    assert.equal(await listening(started.url), false, 'code-server still listens');
    assert.equal(await listening(started.sandbox), false, 'the sandbox tenant still listens');
    assert.deepEqual(processesUsing(started.runFolder), [], 'processes of the run are still running');
    assert.equal(fs.existsSync(started.runFolder), false, 'the run folder is still there');
  });
});
