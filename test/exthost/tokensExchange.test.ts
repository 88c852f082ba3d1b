// The federation doctor and the local exchange against the sandbox tenant: each broken seeded
// credential flagged with its code, the correct one matched, an app token obtained into the
// customer tenant with msal-node, and Entra's refusals explained by their AADSTS codes.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ExtensionServices } from '../../src/commands/services';
import type { Diagnosis } from '../../src/core/doctor';
import { FEDERATION_APP_URI, SEEDED_APPS } from '../../src/sandbox/ids';
import type { RunningSandbox } from '../../src/sandbox/types';
import type { InspectorState } from '../../src/shared/protocol';
import { accept, input, pick, ScriptedUserInput } from './support/scriptedUserInput';
import { appNode, credentialNode, JWT_PATTERN, removeAllTokenFunctions, sandboxWithTokenFunction } from './support/tokenFixtures';

interface ExchangeOutcome {
  tenantId: string;
  inspector: InspectorState;
}

describe('Tokens: federation doctor and local exchange', function () {
  let services: ExtensionServices;
  let sandbox: RunningSandbox;
  let ui: ScriptedUserInput;

  before(async function () {
    ({ services, sandbox } = await sandboxWithTokenFunction());
    services.ui = new ScriptedUserInput();
    await vscode.commands.executeCommand('miFederation.addTokenFunction', { url: sandbox.tokenFunction.url, key: sandbox.tokenFunction.key, name: 'sandbox' });
    assert.equal(services.views.tokenFunctions.store.list().length, 1);
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

  const home = () => sandbox.tenants.home;

  async function diagnoseWithFunction(objectId: string, scope?: string): Promise<Diagnosis> {
    ui.queue(pick(/From sandbox/), scope ? input(scope) : accept());
    const diagnosis = await vscode.commands.executeCommand<Diagnosis>('miFederation.diagnoseFederation', await appNode(services, home(), objectId));
    ui.assertDone();
    assert.ok(diagnosis, `the doctor did not run:\n${ui.transcript()}`);
    return diagnosis;
  }

  it('flags each broken seeded credential with the right code', async () => {
    const diagnosis = await diagnoseWithFunction(SEEDED_APPS.broken.objectId);
    assert.equal(diagnosis.matched, undefined);
    const byCredential = new Map(diagnosis.findings.filter((f) => f.credential).map((f) => [f.credential, f.code]));
    assert.equal(byCredential.get('issuer-trailing-slash'), 'issuer-trailing-slash');
    assert.equal(byCredential.get('subject-is-client-id'), 'subject-is-client-id');
    assert.equal(byCredential.get('audience-typo'), 'audience-mismatch');
    assert.match(ui.messages('warning')[0]?.text ?? '', /would refuse/);
    const state = services.views.inspector.state!;
    assert.equal(state.diagnosis?.tokenId, state.tokens[0].id);
  });

  it('matches the correct credential of Contoso Sync', async () => {
    const diagnosis = await diagnoseWithFunction(SEEDED_APPS.contosoSync.objectId);
    assert.equal(diagnosis.matched, 'token-function-mi');
    assert.match(ui.messages('info')[0]?.text ?? '', /accepts this token/);
  });

  it("matches the federation-app credential with the federation app's scope, and warns about the custom audience", async () => {
    const diagnosis = await diagnoseWithFunction(SEEDED_APPS.reporting.objectId, `${FEDERATION_APP_URI}/.default`);
    assert.equal(diagnosis.matched, 'via-federation-app');
    assert.ok(diagnosis.findings.some((f) => f.code === 'audience-not-official'));
  });

  it('exchanges locally into the customer tenant: the chain shows both tokens', async () => {
    const credential = await credentialNode(services, home(), SEEDED_APPS.contosoSync.objectId, 'token-function-mi');
    ui.queue(pick('Invoke'));
    const outcome = await vscode.commands.executeCommand<ExchangeOutcome>('miFederation.exchangeForAppToken', credential);
    ui.assertDone();
    assert.ok(outcome, `the exchange failed:\n${ui.transcript()}\n${services.log.recentLines().slice(-3).join('\n')}`);
    assert.equal(outcome.tenantId, sandbox.tenants.customer);
    await services.views.inspector.whenRendered(outcome.inspector.version);
    const [mi, app] = services.views.inspector.state!.tokens;
    assert.equal(mi.kind, 'managedIdentity');
    assert.equal(app.appId, SEEDED_APPS.contosoSync.appId);
    assert.equal(app.tenantId, sandbox.tenants.customer);
    assert.equal(services.views.inspector.state!.diagnosis?.matched, 'token-function-mi');
    const tokenRequests = sandbox.control.requests().filter((r) => r.method === 'POST' && r.path === `/${sandbox.tenants.customer}/oauth2/v2.0/token`);
    assert.ok(tokenRequests.some((r) => r.status === 200), 'no successful token request to the customer tenant');
  });

  it("explains Entra's refusal for the broken app by its AADSTS code and the doctor's finding", async () => {
    ui.queue(pick('Invoke'));
    const outcome = await vscode.commands.executeCommand('miFederation.exchangeForAppToken', await appNode(services, home(), SEEDED_APPS.broken.objectId));
    assert.equal(outcome, undefined);
    // Entra checks issuer, then subject, then audience: "audience-typo" has the right issuer and
    // subject, so the seeded broken app is refused for its audience.
    const message = ui.messages('error')[0]?.text ?? '';
    assert.match(message, /AADSTS700212/);
    assert.match(message, /audience-typo/);
    const error = services.views.inspector.state!.error!;
    assert.equal(error.code, 700212);
    assert.equal(error.findings[0]?.credential, 'audience-typo');
  });

  it('fails with an explained AADSTS7002137 once the only credential with the right issuer and audience has another subject', async () => {
    // Without the audience typo, only the client-id-as-subject credential has the token's issuer.
    const graph = await services.session.graph(home()).client();
    await graph.api(`/applications/${SEEDED_APPS.broken.objectId}/federatedIdentityCredentials/audience-typo`).delete();
    ui.queue(pick('Invoke'));
    await vscode.commands.executeCommand('miFederation.exchangeForAppToken', await appNode(services, home(), SEEDED_APPS.broken.objectId));
    const message = ui.messages('error')[0]?.text ?? '';
    assert.match(message, /AADSTS7002137/);
    assert.match(message, /subject-is-client-id/);
    assert.match(message, /client id/);
    const error = services.views.inspector.state!.error!;
    assert.equal(error.code, 7002137);
    assert.deepEqual(error.findings.map((f) => f.code).slice(0, 1), ['subject-is-client-id']);
  });

  it('leaves no token and no function key in the output channel', () => {
    const log = services.log.recentLines().join('\n');
    assert.ok(!JWT_PATTERN.test(log), 'a token is in the output channel');
    assert.ok(!log.includes(sandbox.tokenFunction.key), 'the function key is in the output channel');
  });
});
