// "Check Federation…" against the sandbox tenant: right after Add Credential, with Entra's
// propagation delay in force, the probe keeps exchanging on its schedule until the credential
// works; Cancel stops it; a credential that will never match ends with the doctor's finding.
// Time is the sandbox's clock: the probe's waits advance it, so nothing waits in real time, and
// every assertion on time reads the sandbox's request log.
import * as assert from 'node:assert/strict';
import { CancelledError } from '../../src/core/errors';
import { attemptsAllowedWithin } from '../../src/core/propagationProbe';
import { SYSTEM_ASSIGNED_MI, USER_ASSIGNED_MI } from '../../src/sandbox/ids';
import type { LoggedRequest, RunningSandbox } from '../../src/sandbox/types';
import type { CheckFederationOutcome } from '../../src/commands/tokens/checkFederation';
import { credentialNode, useCredentialsFixture } from './support/credentialFixture';
import { EXCHANGE_AUDIENCE, freshProvisionedApp } from './support/fullFlow';
import { appNode } from './support/modelNodes';
import { removeAllTokenFunctions } from './support/sandboxSuite';
import { accept, cancelProgress, confirm, pick } from './support/scriptedUserInput';
import { sandboxClock } from './support/sandboxClock';

const DELAY_MS = 20_000;

/** The exchanges the extension sent to a tenant's token endpoint after `since` (a log length). */
function exchanges(sandbox: RunningSandbox, tenantId: string, since: number): LoggedRequest[] {
  return sandbox.control.requests().slice(since).filter((r) => r.method === 'POST' && r.tenant === tenantId && /\/oauth2\/v2\.0\/token$/.test(r.path));
}

