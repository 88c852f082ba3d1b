// The seeded tenant as the federation report reads it, one category per app, judged by the
// token endpoint where it can be: the managed identity's token (from the App Service endpoint)
// exchanged with ClientAssertionCredential, secrets signed in with ClientSecretCredential.
// Then Go Secretless on the seeded app at the sandbox's level: trust the identity, verify the
// exchange, remove the secrets and the certificate, and the old secrets stop working.
import { ClientAssertionCredential } from '@azure/identity';
import * as assert from 'node:assert/strict';
import {
  GITHUB_ISSUER, RETIRED_MI, SEEDED_APPS, SEEDED_CREDENTIALS, stableGuid, type RunningSandbox,
} from '../../src/sandbox';
import { isGraphError, officialGraphClient, secretCredential } from './support/officialGraphClient';
import { miToken, useSandbox } from './support/sandbox';

const GRAPH_SCOPE = 'https://graph.microsoft.com/.default';
const OFFICIAL = 'api://AzureADTokenExchange';
const DAY_MS = 24 * 3600 * 1000;

interface Fic { id: string; name: string; issuer: string; subject: string | null; audiences: string[]; claimsMatchingExpression?: unknown }
interface App {
  id: string; appId: string; displayName: string; signInAudience: string;
  federatedIdentityCredentials: Fic[];
  passwordCredentials: Array<{ keyId: string; endDateTime: string }>;
  keyCredentials: Array<{ keyId: string; endDateTime: string }>;
}

/** The user-assigned identity's token exchanged for a token of the app in the tenant. */
function exchange(s: RunningSandbox, appId: string, tenantId = s.tenants.customer): Promise<string> {
  const credential = new ClientAssertionCredential(tenantId, appId, () => miToken(s), { authorityHost: s.authority, disableInstanceDiscovery: true, tlsOptions: { ca: s.ca } });
  return credential.getToken(GRAPH_SCOPE).then((t) => t.token);
}

