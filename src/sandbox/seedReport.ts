// The part of the seeded Contoso tenant the tenant federation report and Go Secretless are
// shown on: one app per category of the report (secrets to retire, a go-secretless candidate,
// an identity trusted by many apps, a dangling credential, an app near the 20-credential
// limit, credentials that can never work). Dates are relative to the sandbox clock's start.
import { appKeyCredential } from './certificates';
import { isoDate } from './clock';
import { newFederatedCredential, type Application, type Directory, type PasswordCredential, type Tenant } from './directory';
import { v1Issuer } from './entra/tokens';
import { graphRoleByName } from './graph/appRoles';
import * as ids from './ids';
import { stableGuid } from './stableGuid';

const DAY_MS = 24 * 3600 * 1000;
/** Seeded credentials are old: they match at once whatever the propagation delay. */
const SEEDED_AT = 0;

export interface ReportSeedContext {
  dir: Directory;
  contoso: Tenant;
  fabrikam: Tenant;
  authority: string;
}

function fic(app: Application, f: Parameters<typeof newFederatedCredential>[0]): void {
  app.federatedIdentityCredentials.push(newFederatedCredential({ ...f, id: f.id ?? stableGuid(`${app.appId}/${f.name}`) }, SEEDED_AT));
}

function secret(s: { keyId: string; displayName: string; secret: string }, startMs: number, endMs: number): PasswordCredential {
  return { keyId: s.keyId, displayName: s.displayName, hint: s.secret.slice(0, 3), secret: s.secret, startDateTime: isoDate(startMs), endDateTime: isoDate(endMs) };
}

