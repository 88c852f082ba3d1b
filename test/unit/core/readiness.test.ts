import assert from 'node:assert/strict';
import { CLOUDS } from '../../../src/core/clouds';
import { adminConsentUrl, assessReadiness, readinessCount, type ReadinessInput, type ServicePrincipalLookup } from '../../../src/core/readiness';

const home = '24a7c6d3-63ee-412f-9e6e-1ed65fae4ba7';
const customer = 'a3850613-c31a-4107-9a34-a8aad9cf7f9b';
const appId = '3cee1c82-28a4-475b-ba8e-bda98c6cce13';
const found = (over: Partial<Extract<ServicePrincipalLookup, { kind: 'found' }>> = {}): ServicePrincipalLookup => ({ kind: 'found', id: 'sp', accountEnabled: true, roles: [], ...over });

function input(over: Partial<ReadinessInput> = {}, app: Partial<ReadinessInput['app']> = {}): ReadinessInput {
  return {
    app: { appId, signInAudience: 'AzureADMultipleOrgs', credentialIssuers: [`https://login.microsoftonline.com/${home}/v2.0`], ...app },
    homeTenantId: home,
    tenantId: customer,
    cloud: CLOUDS.public,
    lookup: found(),
    ...over,
  };
}

describe('core/readiness', () => {
  it('the admin-consent URL uses the cloud authority, the tenant and the cloud Graph .default', () => {
    assert.equal(
      adminConsentUrl(CLOUDS.public, customer, appId),
      `https://login.microsoftonline.com/${customer}/v2.0/adminconsent?client_id=${appId}&scope=https%3A%2F%2Fgraph.microsoft.com%2F.default`,
    );
    assert.match(adminConsentUrl(CLOUDS.usgov, customer, appId), /^https:\/\/login\.microsoftonline\.us\/.*scope=https%3A%2F%2Fgraph\.microsoft\.us%2F\.default$/);
    assert.match(adminConsentUrl(CLOUDS.china, customer, appId), /^https:\/\/login\.chinacloudapi\.cn\/.*microsoftgraph\.chinacloudapi\.cn/);
  });

  it('ready: multi-tenant, present, enabled, credentials in the home tenant; roles listed by name, sorted', () => {
    const r = assessReadiness(input({ lookup: found({ roles: [{ resource: 'Microsoft Graph', role: 'User.Read.All' }, { resource: 'Microsoft Graph', role: 'Application.Read.All' }] }) }));
    assert.equal(r.verdict, 'ready');
    assert.equal(r.summary, 'ready · 2 permissions');
    assert.deepEqual(r.roles.map((x) => x.role), ['Application.Read.All', 'User.Read.All']);
    assert.equal(r.consentUrl, undefined);
    assert.ok(r.checks.every((c) => c.outcome !== 'fail'));
  });

  it('not provisioned in a customer tenant: the consent URL for that tenant', () => {
    const r = assessReadiness(input({ lookup: { kind: 'absent' } }));
    assert.equal(r.verdict, 'notProvisioned');
    assert.equal(r.consentUrl, adminConsentUrl(CLOUDS.public, customer, appId));
    assert.match(r.checks.find((c) => c.id === 'servicePrincipal')!.text, /AADSTS700016/);
  });

  it('no service principal in the home tenant: 7000229, and no consent URL (provision it there)', () => {
    const r = assessReadiness(input({ tenantId: home, lookup: { kind: 'absent' } }));
    assert.equal(r.verdict, 'notProvisioned');
    assert.equal(r.summary, 'not provisioned in its home tenant');
    assert.equal(r.consentUrl, undefined);
    assert.match(r.checks.find((c) => c.id === 'servicePrincipal')!.text, /AADSTS7000229/);
  });

  it('single-tenant outside its home is not usable, and gets no consent URL; at home it is fine', () => {
    const away = assessReadiness(input({ lookup: { kind: 'absent' } }, { signInAudience: 'AzureADMyOrg' }));
    assert.equal(away.verdict, 'singleTenant');
    assert.equal(away.consentUrl, undefined);
    assert.equal(assessReadiness(input({ tenantId: home }, { signInAudience: 'AzureADMyOrg' })).verdict, 'ready');
  });

  it('a disabled service principal', () => {
    assert.equal(assessReadiness(input({ lookup: found({ accountEnabled: false }) })).verdict, 'disabled');
  });

  it('a credential issued in another tenant (700236) or cloud', () => {
    const elsewhere = assessReadiness(input({}, { credentialIssuers: [`https://login.microsoftonline.com/${customer}/v2.0`] }));
    assert.equal(elsewhere.verdict, 'credentialElsewhere');
    assert.match(elsewhere.checks.find((c) => c.id === 'credentialTenant')!.text, /AADSTS700236/);
    const cloud = assessReadiness(input({}, { credentialIssuers: [`https://login.microsoftonline.us/${home}/v2.0`] }));
    assert.equal(cloud.verdict, 'otherCloud');
  });

  it('only Entra issuers are judged: a GitHub credential alone is reported, not failed', () => {
    const r = assessReadiness(input({}, { credentialIssuers: ['https://token.actions.githubusercontent.com'] }));
    assert.equal(r.verdict, 'ready');
    assert.equal(r.checks.find((c) => c.id === 'credentialTenant')!.outcome, 'info');
  });

  it('a tenant that refuses reads: unreadable, naming the permission it needs', () => {
    const r = assessReadiness(input({ lookup: { kind: 'unreadable', status: 403, code: 'Authorization_RequestDenied', message: 'Insufficient privileges to complete the operation.' } }));
    assert.equal(r.verdict, 'unreadable');
    assert.equal(r.summary, 'cannot read the tenant (permission denied)');
    assert.match(r.checks.find((c) => c.id === 'servicePrincipal')!.text, /Application\.Read\.All or Directory\.Read\.All/);
  });

  it('counts "ready in n of m tenants"', () => {
    assert.equal(readinessCount([], 3), undefined);
    assert.equal(readinessCount([{ verdict: 'ready' }, { verdict: 'notProvisioned' }, { verdict: 'ready' }], 3), 'ready in 2 of 3 tenants');
    assert.equal(readinessCount([{ verdict: 'ready' }], 1), 'ready in 1 of 1 tenant');
  });
});
