// The federation doctor and the local exchange against the sandbox tenant: each broken seeded
// credential flagged with its code, the correct one matched, an app token obtained into the
// customer tenant with msal-node, and Entra's refusals explained by their AADSTS codes.
import * as assert from 'node:assert/strict';
import type { Diagnosis } from '../../src/core/doctor';
import { FEDERATION_APP_URI, SEEDED_APPS } from '../../src/sandbox/ids';
import type { InspectorState } from '../../src/shared/protocol';
import { appNode, credentialNode, JWT_PATTERN } from './support/modelNodes';
import { useSandboxSuite } from './support/sandboxSuite';
import { accept, input, pick, ScriptedUserInput } from './support/scriptedUserInput';

interface ExchangeOutcome {
  tenantId: string;
  inspector: InspectorState;
}

describe('Tokens: federation doctor and local exchange', function () {
  const suite = useSandboxSuite({ tokenFunction: true });

  before(async function () {
    await suite.runWith(new ScriptedUserInput(), 'miFederation.addTokenFunction', { url: suite.sandbox.tokenFunction.url, key: suite.sandbox.tokenFunction.key, name: 'sandbox' });
    assert.equal(suite.api.model.tokenFunctions.list().length, 1);
  });


  const home = () => suite.sandbox.tenants.home;

  async function diagnoseWithFunction(objectId: string, scope?: string): Promise<Diagnosis> {
    suite.ui.queue(pick(/From sandbox/), scope ? input(scope) : accept());
    const diagnosis = await suite.run<Diagnosis>('miFederation.diagnoseFederation', await appNode(suite.api, home(), objectId));
    suite.ui.assertDone();
    assert.ok(diagnosis, `the doctor did not run:\n${suite.ui.transcript()}`);
    return diagnosis;
  }

  it('flags each broken seeded credential with the right code', async () => {
    const diagnosis = await diagnoseWithFunction(SEEDED_APPS.broken.objectId);
    assert.equal(diagnosis.matched, undefined);
    const byCredential = new Map(diagnosis.findings.filter((f) => f.credential).map((f) => [f.credential, f.code]));
    assert.equal(byCredential.get('issuer-trailing-slash'), 'issuer-trailing-slash');
    assert.equal(byCredential.get('subject-is-client-id'), 'subject-is-client-id');
    assert.equal(byCredential.get('audience-typo'), 'audience-mismatch');
    assert.match(suite.ui.messages('warning')[0]?.text ?? '', /would refuse/);
    const state = suite.api.views.inspector.state!;
    assert.equal(state.diagnosis?.tokenId, state.tokens[0].id);
  });

  it('matches the correct credential of Contoso Sync', async () => {
    const diagnosis = await diagnoseWithFunction(SEEDED_APPS.contosoSync.objectId);
    assert.equal(diagnosis.matched, 'token-function-mi');
    assert.match(suite.ui.messages('info')[0]?.text ?? '', /accepts this token/);
  });

  it("matches the federation-app credential with the federation app's scope, and warns about the custom audience", async () => {
    const diagnosis = await diagnoseWithFunction(SEEDED_APPS.reporting.objectId, `${FEDERATION_APP_URI}/.default`);
    assert.equal(diagnosis.matched, 'via-federation-app');
    assert.ok(diagnosis.findings.some((f) => f.code === 'audience-not-official'));
  });

  it('exchanges locally into the customer tenant: the chain shows both tokens', async () => {
    const credential = credentialNode(suite.api, await appNode(suite.api, home(), SEEDED_APPS.contosoSync.objectId), 'token-function-mi');
    suite.ui.queue(pick('Invoke'));
    const outcome = await suite.run<ExchangeOutcome>('miFederation.exchangeForAppToken', credential);
    suite.ui.assertDone();
    assert.ok(outcome, `the exchange failed:\n${suite.ui.transcript()}\n${suite.api.log.recentLines().slice(-3).join('\n')}`);
    assert.equal(outcome.tenantId, suite.sandbox.tenants.customer);
    await suite.api.views.inspector.whenRendered(outcome.inspector.version);
    const [mi, app] = suite.api.views.inspector.state!.tokens;
    assert.equal(mi.kind, 'managedIdentity');
    assert.equal(app.appId, SEEDED_APPS.contosoSync.appId);
    assert.equal(app.tenantId, suite.sandbox.tenants.customer);
    assert.equal(suite.api.views.inspector.state!.diagnosis?.matched, 'token-function-mi');
    const tokenRequests = suite.sandbox.control.requests().filter((r) => r.method === 'POST' && r.path === `/${suite.sandbox.tenants.customer}/oauth2/v2.0/token`);
    assert.ok(tokenRequests.some((r) => r.status === 200), 'no successful token request to the customer tenant');
  });

  it("explains Entra's refusal for the broken app by its AADSTS code and the doctor's finding", async () => {
    suite.ui.queue(pick('Invoke'));
    const outcome = await suite.run('miFederation.exchangeForAppToken', await appNode(suite.api, home(), SEEDED_APPS.broken.objectId));
    assert.equal(outcome, undefined);
    // Entra checks issuer, then subject, then audience: "audience-typo" has the right issuer and
    // subject, so the seeded broken app is refused for its audience.
    const message = suite.ui.messages('error')[0]?.text ?? '';
    assert.match(message, /AADSTS700212/);
    assert.match(message, /audience-typo/);
    const error = suite.api.views.inspector.state!.error!;
    assert.equal(error.code, 700212);
    assert.equal(error.findings[0]?.credential, 'audience-typo');
  });

  it('fails with an explained AADSTS7002137 once the only credential with the right issuer and audience has another subject', async () => {
    // Without the audience typo, only the client-id-as-subject credential has the token's issuer.
    const graph = await suite.api.session.graph(home()).client();
    await graph.api(`/applications/${SEEDED_APPS.broken.objectId}/federatedIdentityCredentials/audience-typo`).delete();
    suite.ui.queue(pick('Invoke'));
    await suite.run('miFederation.exchangeForAppToken', await appNode(suite.api, home(), SEEDED_APPS.broken.objectId));
    const message = suite.ui.messages('error')[0]?.text ?? '';
    assert.match(message, /AADSTS7002137/);
    assert.match(message, /subject-is-client-id/);
    assert.match(message, /client id/);
    const error = suite.api.views.inspector.state!.error!;
    assert.equal(error.code, 7002137);
    assert.deepEqual(error.findings.map((f) => f.code).slice(0, 1), ['subject-is-client-id']);
  });

  it('leaves no token and no function key in the output channel', () => {
    const log = suite.api.log.recentLines().join('\n');
    assert.ok(!JWT_PATTERN.test(log), 'a token is in the output channel');
    assert.ok(!log.includes(suite.sandbox.tokenFunction.key), 'the function key is in the output channel');
  });
});
