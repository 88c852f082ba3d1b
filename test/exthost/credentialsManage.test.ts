// Edit, duplicate under a new name, delete, find the apps trusting an identity, and export —
// each checked against what the sandbox holds afterwards.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { FederatedIdentityCredential } from '@microsoft/microsoft-graph-types';
import { parametersOfAzCommand } from '../../src/core/credentialExport';
import { FEDERATION_APP_URI, SEEDED_APPS, SYSTEM_ASSIGNED_MI, USER_ASSIGNED_MI } from '../../src/sandbox/ids';
import { appNode, credentialNode, freshAppNode, issuerOf, selectionOf, useCredentialsFixture, writes, type AppHandle, type CredentialHandle } from './support/credentialFixture';
import { nodeOf } from './support/modelNodes';
import { accept, cancel, cancelProgress, confirm, input, pick } from './support/scriptedUserInput';

const EXCHANGE = 'api://AzureADTokenExchange';

describe('Credentials: edit, duplicate, delete', () => {
  const fixture = useCredentialsFixture();

  /** A fresh app holding one managed-identity credential, and that credential's node. */
  async function appWithCredential(label: string, name: string): Promise<{ node: AppHandle; fic: CredentialHandle }> {
    const node = await freshAppNode(fixture, label);
    await fixture.admin.createCredential(fixture.home, node.app.id, { name, issuer: issuerOf(fixture.sandbox, fixture.home), subject: USER_ASSIGNED_MI.objectId, audiences: [EXCHANGE], description: 'before' });
    // Made behind the extension's back: the model reads that one app again (as Refresh does).
    await fixture.api.model.tenant(fixture.home).refreshApp(node.objectId);
    return { node, fic: credentialNode(fixture.api, node, name) };
  }

  it('edits the description with a PATCH of only what changed', async () => {
    const { node, fic } = await appWithCredential('Edit', 'edit-me');
    const since = fixture.sandbox.control.requests().length;
    fixture.ui.queue(pick('Description'), input('after'), confirm('Save'));

    await fixture.run('miFederation.editCredential', fic);

    fixture.ui.assertDone();
    assert.equal(fixture.ui.prompts[2].value?.endsWith(JSON.stringify({ description: 'after' }, null, 2)), true, fixture.ui.prompts[2].value);
    assert.deepEqual(writes(fixture.sandbox, since).map((r) => `${r.method} ${r.status}`), ['PATCH 204']);
    const [stored] = await fixture.admin.credentials(fixture.home, node.app.id);
    assert.deepEqual([stored.name, stored.description, stored.subject], ['edit-me', 'after', USER_ASSIGNED_MI.objectId]);
    assert.equal((credentialNode(fixture.api, node, 'edit-me')).credential.description, 'after', 'the app node shows the change');
  });

  it('says the name is immutable and renames by duplicating: the original is replaced', async () => {
    const { node, fic } = await appWithCredential('Rename', 'old-name');
    fixture.ui.queue(pick('Name'), confirm('Duplicate Under a New Name…'), input('new-name'), pick('Replace the Original'), confirm('Replace'));

    await fixture.run('miFederation.editCredential', fic);

    fixture.ui.assertDone();
    assert.equal(fixture.ui.prompts[1].text, 'The name "old-name" cannot be changed.');
    const stored = await fixture.admin.credentials(fixture.home, node.app.id);
    assert.deepEqual(stored.map((f) => [f.name, f.subject, f.description]), [['new-name', USER_ASSIGNED_MI.objectId, 'before']]);
    assert.deepEqual(modelCredentialNames(node), ['new-name'], 'the model (and so the app node) holds the renamed credential');
  });

  it('duplicates under a new name keeping both, once the subject differs', async () => {
    const { node, fic } = await appWithCredential('Duplicate', 'first-copy');
    fixture.ui.queue(input('second-copy'), pick('Keep Both'), confirm('Edit a Field…'), pick('Subject'), pick(SYSTEM_ASSIGNED_MI.name), confirm('Create'));

    await fixture.run('miFederation.duplicateCredential', fic);

    fixture.ui.assertDone();
    assert.match(fixture.ui.messages('error')[0]?.text ?? '', /already has this issuer and subject/, 'first told why the copy cannot be sent as is');
    const stored = await fixture.admin.credentials(fixture.home, node.app.id);
    assert.deepEqual(stored.map((f) => [f.name, f.subject]).sort(), [['first-copy', USER_ASSIGNED_MI.objectId], ['second-copy', SYSTEM_ASSIGNED_MI.objectId]]);
  });

  it('deletes after a modal naming the app and the credential; only that app node changes', async () => {
    const { node, fic } = await appWithCredential('Delete', 'delete-me');
    const since = fixture.sandbox.control.requests().length;
    fixture.ui.queue(confirm('Delete'));

    const deleted = await fixture.run('miFederation.deleteCredential', fic);

    fixture.ui.assertDone();
    assert.equal(deleted, true);
    assert.match(fixture.ui.prompts[0].value ?? '', new RegExp(`client id ${node.app.appId}`));
    assert.deepEqual(writes(fixture.sandbox, since).map((r) => `${r.method} ${r.status}`), ['DELETE 204']);
    assert.deepEqual(await fixture.admin.credentials(fixture.home, node.app.id), []);
    assert.deepEqual(modelCredentialNames(node), [], 'the model no longer holds it');
  });

  it('deletes every selected credential after one confirmation naming them all', async () => {
    const { node, fic } = await appWithCredential('Delete Many', 'first-of-two');
    await fixture.admin.createCredential(fixture.home, node.app.id, { name: 'second-of-two', issuer: issuerOf(fixture.sandbox, fixture.home), subject: SYSTEM_ASSIGNED_MI.objectId, audiences: [EXCHANGE] });
    await fixture.api.model.tenant(fixture.home).refreshApp(node.objectId);
    const second = credentialNode(fixture.api, node, 'second-of-two');
    const since = fixture.sandbox.control.requests().length;
    fixture.ui.queue(confirm('Delete'));

    // What VS Code passes for a multi-selection: the clicked item, then every selected one.
    const deleted = await fixture.run('miFederation.deleteCredential', fic, [fic, second]);

    fixture.ui.assertDone();
    assert.equal(deleted, 2);
    assert.equal(fixture.ui.prompts.filter((p) => p.kind === 'confirm').length, 1, 'one confirmation for both');
    assert.match(fixture.ui.prompts[0].value ?? '', /"first-of-two"[\s\S]*"second-of-two"/);
    assert.deepEqual(writes(fixture.sandbox, since).map((r) => `${r.method} ${r.status}`), ['DELETE 204', 'DELETE 204']);
    assert.deepEqual(await fixture.admin.credentials(fixture.home, node.app.id), []);
    assert.deepEqual(modelCredentialNames(node), []);
  });

  it('Cancel during a create stops it and leaves nothing or the one credential, never two', async () => {
    const node = await freshAppNode(fixture, 'Cancel Create');
    const since = fixture.sandbox.control.requests().length;
    // The sandbox answers after 1.5 s; Cancel is clicked 0.3 s into the create, while the POST
    // is (almost surely) in flight. Whichever way it falls, the outcome asserted is the same.
    fixture.sandbox.control.setLatency(1500);
    fixture.ui.queue(pick(USER_ASSIGNED_MI.name), pick(EXCHANGE), accept(), accept(), confirm('Create'), cancelProgress(() => new Promise((resolve) => setTimeout(resolve, 300))));

    const created = await fixture.run('miFederation.addCredential', node);

    fixture.ui.assertDone();
    assert.equal(created, undefined, 'a cancelled command returns nothing');
    assert.deepEqual(fixture.ui.messages('error').map((m) => m.text), [], 'a cancel is not an error');
    assert.ok(!fixture.ui.messages('info').some((m) => /^Created credential/.test(m.text)), 'no success was announced');
    // This read is answered after the cancelled POST (same latency, sent later): the state is final.
    const stored = await fixture.admin.credentials(fixture.home, node.app.id);
    assert.ok(stored.length <= 1, `more than one credential: ${stored.map((f) => f.name).join(', ')}`);
    if (stored.length === 1) assert.equal(stored[0].name, 'id-token-function');
    const posts = writes(fixture.sandbox, since).filter((r) => r.method === 'POST');
    assert.ok(posts.length <= 1, `the create was sent ${posts.length} times`);
    // A POST the extension aborted is logged by the sandbox when the connection closed, unanswered.
    if (posts.length === 1) assert.equal(posts[0].status, 0, 'the client waited for the answer instead of aborting');
    console.log(`      cancelled create: ${posts.length ? 'the POST was sent and aborted in flight' : 'nothing was sent'}; the app holds ${stored.length} credential(s)`);
  });

  function modelCredentialNames(node: AppHandle): string[] {
    return (fixture.api.model.tenant(node.tenantId).app(node.objectId)?.federatedIdentityCredentials ?? []).map((c) => c.name ?? '');
  }
});

