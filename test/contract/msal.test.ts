// @azure/msal-node against the sandbox: client credentials with a secret and with a managed
// identity's token as client assertion (official audience and the federation-app pattern),
// and the device-code sign-in with a silent token for the second tenant.
import { ConfidentialClientApplication, PublicClientApplication, type Configuration } from '@azure/msal-node';
import * as assert from 'node:assert/strict';
import { SANDBOX_PUBLIC_CLIENT_ID, SANDBOX_USER, VSCODE_CLIENT_ID } from '../../src/sandbox';
import { call, decodePayload, graph, miToken, msalNetworkClient, useSandbox } from './support/sandbox';

const GRAPH_DEFAULT = 'https://graph.microsoft.com/.default';

describe('contract: msal-node', () => {
  const sandbox = useSandbox();

  function config(clientId: string, tenant: string, auth: Partial<Configuration['auth']> = {}): Configuration {
    const s = sandbox();
    return {
      auth: { clientId, authority: `${s.authority}/${tenant}`, knownAuthorities: [new URL(s.authority).host], ...auth },
      system: { networkClient: msalNetworkClient(s.ca) },
    };
  }

  it('client credentials with a secret: a v1 Graph token with the admin roles, cached on the second call', async () => {
    const s = sandbox();
    const cca = new ConfidentialClientApplication(config(s.admin.clientId, s.tenants.customer, { clientSecret: s.admin.clientSecret }));
    const first = await cca.acquireTokenByClientCredential({ scopes: [GRAPH_DEFAULT] });
    assert.ok(first);
    const claims = decodePayload(first.accessToken);
    assert.equal(claims.aud, 'https://graph.microsoft.com');
    // Graph takes v1 tokens whatever the client asked through: sts.windows.net, appid, no azp.
    assert.equal(claims.iss, `https://sts.windows.net/${s.tenants.customer}/`);
    assert.equal(claims.tid, s.tenants.customer);
    assert.equal(claims.appid, s.admin.clientId);
    assert.equal(claims.appidacr, '1');
    assert.equal(claims.azp, undefined);
    assert.equal(claims.ver, '1.0');
    assert.equal(claims.idtyp, 'app');
    const header = JSON.parse(Buffer.from(first.accessToken.split('.')[0], 'base64url').toString('utf8'));
    assert.ok(header.nonce, "Graph's tokens carry a header nonce (only Graph can check their signature)");
    assert.ok((claims.roles as string[]).includes('Application.ReadWrite.All'));
    assert.equal(first.fromCache, false);
    const second = await cca.acquireTokenByClientCredential({ scopes: [GRAPH_DEFAULT] });
    assert.equal(second?.fromCache, true);
  });

  it('a wrong secret fails with invalid_client and AADSTS7000215', async () => {
    const s = sandbox();
    const cca = new ConfidentialClientApplication(config(s.admin.clientId, s.tenants.home, { clientSecret: 'wrong' }));
    await assert.rejects(cca.acquireTokenByClientCredential({ scopes: [GRAPH_DEFAULT] }), (e: Error & { errorCode?: string }) => {
      assert.equal(e.errorCode, 'invalid_client');
      assert.match(e.message, /AADSTS7000215/);
      return true;
    });
  });

  it('client assertion, official audience: the managed identity token buys Contoso Sync a token in Fabrikam', async () => {
    const s = sandbox();
    let assertions = 0;
    const cca = new ConfidentialClientApplication(config(s.apps.contosoSync.appId, s.tenants.customer, {
      clientAssertion: async () => {
        assertions++;
        return miToken(s);
      },
    }));
    const result = await cca.acquireTokenByClientCredential({ scopes: [GRAPH_DEFAULT] });
    assert.ok(result);
    assert.equal(assertions, 1);
    const claims = decodePayload(result.accessToken);
    assert.equal(claims.tid, s.tenants.customer);
    assert.equal(claims.appid, s.apps.contosoSync.appId);
    assert.equal(claims.appidacr, '2');
    assert.ok(claims.xms_ficinfo, 'a token bought with a federated credential is marked as such');
    assert.deepEqual(claims.roles, ['Application.Read.All']);
    // The token works on Graph in the customer tenant.
    const apps = await graph(s, result.accessToken, 'GET', '/applications?$select=displayName');
    assert.equal(apps.status, 200);
    assert.ok(apps.json().value.some((a: { displayName: string }) => a.displayName === 'Fabrikam Portal'));
  });

  it('client assertion, federation-app pattern: the MI token for api://{federation app} is accepted for Contoso Reporting', async () => {
    const s = sandbox();
    const assertion = await miToken(s, s.apps.federation.identifierUri);
    const claims = decodePayload(assertion);
    assert.equal(claims.aud, s.apps.federation.appId, 'a v2 token names the federation app by its appId');
    assert.equal(claims.iss, `${s.authority}/${s.tenants.home}/v2.0`, 'the federation app asks for v2 tokens');
    assert.equal(claims.sub, s.managedIdentity.userAssigned.objectId);
    const cca = new ConfidentialClientApplication(config(s.apps.reporting.appId, s.tenants.customer, { clientAssertion: assertion }));
    const result = await cca.acquireTokenByClientCredential({ scopes: [GRAPH_DEFAULT] });
    assert.equal(decodePayload(result!.accessToken).appid, s.apps.reporting.appId);
  });

  it('the URI form of the audience (a test control) matches the FIC too, as the GUID form does by default', async () => {
    const s = sandbox();
    assert.equal(decodePayload(await miToken(s)).aud, 'fb60f99c-7a34-4190-8149-302f77469936', 'the default');
    s.control.setAssertionAudienceForm('uri');
    try {
      const official = await miToken(s);
      assert.equal(decodePayload(official).aud, 'api://AzureADTokenExchange');
      const viaFederation = await miToken(s, s.apps.federation.identifierUri);
      assert.equal(decodePayload(viaFederation).aud, s.apps.federation.identifierUri);
      for (const [appId, assertion] of [[s.apps.contosoSync.appId, official], [s.apps.reporting.appId, viaFederation]]) {
        const cca = new ConfidentialClientApplication(config(appId, s.tenants.customer, { clientAssertion: assertion }));
        assert.ok(await cca.acquireTokenByClientCredential({ scopes: [GRAPH_DEFAULT] }));
      }
    } finally {
      s.control.setAssertionAudienceForm('guid');
    }
  });

  it('device code: sign-in through /organizations after authorization_pending, then a silent token for Fabrikam', async () => {
    const s = sandbox();
    s.control.clearRequests();
    const pca = new PublicClientApplication(config(SANDBOX_PUBLIC_CLIENT_ID, 'organizations'));
    let message = '';
    const result = await pca.acquireTokenByDeviceCode({ scopes: [GRAPH_DEFAULT], deviceCodeCallback: (r) => (message = r.message) });
    assert.ok(result?.account);
    assert.match(message, /enter the code [A-Z0-9]{8}/);
    const polls = s.control.requests().filter((r) => r.path.endsWith('/oauth2/v2.0/token'));
    assert.deepEqual(polls.map((p) => p.status), [400, 200], 'one authorization_pending, then the tokens');
    const claims = decodePayload(result.accessToken);
    assert.equal(claims.tid, s.tenants.home);
    assert.equal(claims.oid, SANDBOX_USER.homeObjectId);
    assert.match(String(claims.scp), /Application\.ReadWrite\.All/);
    assert.equal(claims.ver, '1.0', 'a delegated Graph token is v1 too');
    assert.equal(claims.upn, SANDBOX_USER.username);
    assert.equal(result.account.username, SANDBOX_USER.username);
    assert.equal(result.account.homeAccountId, `${SANDBOX_USER.homeObjectId}.${s.tenants.home}`);

    const me = await graph(s, result.accessToken, 'GET', '/me');
    assert.equal(me.json().userPrincipalName, SANDBOX_USER.username);

    const fabrikam = await pca.acquireTokenSilent({ account: result.account, scopes: [GRAPH_DEFAULT], authority: `${s.authority}/${s.tenants.customer}` });
    const fc = decodePayload(fabrikam.accessToken);
    assert.equal(fc.tid, s.tenants.customer);
    assert.equal(fc.oid, SANDBOX_USER.guestObjectId, 'a guest has its own object id in the resource tenant');
    const apps = await graph(s, fabrikam.accessToken, 'GET', '/applications?$top=5');
    assert.equal(apps.status, 200);
  });

  it('az login style: the Azure Service Management scope with its double slash gives a v1 token for that resource', async () => {
    const s = sandbox();
    const pca = new PublicClientApplication(config(SANDBOX_PUBLIC_CLIENT_ID, 'organizations'));
    const result = await pca.acquireTokenByDeviceCode({ scopes: ['https://management.core.windows.net//.default'], deviceCodeCallback: () => undefined });
    const c = decodePayload(result!.accessToken);
    assert.equal(c.aud, 'https://management.core.windows.net/');
    assert.equal(c.ver, '1.0');
    assert.equal(c.iss, `https://sts.windows.net/${s.tenants.home}/`);
    assert.equal(c.upn, SANDBOX_USER.username);
    assert.ok(result!.scopes.includes('https://management.core.windows.net//user_impersonation'), result!.scopes.join(' '));
    // Graph asked by its app id: the token names Graph the same way.
    const cca = new ConfidentialClientApplication(config(s.admin.clientId, s.tenants.home, { clientSecret: s.admin.clientSecret }));
    const byId = await cca.acquireTokenByClientCredential({ scopes: ['00000003-0000-0000-c000-000000000000/.default'] });
    assert.equal(decodePayload(byId!.accessToken).aud, '00000003-0000-0000-c000-000000000000');
  });

  it("device code with VS Code's client id and a tenant authority; a declined sign-in fails with authorization_declined", async () => {
    const s = sandbox();
    const pca = new PublicClientApplication(config(VSCODE_CLIENT_ID, s.tenants.customer));
    const ok = await pca.acquireTokenByDeviceCode({ scopes: [GRAPH_DEFAULT], deviceCodeCallback: () => undefined });
    assert.equal(decodePayload(ok!.accessToken).tid, s.tenants.customer);
    s.control.setDeviceCodeApproval('decline');
    try {
      await assert.rejects(pca.acquireTokenByDeviceCode({ scopes: [GRAPH_DEFAULT], deviceCodeCallback: () => undefined }), /authorization_declined/);
    } finally {
      s.control.setDeviceCodeApproval('auto');
    }
  });

  it('a confidential app cannot use the device code flow (AADSTS7000218), an unknown tenant is AADSTS90002', async () => {
    const s = sandbox();
    const r = await call(s, 'POST', '/organizations/oauth2/v2.0/devicecode', { form: { client_id: s.admin.clientId, scope: GRAPH_DEFAULT } });
    assert.equal(r.status, 401);
    assert.deepEqual(r.json().error_codes, [7000218]);
    const unknown = await call(s, 'POST', '/00000000-0000-4000-8000-000000000000/oauth2/v2.0/token', { form: { grant_type: 'client_credentials' } });
    assert.equal(unknown.status, 400);
    assert.equal(unknown.json().error, 'invalid_request');
    assert.deepEqual(unknown.json().error_codes, [90002]);
    // Entra puts the trace, correlation id and timestamp on lines of their own, separated by CRLF.
    assert.match(unknown.json().error_description, /^AADSTS90002: [^\r\n]*\r\nTrace ID: [0-9a-f-]{36}\r\nCorrelation ID: [0-9a-f-]{36}\r\nTimestamp: \d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ$/);
  });
});