describe('Check Federation', function () {
  this.timeout(120_000);
  const fixture = useCredentialsFixture();

  before(async () => {
    await removeAllTokenFunctions(fixture.api);
    const entry = await fixture.run('miFederation.addTokenFunction', { url: fixture.sandbox.tokenFunction.url, key: fixture.sandbox.tokenFunction.key, name: 'sandbox' });
    assert.ok(entry, 'the sandbox token function was not added');
  });

  after(() => fixture.sandbox.control.setFicPropagationDelay(0));

  /** Add Credential through the wizard with the identity picked; returns the credential's name and when Graph stored it. */
  async function addCredential(identity: string, name: string): Promise<{ app: { id: string; appId: string }; credential: string; writtenAt: number }> {
    const app = await freshProvisionedApp(fixture, name);
    const node = await appNode(fixture.api, fixture.home, app.id);
    const since = fixture.sandbox.control.requests().length;
    fixture.ui.queue(pick(identity), pick(EXCHANGE_AUDIENCE), accept(), accept(), confirm('Create'));
    const created = await fixture.run<{ name?: string }>('miFederation.addCredential', node);
    assert.ok(created?.name, `no credential was created:\n${fixture.ui.transcript()}`);
    const write = fixture.sandbox.control.requests().slice(since).find((r) => r.method === 'POST' && /federatedIdentityCredentials$/.test(r.path) && r.status === 201);
    assert.ok(write, 'the sandbox logged no credential write');
    return { app, credential: created.name, writtenAt: write.time };
  }

  it('after Add Credential, reports success about when the credential came into force, within the backoff', async () => {
    const { sandbox } = fixture;
    sandbox.control.setFicPropagationDelay(DELAY_MS);
    const { app, credential, writtenAt } = await addCredential(USER_ASSIGNED_MI.name, 'Check Federation');
    const notice = fixture.ui.messages('info').find((m) => m.text.startsWith(`Created credential "${credential}"`));
    assert.deepEqual(notice?.choices, ['Check Federation'], 'the success notification offers the check');

    const since = sandbox.control.requests().length;
    fixture.ui.queue(pick(/From sandbox/));
    const outcome = await fixture.run<CheckFederationOutcome>('miFederation.checkFederation', credentialNode(fixture.api, { tenantId: fixture.home, objectId: app.id }, credential), {
      tenants: [fixture.customer],
      clock: sandboxClock(sandbox),
    });
    assert.ok(outcome, `the check failed:\n${fixture.ui.transcript()}`);
    const [result] = outcome.results;
    assert.equal(result.ok, true, result.summary);
    assert.equal(result.probed, true);

    const sent = exchanges(sandbox, fixture.customer, since);
    assert.equal(sent.length, result.attempts, 'one exchange per attempt');
    assert.deepEqual(sent.slice(0, -1).map((r) => r.status), sent.slice(0, -1).map(() => 401), 'refused (invalid_client) while propagating');
    assert.equal(sent.at(-1)?.status, 200);
    const inForceAfter = sent.at(-1)!.time - writtenAt;
    assert.ok(inForceAfter >= DELAY_MS && inForceAfter <= DELAY_MS + 5_000, `worked ${inForceAfter} ms after the write (delay ${DELAY_MS} ms)`);
    assert.ok(Math.abs(result.elapsedMs - DELAY_MS) <= 5_000, `reported ${result.elapsedMs} ms`);
    // The log stamps answers; the probe's clock (the same sandbox clock) spans first start to last answer.
    const logSpan = sent.at(-1)!.time - sent[0].time;
    assert.ok(logSpan <= result.elapsedMs && result.elapsedMs - logSpan < 5_000, `log span ${logSpan} ms, probe ${result.elapsedMs} ms`);
    assert.ok(sent.length <= attemptsAllowedWithin(result.elapsedMs), `${sent.length} exchanges in ${result.elapsedMs} ms; the backoff allows ${attemptsAllowedWithin(result.elapsedMs)}`);
    assert.match(result.summary, /^working after 2\d s$/);
    const summary = fixture.ui.messages('info').at(-1)?.text ?? '';
    assert.match(summary, /Check Federation of .*: ✓ .*working after 2\d s/);
    assert.equal(fixture.api.views.inspector.state?.tokens[1]?.appId, app.appId, 'the app token is in the inspector');
    assert.equal(fixture.api.views.inspector.state?.tokens[1]?.tenantId, fixture.customer);
  });

  it('Cancel stops the probe at once: no exchange after it', async () => {
    const { sandbox } = fixture;
    sandbox.control.setFicPropagationDelay(60_000);
    const { app, credential } = await addCredential(USER_ASSIGNED_MI.name, 'Check Cancel');
    const since = sandbox.control.requests().length;
    let sentWhenWaiting = -1;
    let waiting!: () => void;
    const waitStarted = new Promise<void>((resolve) => (waiting = resolve));
    // The second wait never ends by itself: only Cancel ends it.
    let sleeps = 0;
    const clock = sandboxClock(sandbox, (_ms, signal) => {
      if (++sleeps < 2) return new Promise((resolve) => setImmediate(resolve));
      sentWhenWaiting = exchanges(sandbox, fixture.customer, since).length;
      waiting();
      return new Promise((_resolve, reject) => signal?.addEventListener('abort', () => reject(new CancelledError()), { once: true }));
    });
    fixture.ui.queue(pick(/From sandbox/), cancelProgress(() => waitStarted));
    const outcome = await fixture.run('miFederation.checkFederation', credentialNode(fixture.api, { tenantId: fixture.home, objectId: app.id }, credential), { tenants: [fixture.customer], clock });
    assert.equal(outcome, undefined, 'a cancelled check returns nothing');
    assert.equal(sentWhenWaiting, 2, 'two refused exchanges before Cancel');
    assert.equal(exchanges(sandbox, fixture.customer, since).length, sentWhenWaiting, 'no exchange after Cancel');
    assert.equal(fixture.ui.prompts.filter((p) => p.kind === 'progress').at(-1)?.answer, 'Cancel');
    assert.equal(fixture.ui.messages('error').length, 0, 'cancelling is silent');
  });

  it('a credential that trusts another identity ends with the doctor\'s finding, without retrying', async () => {
    const { sandbox } = fixture;
    sandbox.control.setFicPropagationDelay(DELAY_MS);
    const { app, credential } = await addCredential(SYSTEM_ASSIGNED_MI.name, 'Check Broken');
    const since = sandbox.control.requests().length;
    fixture.ui.queue(pick(/From sandbox/));
    const outcome = await fixture.run<CheckFederationOutcome>('miFederation.checkFederation', credentialNode(fixture.api, { tenantId: fixture.home, objectId: app.id }, credential), {
      tenants: [fixture.customer],
      clock: sandboxClock(sandbox),
    });
    assert.ok(outcome, fixture.ui.transcript());
    const [result] = outcome.results;
    assert.equal(result.ok, false);
    assert.equal(result.probed, false, 'propagation cannot explain a subject no credential holds');
    assert.equal(exchanges(sandbox, fixture.customer, since).length, 1);
    assert.match(result.summary, /AADSTS\d+/);
    assert.match(result.summary, new RegExp(USER_ASSIGNED_MI.objectId), `the doctor names the token's subject: ${result.summary}`);
    const warning = fixture.ui.messages('warning').at(-1)?.text ?? '';
    assert.match(warning, /✗ .*AADSTS/);
    assert.ok(fixture.api.views.inspector.state?.error, 'the inspector shows the refusal with the findings');
  });
});
