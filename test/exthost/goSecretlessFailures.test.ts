// "Go Secretless…" when things go wrong, on fresh apps an administrator gave two client secrets
// and a certificate: an exchange that never works within the probe's five minutes (sandbox
// clock) removes nothing and says why; a token function that cannot be reached leaves only an
// explicit "Remove Anyway…" past its own warning; a removal that fails half-way leaves the rest
// and says exactly what is still there. Every claim is read back from Graph.
import * as assert from 'node:assert/strict';
import type * as vscode from 'vscode';
import { CancelledError } from '../../src/core/errors';
import type { ProbeClock } from '../../src/core/propagationProbe';
import type { GoSecretlessOutcome } from '../../src/commands/secretless/goSecretless';
import { USER_ASSIGNED_MI } from '../../src/sandbox/ids';
import { makeAppCertificate } from '../../src/sandbox/certificates';
import { RecordingTelemetry } from '../../src/telemetry';
import { freshProvisionedApp } from './support/fullFlow';
import { appNode } from './support/modelNodes';
import { removeAllTokenFunctions, useSandboxSuite } from './support/sandboxSuite';
import { act, cancel, cancelProgress, confirm, pick } from './support/scriptedUserInput';
import { sandboxClock } from './support/sandboxClock';

interface GraphApp {
  passwordCredentials: Array<{ keyId: string; displayName?: string | null }>;
  keyCredentials: Array<{ keyId: string; displayName?: string | null }>;
}

