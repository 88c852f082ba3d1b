// Token functions and the token inspector against the sandbox tenant's token function: adding
// it (key in secret storage only), discovering and invoking its three endpoints, the chain in
// the inspector, the bare 500 explained by the doctor, and a wrong key kept out of the log.
import * as assert from 'node:assert/strict';
import { bytesToBase64Url } from '../../src/core/jwt';
import { SEEDED_APPS, TOKEN_FUNCTION_KEY, USER_ASSIGNED_MI } from '../../src/sandbox/ids';
import type { TokenFunctionEntry } from '../../src/services/tokenFunction';
import type { InspectorState } from '../../src/shared/protocol';
import { inspectorTestApi } from '../../src/views/inspector/testApi';
import { accept, cancel, input, pick } from './support/scriptedUserInput';
import { appNode, credentialNode, drawnTokenFunctions, endpointNode, functionNode, JWT_PATTERN } from './support/modelNodes';
import { useSandboxSuite } from './support/sandboxSuite';

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
  const suite = useSandboxSuite({ tokenFunction: true });

  const contosoSyncCredential = async () => credentialNode(suite.api, await appNode(suite.api, suite.home, SEEDED_APPS.contosoSync.objectId), 'token-function-mi');

  it("adds the sandbox's token function: key in secret storage only, endpoints from its OpenAPI document", async () => {
    suite.ui.queue(input(suite.sandbox.tokenFunction.url), input(suite.sandbox.tokenFunction.key), accept());
    const entry = await suite.run<TokenFunctionEntry>('miFederation.addTokenFunction');
    suite.ui.assertDone();
    assert.ok(entry, `the command failed:\n${suite.ui.transcript()}`);
    assert.equal(entry.baseUrl, suite.sandbox.tokenFunction.url);
    assert.equal(entry.discovery?.source, 'openapi-v3');
    assert.equal(await suite.api.extension.secrets.get(`miFederation.tokenFunctionKey.${entry.id}`), TOKEN_FUNCTION_KEY);
    const remembered = JSON.stringify(suite.api.extension.globalState.get('miFederation.tokenFunctions'));
    assert.ok(remembered.includes(suite.sandbox.tokenFunction.url) && !remembered.includes(TOKEN_FUNCTION_KEY), 'the key is in globalState');

    const fn = functionNode(suite.api);
    const endpoints = suite.api.model.tokenFunctions.get(fn.functionId)?.discovery?.endpoints ?? [];
    assert.deepEqual(endpoints.map((e) => e.name), ['GetManagedIdentityToken', 'GetAppTokenUsingManagedIdentity', 'GetAppTokenUsingManagedIdentityWithLib']);
    assert.deepEqual(endpoints[1].parameters.map((p) => p.name), ['clientId', 'tenantId', 'fedScope', 'scope']);
    // The view draws them: the function, its endpoints, an endpoint's parameters.
    const [fnNode] = await drawnTokenFunctions(suite.api);
    assert.match(String((await fnNode.getTreeItem()).contextValue), /\btokenFunction\b.*\bcanEditKey\b/);
    const drawnEndpoints = await drawnTokenFunctions(suite.api, fnNode);
    assert.deepEqual(await Promise.all(drawnEndpoints.map(async (e) => (await e.getTreeItem()).label)), endpoints.map((e) => e.name));
    assert.match(String((await drawnEndpoints[1].getTreeItem()).contextValue), /\bcanInvoke\b/);
    const parameters = await drawnTokenFunctions(suite.api, drawnEndpoints[1]);
    assert.deepEqual(await Promise.all(parameters.map(async (p) => (await p.getTreeItem()).label)), ['clientId', 'tenantId', 'fedScope', 'scope']);
  });

  it('takes the key out of a pasted endpoint URL (?code=…) instead of remembering it', async () => {
    const pasted = `${suite.sandbox.tokenFunction.url}/api/GetManagedIdentityToken?code=${encodeURIComponent(TOKEN_FUNCTION_KEY)}`;
    suite.ui.queue(input(pasted), input('Sandbox functions'));
    const entry = await suite.run<TokenFunctionEntry>('miFederation.addTokenFunction');
    suite.ui.assertDone();
    assert.equal(entry.baseUrl, suite.sandbox.tokenFunction.url);
    assert.equal(suite.api.model.tokenFunctions.list().length, 1, 'the same function was added twice');
    assert.equal(entry.name, 'Sandbox functions');
    assert.ok(!JSON.stringify(suite.api.extension.globalState.get('miFederation.tokenFunctions')).includes(TOKEN_FUNCTION_KEY));
  });

  it('refuses a plain-http URL that is not on this machine', async () => {
    suite.ui.queue(input('http://func-tokens.azurewebsites.net'), cancel('input'));
    await suite.run('miFederation.addTokenFunction');
    assert.match(suite.ui.validations()[0] ?? '', /Use https/);
  });

  it("invokes GetManagedIdentityToken with the credential's audience as scope, and diagnoses it against the app", async () => {
    suite.ui.queue(pick('Invoke'));
    const outcome = await suite.run<InvokeOutcome>('miFederation.invokeTokenFunction', await endpointNode(suite.api, 'GetManagedIdentityToken'), await contosoSyncCredential());
    suite.ui.assertDone();
    assert.ok(outcome?.inspector, `no token:\n${suite.ui.transcript()}`);
    const [mi] = outcome.inspector.tokens;
    assert.equal(mi.kind, 'managedIdentity');
    assert.equal(mi.audience, 'fb60f99c-7a34-4190-8149-302f77469936', 'a v2 token names the exchange app by its id');
    assert.equal(mi.objectId, USER_ASSIGNED_MI.objectId);
    assert.equal(outcome.inspector.diagnosis?.matched, 'token-function-mi');
    await suite.api.views.inspector.whenRendered(outcome.inspector.version);
    await suite.api.views.inspector.whenSignaturesChecked();
    assert.equal(suite.api.views.inspector.state?.tokens[0].signature.state, 'verified');
  });

  for (const name of ['GetAppTokenUsingManagedIdentity', 'GetAppTokenUsingManagedIdentityWithLib']) {
    it(`invokes ${name}: the inspector shows the chain managed identity token → app token in the customer tenant`, async () => {
      suite.ui.queue(pick('Invoke'));
      const outcome = await suite.run<InvokeOutcome>('miFederation.invokeTokenFunction', await endpointNode(suite.api, name), await contosoSyncCredential());
      suite.ui.assertDone();
      assert.ok(outcome?.inspector, `no token:\n${suite.ui.transcript()}\n${suite.api.log.recentLines().slice(-5).join('\n')}`);
      await suite.api.views.inspector.whenRendered(outcome.inspector.version);
      const state = suite.api.views.inspector.state!;
      assert.deepEqual(state.tokens.map((t) => t.kind), ['managedIdentity', 'app']);
      const [mi, app] = state.tokens;
      assert.equal(mi.tenantId, suite.sandbox.tenants.home);
      assert.equal(app.tenantId, suite.sandbox.tenants.customer);
      assert.equal(app.appId, SEEDED_APPS.contosoSync.appId);
      assert.equal(state.diagnosis?.tokenId, mi.id, 'the diagnosis is not beside the managed identity token');
      assert.ok(!JSON.stringify(state).match(JWT_PATTERN), 'a raw token is in the inspector state');
      await suite.api.views.inspector.whenSignaturesChecked();
      // A Graph token carries a header nonce, as Graph's do: only Graph can check its signature.
      assert.deepEqual(suite.api.views.inspector.state!.tokens.map((t) => t.signature.state), ['verified', 'unverified']);
    });
  }

  it("explains the original proof of concept's bare 500 for the broken app with the doctor's findings", async () => {
    const broken = credentialNode(suite.api, await appNode(suite.api, suite.home, SEEDED_APPS.broken.objectId), 'subject-is-client-id');
    suite.ui.queue(pick('Invoke'));
    suite.sandbox.control.setTokenFunctionErrors('bare-500');
    try {
      await suite.run('miFederation.invokeTokenFunction', await endpointNode(suite.api, 'GetAppTokenUsingManagedIdentity'), broken);
    } finally {
      suite.sandbox.control.setTokenFunctionErrors('json');
    }
    const error = suite.ui.messages('error')[0]?.text ?? '';
    assert.match(error, /HTTP 500 and no reason/);
    assert.match(error, /doctor says/);
    const state = suite.api.views.inspector.state!;
    assert.equal(state.tokens[0].kind, 'managedIdentity');
    assert.ok(state.error, 'no error in the inspector');
    const codes = state.diagnosis!.findings.map((f) => `${f.credential}:${f.code}`);
    for (const expected of ['issuer-trailing-slash:issuer-trailing-slash', 'subject-is-client-id:subject-is-client-id', 'audience-typo:audience-mismatch']) {
      assert.ok(codes.includes(expected), `no ${expected} in ${codes.join(', ')}`);
    }
  });

  it('a wrong key gives a clear message, and no key or token ever reaches the output channel', async () => {
    const wrongKey = `wrong-key-${Date.now()}-abcdefghijklmnop`;
    suite.ui.queue(input(wrongKey));
    await suite.run('miFederation.editTokenFunctionKey', functionNode(suite.api));
    suite.ui.queue(pick('Invoke'));
    await suite.run('miFederation.invokeTokenFunction', await endpointNode(suite.api, 'GetManagedIdentityToken'), await contosoSyncCredential());
    const error = suite.ui.messages('error')[0]?.text ?? '';
    assert.match(error, /refused the function key/);
    assert.match(error, /Edit the key/);
    suite.ui.queue(input(TOKEN_FUNCTION_KEY));
    await suite.run('miFederation.editTokenFunctionKey', functionNode(suite.api));

    const log = suite.api.log.recentLines().join('\n');
    assert.ok(suite.api.log.recentLines().length > 0, 'nothing was written to the output channel');
    assert.ok(!log.includes(wrongKey), 'the wrong key is in the output channel');
    assert.ok(!log.includes(TOKEN_FUNCTION_KEY), 'the function key is in the output channel');
    assert.ok(!JWT_PATTERN.test(log), 'a token is in the output channel');
    assert.ok(suite.ui.messages().every((m) => !m.text.includes(wrongKey) && !m.text.includes(TOKEN_FUNCTION_KEY)), 'a key was shown in a message');
  });

  it('Decode Token… renders hostile claims as data and keeps the raw token on the host', async () => {
    const hostile = '<img src=x onerror=alert(1)>';
    const token = [bytesToBase64Url(JSON.stringify({ alg: 'RS256', typ: 'JWT', kid: hostile })), bytesToBase64Url(JSON.stringify({ iss: `${suite.sandbox.authority}/${suite.sandbox.tenants.home}/v2.0`, sub: hostile, name: hostile, exp: Math.floor(Date.now() / 1000) + 3600 })), 'c2lnbmF0dXJl'].join('.');
    const state = await suite.run<InspectorState>('miFederation.decodeToken', token);
    assert.ok(state, `decode failed:\n${suite.ui.transcript()}`);
    await suite.api.views.inspector.whenRendered(state.version);
    assert.equal(state.tokens[0].payload.find((c) => c.name === 'name')?.display, hostile);
    assert.ok(!JSON.stringify(state).includes(token), 'the raw token is in the webview state');
    await suite.api.views.inspector.whenSignaturesChecked();
    assert.equal(suite.api.views.inspector.state!.tokens[0].signature.state, 'invalid', 'a token with an unknown key id passed the signature check');
  });

  it('Decode Token… with garbage says what is wrong', async () => {
    suite.ui.queue(pick('Paste or type a token…'), input('eyJhbGciOi.not-a-token'));
    await suite.run('miFederation.decodeToken');
    assert.match(suite.ui.messages('error')[0]?.text ?? '', /header|base64url|JSON/);
  });

  it('a restored panel (after a window reload) shows the claims without the raw token', async function () {
    // In a browser host (code-server) a webview created after another was closed sometimes
    // waits ~15 s on the old one's service worker before it loads: allow for it.
    this.timeout(90_000);
    const decoded = await suite.run<InspectorState>('miFederation.decodeToken', sampleToken());
    await suite.api.views.inspector.whenRendered(decoded.version);
    const shown = suite.api.views.inspector.state!;
    // What the webview persisted (its state) is what VS Code hands the serializer after a reload.
    await inspectorTestApi(suite.api.views.inspector).reopenFromPersisted(JSON.parse(JSON.stringify(shown)));
    const restored = suite.api.views.inspector.state!;
    assert.equal(restored.tokens.length, shown.tokens.length);
    assert.ok(restored.tokens.every((t) => !t.rawAvailable));
    await suite.api.views.inspector.whenRendered(restored.version, 60_000);
  });
});