export function seedReportScenario({ dir, contoso, fabrikam, authority }: ReportSeedContext): void {
  const now = Date.parse(dir.isoNow());
  const days = (n: number) => now + n * DAY_MS;
  const issuer = `${authority}/${ids.CONTOSO_TENANT_ID}/v2.0`;
  const mi = ids.USER_ASSIGNED_MI;
  const miFic = (name: string) => ({ name, issuer, subject: mi.objectId, audiences: [ids.EXCHANGE_AUDIENCE], description: `Managed identity ${mi.name} in Contoso` });
  const readAll = [{ resourceAppId: ids.GRAPH_APP_ID, resourceAccess: [{ id: graphRoleByName('Application.Read.All')!.id, type: 'Role' as const }] }];
  const d = ids.SEEDED_CREDENTIAL_DAYS;

  // Secrets to retire: Go Secretless is tried here. Set up as Contoso Sync is (multi-tenant,
  // Application.Read.All declared and granted in Fabrikam), so once it trusts the identity the
  // exchange can be verified end to end.
  const lw = ids.SEEDED_CREDENTIALS.legacyWorker;
  const legacy = dir.createApplication(contoso, {
    displayName: 'Contoso Legacy Worker', signInAudience: 'AzureADMultipleOrgs',
    description: 'Signs in with client secrets and a certificate (one expired, two ending within 30 days); no federated credential yet.',
    requiredResourceAccess: readAll,
    passwordCredentials: [
      secret(lw.expiredSecret, days(d.expired - 730), days(d.expired)),
      secret(lw.expiringSecret, days(d.expiringSecret - 365), days(d.expiringSecret)),
      secret(lw.longLivedSecret, days(-1), days(d.longLived)),
    ],
    keyCredentials: [appKeyCredential(lw.certificate.keyId, 'contoso-legacy-worker', days(d.expiringCertificate - 365), days(d.expiringCertificate))],
  }, { id: ids.SEEDED_APPS.legacyWorker.objectId, appId: ids.SEEDED_APPS.legacyWorker.appId });
  dir.provision(contoso, legacy, [], stableGuid('sp/legacy-worker/contoso'));
  dir.provision(fabrikam, legacy, ['Application.Read.All'], stableGuid('sp/legacy-worker/fabrikam'));

  // A go-secretless candidate: it already trusts the identity and still keeps a secret.
  const inv = ids.SEEDED_CREDENTIALS.invoicing;
  const invoicing = dir.createApplication(contoso, {
    displayName: 'Contoso Invoicing', signInAudience: 'AzureADMultipleOrgs',
    description: 'Trusts the token function\'s managed identity and still keeps a client secret: ready to go secretless.',
    requiredResourceAccess: readAll,
    passwordCredentials: [secret(inv.secret, days(-30), days(d.invoicing))],
  }, { id: ids.SEEDED_APPS.invoicing.objectId, appId: ids.SEEDED_APPS.invoicing.appId });
  fic(invoicing, miFic('token-function-mi'));
  dir.provision(contoso, invoicing, [], stableGuid('sp/invoicing/contoso'));
  dir.provision(fabrikam, invoicing, ['Application.Read.All'], stableGuid('sp/invoicing/fabrikam'));

  // With Contoso Sync and Contoso Invoicing, a third app that trusts the same identity.
  const nightly = dir.createApplication(contoso, {
    displayName: 'Contoso Nightly Export', signInAudience: 'AzureADMyOrg',
    description: 'A third app trusting the token function\'s managed identity.',
  }, { id: ids.SEEDED_APPS.nightlyExport.objectId, appId: ids.SEEDED_APPS.nightlyExport.appId });
  fic(nightly, miFic('token-function-mi'));
  dir.provision(contoso, nightly, [], stableGuid('sp/nightly-export/contoso'));

  // Dangling: the identity it names was deleted (no object has that id any more).
  const retired = dir.createApplication(contoso, {
    displayName: 'Contoso Retired Worker', signInAudience: 'AzureADMyOrg',
    description: `Trusts ${ids.RETIRED_MI.name}, a managed identity that was deleted: its credential names nothing.`,
  }, { id: ids.SEEDED_APPS.retiredWorker.objectId, appId: ids.SEEDED_APPS.retiredWorker.appId });
  fic(retired, {
    name: 'retired-worker-mi', issuer, subject: ids.RETIRED_MI.objectId, audiences: [ids.EXCHANGE_AUDIENCE],
    description: `Managed identity ${ids.RETIRED_MI.name} in Contoso`,
  });
  dir.provision(contoso, retired, [], stableGuid('sp/retired-worker/contoso'));

  // Near the limit: 19 GitHub Actions credentials, each a distinct environment.
  const ci = dir.createApplication(contoso, {
    displayName: 'Contoso Monorepo CI', signInAudience: 'AzureADMyOrg',
    description: '19 GitHub Actions credentials: room for one more.',
  }, { id: ids.SEEDED_APPS.monorepoCi.objectId, appId: ids.SEEDED_APPS.monorepoCi.appId });
  for (let i = 1; i <= 19; i++) {
    const n = String(i).padStart(2, '0');
    fic(ci, { name: `service-${n}`, issuer: ids.GITHUB_ISSUER, subject: `repo:contoso/monorepo:environment:service-${n}`, audiences: [ids.EXCHANGE_AUDIENCE] });
  }

  // Never works, one kind each (Contoso Broken Sync has the trailing slash, the client id as
  // subject and the audience typo). Graph refuses the flexible one on an Entra issuer today; it
  // is in the directory as if written before that rule. A second trailing slash, on the
  // system-assigned identity, can be fixed in place: Broken Sync's, fixed, would repeat the
  // issuer and subject of its audience-typo credential, which Graph refuses (400).
  const mis = dir.createApplication(contoso, {
    displayName: 'Contoso Misconfigured', signInAudience: 'AzureADMyOrg',
    description: 'Credentials that can never work: a trailing slash and whitespace in the issuer, a v1 issuer, another tenant\'s issuer, a flexible credential on Entra.',
  }, { id: ids.SEEDED_APPS.misconfigured.objectId, appId: ids.SEEDED_APPS.misconfigured.appId });
  fic(mis, { name: 'issuer-trailing-slash', issuer: `${issuer}/`, subject: ids.SYSTEM_ASSIGNED_MI.objectId, audiences: [ids.EXCHANGE_AUDIENCE] });
  fic(mis, { name: 'issuer-whitespace', issuer: ` ${issuer} `, subject: mi.objectId, audiences: [ids.EXCHANGE_AUDIENCE] });
  fic(mis, { name: 'issuer-v1', issuer: v1Issuer(ids.CONTOSO_TENANT_ID), subject: mi.objectId, audiences: [ids.EXCHANGE_AUDIENCE] });
  fic(mis, { name: 'issuer-other-tenant', issuer: `${authority}/${ids.FABRIKAM_TENANT_ID}/v2.0`, subject: mi.objectId, audiences: [ids.EXCHANGE_AUDIENCE] });
  fic(mis, {
    name: 'flexible-entra-issuer', issuer, subject: null, audiences: [ids.EXCHANGE_AUDIENCE],
    claimsMatchingExpression: { value: "claims['sub'] matches '6e21fb2f-*'", languageVersion: 1 },
  });
  dir.provision(contoso, mis, [], stableGuid('sp/misconfigured/contoso'));
}
