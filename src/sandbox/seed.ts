// The seeded scenario (same ids on every start) and the generated scale-test apps.
import { Directory, newFederatedCredential, type Application } from './directory';
import { addGraphServicePrincipal, graphRoleByName } from './graph/appRoles';
import * as ids from './ids';
import type { SigningKey } from './jwt';
import { addGeneratedApps } from './seedGenerated';
import { seedReportScenario } from './seedReport';
import { stableGuid } from './stableGuid';

export { stableGuid } from './stableGuid';

const READ_WRITE = ['Application.ReadWrite.All', 'Directory.Read.All'];

export function seedDirectory(
  dir: Directory,
  authority: string,
  keys: { contoso: SigningKey; fabrikam: SigningKey },
  totalApps: number,
): void {
  const contoso = dir.addTenant({ id: ids.CONTOSO_TENANT_ID, displayName: 'Contoso', domain: ids.CONTOSO_DOMAIN, signingKey: keys.contoso });
  const fabrikam = dir.addTenant({ id: ids.FABRIKAM_TENANT_ID, displayName: 'Fabrikam', domain: ids.FABRIKAM_DOMAIN, signingKey: keys.fabrikam });
  const issuer = `${authority}/${ids.CONTOSO_TENANT_ID}/v2.0`;
  const t0 = 0; // seeded FICs are old: they match at once whatever the propagation delay
  const fic = (app: Application, f: Parameters<typeof newFederatedCredential>[0]) =>
    app.federatedIdentityCredentials.push(newFederatedCredential({ ...f, id: f.id ?? stableGuid(`${app.appId}/${f.name}`) }, t0));

  // People.
  const u = ids.SANDBOX_USER;
  contoso.users.set(u.homeObjectId, {
    id: u.homeObjectId, userPrincipalName: u.username, displayName: u.displayName, mail: u.username,
    userType: 'Member', homeObjectId: u.homeObjectId, homeTenantId: contoso.id,
  });
  fabrikam.users.set(u.guestObjectId, {
    id: u.guestObjectId, userPrincipalName: `${u.username.replace('@', '_')}#EXT#@${ids.FABRIKAM_DOMAIN}`,
    displayName: u.displayName, mail: u.username, userType: 'Guest', homeObjectId: u.homeObjectId, homeTenantId: contoso.id,
  });

  // The extension's public client and the admin app.
  const publicClient = dir.createApplication(contoso, {
    displayName: 'Managed Identity Federation', signInAudience: 'AzureADMultipleOrgs', isFallbackPublicClient: true,
    description: 'Public client used by the VS Code extension to sign in (device code).',
  }, { id: ids.SANDBOX_PUBLIC_CLIENT_OBJECT_ID, appId: ids.SANDBOX_PUBLIC_CLIENT_ID });
  dir.provision(contoso, publicClient, [], stableGuid('sp/public/contoso'));
  dir.provision(fabrikam, publicClient, [], stableGuid('sp/public/fabrikam'));

  const admin = dir.createApplication(contoso, {
    displayName: 'Sandbox Admin', signInAudience: 'AzureADMultipleOrgs',
    description: 'Confidential client with a secret and Application.ReadWrite.All in both tenants.',
    passwordCredentials: [{
      keyId: stableGuid('admin-secret'), displayName: 'sandbox', hint: ids.SANDBOX_ADMIN.clientSecret.slice(0, 3),
      // Valid long before the sandbox starts: tests that set the clock back still sign in.
      secret: ids.SANDBOX_ADMIN.clientSecret, startDateTime: '2020-01-01T00:00:00Z', endDateTime: '2099-12-31T00:00:00Z',
    }],
  }, { id: ids.SANDBOX_ADMIN.objectId, appId: ids.SANDBOX_ADMIN.appId });
  dir.provision(contoso, admin, READ_WRITE, stableGuid('sp/admin/contoso'));
  dir.provision(fabrikam, admin, READ_WRITE, stableGuid('sp/admin/fabrikam'));

  // Microsoft's own principals, present in every tenant: `az login` and ARM scopes resolve to them.
  for (const tenant of [contoso, fabrikam]) {
    const asm = ids.AZURE_SERVICE_MANAGEMENT;
    dir.createServicePrincipal(tenant, {
      appId: asm.appId, displayName: 'Windows Azure Service Management API', appOwnerOrganizationId: ids.MICROSOFT_SERVICES_TENANT_ID,
      servicePrincipalNames: [asm.appId, asm.resource, asm.armResource], signInAudience: 'AzureADMultipleOrgs',
    }, stableGuid(`sp/azure-service-management/${tenant.id}`));
    addGraphServicePrincipal(dir, tenant, stableGuid(`sp/microsoft-graph/${tenant.id}`));
  }

  // The token function's managed identities, and one in Fabrikam.
  for (const [tenant, mi, explicit] of [[contoso, ids.USER_ASSIGNED_MI, 'True'], [contoso, ids.SYSTEM_ASSIGNED_MI, 'False'], [fabrikam, ids.FABRIKAM_MI, 'True']] as const) {
    dir.createServicePrincipal(tenant, {
      appId: mi.clientId, displayName: mi.name, servicePrincipalType: 'ManagedIdentity',
      alternativeNames: [`isExplicit=${explicit}`, mi.resourceId],
      servicePrincipalNames: [mi.clientId, `https://identity.azure.net/${mi.name}`],
      graphRoles: [],
    }, mi.objectId);
  }

  // Contoso Sync: the happy path.
  const sync = dir.createApplication(contoso, {
    displayName: 'Contoso Sync', signInAudience: 'AzureADMultipleOrgs',
    description: 'Multi-tenant sync job; its credential is the token function\'s managed identity.',
    // What an admin consent grants it in a tenant: Microsoft Graph's Application.Read.All.
    requiredResourceAccess: [{ resourceAppId: ids.GRAPH_APP_ID, resourceAccess: [{ id: graphRoleByName('Application.Read.All')!.id, type: 'Role' }] }],
  }, { id: ids.SEEDED_APPS.contosoSync.objectId, appId: ids.SEEDED_APPS.contosoSync.appId });
  fic(sync, {
    name: 'token-function-mi', issuer, subject: ids.USER_ASSIGNED_MI.objectId, audiences: [ids.EXCHANGE_AUDIENCE],
    description: `Managed identity ${ids.USER_ASSIGNED_MI.name} in Contoso registered by ${u.username}`,
  });
  dir.provision(contoso, sync, [], stableGuid('sp/sync/contoso'));
  dir.provision(fabrikam, sync, ['Application.Read.All'], stableGuid('sp/sync/fabrikam'));

  // Broken the common ways.
  const broken = dir.createApplication(contoso, {
    displayName: 'Contoso Broken Sync', signInAudience: 'AzureADMultipleOrgs',
    description: 'Each FIC has one of the common mistakes.',
  }, { id: ids.SEEDED_APPS.broken.objectId, appId: ids.SEEDED_APPS.broken.appId });
  fic(broken, { name: 'issuer-trailing-slash', issuer: `${issuer}/`, subject: ids.USER_ASSIGNED_MI.objectId, audiences: [ids.EXCHANGE_AUDIENCE] });
  fic(broken, { name: 'subject-is-client-id', issuer, subject: ids.USER_ASSIGNED_MI.clientId, audiences: [ids.EXCHANGE_AUDIENCE] });
  fic(broken, { name: 'audience-typo', issuer, subject: ids.USER_ASSIGNED_MI.objectId, audiences: ['api://AzureADTokenExchnage'] });
  dir.provision(contoso, broken, [], stableGuid('sp/broken/contoso'));
  dir.provision(fabrikam, broken, [], stableGuid('sp/broken/fabrikam'));

  // The seed's federation app and an app that trusts the identity through it.
  const fed = dir.createApplication(contoso, {
    displayName: 'Token Exchange Federation', signInAudience: 'AzureADMyOrg',
    identifierUris: [ids.FEDERATION_APP_URI], api: { requestedAccessTokenVersion: 2 },
    description: 'Federation app (2022 preview pattern): its URI is the FIC audience.',
  }, { id: ids.SEEDED_APPS.federation.objectId, appId: ids.SEEDED_APPS.federation.appId });
  dir.provision(contoso, fed, [], stableGuid('sp/federation/contoso'));
  const reporting = dir.createApplication(contoso, {
    displayName: 'Contoso Reporting', signInAudience: 'AzureADMultipleOrgs',
    description: 'Trusts the managed identity through the federation app.',
  }, { id: ids.SEEDED_APPS.reporting.objectId, appId: ids.SEEDED_APPS.reporting.appId });
  fic(reporting, { name: 'via-federation-app', issuer, subject: ids.USER_ASSIGNED_MI.objectId, audiences: [ids.FEDERATION_APP_URI] });
  dir.provision(contoso, reporting, [], stableGuid('sp/reporting/contoso'));
  dir.provision(fabrikam, reporting, ['Application.Read.All'], stableGuid('sp/reporting/fabrikam'));

  // GitHub Actions, empty, full (20), flexible, single-tenant.
  const gh = dir.createApplication(contoso, { displayName: 'GitHub Deploy', signInAudience: 'AzureADMyOrg' },
    { id: ids.SEEDED_APPS.githubDeploy.objectId, appId: ids.SEEDED_APPS.githubDeploy.appId });
  fic(gh, { name: 'github-production', issuer: ids.GITHUB_ISSUER, subject: 'repo:contoso/webapp:environment:production', audiences: [ids.EXCHANGE_AUDIENCE], description: 'GitHub Actions, production environment' });
  dir.createApplication(contoso, { displayName: 'Empty App', signInAudience: 'AzureADMultipleOrgs' },
    { id: ids.SEEDED_APPS.empty.objectId, appId: ids.SEEDED_APPS.empty.appId });
  const full = dir.createApplication(contoso, { displayName: 'Twenty Credentials', signInAudience: 'AzureADMyOrg' },
    { id: ids.SEEDED_APPS.full.objectId, appId: ids.SEEDED_APPS.full.appId });
  for (let i = 1; i <= 20; i++) {
    const n = String(i).padStart(2, '0');
    fic(full, { name: `release-${n}`, issuer: ids.GITHUB_ISSUER, subject: `repo:contoso/monorepo:ref:refs/heads/release-${n}`, audiences: [ids.EXCHANGE_AUDIENCE] });
  }
  const flexible = dir.createApplication(contoso, { displayName: 'Flexible Credentials', signInAudience: 'AzureADMyOrg' },
    { id: ids.SEEDED_APPS.flexible.objectId, appId: ids.SEEDED_APPS.flexible.appId });
  fic(flexible, {
    name: 'any-contoso-branch', issuer: ids.GITHUB_ISSUER, subject: null, audiences: [ids.EXCHANGE_AUDIENCE],
    claimsMatchingExpression: { value: "claims['sub'] matches 'repo:contoso/*:ref:refs/heads/*'", languageVersion: 1 },
    description: 'Flexible FIC (preview): a claims expression instead of a subject',
  });
  const internal = dir.createApplication(contoso, { displayName: 'Contoso Internal Tool', signInAudience: 'AzureADMyOrg' },
    { id: ids.SEEDED_APPS.internalTool.objectId, appId: ids.SEEDED_APPS.internalTool.appId });
  dir.provision(contoso, internal, [], stableGuid('sp/internal/contoso'));

  // A correct FIC, but the service principal in its home tenant is gone (AADSTS7000229).
  const unprovisioned = dir.createApplication(contoso, {
    displayName: 'Orphaned Sync', signInAudience: 'AzureADMultipleOrgs',
    description: 'Its service principal in Contoso was deleted; it still has one in Fabrikam.',
  }, { id: ids.SEEDED_APPS.unprovisioned.objectId, appId: ids.SEEDED_APPS.unprovisioned.appId });
  fic(unprovisioned, { name: 'token-function-system-mi', issuer, subject: ids.SYSTEM_ASSIGNED_MI.objectId, audiences: [ids.EXCHANGE_AUDIENCE] });
  dir.provision(fabrikam, unprovisioned, [], stableGuid('sp/unprovisioned/fabrikam'));

  const portal = dir.createApplication(fabrikam, { displayName: 'Fabrikam Portal', signInAudience: 'AzureADMyOrg' },
    { id: ids.SEEDED_APPS.fabrikamPortal.objectId, appId: ids.SEEDED_APPS.fabrikamPortal.appId });
  dir.provision(fabrikam, portal, [], stableGuid('sp/portal/fabrikam'));

  // What the tenant federation report and Go Secretless are shown on.
  seedReportScenario({ dir, contoso, fabrikam, authority });

  // `apps: N` means Contoso holds N apps in all (seeded included), so paging figures are round.
  addGeneratedApps(dir, contoso, issuer, Math.max(0, totalApps - contoso.applications.size));
}
