// Token functions and the token inspector against the sandbox tenant's token function: adding
// it (key in secret storage only), discovering and invoking its three endpoints, the chain in
// the inspector, the bare 500 explained by the doctor, and a wrong key kept out of the log.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ExtensionServices } from '../../src/commands/services';
import { bytesToBase64Url } from '../../src/core/jwt';
import { SEEDED_APPS, TOKEN_FUNCTION_KEY, USER_ASSIGNED_MI } from '../../src/sandbox/ids';
import type { RunningSandbox } from '../../src/sandbox/types';
import type { TokenFunctionEntry } from '../../src/services/tokenFunction';
import type { InspectorState } from '../../src/shared/protocol';
import { inspectorTestApi } from '../../src/views/inspector/testApi';
import { accept, cancel, input, pick, ScriptedUserInput } from './support/scriptedUserInput';
import { credentialNode, endpointNode, functionNode, isEndpointNode, JWT_PATTERN, removeAllTokenFunctions, sandboxWithTokenFunction } from './support/tokenFixtures';

/** An unsigned token with a few claims (no network needed to show it). */
function sampleToken(): string {
  const payload = { iss: 'https://login.microsoftonline.com/00000000-0000-0000-0000-000000000001/v2.0', sub: 'sample', aud: 'api://sample', exp: Math.floor(Date.now() / 1000) + 600 };
  return `${bytesToBase64Url(JSON.stringify({ alg: 'none', typ: 'JWT' }))}.${bytesToBase64Url(JSON.stringify(payload))}.`;
}

interface InvokeOutcome {
  endpoint: string;
  result: string;
  inspector?: InspectorState;
}

