// "Go Secretless…" against the sandbox tenant, on the seeded Contoso Legacy Worker: it signs in
// with client secrets (one expired, one expiring soon, one long-lived) and a certificate, and
// trusts no managed identity yet. Go Secretless must end with the credential in Graph, a real
// exchange through the token function verified (after Entra's propagation delay, on the
// sandbox's clock), the change for the chosen stack shown, and every secret and the certificate
// gone from Graph. And it is offered only where there is something to remove.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { GoSecretlessOutcome } from '../../src/commands/secretless/goSecretless';
import { SEEDED_APPS, SEEDED_CREDENTIALS, SYSTEM_ASSIGNED_MI, USER_ASSIGNED_MI } from '../../src/sandbox/ids';
import { EXCHANGE_AUDIENCE, freshProvisionedApp } from './support/fullFlow';
import { appNode, contextValueOf, drawn, drawnApps, nodeOf } from './support/modelNodes';
import { removeAllTokenFunctions, useSandboxSuite } from './support/sandboxSuite';
import { confirm, pick } from './support/scriptedUserInput';
import { sandboxClock } from './support/sandboxClock';

const DELAY_MS = 20_000;
const SEEDED = SEEDED_APPS.legacyWorker;

interface GraphApp {
  passwordCredentials?: Array<{ keyId: string; displayName?: string | null }>;
  keyCredentials?: Array<{ keyId: string; displayName?: string | null }>;
}

