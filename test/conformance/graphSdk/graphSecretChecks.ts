// Secrets, certificates and getByIds through the kiota Graph SDK's models: addPassword answers
// a secret's text once and the listing then shows its hint only; removePassword takes it away;
// a certificate's key comes back only to $select=keyCredentials on one app; getByIds answers
// typed directory objects and leaves an unknown id out. Writes go to an app made for them.
import { RETIRED_MI, SEEDED_APPS, SEEDED_CREDENTIALS, type RunningSandbox } from '../../../src/sandbox';
import { type CheckRecorder, CheckFailure, expectEqual, expectTrue } from '../checks';
import type { DirectoryObjectCollectionResponse } from '@microsoft/msgraph-sdk/models/index.js' with { 'resolution-mode': 'import' };
import type { Application, GraphRequests } from './graphRequests';
import { expectGraphError } from './odataExpectations';

type Models = GraphRequests['kiota']['models'];
type PasswordCredential = NonNullable<Application['passwordCredentials']>[number];
type Writer = Parameters<Models['serializePasswordCredential']>[0];

function addPassword(g: GraphRequests, appObjectId: string, passwordCredential: Partial<PasswordCredential>): Promise<PasswordCredential | undefined> {
  const info = g.request('POST', '/applications/{application%2Did}/addPassword', { 'application%2Did': appObjectId });
  // What the SDK's AddPasswordPostRequestBody serializer writes: the one parameter, as an object.
  g.withBody(info, { passwordCredential }, (w: Writer, body?: { passwordCredential?: Partial<PasswordCredential> }) =>
    w.writeObjectValue('passwordCredential', body?.passwordCredential, g.kiota.models.serializePasswordCredential));
  return g.adapter.send(info, g.kiota.models.createPasswordCredentialFromDiscriminatorValue, g.errors) as Promise<PasswordCredential | undefined>;
}

function removePassword(g: GraphRequests, appObjectId: string, keyId: string): Promise<void> {
  const info = g.request('POST', '/applications/{application%2Did}/removePassword', { 'application%2Did': appObjectId });
  g.withBody(info, { keyId }, (w: Writer, body?: { keyId?: string }) => w.writeGuidValue('keyId', body?.keyId as never));
  return g.adapter.sendNoResponseContent(info, g.errors);
}

function application(g: GraphRequests, appObjectId: string, select: string[]): Promise<Application | undefined> {
  const info = g.request('GET', '/applications/{application%2Did}{?%24expand,%24select}', { 'application%2Did': appObjectId });
  info.queryParameters['%24select'] = select;
  return g.adapter.send(info, g.kiota.models.createApplicationFromDiscriminatorValue, g.errors) as Promise<Application | undefined>;
}

function getByIds(g: GraphRequests, ids: string[], types?: string[]): Promise<DirectoryObjectCollectionResponse | undefined> {
  const info = g.request('POST', '/directoryObjects/getByIds');
  g.withBody(info, { ids, types }, (w: Writer, body?: { ids?: string[]; types?: string[] }) => {
    w.writeCollectionOfPrimitiveValues('ids', body?.ids);
    if (body?.types) w.writeCollectionOfPrimitiveValues('types', body.types);
  });
  return g.adapter.send(info, g.kiota.models.createDirectoryObjectCollectionResponseFromDiscriminatorValue, g.errors) as Promise<DirectoryObjectCollectionResponse | undefined>;
}

