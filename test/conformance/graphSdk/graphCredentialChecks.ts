// Federated identity credentials through the SDK on an app made for the purpose: create, get
// by id and by name, list by appId, patch, upsert (create-if-missing), delete, and each error
// Graph documents for a bad write.
import { SEEDED_APPS, type RunningSandbox } from '../../../src/sandbox';
import { type CheckRecorder, CheckFailure, expectEqual, expectTrue } from '../checks';
import type { FederatedIdentityCredential, GraphRequests } from './graphRequests';
import { expectGraphError } from './odataExpectations';

const AUDIENCE = 'api://AzureADTokenExchange';

export async function credentialChecks(g: GraphRequests, s: RunningSandbox, r: CheckRecorder): Promise<void> {
  const issuer = `${s.authority}/${s.tenants.home}/v2.0`;
  const fic = (name: string, subject: string, extra: Partial<FederatedIdentityCredential> = {}): Partial<FederatedIdentityCredential> =>
    ({ name, issuer, subject, audiences: [AUDIENCE], ...extra });
  let appObjectId: string | undefined;
  let appId: string | undefined;
  let created: FederatedIdentityCredential | undefined;
  const app = () => {
    if (!appObjectId) throw new CheckFailure('the app for these checks could not be created (see the first check)');
    return appObjectId;
  };
  const ficId = () => {
    if (!created?.id) throw new CheckFailure('the credential was not created (see the create check)');
    return created.id;
  };

  await r.check('POST /applications: 201 with id, appId and @odata.id', async () => {
    const made = await g.createApplication({ displayName: 'Conformance Graph SDK Credentials', signInAudience: 'AzureADMultipleOrgs' });
    appObjectId = made?.id ?? undefined;
    appId = made?.appId ?? undefined;
    expectTrue(!!appObjectId && !!appId, 'the created app has id and appId', made);
    const odataId = made?.additionalData?.['@odata.id'];
    expectTrue(typeof odataId === 'string' && odataId.includes(appObjectId!), 'the created object carries @odata.id naming it', odataId);
  });

  await r.check('FIC create: 201 with the credential as written', async () => {
    created = await g.createCredential(app(), fic('conformance-first', 'subject-one', { description: 'first' }));
    expectTrue(!!created?.id, 'the credential has an id', created);
    expectEqual([created?.name, created?.issuer, created?.subject, created?.audiences], ['conformance-first', issuer, 'subject-one', [AUDIENCE]], '[name, issuer, subject, audiences]');
  });

  await r.check('FIC get by id', async () => {
    expectEqual((await g.credential(app(), ficId()))?.name, 'conformance-first', 'name');
  });

  await r.check('FIC get by name', async () => {
    expectEqual((await g.credential(app(), 'conformance-first'))?.id, ficId(), 'id');
  });

  await r.check("FIC list through /applications(appId='…')", async () => {
    if (!appId) throw new CheckFailure('no app');
    const list = await g.credentialsByAppId(appId);
    expectEqual(list?.value?.map((f) => f.name), ['conformance-first'], 'names listed');
  });

  await r.check('FIC patch: 204, then the new description reads back', async () => {
    await g.updateCredential(app(), ficId(), { description: 'edited' });
    expectEqual((await g.credential(app(), ficId()))?.description, 'edited', 'description');
  });

  await r.check("FIC upsert (name='…') with Prefer: create-if-missing creates: 201 with the object", async () => {
    const made = await g.upsertCredential(app(), 'conformance-upsert', fic('conformance-upsert', 'subject-upsert'));
    expectEqual(made?.name, 'conformance-upsert', 'name of the created credential in the answer');
    expectEqual((await g.credential(app(), 'conformance-upsert'))?.subject, 'subject-upsert', 'subject read back by name');
  });

  await r.check('FIC upsert of an existing name updates it: 204, no body', async () => {
    const answer = await g.upsertCredential(app(), 'conformance-upsert', fic('conformance-upsert', 'subject-upsert', { description: 'upserted' }));
    expectEqual(answer, undefined, 'answer body');
    expectEqual((await g.credential(app(), 'conformance-upsert'))?.description, 'upserted', 'description read back');
  });

  await r.check('FIC error: a repeated name is 409 Request_MultipleObjectsWithSameKeyValue', () =>
    expectGraphError(() => g.createCredential(app(), fic('conformance-first', 'subject-other')), 409, 'Request_MultipleObjectsWithSameKeyValue'));

  await r.check('FIC error: a repeated issuer+subject is 400 InvalidFederatedIdentityCredentialValue', () =>
    expectGraphError(() => g.createCredential(app(), fic('conformance-same-subject', 'subject-one')), 400, 'InvalidFederatedIdentityCredentialValue'));

  await r.check('FIC error: two audiences is 400', () =>
    expectGraphError(() => g.createCredential(app(), fic('conformance-two-audiences', 'subject-two', { audiences: [AUDIENCE, 'api://other'] })), 400));

  await r.check('FIC error: a name with a space is 400 InvalidFederatedIdentityCredentialValue', () =>
    expectGraphError(() => g.createCredential(app(), fic('bad name', 'subject-three')), 400, 'InvalidFederatedIdentityCredentialValue'));

  await r.check('FIC error: claimsMatchingExpression (a /beta property) is refused on v1.0 with 400', () =>
    expectGraphError(() => g.createCredential(app(), fic('conformance-flexible', 'subject-four', {
      additionalData: { claimsMatchingExpression: { value: "claims['sub'] matches 'repo:contoso/*'", languageVersion: 1 } },
    })), 400));

  await r.check('flexible FIC listed on v1.0: subject null and no claimsMatchingExpression', async () => {
    const list = await g.credentials(SEEDED_APPS.flexible.objectId);
    const flexible = list?.value?.find((f) => f.name === 'any-contoso-branch');
    expectTrue(flexible !== undefined, 'the seeded flexible credential is listed', list?.value?.map((f) => f.name));
    expectEqual(flexible?.subject ?? null, null, 'subject');
    expectEqual(flexible?.additionalData?.claimsMatchingExpression, undefined, 'claimsMatchingExpression on v1.0');
  });

  await r.check('FIC delete: 204, then a get by id is 404', async () => {
    await g.deleteCredential(app(), ficId());
    await expectGraphError(() => g.credential(app(), ficId()), 404);
  });

  await r.check('FIC error: the credentials of an app that does not exist are 404', () =>
    expectGraphError(() => g.credentials('00000000-0000-4000-8000-0000000f1c00'), 404));
}
