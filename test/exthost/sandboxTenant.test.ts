// "Start Sandbox Tenant" / "Stop Sandbox Tenant": the bundled sandbox runs as a child process of
// the extension host (never inside it), the extension signs in to it and the tree fills; Stop
// signs out, ends the child and puts the user's cloud setting back.
import * as assert from 'node:assert/strict';
import * as net from 'node:net';
import * as vscode from 'vscode';
import type { SandboxTenantStatus } from '../../src/commands/sandboxTenant';
import type { ExtensionTestApi } from '../../src/testApi';
import { startSandbox } from '../../src/sandbox';
import { label, labels } from './support/modelNodes';
import { extensionApi } from './support/sandboxSuite';
import { ScriptedUserInput } from './support/scriptedUserInput';

const cloudSetting = () => vscode.workspace.getConfiguration('miFederation').inspect<string>('cloud')?.globalValue;

function accepts(authority: string): Promise<boolean> {
  const { hostname, port } = new URL(authority);
  return new Promise((resolve) => {
    const socket = net.connect({ host: hostname, port: Number(port) }, () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

describe('Sandbox tenant: Start and Stop commands', () => {
  let services: ExtensionTestApi;
  let ui: ScriptedUserInput;
  let cloudBefore: string | undefined;

  before(async () => {
    services = await extensionApi();
    if (services.session.account) await vscode.commands.executeCommand('miFederation.signOut');
    cloudBefore = cloudSetting();
    // The user's own choice, which Stop must give back.
    await vscode.workspace.getConfiguration('miFederation').update('cloud', 'usgov', vscode.ConfigurationTarget.Global);
  });

  beforeEach(() => {
    ui = new ScriptedUserInput();
  });

  after(async () => {
    await services.withScriptedInput(ui, () => vscode.commands.executeCommand('miFederation.stopSandbox'));
    await vscode.workspace.getConfiguration('miFederation').update('cloud', cloudBefore, vscode.ConfigurationTarget.Global);
  });

  it('starts the bundled sandbox as a child process, signs in and fills the tree', async () => {
    const status = await services.withScriptedInput(ui, () => vscode.commands.executeCommand<SandboxTenantStatus>('miFederation.startSandbox'));
    assert.ok(status?.authority, `not started:\n${ui.transcript()}`);
    const child = services.sandbox.connected?.child;
    assert.ok(child?.pid, 'no child process');
    assert.notEqual(child.pid, process.pid);
    assert.equal(child.exitCode, null);
    assert.equal(services.session.environment?.cloud.name, 'sandbox');
    assert.equal(services.session.account?.username, 'megan@contoso.onmicrosoft.com');
    assert.equal(cloudSetting(), 'sandbox');

    const home = services.sandbox.connected!.info.tenants.home;
    const tenant = services.views.apps.tenantNodes().find((t) => t.id === `tenant/${home}`);
    assert.ok(tenant, 'no home tenant in the tree');
    await services.model.whenLoaded(home);
    const apps = await labels(await services.views.apps.getChildren(tenant));
    assert.ok(apps.includes('Contoso Sync'), `apps: ${apps.slice(0, 10).join(' | ')}`);
    assert.match(ui.messages('info').at(-1)?.text ?? '', /Sandbox tenant started at https:\/\/127\.0\.0\.1:\d+; signed in as megan/);
  });

  it('keeps a sandbox that is already running on a second Start', async () => {
    const pid = services.sandbox.connected?.child?.pid;
    const status = await services.withScriptedInput(ui, () => vscode.commands.executeCommand<SandboxTenantStatus>('miFederation.startSandbox'));
    assert.equal(services.sandbox.connected?.child?.pid, pid);
    assert.equal(status.signedIn, true);
    assert.match(ui.messages('info').at(-1)?.text ?? '', /already running/);
  });

  it('stops: signs out, the child exits, the sandbox stops listening and the cloud setting is back', async () => {
    const connected = services.sandbox.connected;
    assert.ok(connected?.child);
    const status = await services.withScriptedInput(ui, () => vscode.commands.executeCommand<SandboxTenantStatus>('miFederation.stopSandbox'));
    assert.deepEqual(status, { startedHere: true, signedIn: false });
    assert.ok(connected.child.exitCode !== null || connected.child.signalCode !== null, 'the child process still runs');
    assert.equal(await accepts(connected.info.authority), false, 'the sandbox still accepts connections');
    assert.equal(services.sandbox.connected, undefined);
    assert.equal(services.session.account, undefined);
    assert.equal(cloudSetting(), 'usgov');
    const appsView = services.views.apps.tenantNodes();
    assert.deepEqual(await Promise.all(appsView.map(label)), [], 'the tree still shows tenants');
    assert.match(ui.messages('info').at(-1)?.text ?? '', /Stopped the sandbox tenant and signed out/);
  });

  it('says so when no sandbox is running', async () => {
    const status = await services.withScriptedInput(ui, () => vscode.commands.executeCommand<SandboxTenantStatus>('miFederation.stopSandbox'));
    assert.equal(status.startedHere, false);
    assert.match(ui.messages('info').at(-1)?.text ?? '', /No sandbox tenant is running/);
  });

  it('leaves a sandbox it did not start running, and only signs out of it', async () => {
    const outside = await startSandbox({ tokenFunction: false });
    try {
      await services.withScriptedInput(ui, () => vscode.commands.executeCommand('miFederation.useSandbox', outside));
      assert.ok(services.session.account);
      const status = await services.withScriptedInput(ui, () => vscode.commands.executeCommand<SandboxTenantStatus>('miFederation.stopSandbox'));
      assert.deepEqual(status, { startedHere: false, signedIn: false });
      assert.equal(await accepts(outside.authority), true, 'a sandbox started elsewhere was stopped');
      assert.match(ui.messages('info').at(-1)?.text ?? '', /started outside VS Code and keeps running/);
    } finally {
      await outside.close();
    }
  });
});
