// When Graph says no, or says nothing: a refusal is shown and the entries survive; a lost
// connection is followed by a look-up, so exactly one credential exists whatever happened; a
// cancelled delete keeps the credential; a federation app that fails halfway is finished or
// deleted, and either way Graph ends up consistent.
import * as assert from 'node:assert/strict';
import { USER_ASSIGNED_MI } from '../../src/sandbox/ids';
import { credentialNode, freshAppNode, issuerOf, useCredentialsFixture, writes } from './support/credentialFixture';
import { accept, act, cancel, confirm, input, pick } from './support/scriptedUserInput';

const EXCHANGE = 'api://AzureADTokenExchange';
const ficWrites = (r: { path: string }) => r.path.includes('/federatedIdentityCredentials');

describe('Credentials: refusals, lost connections, half-made federation apps', () => {
  const fixture = useCredentialsFixture();

  it('a server refusal is shown and the review re-opens with the entries; the next try creates it once', async () => {
    const node = await freshAppNode(fixture, 'Refused');
    const since = fixture.sandbox.control.requests().length;
    fixture.sandbox.control.denyGraph(fixture.home, 'write');
    fixture.ui.queue(
      pick(USER_ASSIGNED_MI.name),
      pick(EXCHANGE),
      input('refused-once'),
      input('kept description'),
      confirm('Create'),
      act(() => fixture.sandbox.control.denyGraph(fixture.home, false)),
      confirm('Create'),
    );

    await fixture.run('miFederation.addCredential', node);

    fixture.ui.assertDone();
    const refusal = fixture.ui.messages('error')[0];
    assert.match(refusal?.text ?? '', /^Microsoft Graph refused: your account lacks the permission.*Your entries are kept/);
    const [first, second] = fixture.ui.prompts.filter((p) => p.kind === 'confirm');
    assert.equal(second.value, first.value, 'the same entries, the same JSON');
    assert.match(second.value ?? '', /"name": "refused-once"[\s\S]*"description": "kept description"/);
    assert.deepEqual(writes(fixture.sandbox, since).filter(ficWrites).map((r) => `${r.method} ${r.status}`), ['POST 403', 'POST 201']);
    assert.deepEqual((await fixture.admin.credentials(fixture.home, node.app.id)).map((f) => [f.name, f.description]), [['refused-once', 'kept description']]);
  });

  it('a connection lost before Graph acted: looked up, then sent again on request — one credential', async () => {
    const node = await freshAppNode(fixture, 'Reset Before');
    const since = fixture.sandbox.control.requests().length;
    fixture.ui.queue(
      pick(USER_ASSIGNED_MI.name),
      pick(EXCHANGE),
      input('after-reset'),
      accept(),
      act(() => fixture.sandbox.control.failNext(1, 'reset', '/federatedIdentityCredentials')),
      confirm('Create'),
      confirm('Try Again'),
    );

    await fixture.run('miFederation.addCredential', node);

    fixture.ui.assertDone();
    const retry = fixture.ui.prompts.filter((p) => p.kind === 'confirm')[1];
    assert.equal(retry.text, 'Microsoft Graph did not confirm the create (the connection was lost), and "after-reset" was not created.');
    const log = fixture.sandbox.control.requests().slice(since).filter(ficWrites);
    assert.deepEqual(log.map((r) => `${r.method} ${r.fault ?? r.status}`), ['GET 200', 'POST reset', 'GET 404', 'POST 201'], 'list, lost POST, look-up by name, one more POST');
    assert.deepEqual((await fixture.admin.credentials(fixture.home, node.app.id)).map((f) => f.name), ['after-reset']);
  });

  it('an answer lost after Graph acted: found by name, never sent twice — one credential', async () => {
    const node = await freshAppNode(fixture, 'Reset After');
    const issuer = issuerOf(fixture.sandbox, fixture.home);
    const since = fixture.sandbox.control.requests().length;
    fixture.ui.queue(
      pick(USER_ASSIGNED_MI.name),
      pick(EXCHANGE),
      input('lost-answer'),
      input(''),
      // Graph applies the POST, then the answer is lost: the sandbox resets before it acts, so
      // what it would have made is made here, as the same request would have.
      act(async () => {
        await fixture.admin.createCredential(fixture.home, node.app.id, { name: 'lost-answer', issuer, subject: USER_ASSIGNED_MI.objectId, audiences: [EXCHANGE] });
        fixture.sandbox.control.failNext(1, 'reset', '/federatedIdentityCredentials');
      }),
      confirm('Create'),
    );

    const created = await fixture.run<{ name: string }>('miFederation.addCredential', node);

    fixture.ui.assertDone();
    assert.equal(created?.name, 'lost-answer');
    const extensionPosts = fixture.sandbox.control.requests().slice(since).filter((r) => ficWrites(r) && r.method === 'POST' && r.fault === 'reset');
    assert.equal(extensionPosts.length, 1, 'the extension sent its POST once');
    assert.equal(fixture.sandbox.control.requests().slice(since).filter((r) => ficWrites(r) && r.method === 'POST' && !r.fault).length, 1, "only the arranged POST succeeded");
    assert.deepEqual((await fixture.admin.credentials(fixture.home, node.app.id)).map((f) => f.name), ['lost-answer']);
    assert.ok(fixture.ui.messages('info').some((m) => /Created credential "lost-answer"/.test(m.text)));
  });

  it('a look-up that fails too: the entries are kept, and the next try looks again before sending', async () => {
    const node = await freshAppNode(fixture, 'Reset Twice');
    const since = fixture.sandbox.control.requests().length;
    fixture.ui.queue(
      pick(USER_ASSIGNED_MI.name),
      pick(EXCHANGE),
      input('looked-up-twice'),
      accept(),
      // The POST, then the look-up and its two retries, all lose their connection.
      act(() => fixture.sandbox.control.failNext(4, 'reset', '/federatedIdentityCredentials')),
      confirm('Create'),
      confirm('Create'),
    );

    await fixture.run('miFederation.addCredential', node);

    fixture.ui.assertDone();
    assert.match(fixture.ui.messages('error')[0]?.text ?? '', /^Could not tell whether "looked-up-twice" was created.*Your entries are kept; the name is looked up again before anything is sent\.$/);
    const [first, second] = fixture.ui.prompts.filter((p) => p.kind === 'confirm');
    assert.equal(second.value, first.value, 'the same entries');
    const log = fixture.sandbox.control.requests().slice(since).filter(ficWrites);
    assert.deepEqual(log.map((r) => `${r.method} ${r.fault ?? r.status}`), ['GET 200', 'POST reset', 'GET reset', 'GET reset', 'GET reset', 'GET 404', 'POST 201']);
    assert.deepEqual((await fixture.admin.credentials(fixture.home, node.app.id)).map((f) => f.name), ['looked-up-twice']);
  });

  it('cancelling a delete keeps the credential and sends nothing', async () => {
    const node = await freshAppNode(fixture, 'Keep Me');
    await fixture.admin.createCredential(fixture.home, node.app.id, { name: 'keep-me', issuer: issuerOf(fixture.sandbox, fixture.home), subject: USER_ASSIGNED_MI.objectId, audiences: [EXCHANGE] });
    node.app.federatedIdentityCredentials = await fixture.admin.credentials(fixture.home, node.app.id);
    const fic = credentialNode(fixture.api, node, 'keep-me');
    const since = fixture.sandbox.control.requests().length;
    fixture.ui.queue(cancel('confirm'));

    await fixture.run('miFederation.deleteCredential', fic);

    fixture.ui.assertDone();
    const question = fixture.ui.prompts[0];
    assert.equal(question.text, `Delete the federated credential "keep-me" of the app "${node.app.displayName}"?`);
    assert.deepEqual(question.choices, ['Delete']);
    assert.deepEqual(writes(fixture.sandbox, since), []);
    assert.deepEqual((await fixture.admin.credentials(fixture.home, node.app.id)).map((f) => f.name), ['keep-me']);
    assert.deepEqual(fixture.ui.messages('error'), [], 'a cancellation is silent');
  });

  // PATCH /applications/{id}: the second step. Three resets outlast the client's two retries.
  const failConfigureStep = () => fixture.sandbox.control.failNext(3, 'reset', /^\/v1\.0\/applications\/[0-9a-f-]{36}$/i);

  it('a federation app that fails after the app exists: told what exists, and "Finish Setup" completes it', async () => {
    const name = `Half Made Finish ${Date.now()}`;
    fixture.ui.queue(pick(new RegExp(fixture.home)), input(name), act(failConfigureStep), confirm('Create'), confirm('Finish Setup'));

    const result = await fixture.run<{ app: { id: string; appId: string } }>('miFederation.createFederationApp');

    fixture.ui.assertDone();
    const offer = fixture.ui.prompts.filter((p) => p.kind === 'confirm')[1];
    assert.match(offer.text, /^Setting its Application ID URI and v2 access tokens failed/);
    assert.match(offer.value ?? '', new RegExp(`^Exists: the app registration "${name}" \\(client id [0-9a-f-]+\\)\\. Missing: its Application ID URI api://[0-9a-f-]+, v2 access tokens \\(requestedAccessTokenVersion = 2\\), its service principal\\.`));
    assert.deepEqual(offer.choices, ['Finish Setup', 'Delete the App']);
    const apps = await fixture.admin.appsNamed(fixture.home, name);
    assert.equal(apps.length, 1, 'one app, not two');
    assert.equal(apps[0].id, result?.app.id);
    assert.deepEqual(apps[0].identifierUris, [`api://${apps[0].appId}`]);
    assert.equal(apps[0].api?.requestedAccessTokenVersion, 2);
    assert.equal((await fixture.admin.servicePrincipals(fixture.home, apps[0].appId ?? '')).length, 1);
  });

  it('…and "Delete the App" leaves nothing behind', async () => {
    const name = `Half Made Delete ${Date.now()}`;
    fixture.ui.queue(pick(new RegExp(fixture.home)), input(name), act(failConfigureStep), confirm('Create'), confirm('Delete the App'));

    const result = await fixture.run('miFederation.createFederationApp');

    fixture.ui.assertDone();
    assert.equal(result, undefined);
    assert.deepEqual(await fixture.admin.appsNamed(fixture.home, name), []);
    assert.ok(fixture.ui.messages('info').some((m) => m.text.startsWith(`Deleted the app "${name}"`)));
    assert.deepEqual(fixture.ui.messages('error'), []);
  });
});
