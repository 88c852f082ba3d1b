// "Go Secretless…" against the sandbox tenant: offered only on apps that hold a secret or a
// certificate, and on one without, it says so and asks nothing.
import * as assert from 'node:assert/strict';
import type { GoSecretlessOutcome } from '../../src/commands/secretless/goSecretless';
import { SANDBOX_ADMIN, SEEDED_APPS } from '../../src/sandbox/ids';
import { appNode, contextValueOf, drawn, drawnApps, nodeOf } from './support/modelNodes';
import { useSandboxSuite } from './support/sandboxSuite';

describe('Go Secretless', function () {
  this.timeout(120_000);
  const suite = useSandboxSuite();

  it('offers itself only on apps with secrets or certificates, and says so on one without', async () => {
    const withSecret = await appNode(suite.api, suite.home, SANDBOX_ADMIN.objectId);
    await drawnApps(suite.api);
    await drawnApps(suite.api, nodeOf({ kind: 'tenant', tenantId: suite.home }));
    assert.match(await contextValueOf(drawn(suite.api, withSecret)), /\bhasSecrets\b/);
    const empty = await appNode(suite.api, suite.home, SEEDED_APPS.empty.objectId);
    assert.doesNotMatch(await contextValueOf(drawn(suite.api, empty)), /\bhasSecrets\b/);

    const outcome = await suite.run<GoSecretlessOutcome>('miFederation.goSecretless', empty);
    assert.deepEqual(outcome?.keys, []);
    assert.deepEqual(suite.ui.messages('info').map((m) => m.text), ['Empty App has no client secrets or certificates: there is nothing to remove.']);
    assert.equal(suite.ui.prompts.filter((p) => p.kind !== 'message' && p.kind !== 'progress').length, 0, 'nothing was asked');
  });
});