describe('Credentials: find trusting apps and export', () => {
  const fixture = useCredentialsFixture();
  let sync: AppHandle;
  let syncFic: CredentialHandle;

  before(async () => {
    sync = await appNode(fixture.api, fixture.home, SEEDED_APPS.contosoSync.objectId);
    syncFic = credentialNode(fixture.api, sync, 'token-function-mi');
  });

  interface Found {
    app: { id: string };
    credentials: FederatedIdentityCredential[];
  }

  it('finds the apps trusting a managed identity, from its node in the Managed Identities view', async () => {
    const identities = await fixture.api.model.tenant(fixture.home).whenIdentitiesLoaded();
    assert.ok(identities.some((i) => i.id === USER_ASSIGNED_MI.objectId), 'the user-assigned identity is in the model');
    const identity = nodeOf({ kind: 'identity', tenantId: fixture.home, identityId: USER_ASSIGNED_MI.objectId });
    fixture.ui.queue(pick('Contoso Sync'));

    const found = await fixture.run<Found[]>('miFederation.findTrustingApps', identity);

    fixture.ui.assertDone();
    const ids = (found ?? []).map((f) => f.app.id);
    for (const app of [SEEDED_APPS.contosoSync, SEEDED_APPS.reporting, SEEDED_APPS.broken]) assert.ok(ids.includes(app.objectId), `${app.objectId} in ${ids.join(', ')}`);
    assert.ok(!ids.includes(SEEDED_APPS.githubDeploy.objectId));
    assert.deepEqual(found?.find((f) => f.app.id === SEEDED_APPS.reporting.objectId)?.credentials.map((c) => c.name), ['via-federation-app']);
    assert.deepEqual(await selectionOf(fixture.api, sync.id), [sync.id], 'the chosen app is revealed');
  });

  it('finds them from a credential, and from a typed object id', async () => {
    fixture.ui.queue(cancel('pick'));
    const fromCredential = await fixture.run<Found[]>('miFederation.findTrustingApps', syncFic);
    fixture.ui.queue(input(` ${USER_ASSIGNED_MI.objectId.toUpperCase()} `), cancel('pick'));
    const fromTyped = await fixture.run<Found[]>('miFederation.findTrustingApps');
    fixture.ui.assertDone();
    assert.deepEqual(fromTyped?.map((f) => f.app.id).sort(), fromCredential?.map((f) => f.app.id).sort());
    assert.ok((fromCredential ?? []).length >= 3);
  });

  it('says so when no app trusts the object id', async () => {
    const found = await fixture.run<Found[]>('miFederation.findTrustingApps', '00000000-0000-4000-8000-000000000000');
    assert.deepEqual(found, []);
    assert.match(fixture.ui.messages('info')[0]?.text ?? '', /^No app registration in your 2 tenants has a federated credential with subject 00000000/);
  });

  it("says when the id searched for is a managed identity's client id", async () => {
    // No seeded credential names the system-assigned identity's client id (the broken app names the user-assigned one's).
    const found = await fixture.run<Found[]>('miFederation.findTrustingApps', SYSTEM_ASSIGNED_MI.clientId);
    assert.deepEqual(found, []);
    assert.ok(fixture.ui.messages('info')[0]?.text.endsWith(`${SYSTEM_ASSIGNED_MI.clientId} is the client id of managed identity "${SYSTEM_ASSIGNED_MI.name}"; tokens carry its object id, ${SYSTEM_ASSIGNED_MI.objectId}: search for that.`), fixture.ui.transcript());
  });

  it('the az command\'s JSON parameters, posted to Graph, create the same credential', async () => {
    const command = await fixture.run<string>('miFederation.copyCredentialAsAz', syncFic);
    assert.ok(command?.startsWith(`az ad app federated-credential create --id ${SEEDED_APPS.contosoSync.appId} --parameters '`), command);
    assert.equal(await vscode.env.clipboard.readText(), command);

    const target = await fixture.admin.createApp(fixture.home, `Az Round Trip ${Date.now()}`);
    const answer = await fixture.admin.request(fixture.home, 'POST', `/applications/${target.id}/federatedIdentityCredentials`, parametersOfAzCommand(command ?? ''));
    assert.equal(answer.status, 201, JSON.stringify(answer.body));
    const [copy] = await fixture.admin.credentials(fixture.home, target.id);
    const source = syncFic.credential;
    for (const field of ['name', 'issuer', 'subject', 'audiences', 'description'] as const) {
      assert.deepEqual(copy[field] ?? null, source[field] ?? null, field);
    }
  });

  it('the Bicep resource names the app, the credential and its fields', async () => {
    fixture.ui.queue(pick('Bicep Resource'));
    const bicep = (await fixture.run<string>('miFederation.copyCredentialAs', syncFic)) ?? '';
    fixture.ui.assertDone();
    assert.match(bicep, /resource \w+ 'Microsoft\.Graph\/applications\/federatedIdentityCredentials@v1\.0' = \{/);
    assert.ok(bicep.includes(SEEDED_APPS.contosoSync.appId));
    assert.ok(bicep.includes("name: '${app.uniqueName}/token-function-mi'"));
    assert.ok(bicep.includes(`issuer: '${issuerOf(fixture.sandbox, fixture.home)}'`));
    assert.ok(bicep.includes(`subject: '${USER_ASSIGNED_MI.objectId}'`));
    assert.ok(bicep.includes(`'${EXCHANGE}'`));
  });

  it('the C# and TypeScript code carry the client id, tenant, identity and scopes', async () => {
    const cs = (await fixture.run<string>('miFederation.copyCredentialAsCSharp', syncFic)) ?? '';
    const ts = (await fixture.run<string>('miFederation.copyCredentialAsTypeScript', syncFic)) ?? '';
    const authority = `${fixture.sandbox.authority}/${fixture.home}`;
    assert.ok(cs.includes(`ConfidentialClientApplicationBuilder.Create("${SEEDED_APPS.contosoSync.appId}")`), cs);
    assert.ok(cs.includes(`.WithAuthority("${authority}")`));
    assert.ok(cs.includes(`new ManagedIdentityCredential(clientId: "${USER_ASSIGNED_MI.clientId}")`));
    assert.ok(cs.includes(`"${EXCHANGE}/.default"`));
    assert.ok(cs.includes('"https://graph.microsoft.com/.default"'));
    assert.ok(ts.includes(`clientId: '${SEEDED_APPS.contosoSync.appId}',`), ts);
    assert.ok(ts.includes(`authority: '${authority}',`));
    assert.ok(ts.includes(`knownAuthorities: ['${new URL(fixture.sandbox.authority).host}'],`));
    assert.ok(ts.includes(`new ManagedIdentityCredential({ clientId: '${USER_ASSIGNED_MI.clientId}' })`));
    assert.ok(ts.includes(`getToken('${EXCHANGE}/.default')`));
  });

  it("the federation-app pattern's code asks the identity for the federation app's scope", async () => {
    const reporting = await appNode(fixture.api, fixture.home, SEEDED_APPS.reporting.objectId);
    const fic = credentialNode(fixture.api, reporting, 'via-federation-app');
    const ts = (await fixture.run<string>('miFederation.copyCredentialAsTypeScript', fic)) ?? '';
    assert.ok(ts.includes(`getToken('${FEDERATION_APP_URI}/.default')`), ts);
    assert.ok(ts.includes(`clientId: '${SEEDED_APPS.reporting.appId}',`));
  });
});
