// What a person sees after installing the .vsix: the activity-bar icon, the signed-out welcome
// content, and a command run from the command palette.
import * as assert from 'assert';
import { readPackageJson } from '../harness/paths';
import { useWorkbench } from './fixture/workbench';

describe('MI Federation in the workbench', () => {
  const workbench = useWorkbench();

  it('opens its view from the activity-bar icon, with the signed-out welcome content', async () => {
    await workbench.current.openViewContainer('MI Federation');
    const view = workbench.current.view('App Registrations');
    await view.locator('.welcome-view-content').waitFor({ state: 'visible' });
    for (const label of ['Sign In', 'Try the Sandbox Tenant']) {
      await view.getByRole('button', { name: label }).waitFor({ state: 'visible' });
    }
    await workbench.current.screenshot('welcome-view');
  });

  it('runs "MI Federation: About" from the command palette and shows the version', async () => {
    await workbench.current.runCommand('MI Federation: About');
    const { version } = readPackageJson();
    const toast = await workbench.current.waitForNotification(version);
    assert.match(await toast.innerText(), new RegExp(version.replace(/\./g, '\\.')));
    await workbench.current.screenshot('about-notification');
  });
});
