// @azure/identity against the sandbox: ManagedIdentityCredential through the App Service and
// IMDS endpoints (in child processes: the MI environment is read once per process), and
// ClientAssertionCredential / ClientSecretCredential into the customer tenant.
import { ClientAssertionCredential, ClientSecretCredential } from '@azure/identity';
import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import * as path from 'node:path';
import type { RunningSandbox } from '../../src/sandbox';
import { FABRIKAM_MI } from '../../src/sandbox/ids';
import { call, decodePayload, graph, miToken, useSandbox } from './support/sandbox';

const EXCHANGE_APP_ID = 'fb60f99c-7a34-4190-8149-302f77469936';

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
    assert.equal(c.aud, EXCHANGE_APP_ID, 'a v2 token names the exchange app by its id, not api://AzureADTokenExchange');
    assert.equal(c.ver, '2.0');
    assert.equal(c.idtyp, 'app');
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
    assert.equal(c.appid, s.apps.contosoSync.appId, 'Graph tokens are v1');
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

  it('ManagedIdentityCredential for Azure Resource Manager and for an identity in Fabrikam: v1 ARM token, Fabrikam issuer', async () => {
    const s = sandbox();
    const [arm] = await runManagedIdentity(s, appService(s), 'https://management.azure.com/.default', `clientId=${s.managedIdentity.userAssigned.clientId}`);
    assert.ok(arm.token, arm.error);
    const a = decodePayload(arm.token);
    assert.equal(a.ver, '1.0');
    assert.equal(a.iss, `https://sts.windows.net/${s.tenants.home}/`);
    assert.equal(a.aud, 'https://management.azure.com');
    assert.equal(a.appid, s.managedIdentity.userAssigned.clientId);
    const [fabrikam] = await runManagedIdentity(s, appService(s), 'api://AzureADTokenExchange/.default', `clientId=${FABRIKAM_MI.clientId}`);
    assert.ok(fabrikam.token, fabrikam.error);
    const f = decodePayload(fabrikam.token);
    assert.equal(f.iss, `${s.authority}/${s.tenants.customer}/v2.0`);
    assert.equal(f.sub, FABRIKAM_MI.objectId);
  });
});

// The protocols at the wire, as azure-cli and older SDKs speak them (@azure/identity 4 no
// longer sends the 2017-09-01 protocol, so these requests are made by hand).
describe('contract: managed-identity protocols', () => {
  const sandbox = useSandbox({ tokenFunction: false });
  const ua = () => sandbox().managedIdentity.userAssigned;
  const resource = encodeURIComponent('https://management.azure.com/');

  it('App Service 2017-09-01: MSI_ENDPOINT with the secret header; expires_on is a date string; a wrong secret is 401', async () => {
    const s = sandbox();
    const url = new URL(s.managedIdentity.msiEndpoint);
    const r = await call(s, 'GET', `${url.pathname}?api-version=2017-09-01&resource=${resource}&clientid=${ua().clientId}`, { headers: { secret: s.managedIdentity.msiSecret } });
    assert.equal(r.status, 200, r.text);
    const body = r.json();
    assert.deepEqual(Object.keys(body).sort(), ['access_token', 'expires_on', 'resource', 'token_type']);
    assert.match(body.expires_on, /^\d\d\/\d\d\/\d{4} \d\d:\d\d:\d\d \+00:00$/);
    const [date, time] = body.expires_on.split(' ');
    const [mm, dd, yyyy] = date.split('/');
    const exp = decodePayload(body.access_token).exp as number;
    assert.equal(Date.parse(`${yyyy}-${mm}-${dd}T${time}Z`), exp * 1000, 'the date string is the token exp');
    assert.equal(decodePayload(body.access_token).aud, 'https://management.azure.com/', 'a v1 token keeps the resource as asked');
    const wrong = await call(s, 'GET', `${url.pathname}?api-version=2017-09-01&resource=${resource}`, { headers: { secret: 'wrong' } });
    assert.equal(wrong.status, 401);
    const otherHeader = await call(s, 'GET', `${url.pathname}?api-version=2017-09-01&resource=${resource}`, { headers: { 'x-identity-header': s.managedIdentity.header } });
    assert.equal(otherHeader.status, 401, 'the 2017 protocol authenticates with `secret`, not X-IDENTITY-HEADER');
  });

  it('each protocol picks the user-assigned identity by client id, object or principal id, and resource id', async () => {
    const s = sandbox();
    const id = ua();
    const protocols: Array<{ path: string; headers: Record<string, string>; selectors: string[] }> = [
      { path: '/msi/token?api-version=2019-08-01', headers: { 'x-identity-header': s.managedIdentity.header }, selectors: [`client_id=${id.clientId}`, `object_id=${id.objectId}`, `principal_id=${id.objectId}`, `mi_res_id=${encodeURIComponent(id.resourceId)}`] },
      { path: '/msi/token?api-version=2017-09-01', headers: { secret: s.managedIdentity.msiSecret }, selectors: [`clientid=${id.clientId}`, `client_id=${id.clientId}`, `object_id=${id.objectId}`, `principal_id=${id.objectId}`, `mi_res_id=${encodeURIComponent(id.resourceId)}`] },
      { path: '/metadata/identity/oauth2/token?api-version=2018-02-01', headers: { metadata: 'true' }, selectors: [`client_id=${id.clientId}`, `object_id=${id.objectId}`, `principal_id=${id.objectId}`, `msi_res_id=${encodeURIComponent(id.resourceId)}`, `mi_res_id=${encodeURIComponent(id.resourceId)}`] },
    ];
    let checked = 0;
    for (const p of protocols) {
      for (const sel of p.selectors) {
        const r = await call(s, 'GET', `${p.path}&resource=${resource}&${sel}`, { headers: p.headers });
        assert.equal(r.status, 200, `${p.path} ${sel}: ${r.text}`);
        assert.equal(decodePayload(r.json().access_token).oid, id.objectId, `${p.path} ${sel}`);
        checked++;
      }
      const none = await call(s, 'GET', `${p.path}&resource=${resource}`, { headers: p.headers });
      assert.equal(decodePayload(none.json().access_token).oid, s.managedIdentity.systemAssigned.objectId, `${p.path}: system-assigned without a selector`);
    }
    assert.equal(checked, 14);
  });

  it('IMDS: refresh_token is an empty string; without Metadata: true it is bad_request_102', async () => {
    const s = sandbox();
    const path = `/metadata/identity/oauth2/token?api-version=2018-02-01&resource=${resource}`;
    const ok = await call(s, 'GET', path, { headers: { metadata: 'true' } });
    assert.equal(ok.status, 200, ok.text);
    assert.equal(ok.json().refresh_token, '');
    assert.equal(ok.json().token_type, 'Bearer');
    const missing = await call(s, 'GET', path);
    assert.equal(missing.status, 400);
    assert.deepEqual(missing.json(), { error: 'invalid_request', error_description: 'Required metadata header not specified' });
  });
});
