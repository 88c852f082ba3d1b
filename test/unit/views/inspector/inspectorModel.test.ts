// The inspector's view state: decoded claims and the doctor's verdict, never a raw token.
import assert from 'node:assert/strict';
import { bytesToBase64Url } from '../../../../src/core/jwt';
import { buildInspectorState } from '../../../../src/views/inspector/inspectorModel';
import { inspectorHtml } from '../../../../src/views/inspector/inspectorHtml';
import { isWebviewToHost } from '../../../../src/shared/protocol';

const TENANT = '24a7c6d3-63ee-412f-9e6e-1ed65fae4ba7';
const MI = { id: '6e21fb2f-aac9-47a2-a834-ab89084cc8c5', appId: '8c3bcc91-28db-43a7-bbda-b43aec4c8fef' };

function token(payload: Record<string, unknown>): string {
  return `${bytesToBase64Url(JSON.stringify({ alg: 'RS256', kid: 'k' }))}.${bytesToBase64Url(JSON.stringify(payload))}.c2ln`;
}

const now = new Date('2030-01-01T00:00:00Z');
const exp = now.getTime() / 1000 + 3600;
const miToken = token({ iss: `https://login.microsoftonline.com/${TENANT}/v2.0`, sub: MI.id, oid: MI.id, azp: MI.appId, aud: 'api://AzureADTokenExchange', tid: TENANT, exp, xms_mirid: '/subscriptions/s/resourcegroups/r/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-x' });
const appToken = token({ iss: 'https://login.microsoftonline.com/other/v2.0', sub: 'sp', oid: 'sp', azp: 'app-id', idtyp: 'app', tid: 'other', roles: ['Application.Read.All'], exp });

describe('inspector: view state', () => {
  it('shows the chain in order with the tenant and app of each token, and no raw token', () => {
    const { state, raw } = buildInspectorState({ title: 't', tokens: [{ raw: miToken, source: 'mi' }, { raw: appToken, source: 'exchange' }] }, 3, now);
    assert.deepEqual(state.tokens.map((t) => [t.kind, t.tenantId]), [['managedIdentity', TENANT], ['app', 'other']]);
    assert.equal(state.tokens[0].displayName, 'id-x');
    assert.equal(state.tokens[1].appId, 'app-id');
    assert.equal(state.version, 3);
    assert.ok(!JSON.stringify(state).includes(miToken) && !JSON.stringify(state).includes(appToken));
    assert.equal(raw.get(state.tokens[0].id)?.raw, miToken);
    const expClaim = state.tokens[0].payload.find((c) => c.name === 'exp');
    assert.equal(expClaim?.epochMs, exp * 1000);
    assert.deepEqual(state.tokens.map((t) => t.signature.state), ['pending', 'pending']);
  });

  it('puts the diagnosis beside the managed identity token when an app is in context', () => {
    const credentials = [{ name: 'ok', issuer: `https://login.microsoftonline.com/${TENANT}/v2.0`, subject: MI.id, audiences: ['api://AzureADTokenExchange'] }];
    const { state, diagnosis } = buildInspectorState({ title: 't', tokens: [{ raw: miToken, source: 'mi' }, { raw: appToken, source: 'x' }], app: { appId: 'a', credentials } }, 1, now);
    assert.equal(diagnosis?.matched, 'ok');
    assert.equal(state.diagnosis?.tokenId, state.tokens[0].id);
    assert.equal(state.diagnosis?.credentialCount, 1);
  });
});

describe('inspector: page and messages', () => {
  it('has a strict CSP with a nonce and loads only the given resources', () => {
    const html = inspectorHtml({ cspSource: 'https://cdn.example', scriptUri: 'https://cdn.example/webview.js', styleUri: 'https://cdn.example/inspector.css' }, 'n0nce');
    assert.match(html, /default-src 'none'; script-src 'nonce-n0nce'; style-src https:\/\/cdn\.example; font-src https:\/\/cdn\.example; img-src https:\/\/cdn\.example/);
    assert.match(html, /<script nonce="n0nce" src="https:\/\/cdn\.example\/webview\.js"><\/script>/);
    assert.ok(!/<script>/.test(html), 'an inline script without nonce');
  });

  it('accepts only well-formed messages from the webview', () => {
    assert.ok(isWebviewToHost({ type: 'ready' }));
    assert.ok(isWebviewToHost({ type: 'rendered', version: 1, tokenCount: 2 }));
    assert.ok(!isWebviewToHost({ type: 'rendered', version: '1', tokenCount: 2 }));
    assert.ok(!isWebviewToHost({ type: 'copyToken' }));
    assert.ok(!isWebviewToHost({ type: 'eval', code: 'x' }));
    assert.ok(!isWebviewToHost(null));
  });
});
