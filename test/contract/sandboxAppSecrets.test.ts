// Client secrets, certificates and getByIds through @microsoft/microsoft-graph-client, with the
// token endpoint as the judge of what a secret is worth: Graph lists a secret with its hint and
// a certificate with its thumbprint, addPassword shows a secret's text once, removePassword and
// a keyCredentials PATCH take effect at once, getByIds leaves unknown ids out.
import * as assert from 'node:assert/strict';
import * as crypto from 'node:crypto';
import { RETIRED_MI, SANDBOX_USER, SEEDED_APPS, SEEDED_CREDENTIALS, type RunningSandbox } from '../../src/sandbox';
import { makeAppCertificate } from '../../src/sandbox/certificates';
import { isGraphError, officialGraphClient, secretCredential } from './support/officialGraphClient';
import { useSandbox } from './support/sandbox';

const GRAPH_SCOPE = 'https://graph.microsoft.com/.default';
const DAY_MS = 24 * 3600 * 1000;
const legacy = SEEDED_APPS.legacyWorker;
const lw = SEEDED_CREDENTIALS.legacyWorker;

interface Secret { keyId: string; displayName: string | null; hint: string | null; secretText: string | null; startDateTime: string; endDateTime: string; customKeyIdentifier: unknown }
interface Certificate { keyId: string; displayName: string | null; customKeyIdentifier: string; key: string | null; type: string; usage: string; startDateTime: string; endDateTime: string }
interface AppWithCredentials { id: string; displayName: string; passwordCredentials: Secret[]; keyCredentials: Certificate[]; federatedIdentityCredentials?: unknown[] }

/** Signs in with the secret through @azure/identity; resolves to the token or rejects with Entra's answer. */
async function signIn(s: RunningSandbox, appId: string, secret: string, tenantId = s.tenants.home): Promise<string> {
  const token = await secretCredential(s, tenantId, appId, secret).getToken(GRAPH_SCOPE);
  return token.token;
}