describe('Go Secretless: failures', function () {
  this.timeout(120_000);
  const recorder = new RecordingTelemetry();
  let listening: vscode.Disposable | undefined;
  const suite = useSandboxSuite({ beforeSignIn: (api) => (listening = api.telemetry.addListener(recorder)) });
  after(() => listening?.dispose());

  before(async () => {
    await removeAllTokenFunctions(suite.api);
    const entry = await suite.run('miFederation.addTokenFunction', { url: suite.sandbox.tokenFunction.url, key: suite.sandbox.tokenFunction.key, name: 'sandbox' });
    assert.ok(entry, 'the sandbox token function was not added');
  });

  afterEach(() => suite.sandbox.control.setFicPropagationDelay(0));

  /** A fresh app, provisioned in both tenants, with secrets "deploy" and "backup" and one certificate. */
  async function appWithSecrets(name: string): Promise<{ id: string; appId: string; displayName: string }> {
    const app = await freshProvisionedApp(suite, name);
    for (const displayName of ['deploy', 'backup']) {
      const added = await suite.admin.request(suite.home, 'POST', `/applications/${app.id}/addPassword`, { passwordCredential: { displayName } });
      assert.equal(added.status, 200, `addPassword: ${JSON.stringify(added.body)}`);
    }
    const patched = await suite.admin.request(suite.home, 'PATCH', `/applications/${app.id}`, {
      keyCredentials: [{ type: 'AsymmetricX509Cert', usage: 'Verify', displayName: 'CN=signing', key: makeAppCertificate('signing', new Date(Date.now() - 86_400_000), new Date(Date.now() + 365 * 86_400_000)).key }],
    });
    assert.equal(patched.status, 204, `keyCredentials: ${JSON.stringify(patched.body)}`);
    return app;
  }

  async function graphApp(objectId: string): Promise<GraphApp> {
    const answer = await suite.admin.request(suite.home, 'GET', `/applications/${objectId}`);
    assert.equal(answer.status, 200, JSON.stringify(answer.body));
    return answer.body as GraphApp;
  }

  function removals(since: number, objectId: string): string[] {
    return suite.sandbox.control
      .requests()
      .slice(since)
      .filter((r) => r.path === `/v1.0/applications/${objectId}/removePassword` || (r.method === 'PATCH' && r.path === `/v1.0/applications/${objectId}`))
      .map((r) => `${r.method} ${r.status}`);
  }

  it('an exchange still refused when the probe gives up removes nothing, and the user is told why', async () => {
    const app = await appWithSecrets('Secretless Never');
    // Longer than the probe's five minutes: the credential never comes into force in time.
    suite.sandbox.control.setFicPropagationDelay(10 * 60_000);
    const node = await appNode(suite.api, suite.home, app.id);
    const since = suite.sandbox.control.requests().length;
    suite.ui.queue(pick(USER_ASSIGNED_MI.name), confirm('Create'), pick(/From sandbox/), cancel('confirm'));
    const outcome = await suite.run<GoSecretlessOutcome>('miFederation.goSecretless', node, { tenants: [suite.home], clock: sandboxClock(suite.sandbox) });
    assert.ok(outcome, suite.ui.transcript());
    suite.ui.assertDone();

    assert.equal(outcome.verification?.verified, false);
    const modal = suite.ui.prompts.find((p) => p.kind === 'confirm' && /is not verified/.test(p.text));
    assert.deepEqual(modal?.choices, ['Remove Anyway…'], 'only an explicit Remove Anyway is offered');
    assert.match(modal?.value ?? '', /still refused after 4 min 40 s of retries/);
    const told = suite.ui.messages('warning').at(-1)?.text ?? '';
    assert.match(told, /^Nothing was removed from Secretless Never .*: the federation is not verified \(✗ .*still refused after/);
    assert.match(told, /secret "deploy" .*secret "backup" .*certificate "CN=signing"/);

    assert.deepEqual(removals(since, app.id), [], 'no removal was sent');
    const held = await graphApp(app.id);
    assert.deepEqual([held.passwordCredentials.length, held.keyCredentials.length], [2, 1], 'the secrets and the certificate are still there');
    assert.equal(outcome.removal?.result, 'kept');
  });

  it('Cancel while the probe waits stops everything: nothing is removed, and the user is told so', async () => {
    const app = await appWithSecrets('Secretless Cancel');
    suite.sandbox.control.setFicPropagationDelay(60_000);
    const node = await appNode(suite.api, suite.home, app.id);
    const since = suite.sandbox.control.requests().length;
    let waiting!: () => void;
    const waitStarted = new Promise<void>((resolve) => (waiting = resolve));
    // The probe's first wait never ends by itself: only Cancel ends it.
    const clock: ProbeClock = {
      now: () => suite.sandbox.control.clock.now(),
      sleep: (_ms, signal) => {
        waiting();
        return new Promise((_resolve, reject) => signal?.addEventListener('abort', () => reject(new CancelledError()), { once: true }));
      },
    };
    suite.ui.queue(pick(USER_ASSIGNED_MI.name), confirm('Create'), pick(/From sandbox/), cancelProgress(() => waitStarted));
    const outcome = await suite.run<GoSecretlessOutcome>('miFederation.goSecretless', node, { tenants: [suite.home], clock });
    assert.equal(outcome, undefined, 'a cancelled command returns nothing');
    suite.ui.assertDone();
    assert.match(suite.ui.messages('warning').at(-1)?.text ?? '', /^Go Secretless stopped: the check was cancelled .* Nothing was removed: Secretless Cancel \w+ keeps its 2 client secrets and 1 certificate\.$/);
    assert.deepEqual(suite.ui.messages('error'), []);
    assert.deepEqual(removals(since, app.id), []);
    const held = await graphApp(app.id);
    assert.deepEqual([held.passwordCredentials.length, held.keyCredentials.length], [2, 1]);
    assert.equal(recorder.events.filter((e) => e.name === 'goSecretless').at(-1)?.data.outcome, 'canceled');
  });

  it('with the token function unreachable, only "Remove Anyway…" past its own warning removes them', async () => {
    const app = await appWithSecrets('Secretless Anyway');
    const node = await appNode(suite.api, suite.home, app.id);
    suite.sandbox.control.failNext(50, 'unavailable', /^\/api\/GetManagedIdentityToken$/, 0);
    suite.ui.queue(pick(USER_ASSIGNED_MI.name), confirm('Create'), pick(/From sandbox/), confirm('Remove Anyway…'), pick(/Skip/), confirm('Remove Anyway'));
    const outcome = await suite.run<GoSecretlessOutcome>('miFederation.goSecretless', node, { tenants: [suite.home] });
    assert.ok(outcome, suite.ui.transcript());
    suite.ui.assertDone();

    assert.equal(outcome.verification?.verified, false);
    const [first, warning] = suite.ui.prompts.filter((p) => p.kind === 'confirm' && /Remove Anyway/.test(p.choices.join()));
    assert.match(first.value ?? '', /the check could not run/);
    assert.match(warning.text, /^Remove 2 client secrets and 1 certificate from Secretless Anyway .* without a working exchange\?$/);
    assert.match(warning.value ?? '', /not verified: the check could not run/);
    const held = await graphApp(app.id);
    assert.deepEqual([held.passwordCredentials, held.keyCredentials], [[], []]);
    assert.equal(outcome.removal?.result, 'removed');
  });

  it('a removal that fails half-way leaves the rest as it was and says exactly what remains', async () => {
    const app = await appWithSecrets('Secretless Halfway');
    const node = await appNode(suite.api, suite.home, app.id);
    const since = suite.sandbox.control.requests().length;
    // Armed as the user confirms: the certificate goes (one PATCH), then every removePassword fails.
    const armRemoval = act(() => suite.sandbox.control.failNext(20, 'unavailable', /\/removePassword$/, 0));
    suite.ui.queue(pick(USER_ASSIGNED_MI.name), confirm('Create'), pick(/From sandbox/), pick(/Skip/), armRemoval, confirm('Remove All 3'));
    const outcome = await suite.run<GoSecretlessOutcome>('miFederation.goSecretless', node, { tenants: [suite.home] });
    assert.ok(outcome, suite.ui.transcript());
    suite.ui.assertDone();
    assert.equal(outcome.verification?.verified, true, JSON.stringify(outcome.verification));

    const sent = removals(since, app.id);
    assert.equal(sent[0], 'PATCH 204', `removals: ${sent.join(', ')}`);
    assert.ok(sent.slice(1).every((r) => r === 'POST 503'), `removals: ${sent.join(', ')}`);
    const held = await graphApp(app.id);
    assert.deepEqual(held.keyCredentials, [], 'the certificate was removed');
    assert.deepEqual(held.passwordCredentials.map((p) => p.displayName).sort(), ['backup', 'deploy'], 'both secrets are still there');

    assert.equal(outcome.removal?.result, 'stopped');
    const told = suite.ui.messages('error').at(-1)?.text ?? '';
    assert.match(told, /^Removed certificate "CN=signing" \(expires \d{4}-\d\d-\d\d\)\. Removing secret "deploy" \(hint \S+…, expires \d{4}-\d\d-\d\d\) failed: /);
    assert.match(told, /Still on Secretless Halfway \w+: secret "deploy" \(.*\), secret "backup" \(.*\)\.$/);

    // Telemetry: the outcome and the counts, nothing that names the app, the identity or a key.
    const event = recorder.events.filter((e) => e.name === 'goSecretless').at(-1);
    assert.deepEqual(event?.data, { outcome: 'partial', verified: 'yes', credential: 'created', secrets: 2, certificates: 1, removed: 1, remaining: 2 });
  });

  it('a removal whose answer was lost is not a failure: the resend finds the secret gone, and the rest follows', async () => {
    const app = await appWithSecrets('Secretless Lost');
    const node = await appNode(suite.api, suite.home, app.id);
    const since = suite.sandbox.control.requests().length;
    // The first removePassword is carried out, then its answer is lost: the transport sends it again.
    const loseAnswer = act(() => suite.sandbox.control.failNext(1, 'lostResponse', /\/removePassword$/));
    suite.ui.queue(pick(USER_ASSIGNED_MI.name), confirm('Create'), pick(/From sandbox/), pick(/Skip/), loseAnswer, confirm('Remove All 3'));
    const outcome = await suite.run<GoSecretlessOutcome>('miFederation.goSecretless', node, { tenants: [suite.home] });
    assert.ok(outcome, suite.ui.transcript());
    suite.ui.assertDone();

    const sent = suite.sandbox.control.requests().slice(since).filter((r) => r.path === `/v1.0/applications/${app.id}/removePassword`);
    assert.ok(sent.some((r) => r.fault === 'lostResponse'), `no answer was lost: ${JSON.stringify(sent.map((r) => [r.status, r.fault]))}`);
    assert.equal(outcome.removal?.result, 'removed', JSON.stringify(outcome.removal));
    const held = await graphApp(app.id);
    assert.deepEqual([held.passwordCredentials, held.keyCredentials], [[], []]);
    assert.deepEqual(suite.ui.messages('error'), []);
  });
});