describe('contract: the seeded tenant federation report scenario', () => {
  const sandbox = useSandbox({ ficPropagationS: 0 });
  const client = () => officialGraphClient(sandbox());
  let apps: Map<string, App>;
  const app = (ref: { objectId: string }) => {
    const a = apps.get(ref.objectId);
    assert.ok(a, `seeded app ${ref.objectId} listed`);
    return a;
  };

  before(async () => {
    // What the report's loader asks for, every page.
    apps = new Map();
    let page = await client()
      .api('/applications?$select=id,appId,displayName,signInAudience,identifierUris,api,passwordCredentials,keyCredentials&$expand=federatedIdentityCredentials&$top=100')
      .get();
    for (;;) {
      for (const a of page.value as App[]) apps.set(a.id, a);
      if (!page['@odata.nextLink']) break;
      page = await client().api(page['@odata.nextLink']).get();
    }
  });

  it('secrets: Contoso Legacy Worker holds an expired, an expiring and a long-lived secret and an expiring certificate, and no credential', () => {
    const now = sandbox().control.clock.now();
    const legacy = app(SEEDED_APPS.legacyWorker);
    assert.equal(legacy.signInAudience, 'AzureADMultipleOrgs');
    assert.deepEqual(legacy.federatedIdentityCredentials, []);
    const daysLeft = (end: string) => (Date.parse(end) - now) / DAY_MS;
    const secrets = legacy.passwordCredentials.map((p) => daysLeft(p.endDateTime)).sort((a, b) => a - b);
    assert.equal(secrets.length, 3);
    assert.ok(secrets[0] < 0, 'one expired');
    assert.ok(secrets[1] > 0 && secrets[1] <= 30, 'one ends within 30 days');
    assert.ok(secrets[2] > 365, 'one long-lived');
    assert.equal(legacy.keyCredentials.length, 1);
    const cert = daysLeft(legacy.keyCredentials[0].endDateTime);
    assert.ok(cert > 0 && cert <= 30, 'the certificate ends within 30 days');
  });

  it('candidate: Contoso Invoicing keeps a secret and already exchanges the managed identity\'s token', async () => {
    const s = sandbox();
    const invoicing = app(SEEDED_APPS.invoicing);
    assert.equal(invoicing.passwordCredentials.length, 1);
    assert.ok(await secretCredential(s, s.tenants.home, invoicing.appId, SEEDED_CREDENTIALS.invoicing.secret.secret).getToken(GRAPH_SCOPE));
    assert.ok(await exchange(s, invoicing.appId));
  });

  it('trust: the user-assigned identity is the subject of a working credential in at least three apps', async () => {
    const s = sandbox();
    const issuer = `${s.authority}/${s.tenants.home}/v2.0`;
    const trusting = [...apps.values()].filter((a) => a.federatedIdentityCredentials.some((f) =>
      f.issuer === issuer && f.subject === s.managedIdentity.userAssigned.objectId && f.audiences.length === 1 && f.audiences[0] === OFFICIAL));
    assert.deepEqual(trusting.map((a) => a.displayName).sort(), ['Contoso Invoicing', 'Contoso Nightly Export', 'Contoso Sync']);
    for (const a of trusting) assert.ok(await exchange(s, a.appId, s.tenants.home), `${a.displayName} exchanges`);
  });

  it('dangling: Contoso Retired Worker trusts an object id that getByIds does not find', async () => {
    const s = sandbox();
    const [fic] = app(SEEDED_APPS.retiredWorker).federatedIdentityCredentials;
    assert.deepEqual([fic.issuer, fic.subject, fic.audiences], [`${s.authority}/${s.tenants.home}/v2.0`, RETIRED_MI.objectId, [OFFICIAL]]);
    const found = await client().api('/directoryObjects/getByIds').post({ ids: [fic.subject, s.managedIdentity.userAssigned.objectId] });
    assert.deepEqual((found.value as Array<{ id: string }>).map((o) => o.id), [s.managedIdentity.userAssigned.objectId]);
  });

  it('budget: Contoso Monorepo CI holds 19 GitHub Actions credentials; a 20th fits and a 21st is refused', async () => {
    const ci = app(SEEDED_APPS.monorepoCi);
    assert.equal(ci.federatedIdentityCredentials.length, 19);
    assert.equal(new Set(ci.federatedIdentityCredentials.map((f) => f.subject)).size, 19, 'distinct subjects');
    assert.ok(ci.federatedIdentityCredentials.every((f) => f.issuer === GITHUB_ISSUER && f.audiences[0] === OFFICIAL));
    const fics = client().api(`/applications/${ci.id}/federatedIdentityCredentials`);
    const twentieth = await fics.post({ name: 'service-20', issuer: GITHUB_ISSUER, subject: 'repo:contoso/monorepo:environment:service-20', audiences: [OFFICIAL] });
    await assert.rejects(
      client().api(`/applications/${ci.id}/federatedIdentityCredentials`).post({ name: 'service-21', issuer: GITHUB_ISSUER, subject: 'repo:contoso/monorepo:environment:service-21', audiences: [OFFICIAL] }),
      isGraphError(400, 'Request_BadRequest'),
    );
    await client().api(`/applications/${ci.id}/federatedIdentityCredentials/${twentieth.id}`).delete();
  });

  it('never works: Contoso Misconfigured\'s credentials, each refused at the token endpoint', async () => {
    const s = sandbox();
    const mis = app(SEEDED_APPS.misconfigured);
    const byName = new Map(mis.federatedIdentityCredentials.map((f) => [f.name, f]));
    const issuer = `${s.authority}/${s.tenants.home}/v2.0`;
    assert.equal(byName.get('issuer-whitespace')?.issuer, ` ${issuer} `);
    assert.deepEqual([byName.get('issuer-trailing-slash')?.issuer, byName.get('issuer-trailing-slash')?.subject], [`${issuer}/`, s.managedIdentity.systemAssigned.objectId]);
    assert.equal(byName.get('issuer-v1')?.issuer, `https://sts.windows.net/${s.tenants.home}/`);
    assert.equal(byName.get('issuer-other-tenant')?.issuer, `${s.authority}/${s.tenants.customer}/v2.0`);
    assert.equal(byName.get('flexible-entra-issuer')?.subject, null, 'v1.0 lists a flexible credential with subject null');
    const beta = await officialGraphClient(s, undefined, 'beta').api(`/applications/${mis.id}/federatedIdentityCredentials`).get();
    const flexible = (beta.value as Fic[]).find((f) => f.name === 'flexible-entra-issuer');
    assert.deepEqual([flexible?.issuer, (flexible?.claimsMatchingExpression as { languageVersion?: number })?.languageVersion], [issuer, 1]);
    // None matches the identity's token: its issuer is the Contoso v2 one, which only the
    // flexible credential names, and a flexible credential never matches an Entra token.
    await assert.rejects(exchange(s, mis.appId, s.tenants.home), /AADSTS700213/);
  });

  it('never works, fixed: Misconfigured\'s trailing slash can be removed in place; Broken Sync\'s would repeat its audience-typo credential', async () => {
    const s = sandbox();
    const issuer = `${s.authority}/${s.tenants.home}/v2.0`;
    const mis = client().api(`/applications/${SEEDED_APPS.misconfigured.objectId}/federatedIdentityCredentials/issuer-trailing-slash`);
    await mis.patch({ issuer });
    assert.equal((await mis.get()).issuer, issuer);
    await mis.patch({ issuer: `${issuer}/` });
    await assert.rejects(
      client().api(`/applications/${SEEDED_APPS.broken.objectId}/federatedIdentityCredentials/issuer-trailing-slash`).patch({ issuer }),
      isGraphError(400, 'InvalidFederatedIdentityCredentialValue'),
    );
  });

  it('never works: Graph refuses a flexible credential on an Entra issuer today (the seeded one predates the rule)', async () => {
    const s = sandbox();
    const fics = officialGraphClient(s, undefined, 'beta').api(`/applications/${SEEDED_APPS.empty.objectId}/federatedIdentityCredentials`);
    const expression = { value: "claims['sub'] matches 'x*'", languageVersion: 1 };
    await assert.rejects(
      fics.post({ name: 'flexible-entra', issuer: `${s.authority}/${s.tenants.home}/v2.0`, subject: null, audiences: [OFFICIAL], claimsMatchingExpression: expression }),
      isGraphError(400, 'Request_BadRequest'),
    );
    const made = await officialGraphClient(s, undefined, 'beta').api(`/applications/${SEEDED_APPS.empty.objectId}/federatedIdentityCredentials`)
      .post({ name: 'flexible-github', issuer: GITHUB_ISSUER, subject: null, audiences: [OFFICIAL], claimsMatchingExpression: expression });
    await officialGraphClient(s).api(`/applications/${SEEDED_APPS.empty.objectId}/federatedIdentityCredentials/${made.id}`).delete();
  });

  it('Go Secretless on Contoso Legacy Worker: trust the identity, verify the exchange, retire the secrets and the certificate', async () => {
    const s = sandbox();
    const legacy = app(SEEDED_APPS.legacyWorker);
    const lw = SEEDED_CREDENTIALS.legacyWorker;
    await assert.rejects(exchange(s, legacy.appId), /AADSTS70025/, 'no credential yet');
    await client().api(`/applications/${legacy.id}/federatedIdentityCredentials`).post({
      name: 'token-function-mi', issuer: `${s.authority}/${s.tenants.home}/v2.0`, subject: s.managedIdentity.userAssigned.objectId, audiences: [OFFICIAL],
    });
    assert.ok(await exchange(s, legacy.appId), 'the exchange works in Fabrikam');
    assert.ok(await exchange(s, legacy.appId, s.tenants.home), 'and in Contoso');
    for (const secret of [lw.expiredSecret, lw.expiringSecret, lw.longLivedSecret]) {
      await client().api(`/applications/${legacy.id}/removePassword`).post({ keyId: secret.keyId });
    }
    await client().api(`/applications/${legacy.id}`).patch({ keyCredentials: [] });
    const after = await client().api(`/applications/${legacy.id}`).select('passwordCredentials,keyCredentials').get();
    assert.deepEqual([after.passwordCredentials, after.keyCredentials], [[], []]);
    await assert.rejects(secretCredential(s, s.tenants.home, legacy.appId, lw.longLivedSecret.secret).getToken(GRAPH_SCOPE), /AADSTS7000215/);
    assert.ok(await exchange(s, legacy.appId), 'the managed identity still signs it in');
  });
});

