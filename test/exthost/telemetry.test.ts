// What the extension reports and logs over a full flow — sign-in, list, add a credential, the
// token function, the local exchange, a refused exchange and a cancelled wizard. Telemetry: one
// typed event per command and per sign-in, with the result, the duration and an error code, and
// nothing else — no token, key, secret, id, name or URL. The "MI Federation" output channel: no
// JWT-shaped text and no function key.
import * as assert from 'node:assert/strict';
import type * as vscode from 'vscode';
import { SANDBOX_ADMIN, SANDBOX_USER, SEEDED_APPS } from '../../src/sandbox/ids';
import { RecordingTelemetry } from '../../src/telemetry';
import { freshProvisionedApp, runFullFlow, type FlowOutcome } from './support/fullFlow';
import { appNode, JWT_PATTERN } from './support/modelNodes';
import { useSandboxSuite } from './support/sandboxSuite';
import { cancel, pick } from './support/scriptedUserInput';

/** Property values telemetry may carry: words from the extension's own vocabulary, and numbers. */
const VOCABULARY = /^[A-Za-z][A-Za-z0-9_]*$|^\d+$/;

describe('Telemetry and the output channel over a full flow', function () {
  this.timeout(4 * 60_000);
  const recorder = new RecordingTelemetry();
  let listening: vscode.Disposable | undefined;
  let outcome: FlowOutcome;
  // Recording starts before the sign-in, so the signIn event is seen too.
  const suite = useSandboxSuite({ tokenFunction: true, beforeSignIn: (api) => (listening = api.telemetry.addListener(recorder)) });

  before(async () => {
    outcome = await runFullFlow(suite, await freshProvisionedApp(suite, 'Telemetry'));

    // A refused exchange (a Failed event with its AADSTS code) and a cancelled wizard.
    suite.ui.queue(pick('Invoke'));
    await suite.run('miFederation.exchangeForAppToken', await appNode(suite.api, suite.home, SEEDED_APPS.broken.objectId));
    suite.ui.queue(cancel('pick'));
    await suite.run('miFederation.addCredential', await appNode(suite.api, suite.home, outcome.app.id));
    listening?.dispose();
  });

  after(() => listening?.dispose());

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
      suite.sandbox.tokenFunction.key,
      SANDBOX_ADMIN.clientSecret,
      SANDBOX_USER.username,
      SANDBOX_USER.displayName,
      outcome.app.displayName,
      outcome.credential.name ?? '',
      'Contoso',
      'Fabrikam',
      suite.sandbox.authority,
      String(suite.sandbox.port),
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
    const lines = suite.api.log.recentLines();
    assert.ok(lines.some((l) => /Local exchange for .* succeeded/.test(l)), `the flow was not logged:\n${lines.join('\n')}`);
    assert.ok(lines.some((l) => /refused/.test(l)), 'the refused exchange was not logged');
    const log = lines.join('\n');
    assert.doesNotMatch(log, JWT_PATTERN, 'a token is in the output channel');
    assert.ok(!log.includes(suite.sandbox.tokenFunction.key), 'the function key is in the output channel');
    assert.ok(!log.includes(SANDBOX_ADMIN.clientSecret), 'the admin secret is in the output channel');
  });
});
