// The token function's own safety: a function that answers without its key is flagged on its
// node (warning icon, tooltip, description) and on the managed identity's token in the
// inspector; one that requires its key is not. The sandbox's token function plays both.
import * as assert from 'node:assert/strict';
import type * as vscode from 'vscode';
import type { TokenFunctionEntry } from '../../src/services/tokenFunction';
import type { InspectorState } from '../../src/shared/protocol';
import { contextValueOf, description, drawnTokenFunctions, endpointNode } from './support/modelNodes';
import { removeAllTokenFunctions, useSandboxSuite } from './support/sandboxSuite';
import { pick } from './support/scriptedUserInput';

const KEYLESS = /answers without its function key: anyone can get tokens from this tenant, and the identity's token rate limit is open to the world/;

/** The tooltip as a person reads it (MarkdownString.appendText escapes spaces as &nbsp;). */
function tooltipText(item: vscode.TreeItem): string {
  return (item.tooltip as vscode.MarkdownString).value.replace(/&nbsp;/g, ' ');
}

describe('Keyless token function', function () {
  this.timeout(90_000);
  const suite = useSandboxSuite();

  afterEach(async () => {
    suite.sandbox.control.setTokenFunctionKeyRequired(true);
    await removeAllTokenFunctions(suite.api);
  });

  async function addFunction(): Promise<TokenFunctionEntry> {
    const entry = await suite.run<TokenFunctionEntry>('miFederation.addTokenFunction', { url: suite.sandbox.tokenFunction.url, key: suite.sandbox.tokenFunction.key, name: 'sandbox' });
    assert.ok(entry?.discovery, `the token function was not added:\n${suite.ui.transcript()}`);
    return entry;
  }

  async function drawnFunction(): Promise<vscode.TreeItem & { node: Awaited<ReturnType<typeof drawnTokenFunctions>>[number] }> {
    const [node] = await drawnTokenFunctions(suite.api);
    assert.ok(node, 'the Token Functions view draws no function');
    return Object.assign(await node.getTreeItem(), { node });
  }

  it('flags a function that answers without its key, on the node and in the inspector', async () => {
    suite.sandbox.control.setTokenFunctionKeyRequired(false);
    const since = suite.sandbox.control.requests().length;
    const entry = await addFunction();
    assert.equal(entry.discovery?.keyProbe, 'answersWithoutKey');
    // The probe went to the managed identity's endpoint and was answered by the function itself.
    const probe = suite.sandbox.control.requests().slice(since).find((r) => /\/api\/GetManagedIdentityToken$/i.test(r.path));
    assert.equal(probe?.status, 400, 'without a scope the function refuses before asking for a token');

    const item = await drawnFunction();
    assert.equal((item.iconPath as vscode.ThemeIcon).id, 'warning');
    assert.match(await description(item.node), /answers without its key/);
    assert.match(tooltipText(item), KEYLESS);
    assert.match(await contextValueOf(item.node), /\bunsafe\b/);

    suite.ui.queue(pick('Invoke'));
    const invoked = await suite.run<{ inspector?: InspectorState }>('miFederation.invokeTokenFunction', await endpointNode(suite.api, 'GetManagedIdentityToken'));
    assert.ok(invoked?.inspector, suite.ui.transcript());
    assert.match(invoked.inspector.tokens[0]?.warning ?? '', KEYLESS);
  });

  it('does not flag a function that requires its key', async () => {
    const since = suite.sandbox.control.requests().length;
    const entry = await addFunction();
    assert.equal(entry.discovery?.keyProbe, 'keyRequired');
    const probe = suite.sandbox.control.requests().slice(since).find((r) => /\/api\/GetManagedIdentityToken$/i.test(r.path));
    assert.equal(probe?.status, 401);
    const item = await drawnFunction();
    assert.notEqual((item.iconPath as vscode.ThemeIcon).id, 'warning');
    assert.doesNotMatch(tooltipText(item), KEYLESS);
    assert.doesNotMatch(await contextValueOf(item.node), /\bunsafe\b/);

    suite.ui.queue(pick('Invoke'));
    const invoked = await suite.run<{ inspector?: InspectorState }>('miFederation.invokeTokenFunction', await endpointNode(suite.api, 'GetManagedIdentityToken'));
    assert.equal(invoked?.inspector?.tokens[0]?.warning, undefined);
  });
});
