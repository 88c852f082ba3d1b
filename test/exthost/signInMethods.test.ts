// The sign-in methods other than the sandbox's device code, on their failure paths: they must
// say what is wrong and offer a way on, never leave the user with a stack trace.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ExtensionTestApi } from '../../src/testApi';
import { extensionApi } from './support/sandboxSuite';
import { ScriptedUserInput, messageAction } from './support/scriptedUserInput';

describe('Sign-in methods', function () {
  let services: ExtensionTestApi;
  const config = () => vscode.workspace.getConfiguration('miFederation');

  before(async () => {
    services = await extensionApi();
    await vscode.commands.executeCommand('miFederation.signOut');
  });

  afterEach(async () => {
    await config().update('signIn', undefined, vscode.ConfigurationTarget.Global);
    await config().update('cloud', undefined, vscode.ConfigurationTarget.Global);
  });

  it('without the Azure CLI, says so and offers device-code sign-in', async () => {
    await config().update('cloud', 'public', vscode.ConfigurationTarget.Global);
    await config().update('signIn', 'azureCli', vscode.ConfigurationTarget.Global);
    // Dismiss the offer: the test machine has no route to the public cloud.
    const ui = new ScriptedUserInput(messageAction(undefined));
    await services.withScriptedInput(ui, () => vscode.commands.executeCommand('miFederation.signIn'));
    const offer = ui.messages('warning')[0];
    assert.ok(offer, `no warning shown; prompts:\n${ui.transcript()}`);
    assert.match(offer.text, /Azure CLI/);
    assert.match(offer.text, /az login/);
    assert.deepEqual(offer.choices, ['Sign In with Device Code']);
    assert.equal(ui.messages('error').length, 0, 'declining the offer is not an error');
    assert.equal(services.session.account, undefined);
    ui.assertDone();
  });

  it('with the sandbox cloud but no sandbox running, says how to start one', async () => {
    await services.sandbox.stop(); // forget any sandbox an earlier suite connected to
    await config().update('cloud', 'sandbox', vscode.ConfigurationTarget.Global);
    const ui = new ScriptedUserInput();
    await services.withScriptedInput(ui, () => vscode.commands.executeCommand('miFederation.signIn'));
    const error = ui.messages('error')[0];
    assert.ok(error, `no error shown; prompts:\n${ui.transcript()}`);
    assert.match(error.text, /Try the Sandbox Tenant/);
  });
});