describe('contract: generated apps for the benches (identities, secrets, certificates)', () => {
  const sandbox = useSandbox({ apps: 530, tokenFunction: false });

  it('mixes secrets, certificates and identity credentials deterministically; a few credentials dangle', async () => {
    const s = sandbox();
    const client = officialGraphClient(s);
    const generated: App[] = [];
    let page = await client.api("/applications?$select=id,appId,displayName,passwordCredentials,keyCredentials&$expand=federatedIdentityCredentials&$top=100").get();
    for (;;) {
      generated.push(...(page.value as App[]).filter((a) => a.displayName.startsWith('Generated App ')));
      if (!page['@odata.nextLink']) break;
      page = await client.api(page['@odata.nextLink']).get();
    }
    assert.equal(generated.length, 530 - 18, 'Contoso holds 530 apps, the 18 seeded ones included');
    assert.equal(generated[0].id, stableGuid('gen/1/object'), 'ids stable per index');
    const identities = await client.api('/servicePrincipals').filter("servicePrincipalType eq 'ManagedIdentity'").top(999).get();
    const generatedIdentities = (identities.value as Array<{ id: string; displayName: string }>).filter((i) => i.displayName.startsWith('id-generated-'));
    assert.equal(generatedIdentities.length, Math.ceil(generated.length / 50));

    const withSecret = generated.filter((a) => a.passwordCredentials.length > 0);
    const expired = withSecret.filter((a) => Date.parse(a.passwordCredentials[0].endDateTime) < s.control.clock.now());
    const withCertificate = generated.filter((a) => a.keyCredentials.length > 0);
    assert.equal(withSecret.length, Math.floor(generated.length / 3), 'a third hold a secret');
    assert.ok(expired.length > 0 && expired.length < withSecret.length, 'some of them expired');
    assert.equal(withCertificate.length, Math.floor((generated.length + 4) / 8), 'one in eight a certificate');

    const identityIds = new Set(generatedIdentities.map((i) => i.id));
    const miSubjects = generated.flatMap((a) => a.federatedIdentityCredentials.filter((f) => f.name === 'workload-mi').map((f) => f.subject!));
    assert.equal(miSubjects.length, generated.filter((_, k) => (k + 1) % 4 === 1).length, 'a quarter name an identity (app i with i mod 4 = 1)');
    const dangling = miSubjects.filter((id) => !identityIds.has(id));
    assert.equal(dangling.length, 2, 'apps 1 and 501 trust a deleted identity');
    const found = await client.api('/directoryObjects/getByIds').post({ ids: [...new Set(miSubjects)] });
    assert.equal((found.value as unknown[]).length, new Set(miSubjects).size - 2, 'getByIds finds every subject but the dangling ones');
  });
});
