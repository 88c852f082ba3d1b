// What the user is told around a write and a failure: a new credential "can take a minute"; an
// exchange refused while Entra still propagates a change this window made says so beside the
// doctor's findings (and works once it has propagated); and an error notification never shows a
// token or a function key, whatever the error quotes.
import * as assert from 'node:assert/strict';
import type { FederatedIdentityCredential } from '@microsoft/microsoft-graph-types';
import { USER_ASSIGNED_MI } from '../../src/sandbox/ids';
import type { TokenFunctionEntry } from '../../src/services/tokenFunction';
import type { InspectorState } from '../../src/shared/protocol';
import { EXCHANGE_AUDIENCE, freshProvisionedApp } from './support/fullFlow';
import { appNode, credentialNode, JWT_PATTERN } from './support/modelNodes';
import { useSandboxSuite } from './support/sandboxSuite';
import { accept, confirm, pick } from './support/scriptedUserInput';

describe('Messages: propagation and redaction', function () {
  this.timeout(3 * 60_000);
  const suite = useSandboxSuite({ tokenFunction: true });

  it('a credential used before it has propagated: the refusal says the change was just made, and it works once it took effect', async () => {
    const app = await freshProvisionedApp(suite, 'Propagation');
    // Entra's own behaviour: a new credential takes effect only after a while (the sandbox's clock).
    suite.sandbox.control.setFicPropagationDelay(60_000);
    try {
      const node = await appNode(suite.api, suite.home, app.id);
      suite.ui.queue(pick(USER_ASSIGNED_MI.name), pick(EXCHANGE_AUDIENCE), accept(), accept(), confirm('Create'));
      const created = await suite.run<FederatedIdentityCredential>('miFederation.addCredential', node);
      assert.ok(created?.name, `not created:\n${suite.ui.transcript()}`);
      assert.match(suite.ui.messages('info').at(-1)?.text ?? '', /^Created credential .* It can take a minute or two before Entra accepts tokens for it\.$/);

      const entry = await suite.run<TokenFunctionEntry>('miFederation.addTokenFunction', { url: suite.sandbox.tokenFunction.url, key: suite.sandbox.tokenFunction.key, name: 'sandbox' });
      assert.ok(entry?.discovery, 'the token function was not added');
      const credential = credentialNode(suite.api, node, created.name);

      suite.ui.queue(pick('Invoke'));
      const refused = await suite.run('miFederation.exchangeForAppToken', credential);
      assert.equal(refused, undefined, 'the exchange succeeded before the credential took effect');
      const error = suite.ui.messages('error').at(-1)?.text ?? '';
      assert.match(error, /^Entra refused the exchange \(AADSTS70021\d*\)/, error);
      assert.match(error, /changed less than a minute ago: Entra can take a few minutes to apply a change/);
      const shown = suite.api.views.inspector.state;
      assert.match(shown?.error?.action ?? '', /changed less than a minute ago/, 'the inspector does not say it beside the findings');
      assert.equal(shown?.diagnosis?.matched, created.name, "the doctor finds the credential right: it is Entra's propagation");

      suite.sandbox.control.clock.advance(61_000);
      suite.ui.queue(pick('Invoke'));
      const exchanged = await suite.run<{ tenantId: string; inspector: InspectorState }>('miFederation.exchangeForAppToken', credential);
      assert.ok(exchanged, `still refused once propagated:\n${suite.ui.transcript()}`);
      assert.equal(exchanged.inspector.tokens[1]?.appId, app.appId);
    } finally {
      suite.sandbox.control.setFicPropagationDelay(0);
      suite.sandbox.control.clock.reset();
    }
  });

  it('an error notification shows neither a Bearer token nor a ?code= key that the error quotes', async () => {
    const token = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJzZWNyZXQtdXNlciJ9.c2lnbmF0dXJlLXBhcnQ';
    const key = 'aFunctionKeyThatMustNotShow123';
    await suite.run('miFederation.addTenant', `Authorization: Bearer ${token}`);
    await suite.run('miFederation.addTenant', `https://func.example.net/api/x?code=${key}`);
    const errors = suite.ui.messages('error').map((m) => m.text);
    assert.equal(errors.length, 2, errors.join(' | '));
    // The commands did fail on that input, and said why: only the secret is gone.
    for (const text of errors) assert.match(text, /is neither a tenant id/);
    assert.doesNotMatch(errors[0], JWT_PATTERN);
    assert.ok(!errors[1].includes(key), errors[1]);
    assert.match(errors[1], /\?code=<redacted>/);
  });
});