describe('Go Secretless', function () {
  this.timeout(120_000);
  const suite = useSandboxSuite();

  before(async () => {
    await removeAllTokenFunctions(suite.api);
    const entry = await suite.run('miFederation.addTokenFunction', { url: suite.sandbox.tokenFunction.url, key: suite.sandbox.tokenFunction.key, name: 'sandbox' });
    assert.ok(entry, 'the sandbox token function was not added');
  });

  afterEach(() => suite.sandbox.control.setFicPropagationDelay(0));

  async function graphApp(objectId: string): Promise<GraphApp> {
    const answer = await suite.admin.request(suite.home, 'GET', `/applications/${objectId}`);
    assert.equal(answer.status, 200, JSON.stringify(answer.body));
    return answer.body as GraphApp;
  }

  it('offers itself only on apps with secrets or certificates, and says so on one without', async () => {
    const seeded = await appNode(suite.api, suite.home, SEEDED.objectId);
    await drawnApps(suite.api);
    await drawnApps(suite.api, nodeOf({ kind: 'tenant', tenantId: suite.home }));
    assert.match(await contextValueOf(drawn(suite.api, seeded)), /\bhasSecrets\b/);
    const empty = await appNode(suite.api, suite.home, SEEDED_APPS.empty.objectId);
    assert.doesNotMatch(await contextValueOf(drawn(suite.api, empty)), /\bhasSecrets\b/);

    const outcome = await suite.run<GoSecretlessOutcome>('miFederation.goSecretless', empty);
    assert.deepEqual(outcome?.keys, []);
    assert.deepEqual(suite.ui.messages('info').map((m) => m.text), ['Empty App has no client secrets or certificates: there is nothing to remove.']);
    assert.equal(suite.ui.prompts.filter((p) => p.kind !== 'message' && p.kind !== 'progress').length, 0, 'nothing was asked');
  });

  it('on the seeded app: creates the credential, verifies the exchange after propagation, shows the change, removes every secret and the certificate', async () => {
    const { sandbox } = suite;
    sandbox.control.setFicPropagationDelay(DELAY_MS);
    const before = await graphApp(SEEDED.objectId);
    assert.deepEqual([before.passwordCredentials?.length, before.keyCredentials?.length], [3, 1], `the seeded app holds ${JSON.stringify(before)}`);
    assert.deepEqual(await suite.admin.credentials(suite.home, SEEDED.objectId), [], 'no credential yet');

    const node = await appNode(suite.api, suite.home, SEEDED.objectId);
    const since = sandbox.control.requests().length;
    suite.ui.queue(pick(USER_ASSIGNED_MI.name), confirm('Create'), pick(/From sandbox/), pick('Node.js: @azure/msal-node'), confirm('Remove All 4'));
    const outcome = await suite.run<GoSecretlessOutcome>('miFederation.goSecretless', node, { tenants: [suite.home], clock: sandboxClock(sandbox) });
    assert.ok(outcome, `Go Secretless failed:\n${suite.ui.transcript()}`);
    suite.ui.assertDone();

    // The credential, read from Graph.
    const [credential, ...others] = await suite.admin.credentials(suite.home, SEEDED.objectId);
    assert.equal(others.length, 0);
    assert.deepEqual([credential.name, credential.issuer, credential.subject, credential.audiences], [outcome.credentialName, `${sandbox.authority}/${suite.home}/v2.0`, USER_ASSIGNED_MI.objectId, [EXCHANGE_AUDIENCE]]);
    assert.equal(outcome.credentialReused, false);

    // The exchange: refused while the credential propagated, then an app token.
    assert.equal(outcome.verification?.verified, true, JSON.stringify(outcome.verification));
    const log = sandbox.control.requests().slice(since);
    const exchanges = log.filter((r) => r.method === 'POST' && r.tenant === suite.home && /\/oauth2\/v2\.0\/token$/.test(r.path));
    assert.ok(exchanges.length >= 2, `${exchanges.length} exchanges: the probe never waited`);
    assert.deepEqual(exchanges.map((r) => r.status).slice(-1), [200]);
    const isRemoval = (r: (typeof log)[number]) => r.path === `/v1.0/applications/${SEEDED.objectId}/removePassword` || (r.method === 'PATCH' && r.path === `/v1.0/applications/${SEEDED.objectId}`);
    const firstRemoval = log.findIndex(isRemoval);
    const working = log.findIndex((r) => exchanges.includes(r) && r.status === 200);
    assert.ok(working >= 0 && firstRemoval > working, `the first removal (#${firstRemoval}) came before the working exchange (#${working})`);

    // The change to make, in an untitled Markdown document.
    assert.equal(outcome.stack, 'msalNode');
    const shown = vscode.window.activeTextEditor?.document;
    assert.equal(shown?.languageId, 'markdown');
    for (const value of [SEEDED.appId, USER_ASSIGNED_MI.clientId, suite.home, 'clientAssertion']) assert.ok(shown?.getText().includes(value), `the document lacks ${value}`);

    // The secrets and the certificate, gone from Graph.
    const after = await graphApp(SEEDED.objectId);
    assert.deepEqual([after.passwordCredentials, after.keyCredentials], [[], []]);
    assert.deepEqual(outcome.removal?.remaining, []);
    const confirmation = suite.ui.prompts.find((p) => p.kind === 'confirm' && p.text.startsWith('Remove '));
    const seeded = SEEDED_CREDENTIALS.legacyWorker;
    assert.equal(confirmation?.text, `Remove 3 client secrets and 1 certificate from Contoso Legacy Worker?`);
    for (const key of [seeded.expiredSecret, seeded.expiringSecret, seeded.longLivedSecret]) assert.match(confirmation?.value ?? '', new RegExp(`• secret "${key.displayName}" \\(hint \\S+…, (EXPIRED|expires) \\d{4}-\\d\\d-\\d\\d\\)`));
    assert.match(confirmation?.value ?? '', new RegExp(`secret "${seeded.expiredSecret.displayName}" \\(hint \\S+…, EXPIRED `), 'the expired secret is called out');
    assert.match(confirmation?.value ?? '', new RegExp(`• certificate "${seeded.certificate.displayName}" \\(expires `));
    assert.match(suite.ui.messages('info').at(-1)?.text ?? '', /is secretless: removed \d client secrets and 1 certificate/);
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });

  it('from the palette, on an app that already trusts the identity: reuses its credential, verifies in every tenant, removes the secret', async () => {
    const { sandbox } = suite;
    const invoicing = SEEDED_APPS.invoicing;
    const [existing] = await suite.admin.credentials(suite.home, invoicing.objectId);
    assert.equal(existing?.subject, USER_ASSIGNED_MI.objectId, 'the seeded app trusts the identity already');
    const since = sandbox.control.requests().length;
    suite.ui.queue(pick('Contoso Invoicing'), pick(USER_ASSIGNED_MI.name), pick(/^All 2 tenants$/), pick(/From sandbox/), pick(/Skip/), confirm('Remove It'));
    const outcome = await suite.run<GoSecretlessOutcome>('miFederation.goSecretless');
    assert.ok(outcome, `Go Secretless failed:\n${suite.ui.transcript()}`);
    suite.ui.assertDone();

    assert.deepEqual([outcome.credentialReused, outcome.credentialName], [true, existing.name]);
    const log = sandbox.control.requests().slice(since);
    assert.deepEqual(log.filter((r) => r.method === 'POST' && /federatedIdentityCredentials$/.test(r.path)), [], 'no credential was written');
    assert.equal(suite.ui.prompts.some((p) => p.kind === 'confirm' && /^Create federated credential/.test(p.text)), false, 'no review: nothing to create');
    const working = log.filter((r) => r.method === 'POST' && /\/oauth2\/v2\.0\/token$/.test(r.path) && r.status === 200).map((r) => r.tenant);
    assert.deepEqual([...new Set(working)].sort(), [suite.home, suite.customer].sort(), 'an app token in both tenants');
    assert.equal(outcome.verification?.verified, true);

    const after = await graphApp(invoicing.objectId);
    assert.deepEqual(after.passwordCredentials, []);
    assert.deepEqual((await suite.admin.credentials(suite.home, invoicing.objectId)).map((c) => c.name), [existing.name], 'the credential stays');
    assert.match(suite.ui.messages('info').at(-1)?.text ?? '', /^Contoso Invoicing is secretless: removed 1 client secret\. It signs in as managed identity id-token-function through credential "token-function-mi"\.$/);
  });

  it('an app at the 20-credential limit that already trusts the identity still goes secretless; another identity is refused', async () => {
    const app = await freshProvisionedApp(suite, 'Secretless Full');
    const issuer = `${suite.sandbox.authority}/${suite.home}/v2.0`;
    for (let i = 1; i <= 19; i++) {
      await suite.admin.createCredential(suite.home, app.id, { name: `repo-${i}`, issuer: 'https://token.actions.githubusercontent.com', subject: `repo:contoso/app:environment:env-${i}`, audiences: [EXCHANGE_AUDIENCE] });
    }
    await suite.admin.createCredential(suite.home, app.id, { name: 'worker-mi', issuer, subject: USER_ASSIGNED_MI.objectId, audiences: [EXCHANGE_AUDIENCE] });
    const added = await suite.admin.request(suite.home, 'POST', `/applications/${app.id}/addPassword`, { passwordCredential: { displayName: 'deploy' } });
    assert.equal(added.status, 200, JSON.stringify(added.body));
    const node = await appNode(suite.api, suite.home, app.id);

    // Another identity would need a 21st credential: the wizard's refusal, and nothing removed.
    suite.ui.queue(pick(SYSTEM_ASSIGNED_MI.name));
    assert.equal(await suite.run('miFederation.goSecretless', node), undefined);
    assert.match(suite.ui.messages('error').at(-1)?.text ?? '', /already has 20 federated credentials/);
    assert.equal((await graphApp(app.id)).passwordCredentials?.length, 1);

    suite.ui.queue(pick(USER_ASSIGNED_MI.name), pick(/From sandbox/), pick(/Skip/), confirm('Remove It'));
    const outcome = await suite.run<GoSecretlessOutcome>('miFederation.goSecretless', node, { tenants: [suite.home] });
    assert.ok(outcome, suite.ui.transcript());
    suite.ui.assertDone();
    assert.deepEqual([outcome.credentialReused, outcome.credentialName, outcome.verification?.verified], [true, 'worker-mi', true]);
    assert.deepEqual((await graphApp(app.id)).passwordCredentials, []);
    assert.equal((await suite.admin.credentials(suite.home, app.id)).length, 20, 'no credential was added');
  });
});
