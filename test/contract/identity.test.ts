// @azure/identity against the sandbox: ManagedIdentityCredential through the App Service and
// IMDS endpoints (in child processes: the MI environment is read once per process), and
// ClientAssertionCredential / ClientSecretCredential into the customer tenant.
import { ClientAssertionCredential, ClientSecretCredential } from '@azure/identity';
import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import * as path from 'node:path';
import type { RunningSandbox } from '../../src/sandbox';
import { decodePayload, graph, miToken, useSandbox } from './support/sandbox';

interface MiResult {
  token?: string;
  expiresOnTimestamp?: number;
  error?: string;
  name?: string;
}

/** Runs ManagedIdentityCredential in a fresh process with the given environment, once per selector. */
function runManagedIdentity(s: RunningSandbox, env: Record<string, string>, scope: string, ...selectors: string[]): Promise<MiResult[]> {
  const script = path.join(__dirname, 'support', 'miClient.js');
  const base: NodeJS.ProcessEnv = { PATH: process.env.PATH, NODE_EXTRA_CA_CERTS: s.caFile };
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [script, scope, ...selectors], { env: { ...base, ...env }, timeout: 20000 }, (err, stdout, stderr) => {
      if (err) return reject(new Error(`${err.message}\n${stderr}`));
      resolve(JSON.parse(stdout.trim().split('\n').pop() ?? '[]') as MiResult[]);
    });
  });
}

describe('contract: @azure/identity', () => {
  const sandbox = useSandbox();
  const appService = (s: RunningSandbox) => ({ IDENTITY_ENDPOINT: s.managedIdentity.endpoint, IDENTITY_HEADER: s.managedIdentity.header });

  it('ManagedIdentityCredential (App Service protocol), user-assigned by client id: iss v2, sub = oid = object id', async () => {
    const s = sandbox();
    const [r] = await runManagedIdentity(s, appService(s), 'api://AzureADTokenExchange/.default', `clientId=${s.managedIdentity.userAssigned.clientId}`);
    assert.ok(r.token, r.error);
    const c = decodePayload(r.token);
    assert.equal(c.iss, `${s.authority}/${s.tenants.home}/v2.0`);
    assert.equal(c.sub, s.managedIdentity.userAssigned.objectId);
    assert.equal(c.oid, s.managedIdentity.userAssigned.objectId);
    assert.equal(c.aud, 'api://AzureADTokenExchange');
    assert.equal(c.azp, s.managedIdentity.userAssigned.clientId);
    assert.equal(c.xms_mirid, s.managedIdentity.userAssigned.resourceId);
    assert.ok(r.expiresOnTimestamp! > Date.now() + 23 * 3600 * 1000, 'managed identity tokens live about 24 h');
    const log = s.control.requests().filter((x) => x.path === '/msi/token');
    assert.match(log[log.length - 1].url, /api-version=2019-08-01/);
  });

  it('ManagedIdentityCredential: system-assigned by default, user-assigned by object id and by resource id, unknown id refused', async () => {
    const s = sandbox();
    const [sys, byObject, byResource, unknown] = await runManagedIdentity(
      s, appService(s), 'api://AzureADTokenExchange/.default',
      'system', `objectId=${s.managedIdentity.userAssigned.objectId}`, `resourceId=${s.managedIdentity.userAssigned.resourceId}`,
      'clientId=00000000-0000-4000-8000-000000000000',
    );
    assert.equal(decodePayload(sys.token!).sub, s.managedIdentity.systemAssigned.objectId);
    assert.equal(decodePayload(byObject.token!).sub, s.managedIdentity.userAssigned.objectId);
    assert.equal(decodePayload(byResource.token!).sub, s.managedIdentity.userAssigned.objectId);
    assert.equal(unknown.name, 'CredentialUnavailableError');
    assert.match(unknown.error!, /No User Assigned or Delegated Managed Identity found/);
  });

  it('ManagedIdentityCredential (IMDS via AZURE_POD_IDENTITY_AUTHORITY_HOST) gets the same identity', async () => {
    const s = sandbox();
    const [r] = await runManagedIdentity(s, { AZURE_POD_IDENTITY_AUTHORITY_HOST: s.managedIdentity.imdsEndpoint }, 'api://AzureADTokenExchange/.default', `clientId=${s.managedIdentity.userAssigned.clientId}`);
    assert.ok(r.token, r.error);
    assert.equal(decodePayload(r.token).sub, s.managedIdentity.userAssigned.objectId);
    // msal appends a slash: /metadata/identity/oauth2/token/
    assert.ok(s.control.requests().some((x) => /^\/metadata\/identity\/oauth2\/token\/?$/.test(x.path) && x.status === 200));
  });

  it('ManagedIdentityCredential: a wrong IDENTITY_HEADER fails with CredentialUnavailableError', async () => {
    const s = sandbox();
    const [badHeader] = await runManagedIdentity(s, { ...appService(s), IDENTITY_HEADER: 'wrong' }, 'api://AzureADTokenExchange/.default');
    assert.equal(badHeader.name, 'CredentialUnavailableError');
  });

  it('ClientAssertionCredential into the customer tenant with the managed identity token as assertion', async () => {
    const s = sandbox();
    const credential = new ClientAssertionCredential(s.tenants.customer, s.apps.contosoSync.appId, () => miToken(s), {
      authorityHost: s.authority,
      disableInstanceDiscovery: true,
      tlsOptions: { ca: s.ca },
    });
    const token = await credential.getToken('https://graph.microsoft.com/.default');
    const c = decodePayload(token.token);
    assert.equal(c.tid, s.tenants.customer);
    assert.equal(c.azp, s.apps.contosoSync.appId);
    const org = await graph(s, token.token, 'GET', '/organization');
    assert.equal(org.json().value[0].displayName, 'Fabrikam');
  });

  it('ClientAssertionCredential surfaces the AADSTS code of a broken federation', async () => {
    const s = sandbox();
    const credential = new ClientAssertionCredential(s.tenants.customer, s.apps.broken.appId, () => miToken(s), {
      authorityHost: s.authority,
      disableInstanceDiscovery: true,
      tlsOptions: { ca: s.ca },
    });
    await assert.rejects(credential.getToken('https://graph.microsoft.com/.default'), /AADSTS700212/);
  });

  it('ClientSecretCredential with the admin app', async () => {
    const s = sandbox();
    const credential = new ClientSecretCredential(s.admin.tenantId, s.admin.clientId, s.admin.clientSecret, {
      authorityHost: s.authority,
      disableInstanceDiscovery: true,
      tlsOptions: { ca: s.ca },
    });
    const token = await credential.getToken('https://graph.microsoft.com/.default');
    assert.equal(decodePayload(token.token).tid, s.tenants.home);
  });
});