describe('Tokens: token functions and the inspector', function () {
  let services: ExtensionServices;
  let sandbox: RunningSandbox;
  let ui: ScriptedUserInput;

  before(async function () {
    ({ services, sandbox } = await sandboxWithTokenFunction());
  });

  beforeEach(() => {
    ui = new ScriptedUserInput();
    services.ui = ui;
  });

  afterEach(function () {
    if (this.currentTest?.state === 'failed') console.log(`prompts:\n${ui.transcript()}`);
  });

  after(async () => {
    await removeAllTokenFunctions(services);
    await vscode.commands.executeCommand('miFederation.signOut');
    await sandbox?.close();
  });

  const contosoSyncCredential = () => credentialNode(services, sandbox.tenants.home, SEEDED_APPS.contosoSync.objectId, 'token-function-mi');

  it("adds the sandbox's token function: key in secret storage only, endpoints from its OpenAPI document", async () => {
    ui.queue(input(sandbox.tokenFunction.url), input(sandbox.tokenFunction.key), accept());
    const entry = await vscode.commands.executeCommand<TokenFunctionEntry>('miFederation.addTokenFunction');
    ui.assertDone();
    assert.ok(entry, `the command failed:\n${ui.transcript()}`);
    assert.equal(entry.baseUrl, sandbox.tokenFunction.url);
    assert.equal(entry.discovery?.source, 'openapi-v3');
    assert.equal(await services.context.secrets.get(`miFederation.tokenFunctionKey.${entry.id}`), TOKEN_FUNCTION_KEY);
    const remembered = JSON.stringify(services.context.globalState.get('miFederation.tokenFunctions'));
    assert.ok(remembered.includes(sandbox.tokenFunction.url) && !remembered.includes(TOKEN_FUNCTION_KEY), 'the key is in globalState');

    const fn = functionNode(services);
    await fn.settled();
    const endpoints = (await fn.getChildren()).filter(isEndpointNode);
    assert.deepEqual(endpoints.map((e) => e.endpoint.name), ['GetManagedIdentityToken', 'GetAppTokenUsingManagedIdentity', 'GetAppTokenUsingManagedIdentityWithLib']);
    const appEndpoint = endpoints[1];
    assert.deepEqual(appEndpoint.getChildren().map((p) => p.parameter.name), ['clientId', 'tenantId', 'fedScope', 'scope']);
    assert.match(String(appEndpoint.getTreeItem().contextValue), /\bcanInvoke\b/);
    assert.match(String((await fn.getTreeItem()).contextValue), /\btokenFunction\b.*\bcanEditKey\b/);
  });

  it('takes the key out of a pasted endpoint URL (?code=…) instead of remembering it', async () => {
    const pasted = `${sandbox.tokenFunction.url}/api/GetManagedIdentityToken?code=${encodeURIComponent(TOKEN_FUNCTION_KEY)}`;
    ui.queue(input(pasted), input('Sandbox functions'));
    const entry = await vscode.commands.executeCommand<TokenFunctionEntry>('miFederation.addTokenFunction');
    ui.assertDone();
    assert.equal(entry.baseUrl, sandbox.tokenFunction.url);
    assert.equal(services.views.tokenFunctions.store.list().length, 1, 'the same function was added twice');
    assert.equal(entry.name, 'Sandbox functions');
    assert.ok(!JSON.stringify(services.context.globalState.get('miFederation.tokenFunctions')).includes(TOKEN_FUNCTION_KEY));
  });

  it('refuses a plain-http URL that is not on this machine', async () => {
    ui.queue(input('http://func-tokens.azurewebsites.net'), cancel('input'));
    await vscode.commands.executeCommand('miFederation.addTokenFunction');
    assert.match(ui.validations()[0] ?? '', /Use https/);
  });

  it("invokes GetManagedIdentityToken with the credential's audience as scope, and diagnoses it against the app", async () => {
    ui.queue(pick('Invoke'));
    const outcome = await vscode.commands.executeCommand<InvokeOutcome>('miFederation.invokeTokenFunction', await endpointNode(services, 'GetManagedIdentityToken'), await contosoSyncCredential());
    ui.assertDone();
    assert.ok(outcome?.inspector, `no token:\n${ui.transcript()}`);
    const [mi] = outcome.inspector.tokens;
    assert.equal(mi.kind, 'managedIdentity');
    assert.equal(mi.audience, 'fb60f99c-7a34-4190-8149-302f77469936', 'a v2 token names the exchange app by its id');
    assert.equal(mi.objectId, USER_ASSIGNED_MI.objectId);
    assert.equal(outcome.inspector.diagnosis?.matched, 'token-function-mi');
    await services.views.inspector.whenRendered(outcome.inspector.version);
    await services.views.inspector.whenSignaturesChecked();
    assert.equal(services.views.inspector.state?.tokens[0].signature.state, 'verified');
  });

  for (const name of ['GetAppTokenUsingManagedIdentity', 'GetAppTokenUsingManagedIdentityWithLib']) {
    it(`invokes ${name}: the inspector shows the chain managed identity token → app token in the customer tenant`, async () => {
      ui.queue(pick('Invoke'));
      const outcome = await vscode.commands.executeCommand<InvokeOutcome>('miFederation.invokeTokenFunction', await endpointNode(services, name), await contosoSyncCredential());
      ui.assertDone();
      assert.ok(outcome?.inspector, `no token:\n${ui.transcript()}\n${services.log.recentLines().slice(-5).join('\n')}`);
      await services.views.inspector.whenRendered(outcome.inspector.version);
      const state = services.views.inspector.state!;
      assert.deepEqual(state.tokens.map((t) => t.kind), ['managedIdentity', 'app']);
      const [mi, app] = state.tokens;
      assert.equal(mi.tenantId, sandbox.tenants.home);
      assert.equal(app.tenantId, sandbox.tenants.customer);
      assert.equal(app.appId, SEEDED_APPS.contosoSync.appId);
      assert.equal(state.diagnosis?.tokenId, mi.id, 'the diagnosis is not beside the managed identity token');
      assert.ok(!JSON.stringify(state).match(JWT_PATTERN), 'a raw token is in the inspector state');
      await services.views.inspector.whenSignaturesChecked();
      // A Graph token carries a header nonce, as Graph's do: only Graph can check its signature.
      assert.deepEqual(services.views.inspector.state!.tokens.map((t) => t.signature.state), ['verified', 'unverified']);
    });
  }

  it("explains the function's bare 500 for the broken app with the doctor's findings", async () => {
    const broken = await credentialNode(services, sandbox.tenants.home, SEEDED_APPS.broken.objectId, 'subject-is-client-id');
    ui.queue(pick('Invoke'));
    await vscode.commands.executeCommand('miFederation.invokeTokenFunction', await endpointNode(services, 'GetAppTokenUsingManagedIdentity'), broken);
    const error = ui.messages('error')[0]?.text ?? '';
    assert.match(error, /HTTP 500 and no reason/);
    assert.match(error, /doctor says/);
    const state = services.views.inspector.state!;
    assert.equal(state.tokens[0].kind, 'managedIdentity');
    assert.ok(state.error, 'no error in the inspector');
    const codes = state.diagnosis!.findings.map((f) => `${f.credential}:${f.code}`);
    for (const expected of ['issuer-trailing-slash:issuer-trailing-slash', 'subject-is-client-id:subject-is-client-id', 'audience-typo:audience-mismatch']) {
      assert.ok(codes.includes(expected), `no ${expected} in ${codes.join(', ')}`);
    }
  });

  it('a wrong key gives a clear message, and no key or token ever reaches the output channel', async () => {
    const wrongKey = `wrong-key-${Date.now()}-abcdefghijklmnop`;
    ui.queue(input(wrongKey));
    await vscode.commands.executeCommand('miFederation.editTokenFunctionKey', functionNode(services));
    ui.queue(pick('Invoke'));
    await vscode.commands.executeCommand('miFederation.invokeTokenFunction', await endpointNode(services, 'GetManagedIdentityToken'), await contosoSyncCredential());
    const error = ui.messages('error')[0]?.text ?? '';
    assert.match(error, /refused the function key/);
    assert.match(error, /Edit the key/);
    ui.queue(input(TOKEN_FUNCTION_KEY));
    await vscode.commands.executeCommand('miFederation.editTokenFunctionKey', functionNode(services));

    const log = services.log.recentLines().join('\n');
    assert.ok(services.log.recentLines().length > 0, 'nothing was written to the output channel');
    assert.ok(!log.includes(wrongKey), 'the wrong key is in the output channel');
    assert.ok(!log.includes(TOKEN_FUNCTION_KEY), 'the function key is in the output channel');
    assert.ok(!JWT_PATTERN.test(log), 'a token is in the output channel');
    assert.ok(ui.messages().every((m) => !m.text.includes(wrongKey) && !m.text.includes(TOKEN_FUNCTION_KEY)), 'a key was shown in a message');
  });

  it('Decode Token… renders hostile claims as data and keeps the raw token on the host', async () => {
    const hostile = '<img src=x onerror=alert(1)>';
    const token = [bytesToBase64Url(JSON.stringify({ alg: 'RS256', typ: 'JWT', kid: hostile })), bytesToBase64Url(JSON.stringify({ iss: `${sandbox.authority}/${sandbox.tenants.home}/v2.0`, sub: hostile, name: hostile, exp: Math.floor(Date.now() / 1000) + 3600 })), 'c2lnbmF0dXJl'].join('.');
    const state = await vscode.commands.executeCommand<InspectorState>('miFederation.decodeToken', token);
    assert.ok(state, `decode failed:\n${ui.transcript()}`);
    await services.views.inspector.whenRendered(state.version);
    assert.equal(state.tokens[0].payload.find((c) => c.name === 'name')?.display, hostile);
    assert.ok(!JSON.stringify(state).includes(token), 'the raw token is in the webview state');
    await services.views.inspector.whenSignaturesChecked();
    assert.equal(services.views.inspector.state!.tokens[0].signature.state, 'invalid', 'a token with an unknown key id passed the signature check');
  });

  it('Decode Token… with garbage says what is wrong', async () => {
    ui.queue(pick('Paste or type a token…'), input('eyJhbGciOi.not-a-token'));
    await vscode.commands.executeCommand('miFederation.decodeToken');
    assert.match(ui.messages('error')[0]?.text ?? '', /header|base64url|JSON/);
  });

  it('a restored panel (after a window reload) shows the claims without the raw token', async function () {
    // In a browser host (code-server) a webview created after another was closed sometimes
    // waits ~15 s on the old one's service worker before it loads: allow for it.
    this.timeout(90_000);
    const decoded = await vscode.commands.executeCommand<InspectorState>('miFederation.decodeToken', sampleToken());
    await services.views.inspector.whenRendered(decoded.version);
    const shown = services.views.inspector.state!;
    // What the webview persisted (its state) is what VS Code hands the serializer after a reload.
    await inspectorTestApi(services.views.inspector).reopenFromPersisted(JSON.parse(JSON.stringify(shown)));
    const restored = services.views.inspector.state!;
    assert.equal(restored.tokens.length, shown.tokens.length);
    assert.ok(restored.tokens.every((t) => !t.rawAvailable));
    await services.views.inspector.whenRendered(restored.version, 60_000);
  });
});