export async function secretChecks(g: GraphRequests, s: RunningSandbox, r: CheckRecorder): Promise<void> {
  let appObjectId: string | undefined;
  let added: PasswordCredential | undefined;
  const app = () => {
    if (!appObjectId) throw new CheckFailure('the app for these checks could not be created (see the first check)');
    return appObjectId;
  };

  await r.check('addPassword: 200 with secretText once, hint its first 3 characters, ending 2 years after its start', async () => {
    const made = await g.createApplication({ displayName: 'Conformance Graph SDK Secrets', signInAudience: 'AzureADMyOrg' });
    appObjectId = made?.id ?? undefined;
    added = await addPassword(g, app(), { displayName: 'conformance' });
    const text = added?.secretText ?? '';
    expectTrue(text.length >= 16 && text.length <= 64, 'a 16–64 character secretText', text.length);
    expectEqual(added?.hint, text.slice(0, 3), 'hint');
    expectEqual(added?.displayName, 'conformance', 'displayName');
    const start = added?.startDateTime?.getTime() ?? NaN;
    const end = new Date(start);
    end.setUTCFullYear(end.getUTCFullYear() + 2);
    expectEqual(added?.endDateTime?.getTime(), end.getTime(), 'endDateTime (start + 2 years)');
  });

  await r.check('after addPassword the app lists the secret with its hint and secretText null', async () => {
    const listed = (await application(g, app(), ['passwordCredentials']))?.passwordCredentials?.find((p) => p.keyId === added?.keyId);
    expectTrue(listed !== undefined, 'the new secret is listed');
    expectEqual([listed?.secretText ?? null, listed?.hint], [null, added?.hint], '[secretText, hint]');
  });

  await r.check('removePassword: 204, then the secret is no longer listed', async () => {
    if (!added?.keyId) throw new CheckFailure('no secret was added (see the addPassword check)');
    await removePassword(g, app(), added.keyId);
    const listed = (await application(g, app(), ['passwordCredentials']))?.passwordCredentials ?? [];
    expectEqual(listed.map((p) => p.keyId), [], 'keyIds listed');
  });

  await r.check('removePassword of an unknown keyId is 400 Request_BadRequest', () =>
    expectGraphError(() => removePassword(g, app(), '00000000-0000-4000-8000-00000000beef'), 400, 'Request_BadRequest'));

  await r.check('keyCredentials: listed with key null; a seeded secret listed with its hint', async () => {
    const page = await g.applications({ select: ['id', 'passwordCredentials', 'keyCredentials'], filter: `id eq '${SEEDED_APPS.legacyWorker.objectId}'` });
    const legacy = page?.value?.[0];
    expectEqual(legacy?.keyCredentials?.map((k) => [k.keyId, k.type, k.usage, k.key ?? null]), [[SEEDED_CREDENTIALS.legacyWorker.certificate.keyId, 'AsymmetricX509Cert', 'Verify', null]], 'keyCredentials listed');
    const hints = legacy?.passwordCredentials?.map((p) => p.hint).sort();
    expectEqual(hints, ['Ex1', 'Lo3', 'So2'], 'hints of the seeded secrets');
  });

  await r.check('keyCredentials: $select=keyCredentials on one app returns the certificate in key; customKeyIdentifier is its 20-byte thumbprint', async () => {
    const k = (await application(g, SEEDED_APPS.legacyWorker.objectId, ['keyCredentials']))?.keyCredentials?.[0];
    expectTrue((k?.key?.byteLength ?? 0) > 100, 'a DER certificate in key', k?.key?.byteLength);
    expectEqual(k?.customKeyIdentifier?.byteLength, 20, 'customKeyIdentifier bytes');
    expectEqual(k?.displayName, SEEDED_CREDENTIALS.legacyWorker.certificate.displayName, 'displayName');
  });

  await r.check('getByIds: typed objects for the ids that exist, the deleted identity left out', async () => {
    const found = await getByIds(g, [s.managedIdentity.userAssigned.objectId, RETIRED_MI.objectId, SEEDED_APPS.legacyWorker.objectId]);
    expectEqual(found?.value?.map((o) => [o.odataType, o.id]), [
      ['#microsoft.graph.servicePrincipal', s.managedIdentity.userAssigned.objectId],
      ['#microsoft.graph.application', SEEDED_APPS.legacyWorker.objectId],
    ], '[@odata.type, id]');
  });

  await r.check('getByIds: types [servicePrincipal] leaves the app out; 1001 ids are 400', async () => {
    const found = await getByIds(g, [s.managedIdentity.userAssigned.objectId, SEEDED_APPS.legacyWorker.objectId], ['servicePrincipal']);
    expectEqual(found?.value?.map((o) => o.id), [s.managedIdentity.userAssigned.objectId], 'ids');
    const many = Array.from({ length: 1001 }, (_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`);
    await expectGraphError(() => getByIds(g, many), 400, 'Request_BadRequest');
  });
}
