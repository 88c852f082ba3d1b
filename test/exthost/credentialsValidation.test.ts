// Every invalid entry is caught before anything is sent: the message the user sees is the shared
// rule's, and the sandbox's request log shows no write at all.
import * as assert from 'node:assert/strict';
import { GITHUB_ISSUER, SEEDED_APPS, USER_ASSIGNED_MI } from '../../src/sandbox/ids';
import { appNode, freshAppNode, issuerOf, useCredentialsFixture, writes, type AppHandle } from './support/credentialFixture';
import { accept, cancel, confirm, input, pick, type ScriptedAnswer } from './support/scriptedUserInput';

const EXCHANGE = 'api://AzureADTokenExchange';

describe('Credentials: invalid input sends no request', () => {
  const fixture = useCredentialsFixture();
  let node: AppHandle;
  let since: number;

  before(async () => {
    node = await freshAppNode(fixture, 'Validation');
    // Another kind of credential already on the app: its name is taken.
    await fixture.admin.createCredential(fixture.home, node.app.id, { name: 'existing-one', issuer: GITHUB_ISSUER, subject: 'repo:contoso/app:ref:refs/heads/main', audiences: [EXCHANGE] });
  });

  beforeEach(() => {
    since = fixture.sandbox.control.requests().length;
  });

  async function run(...answers: ScriptedAnswer[]): Promise<void> {
    fixture.ui.queue(...answers);
    await fixture.run('miFederation.addCredential', node);
    fixture.ui.assertDone();
  }

  function assertNothingSent(): void {
    assert.deepEqual(writes(fixture.sandbox, since), [], 'no write request reached the sandbox');
  }

  const namedAs = (name: string) => [pick(USER_ASSIGNED_MI.name), pick(EXCHANGE), input(name), cancel('input')];

  it('a name too short', async () => {
    await run(...namedAs('ab'));
    assert.deepEqual(fixture.ui.validations(), ['Name must be 3–120 characters; it has 2.']);
    assertNothingSent();
  });

  it('a name too long', async () => {
    await run(...namedAs('a'.repeat(121)));
    assert.deepEqual(fixture.ui.validations(), ['Name must be 3–120 characters; it has 121.']);
    assertNothingSent();
  });

  it('a name with bad characters', async () => {
    await run(...namedAs('my fic'));
    assert.match(fixture.ui.validations()[0], /may contain only letters, digits, "-" and "_".*a space at position 3/);
    assertNothingSent();
  });

  it('a name already taken (in any case)', async () => {
    await run(pick(USER_ASSIGNED_MI.name), pick(EXCHANGE), input('existing-one'), input('EXISTING-ONE'), cancel('input'));
    assert.equal(fixture.ui.validations().length, 2);
    for (const message of fixture.ui.validations()) assert.match(message, /already has a credential named "existing-one"/);
    assertNothingSent();
  });

  it('an empty name', async () => {
    await run(...namedAs(''));
    assert.match(fixture.ui.validations()[0], /^Name is required/);
    assertNothingSent();
  });

  it('an empty subject (object id)', async () => {
    await run(pick('Enter an Object ID…'), input(''), input('not-a-guid'), cancel('input'));
    assert.deepEqual(fixture.ui.validations(), ['Enter a GUID: the object (principal) id of the managed identity.', 'Enter a GUID: the object (principal) id of the managed identity.']);
    assertNothingSent();
  });

  it('an empty audience', async () => {
    await run(pick(USER_ASSIGNED_MI.name), pick('Enter Another Audience…'), input('  '), cancel('input'));
    assert.match(fixture.ui.validations()[0], /^Audience is empty/);
    assertNothingSent();
  });

  it('an issuer and subject the app already trusts', async () => {
    const app = await freshAppNode(fixture, 'Issuer Subject Taken');
    await fixture.admin.createCredential(fixture.home, app.app.id, { name: 'first', issuer: issuerOf(fixture.sandbox, fixture.home), subject: USER_ASSIGNED_MI.objectId, audiences: [EXCHANGE] });
    since = fixture.sandbox.control.requests().length;
    fixture.ui.queue(pick(USER_ASSIGNED_MI.name), pick(EXCHANGE), accept(), accept(), cancel('confirm'));

    await fixture.run('miFederation.addCredential', app);

    fixture.ui.assertDone();
    const identityPick = fixture.ui.prompts[0];
    assert.ok(identityPick.choices.includes(USER_ASSIGNED_MI.name));
    const error = fixture.ui.messages('error')[0];
    assert.match(error?.text ?? '', /^Nothing was sent: Credential "first" already has this issuer and subject/);
    const review = fixture.ui.prompts.find((p) => p.kind === 'confirm');
    assert.deepEqual(review?.choices, ['Edit a Field…'], 'no way to send it');
    assert.match(review?.value ?? '', /✖ Credential "first" already has this issuer and subject/);
    assertNothingSent();
  });

  it('a 21st credential, before any prompt', async () => {
    const full = await appNode(fixture.api, fixture.home, SEEDED_APPS.full.objectId);
    assert.equal(full.app.federatedIdentityCredentials.length, 20);

    await fixture.run('miFederation.addCredential', full);

    assert.deepEqual(fixture.ui.prompts.filter((p) => p.kind !== 'message'), [], 'not a single prompt');
    assert.match(fixture.ui.messages('error')[0]?.text ?? '', /already has 20 federated credentials, the most an app can hold; delete one first/);
    assertNothingSent();
    assert.equal((await fixture.admin.credentials(fixture.home, SEEDED_APPS.full.objectId)).length, 20);
  });

  it("a managed identity's client id where its object id belongs: said, and nothing sent", async () => {
    await run(pick('Enter an Object ID…'), input(USER_ASSIGNED_MI.clientId), cancel('pick'));
    const offer = fixture.ui.prompts.find((p) => p.kind === 'pick' && p.text.includes('is the client id'));
    assert.equal(offer?.text, `${USER_ASSIGNED_MI.clientId} is the client id of managed identity "${USER_ASSIGNED_MI.name}", not its object id. A token's subject is the object id.`);
    assert.deepEqual(offer?.choices, [`Use Its Object ID ${USER_ASSIGNED_MI.objectId}`, `Keep ${USER_ASSIGNED_MI.clientId}`]);
    assertNothingSent();
  });

  it('…and taking the offered object id creates the right credential', async () => {
    const app = await freshAppNode(fixture, 'Client Id Fixed');
    fixture.ui.queue(pick('Enter an Object ID…'), input(USER_ASSIGNED_MI.clientId.toUpperCase()), pick(/^Use Its Object ID/), pick(EXCHANGE), accept(), accept(), confirm('Create'));
    await fixture.run('miFederation.addCredential', app);
    fixture.ui.assertDone();
    const stored = await fixture.admin.credentials(fixture.home, app.app.id);
    assert.deepEqual(stored.map((f) => f.subject), [USER_ASSIGNED_MI.objectId]);
  });

  it('a warning asks first; declining sends nothing', async () => {
    const issuer = issuerOf(fixture.sandbox, fixture.home);
    await run(pick(USER_ASSIGNED_MI.name), pick(EXCHANGE), input('slash-issuer'), accept(), confirm('Edit a Field…'), pick('Issuer'), input(`${issuer}/`), cancel('confirm'));
    const reviews = fixture.ui.prompts.filter((p) => p.kind === 'confirm');
    assert.deepEqual(reviews[1].choices, ['Create Anyway', 'Edit a Field…']);
    assert.match(reviews[1].value ?? '', /⚠ Issuer ends with "\/"; the token's issuer has no trailing slash/);
    assertNothingSent();
  });
});