describe('contract: app secrets, certificates and getByIds (graph-client, @azure/identity)', () => {
  const sandbox = useSandbox({ tokenFunction: false });
  const client = () => officialGraphClient(sandbox());
  const app = async (select = 'id,displayName,passwordCredentials,keyCredentials'): Promise<AppWithCredentials> =>
    (await client().api(`/applications/${legacy.objectId}`).select(select).get()) as AppWithCredentials;

  describe('listing', () => {
    it('lists secrets with their hint and no text, as the extension asks for them (with $expand)', async () => {
      const page = await client()
        .api('/applications?$select=id,appId,displayName,signInAudience,identifierUris,api,passwordCredentials,keyCredentials&$expand=federatedIdentityCredentials&$top=100')
        .get();
      const listed = (page.value as AppWithCredentials[]).find((a) => a.id === legacy.objectId);
      assert.ok(listed, 'Contoso Legacy Worker is on the first page');
      assert.deepEqual(listed.federatedIdentityCredentials, []);
      const byKey = new Map(listed.passwordCredentials.map((p) => [p.keyId, p]));
      for (const seeded of [lw.expiredSecret, lw.expiringSecret, lw.longLivedSecret]) {
        const p = byKey.get(seeded.keyId);
        assert.ok(p, `secret ${seeded.displayName} listed`);
        assert.equal(p.secretText, null);
        assert.equal(p.hint, seeded.secret.slice(0, 3));
        assert.equal(p.displayName, seeded.displayName);
        assert.equal(p.customKeyIdentifier, null);
      }
      assert.equal(listed.keyCredentials.length, 1);
      assert.equal(listed.keyCredentials[0].key, null, 'a listing never carries a certificate');
      assert.doesNotMatch(JSON.stringify(page), /~sandbox~legacy~/, 'no secret text anywhere in the page');
    });

    it('returns a certificate\'s key only to $select=keyCredentials on one app; its thumbprint and dates are the certificate\'s', async () => {
      const plain = (await client().api(`/applications/${legacy.objectId}`).get()) as AppWithCredentials;
      assert.equal(plain.keyCredentials[0].key, null, 'a GET without $select=keyCredentials');
      const selected = await app('keyCredentials');
      const k = selected.keyCredentials[0];
      assert.equal(k.keyId, lw.certificate.keyId);
      assert.equal(k.displayName, lw.certificate.displayName);
      assert.deepEqual([k.type, k.usage], ['AsymmetricX509Cert', 'Verify']);
      assert.ok(k.key, 'key returned');
      const der = Buffer.from(k.key, 'base64');
      const cert = new crypto.X509Certificate(der);
      // customKeyIdentifier is Binary (base64 in JSON): the thumbprint's 20 bytes.
      assert.equal(Buffer.from(k.customKeyIdentifier, 'base64').toString('hex').toUpperCase(), crypto.createHash('sha1').update(der).digest('hex').toUpperCase());
      assert.equal(Date.parse(k.endDateTime), Date.parse(cert.validTo));
      const daysLeft = (Date.parse(k.endDateTime) - sandbox().control.clock.now()) / DAY_MS;
      assert.ok(daysLeft > 0 && daysLeft <= 30, `the seeded certificate ends within 30 days (${daysLeft.toFixed(1)})`);
    });
  });

  describe('at the token endpoint', () => {
    it('an expired secret is refused (AADSTS7000215); the expiring and long-lived ones sign in', async () => {
      const s = sandbox();
      await assert.rejects(signIn(s, legacy.appId, lw.expiredSecret.secret), /AADSTS7000215/);
      assert.ok(await signIn(s, legacy.appId, lw.expiringSecret.secret));
      assert.ok(await signIn(s, legacy.appId, lw.longLivedSecret.secret, s.tenants.customer), 'multi-tenant: it signs in to Fabrikam too');
    });
  });

  describe('addPassword and removePassword', () => {
    it('addPassword answers the secret once, with the documented defaults; the secret signs in; the listing shows its hint only', async () => {
      const s = sandbox();
      const before = s.control.clock.now();
      const added = (await client().api(`/applications/${legacy.objectId}/addPassword`).post({ passwordCredential: { displayName: 'contract-added' } })) as Secret;
      assert.ok(added.secretText && added.secretText.length >= 16 && added.secretText.length <= 64, 'a 16–64 character secret');
      assert.equal(added.hint, added.secretText.slice(0, 3));
      assert.equal(added.displayName, 'contract-added');
      const start = Date.parse(added.startDateTime);
      assert.ok(Math.abs(start - before) < 60_000, 'startDateTime defaults to now');
      const twoYears = new Date(start);
      twoYears.setUTCFullYear(twoYears.getUTCFullYear() + 2);
      assert.equal(Date.parse(added.endDateTime), twoYears.getTime(), 'endDateTime defaults to start + 2 years');
      assert.ok(await signIn(s, legacy.appId, added.secretText));
      const listed = (await app()).passwordCredentials.find((p) => p.keyId === added.keyId);
      assert.deepEqual([listed?.secretText, listed?.hint], [null, added.hint]);

      await client().api(`/applications/${legacy.objectId}/removePassword`).post({ keyId: added.keyId });
      assert.equal((await app()).passwordCredentials.some((p) => p.keyId === added.keyId), false, 'removed from the listing');
      await assert.rejects(signIn(s, legacy.appId, added.secretText), /AADSTS7000215/, 'a removed secret signs in no more');
    });

    it('addPassword takes the dates given, by appId too; an end before the start is 400 and adds nothing', async () => {
      const s = sandbox();
      const count = (await app()).passwordCredentials.length;
      const added = (await client().api(`/applications(appId='${legacy.appId}')/addPassword`)
        .post({ passwordCredential: { displayName: 'dated', startDateTime: '2020-01-01T00:00:00Z', endDateTime: '2021-01-01T00:00:00Z' } })) as Secret;
      assert.deepEqual([added.startDateTime, added.endDateTime], ['2020-01-01T00:00:00Z', '2021-01-01T00:00:00Z']);
      await assert.rejects(signIn(s, legacy.appId, added.secretText!), /AADSTS7000215/, 'a secret that ended in 2021');
      await assert.rejects(
        client().api(`/applications/${legacy.objectId}/addPassword`).post({ passwordCredential: { startDateTime: '2030-01-01T00:00:00Z', endDateTime: '2029-01-01T00:00:00Z' } }),
        isGraphError(400, 'Request_BadRequest'),
      );
      await client().api(`/applications/${legacy.objectId}/removePassword`).post({ keyId: added.keyId });
      assert.equal((await app()).passwordCredentials.length, count);
    });

    it('removePassword of an unknown or missing keyId is 400 and removes nothing', async () => {
      const count = (await app()).passwordCredentials.length;
      await assert.rejects(client().api(`/applications/${legacy.objectId}/removePassword`).post({ keyId: crypto.randomUUID() }), isGraphError(400, 'Request_BadRequest'));
      await assert.rejects(client().api(`/applications/${legacy.objectId}/removePassword`).post({}), isGraphError(400));
      await assert.rejects(client().api(`/applications/${legacy.objectId}/removePassword`).post({ keyId: 'not-a-guid' }), isGraphError(400));
      assert.equal((await app()).passwordCredentials.length, count);
    });

    it('both need write permission: 403 Authorization_RequestDenied when Graph denies writes', async () => {
      const s = sandbox();
      s.control.denyGraph(s.tenants.home, 'write');
      try {
        await assert.rejects(client().api(`/applications/${legacy.objectId}/addPassword`).post({}), isGraphError(403, 'Authorization_RequestDenied'));
        await assert.rejects(client().api(`/applications/${legacy.objectId}/removePassword`).post({ keyId: lw.longLivedSecret.keyId }), isGraphError(403, 'Authorization_RequestDenied'));
      } finally {
        s.control.denyGraph(s.tenants.home, false);
      }
      assert.ok((await app()).passwordCredentials.some((p) => p.keyId === lw.longLivedSecret.keyId));
    });
  });

  describe('keyCredentials PATCH', () => {
    const patch = (keyCredentials: unknown) => client().api(`/applications/${legacy.objectId}`).patch({ keyCredentials });
    const now = () => sandbox().control.clock.now();

    it('replaces the collection: kept entries need their key, a changed key or a bad usage is refused, [] removes all', async () => {
      const original = (await app('keyCredentials')).keyCredentials;
      const fresh = makeAppCertificate('contract-new', new Date(now() - DAY_MS), new Date(now() + 90 * DAY_MS));
      const added = { type: 'AsymmetricX509Cert', usage: 'Verify', key: fresh.key, displayName: 'CN=contract-new' };
      const keptWithoutKey = { ...original[0], key: null };

      // The listing sent back as it came (key null) is refused, and nothing changes.
      await assert.rejects(patch([keptWithoutKey, added]), isGraphError(400, 'Request_BadRequest'));
      assert.deepEqual((await app('keyCredentials')).keyCredentials, original);

      await patch([original[0], added]);
      const both = (await app('keyCredentials')).keyCredentials;
      assert.equal(both.length, 2);
      const made = both.find((k) => k.keyId !== original[0].keyId)!;
      assert.equal(made.customKeyIdentifier, fresh.customKeyIdentifier, 'the thumbprint by default');
      assert.equal(Buffer.from(made.customKeyIdentifier, 'base64').toString('hex').toUpperCase(), fresh.thumbprint);
      assert.equal(Date.parse(made.endDateTime), fresh.notAfter.getTime() - (fresh.notAfter.getTime() % 1000), 'the end from the certificate');

      await assert.rejects(patch([{ ...original[0], key: fresh.key }]), (e: { statusCode?: number; message?: string }) =>
        e.statusCode === 400 && /Update to existing credential with KeyId/.test(e.message ?? ''));
      await assert.rejects(patch([{ ...added, usage: 'Encrypt' }]), (e: { statusCode?: number; message?: string }) =>
        e.statusCode === 400 && /"usage".*Sign, Verify/.test(e.message ?? ''));
      await assert.rejects(patch([{ ...added, key: Buffer.from('not a certificate').toString('base64') }]), isGraphError(400));
      assert.equal((await app('keyCredentials')).keyCredentials.length, 2, 'refused PATCHes change nothing');

      await patch([]);
      assert.deepEqual((await app('keyCredentials')).keyCredentials, []);
      await patch(original);
      assert.deepEqual((await app('keyCredentials')).keyCredentials, original, 'restored with its key, as read');
    });

    it('passwordCredentials cannot be PATCHed (addPassword and removePassword are the way)', async () => {
      await assert.rejects(client().api(`/applications/${legacy.objectId}`).patch({ passwordCredentials: [] }), isGraphError(400));
      assert.equal((await app()).passwordCredentials.length >= 3, true);
    });
  });

  describe('getByIds', () => {
    const getByIds = (body: unknown) => client().api('/directoryObjects/getByIds').post(body) as Promise<{ value: Array<{ id: string; '@odata.type': string; displayName?: string }> }>;

    it('finds managed identities, apps and users with their @odata.type; unknown ids are left out', async () => {
      const s = sandbox();
      const found = await getByIds({
        ids: [s.managedIdentity.userAssigned.objectId, s.managedIdentity.systemAssigned.objectId, RETIRED_MI.objectId, legacy.objectId, SANDBOX_USER.homeObjectId, crypto.randomUUID()],
      });
      assert.deepEqual(found.value.map((o) => [o['@odata.type'], o.id]), [
        ['#microsoft.graph.servicePrincipal', s.managedIdentity.userAssigned.objectId],
        ['#microsoft.graph.servicePrincipal', s.managedIdentity.systemAssigned.objectId],
        ['#microsoft.graph.application', legacy.objectId],
        ['#microsoft.graph.user', SANDBOX_USER.homeObjectId],
      ]);
      assert.equal(found.value[0].displayName, 'id-token-function');
    });

    it('types narrows the search; more than 1000 ids or a non-GUID is 400', async () => {
      const s = sandbox();
      const onlyPrincipals = await getByIds({ ids: [s.managedIdentity.userAssigned.objectId, legacy.objectId], types: ['servicePrincipal'] });
      assert.deepEqual(onlyPrincipals.value.map((o) => o.id), [s.managedIdentity.userAssigned.objectId]);
      const atLimit = await getByIds({ ids: [s.managedIdentity.userAssigned.objectId, ...Array.from({ length: 999 }, () => crypto.randomUUID())] });
      assert.equal(atLimit.value.length, 1, '1000 ids are accepted');
      await assert.rejects(getByIds({ ids: Array.from({ length: 1001 }, () => crypto.randomUUID()) }), isGraphError(400, 'Request_BadRequest'));
      await assert.rejects(getByIds({ ids: ['not-a-guid'] }), isGraphError(400));
      await assert.rejects(getByIds({ ids: [legacy.objectId], types: ['notAType'] }), isGraphError(400));
    });

    it('is a read: it answers while Graph denies writes', async () => {
      const s = sandbox();
      s.control.denyGraph(s.tenants.home, 'write');
      try {
        assert.equal((await getByIds({ ids: [legacy.objectId] })).value.length, 1);
      } finally {
        s.control.denyGraph(s.tenants.home, false);
      }
    });
  });

  describe('$batch', () => {
    it('addPassword, getByIds, removePassword and a keyCredentials PATCH as sub-requests, each answered in its own status', async () => {
      const s = sandbox();
      const batch = (requests: unknown[]) => client().api('/$batch').post({ requests }) as Promise<{ responses: Array<{ id: string; status: number; body?: Record<string, unknown> }> }>;
      const json = { 'Content-Type': 'application/json' };
      const first = await batch([
        { id: 'add', method: 'POST', url: `/applications/${legacy.objectId}/addPassword`, headers: json, body: { passwordCredential: { displayName: 'batched' } } },
        { id: 'ids', method: 'POST', url: '/directoryObjects/getByIds', headers: json, body: { ids: [s.managedIdentity.userAssigned.objectId, RETIRED_MI.objectId] } },
      ]);
      const byId = new Map(first.responses.map((r) => [r.id, r]));
      assert.equal(byId.get('add')?.status, 200);
      const secret = byId.get('add')!.body as unknown as Secret;
      assert.ok(secret.secretText);
      assert.equal(byId.get('ids')?.status, 200);
      assert.deepEqual((byId.get('ids')!.body!.value as Array<{ id: string }>).map((o) => o.id), [s.managedIdentity.userAssigned.objectId]);
      const second = await batch([{ id: 'remove', method: 'POST', url: `/applications/${legacy.objectId}/removePassword`, headers: json, body: { keyId: secret.keyId } }]);
      assert.equal(second.responses[0].status, 204);
      await assert.rejects(signIn(s, legacy.appId, secret.secretText!), /AADSTS7000215/);

      // A keyCredentials PATCH as a sub-request: refused without the kept key, taken with it.
      const original = (await app('keyCredentials')).keyCredentials;
      const third = await batch([
        { id: 'without-key', method: 'PATCH', url: `/applications/${legacy.objectId}`, headers: json, body: { keyCredentials: [{ ...original[0], key: null }] } },
        { id: 'with-key', method: 'PATCH', url: `/applications/${legacy.objectId}`, headers: json, body: { keyCredentials: original } },
      ]);
      const patched = new Map(third.responses.map((r) => [r.id, r.status]));
      assert.deepEqual([patched.get('without-key'), patched.get('with-key')], [400, 204]);
      assert.deepEqual((await app('keyCredentials')).keyCredentials, original);
    });
  });
});
