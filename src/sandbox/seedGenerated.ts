// Generated scale-test apps ("Generated App 00001"…) and the user-assigned identities they
// trust, for the benches: deterministic (ids stable per index) and mixed the way real tenants
// are. About a third hold a client secret (a quarter of those expired), one in eight a
// certificate, a quarter a credential naming a generated identity (a few of those dangling:
// the identity they name does not exist), the rest GitHub, GitLab or Terraform Cloud ones.
import { appKeyCredential } from './certificates';
import { isoDate } from './clock';
import { newFederatedCredential, type Directory, type KeyCredential, type Tenant } from './directory';
import * as ids from './ids';
import { stableGuid } from './stableGuid';

/** One generated user-assigned identity per this many generated apps (at least one). */
export const GENERATED_APPS_PER_IDENTITY = 50;
const DAY_MS = 24 * 3600 * 1000;

export function generatedIdentity(j: number): { clientId: string; objectId: string; name: string; resourceId: string } {
  const n = String(j).padStart(5, '0');
  const name = `id-generated-${n}`;
  return {
    clientId: stableGuid(`gen-mi/${j}/client`),
    objectId: stableGuid(`gen-mi/${j}/object`),
    name,
    resourceId: `/subscriptions/3901f4ab-38a2-4e57-a34c-7572338933cf/resourcegroups/rg-generated/providers/Microsoft.ManagedIdentity/userAssignedIdentities/${name}`,
  };
}

/** Generated app `i` trusts identity ((i - 1) mod identities) + 1; every 500th such credential (from the first) dangles. */
export const danglesAt = (i: number): boolean => i % 4 === 1 && i % 500 === 1;

/**
 * `count` apps with 0–3 credentials each (index mod 4), and ⌈count / 50⌉ identities.
 * Credential k of app i: k = 0 names a generated identity (i mod 4 = 1) or GitLab; k = 1
 * GitHub Actions; k = 2 Terraform Cloud.
 */
export function addGeneratedApps(dir: Directory, tenant: Tenant, issuer: string, count: number): void {
  if (count <= 0) return;
  const identities = Math.ceil(count / GENERATED_APPS_PER_IDENTITY);
  for (let j = 1; j <= identities; j++) {
    const mi = generatedIdentity(j);
    dir.createServicePrincipal(tenant, {
      appId: mi.clientId, displayName: mi.name, servicePrincipalType: 'ManagedIdentity',
      alternativeNames: ['isExplicit=True', mi.resourceId],
      servicePrincipalNames: [mi.clientId, `https://identity.azure.net/${mi.name}`],
    }, mi.objectId);
  }
  const now = Date.parse(dir.isoNow());
  const days = (n: number) => now + n * DAY_MS;
  const certificates = new Map<number, KeyCredential>();
  for (let i = 1; i <= count; i++) {
    const n = String(i).padStart(5, '0');
    const app = dir.createApplication(tenant, {
      displayName: `Generated App ${n}`,
      signInAudience: i % 3 === 0 ? 'AzureADMultipleOrgs' : 'AzureADMyOrg',
    }, { id: stableGuid(`gen/${i}/object`), appId: stableGuid(`gen/${i}/app`) });
    const add = (k: number, name: string, credIssuer: string, subject: string) =>
      app.federatedIdentityCredentials.push(newFederatedCredential({
        id: stableGuid(`gen/${i}/fic/${k}`), name, issuer: credIssuer, subject, audiences: [ids.EXCHANGE_AUDIENCE],
      }, 0));
    const ficCount = i % 4;
    if (ficCount >= 1) {
      if (ficCount === 1) {
        const subject = danglesAt(i) ? stableGuid(`gen/${i}/deleted-identity`) : generatedIdentity(((i - 1) % identities) + 1).objectId;
        add(0, 'workload-mi', issuer, subject);
      } else {
        add(0, 'gitlab-main', 'https://gitlab.com', `project_path:contoso/service-${n}:ref_type:branch:ref:main`);
      }
    }
    if (ficCount >= 2) add(1, `github-${n}`, ids.GITHUB_ISSUER, `repo:contoso/service-${n}:environment:production`);
    if (ficCount >= 3) add(2, 'terraform-apply', 'https://app.terraform.io', `organization:contoso:project:default:workspace:service-${n}:run_phase:apply`);
    if (i % 3 === 0) {
      const expired = i % 12 === 0;
      const value = `G${n}Q~generated~secret~${stableGuid(`gen/${i}/secret`).slice(0, 8)}`;
      app.passwordCredentials.push({
        keyId: stableGuid(`gen/${i}/secret-key`), displayName: 'generated', hint: value.slice(0, 3), secret: value,
        startDateTime: isoDate(days(-400)), endDateTime: isoDate(expired ? days(-(i % 30) - 1) : days((i % 700) + 1)),
      });
    }
    if (i % 8 === 4) {
      // 40 certificates shared among the apps (as one certificate is uploaded to several apps):
      // making one costs about a millisecond, too much for each of thousands of apps.
      const endDays = ((i * 7) % 40) * 10 - 20;
      let shared = certificates.get(endDays);
      if (!shared) {
        const end = days(endDays);
        shared = appKeyCredential('', `generated-shared-${endDays + 20}`, Math.min(end, now) - 365 * DAY_MS, end);
        certificates.set(endDays, shared);
      }
      app.keyCredentials.push({ ...shared, keyId: stableGuid(`gen/${i}/certificate`) });
    }
  }
}
