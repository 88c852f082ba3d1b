// What the extension reports and logs over a full flow — sign-in, list, add a credential, the
// token function, the local exchange, a refused exchange and a cancelled wizard. Telemetry: one
// typed event per command and per sign-in, with the result, the duration and an error code, and
// nothing else — no token, key, secret, id, name or URL. The "MI Federation" output channel: no
// JWT-shaped text and no function key.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ExtensionServices } from '../../src/commands/services';
import { startSandbox } from '../../src/sandbox';
import { SANDBOX_ADMIN, SANDBOX_USER, SEEDED_APPS } from '../../src/sandbox/ids';
import type { RunningSandbox } from '../../src/sandbox/types';
import { RecordingTelemetry } from '../../src/telemetry';
import { appNode } from './support/credentialFixture';
import { extensionServices } from './support/extensionUnderTest';
import { freshProvisionedApp, runFullFlow, type FlowOutcome, type FlowParts } from './support/fullFlow';
import { SandboxAdmin } from './support/sandboxAdmin';
import { cancel, pick, ScriptedUserInput } from './support/scriptedUserInput';
import { JWT_PATTERN, removeAllTokenFunctions } from './support/tokenFixtures';

/** Property values telemetry may carry: words from the extension's own vocabulary, and numbers. */
const VOCABULARY = /^[A-Za-z][A-Za-z0-9_]*$|^\d+$/;

describe('Telemetry and the output channel over a full flow', function () {
  this.timeout(4 * 60_000);
  let services: ExtensionServices;
  let sandbox: RunningSandbox;
  let ui: ScriptedUserInput;
  let admin: SandboxAdmin;
  let recorder: RecordingTelemetry;
  let listening: vscode.Disposable;
  let outcome: FlowOutcome;
  const parts: FlowParts = {
    get services() {
      return services;
    },
    get sandbox() {
      return sandbox;
    },
    get admin() {
      return admin;
    },
    ui: () => ui,
  };

  before(async () => {
    services = await extensionServices();
    if (services.session.account) await vscode.commands.executeCommand('miFederation.signOut');
    sandbox = await startSandbox({ tokenFunction: true });
    admin = new SandboxAdmin(sandbox);
    ui = new ScriptedUserInput();
    services.ui = ui;
    recorder = new RecordingTelemetry();
    listening = services.telemetry.addListener(recorder);

    await vscode.commands.executeCommand('miFederation.useSandbox', sandbox);
    assert.ok(services.session.account, 'signing in to the sandbox failed');
    await vscode.commands.executeCommand('workbench.view.extension.miFederation');
    outcome = await runFullFlow(parts, await freshProvisionedApp(parts, 'Telemetry'));

    // A refused exchange (a Failed event with its AADSTS code) and a cancelled wizard.
    ui.queue(pick('Invoke'));
    await vscode.commands.executeCommand('miFederation.exchangeForAppToken', await appNode(services, sandbox.tenants.home, SEEDED_APPS.broken.objectId));
    ui.queue(cancel('pick'));
    await vscode.commands.executeCommand('miFederation.addCredential', await appNode(services, sandbox.tenants.home, outcome.app.id));
    listening.dispose();
  });

  after(async () => {
    listening?.dispose();
    await removeAllTokenFunctions(services);
    await vscode.commands.executeCommand('miFederation.signOut');
    await sandbox?.close();
  });

  it('sends one event per command and per sign-in, with its result, duration and error code', () => {
    const seen = recorder.events.map((e) => (e.name === 'command' ? `command ${e.data.command} ${e.data.result}${e.data.errorCode ? ` ${e.data.errorCode}` : ''}` : `${e.name} ${e.data.method} ${e.data.cloud} ${e.data.result}`));
    assert.deepEqual(seen, [
      'signIn deviceCode sandbox Succeeded',
      'command useSandbox Succeeded',
      'command addCredential Succeeded',
      'command addTokenFunction Succeeded',
      'command invokeTokenFunction Succeeded',
      'command exchangeForAppToken Succeeded',
      'command exchangeForAppToken Failed 700212',
      'command addCredential Canceled',
    ]);
    for (const event of recorder.events.filter((e) => e.name === 'command')) {
      assert.equal(typeof event.data.durationMs, 'number');
      assert.ok((event.data.durationMs as number) >= 0);
    }
  });

  it('carries no token, key, secret, id, name or URL', () => {
    const flowSecrets = [
      sandbox.tokenFunction.key,
      SANDBOX_ADMIN.clientSecret,
      SANDBOX_USER.username,
      SANDBOX_USER.displayName,
      outcome.app.displayName,
      outcome.credential.name ?? '',
      'Contoso',
      'Fabrikam',
      sandbox.authority,
      String(sandbox.port),
    ];
    for (const event of recorder.events) {
      const text = JSON.stringify(event);
      for (const [key, value] of Object.entries(event.data)) {
        if (value === undefined || typeof value === 'number') continue;
        assert.match(String(value), VOCABULARY, `${event.name}.${key} = ${String(value)}`);
      }
      assert.doesNotMatch(text, /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i, `an id in ${text}`);
      assert.doesNotMatch(text, JWT_PATTERN, `a token in ${text}`);
      assert.doesNotMatch(text, /https?:|127\.0\.0\.1|@/, `a URL or an address in ${text}`);
      for (const secret of flowSecrets) assert.ok(!text.includes(secret), `"${secret}" in ${text}`);
    }
  });

  it('leaves no JWT-shaped text and no function key in the "MI Federation" output channel', () => {
    const lines = services.log.recentLines();
    assert.ok(lines.some((l) => /Local exchange for .* succeeded/.test(l)), `the flow was not logged:\n${lines.join('\n')}`);
    assert.ok(lines.some((l) => /refused/.test(l)), 'the refused exchange was not logged');
    const log = lines.join('\n');
    assert.doesNotMatch(log, JWT_PATTERN, 'a token is in the output channel');
    assert.ok(!log.includes(sandbox.tokenFunction.key), 'the function key is in the output channel');
    assert.ok(!log.includes(SANDBOX_ADMIN.clientSecret), 'the admin secret is in the output channel');
  });
});
