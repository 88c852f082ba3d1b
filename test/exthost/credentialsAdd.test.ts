// Add Managed Identity Credential… and Create Federation App… against the sandbox tenant, the
// happy paths: the official audience and the federation-app pattern (2022), from a tree node and
// from the palette. Every assertion on the result reads the sandbox back through Graph.
import * as assert from 'node:assert/strict';
import type { FederatedIdentityCredential } from '@microsoft/microsoft-graph-types';
import { FEDERATION_APP_URI, SANDBOX_USER, USER_ASSIGNED_MI } from '../../src/sandbox/ids';
import { credentialNode, freshAppNode, issuerOf, selectionOf, useCredentialsFixture, writes } from './support/credentialFixture';
import { accept, confirm, input, pick } from './support/scriptedUserInput';

const EXCHANGE = 'api://AzureADTokenExchange';

describe('Credentials: add a managed-identity credential', () => {
  const fixture = useCredentialsFixture();

  it('creates the credential with the official audience from an app node, and reveals it', async () => {
    const node = await freshAppNode(fixture, 'Add Official');
    const since = fixture.sandbox.control.requests().length;
    fixture.ui.queue(pick(USER_ASSIGNED_MI.name), pick(EXCHANGE), accept(), accept(), confirm('Create'));

    const created = await fixture.run<FederatedIdentityCredential>('miFederation.addCredential', node);

    fixture.ui.assertDone();
    assert.ok(created, `no credential returned; prompts:\n${fixture.ui.transcript()}`);
    const [stored, ...others] = await fixture.admin.credentials(fixture.home, node.app.id);
    assert.equal(others.length, 0, 'exactly one credential');
    assert.equal(stored.name, 'id-token-function');
    assert.equal(stored.issuer, issuerOf(fixture.sandbox, fixture.home));
    assert.equal(stored.subject, USER_ASSIGNED_MI.objectId);
    assert.deepEqual(stored.audiences, [EXCHANGE]);
    assert.equal(stored.description, `Managed identity ${USER_ASSIGNED_MI.name} in Contoso registered by ${SANDBOX_USER.username}`);

    // One write, and the review showed exactly the JSON that was sent.
    assert.deepEqual(writes(fixture.sandbox, since).map((r) => `${r.method} ${r.status}`), ['POST 201']);
    const reviewed = fixture.ui.prompts.find((p) => p.kind === 'confirm');
    assert.ok(reviewed?.value?.includes(JSON.stringify({ name: stored.name, issuer: stored.issuer, subject: stored.subject, audiences: stored.audiences, description: stored.description }, null, 2)), reviewed?.value);

    // The app's node (only it) now shows the credential.
    const shown = credentialNode(fixture.api, node, 'id-token-function');
    assert.equal(shown.credential.subject, USER_ASSIGNED_MI.objectId);
    assert.deepEqual(await selectionOf(fixture.api, shown.id), [shown.id], 'the new credential is revealed and selected');
    assert.ok(fixture.ui.messages('info').some((m) => /Created credential "id-token-function"/.test(m.text)));
  });

  it('offers user-assigned identities first, system-assigned with the docs note', async () => {
    const node = await freshAppNode(fixture, 'Add Order');
    fixture.ui.queue({ kind: 'cancel', of: 'pick' });
    await fixture.run('miFederation.addCredential', node);
    const identityPick = fixture.ui.prompts[0];
    assert.deepEqual(identityPick.choices.slice(0, 2), ['id-token-function', 'func-token-function']);
    assert.match(identityPick.choices[2], /Enter an Object ID/);
    assert.deepEqual(await fixture.admin.credentials(fixture.home, node.app.id), []);
  });

  it("creates a credential with the seeded federation app's audience, after a warning", async () => {
    const node = await freshAppNode(fixture, 'Add Federated');
    fixture.ui.queue(pick(USER_ASSIGNED_MI.name), pick(FEDERATION_APP_URI), input('via-federation'), accept(), confirm('Create Anyway'));

    await fixture.run('miFederation.addCredential', node);

    fixture.ui.assertDone();
    const review = fixture.ui.prompts.find((p) => p.kind === 'confirm');
    assert.match(review?.value ?? '', /⚠ Audience "api:\/\/[0-9a-f-]+" is not the official exchange audience/);
    assert.deepEqual(review?.choices, ['Create Anyway', 'Edit a Field…']);
    const stored = await fixture.admin.credentials(fixture.home, node.app.id);
    assert.deepEqual(stored.map((f) => [f.name, f.audiences?.[0], f.subject]), [['via-federation', FEDERATION_APP_URI, USER_ASSIGNED_MI.objectId]]);
  });

  it('creates a federation app from the audience step, made exactly the original proof of concept\'s way, and uses its URI', async () => {
    const node = await freshAppNode(fixture, 'Add New Federation');
    const appName = `Federation ${Date.now()}`;
    fixture.ui.queue(pick(USER_ASSIGNED_MI.name), pick('Create a Federation App…'), input(appName), confirm('Create'), accept(), accept(), confirm('Create Anyway'));

    await fixture.run('miFederation.addCredential', node);

    fixture.ui.assertDone();
    const [federation, ...more] = await fixture.admin.appsNamed(fixture.home, appName);
    assert.equal(more.length, 0, 'one federation app');
    const uri = `api://${federation.appId}`;
    assert.deepEqual(federation.identifierUris, [uri]);
    assert.equal(federation.api?.requestedAccessTokenVersion, 2);
    assert.equal((await fixture.admin.servicePrincipals(fixture.home, federation.appId ?? '')).length, 1, 'its service principal');
    const [stored] = await fixture.admin.credentials(fixture.home, node.app.id);
    assert.deepEqual(stored.audiences, [uri]);
    assert.ok(fixture.ui.messages('info').some((m) => m.text.includes(`${uri}/.default`)), 'the scope to use is shown');
  });

  it('works from the palette with an app picker', async () => {
    const node = await freshAppNode(fixture, 'Add Palette');
    fixture.ui.queue(pick(node.app.displayName ?? ''), pick(USER_ASSIGNED_MI.name), pick(EXCHANGE), accept(), input(''), confirm('Create'));

    await fixture.run('miFederation.addCredential');

    fixture.ui.assertDone();
    const stored = await fixture.admin.credentials(fixture.home, node.app.id);
    assert.deepEqual(stored.map((f) => [f.name, f.description ?? null]), [['id-token-function', null]], 'an emptied description is not sent');
  });
});

describe('Credentials: create a federation app', () => {
  const fixture = useCredentialsFixture();

  it('runs the three steps and shows the scope with a copy button', async () => {
    const name = `Standalone Federation ${Date.now()}`;
    fixture.ui.queue(pick(new RegExp(fixture.home)), input(name), confirm('Create'));

    const result = await fixture.run<{ app: { id: string; appId: string }; scope: string }>('miFederation.createFederationApp');

    fixture.ui.assertDone();
    assert.ok(result);
    const stored = await fixture.admin.app(fixture.home, result.app.id);
    assert.deepEqual(stored?.identifierUris, [`api://${result.app.appId}`]);
    assert.equal(stored?.api?.requestedAccessTokenVersion, 2);
    assert.equal(stored?.signInAudience, 'AzureADMyOrg');
    assert.equal((await fixture.admin.servicePrincipals(fixture.home, result.app.appId)).length, 1);
    assert.equal(result.scope, `api://${result.app.appId}/.default`);
    const ready = fixture.ui.messages('info').find((m) => m.text.includes(result.scope));
    assert.deepEqual(ready?.choices, ['Copy Scope']);
  });
});
