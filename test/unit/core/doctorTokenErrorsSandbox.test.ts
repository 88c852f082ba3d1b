// The doctor's explanations over the token endpoint's real answers: each body below is what the
// sandbox tenant answers to the exchange that causes it (the way it happens in real tenants),
// read by TokenError.fromResponseBody as the extension reads Entra's, then explained. Each new
// code must get its own explanation with what to do, never the generic fallback.
import assert from 'node:assert/strict';
import * as crypto from 'node:crypto';
import { explainTokenError } from '../../../src/core/doctor';
import { TokenError } from '../../../src/core/errors';
import { FABRIKAM_MI, SEEDED_APPS, USER_ASSIGNED_MI } from '../../../src/sandbox/ids';
import { adminToken, call, graph, miToken, useSandbox } from '../../contract/support/sandbox';

const JWT_BEARER = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';
const GENERIC_ACTION = /look the code up in the Microsoft Entra error code reference/;

describe('doctor: explanations of the sandbox tenant\'s real error bodies', function () {
  this.timeout(60_000);
  const sandbox = useSandbox({ ficPropagationS: 0, tokenFunction: false });
  let admin = '';

  before(async () => {
    admin = await adminToken(sandbox());
  });

  async function appWith(fics: Record<string, unknown>[], provision = true): Promise<string> {
    const s = sandbox();
    const app = (await graph(s, admin, 'POST', '/applications', { displayName: `Doctor ${crypto.randomUUID().slice(0, 8)}`, signInAudience: 'AzureADMultipleOrgs' })).json();
    for (const [i, f] of fics.entries()) {
      const r = await graph(s, admin, 'POST', `/applications/${app.id}/federatedIdentityCredentials`, { name: `fic-${i}`, audiences: ['api://AzureADTokenExchange'], ...f });
      assert.equal(r.status, 201, r.text);
    }
    if (provision) assert.equal((await graph(s, admin, 'POST', '/servicePrincipals', { appId: app.appId })).status, 201);
    return app.appId as string;
  }

  /** The exchange as msal sends it; the refusal as the extension reads it. */
  async function refusal(clientId: string, assertion: string, tenant = sandbox().tenants.home, scope = 'https://graph.microsoft.com/.default'): Promise<TokenError> {
    const r = await call(sandbox(), 'POST', `/${tenant}/oauth2/v2.0/token`, {
      form: { grant_type: 'client_credentials', client_id: clientId, scope, client_assertion_type: JWT_BEARER, client_assertion: assertion },
    });
    const error = TokenError.fromResponseBody(r.text, r.status);
    assert.ok(error, `not an OAuth error: ${r.status} ${r.text}`);
    return error;
  }

  function assertExplained(error: TokenError, code: number, action: RegExp): void {
    assert.equal(error.code, code, error.description);
    const e = explainTokenError(error);
    assert.equal(e.code, code);
    assert.doesNotMatch(e.action, GENERIC_ACTION, `AADSTS${code} fell back to the generic explanation`);
    assert.match(e.action, action, `AADSTS${code}: ${e.action}`);
  }

  const issuer = () => `${sandbox().authority}/${sandbox().tenants.home}/v2.0`;

  it('7000229: no service principal in the home tenant', async () => {
    const system = await miToken(sandbox(), 'api://AzureADTokenExchange', '');
    assertExplained(await refusal(SEEDED_APPS.unprovisioned.appId, system, sandbox().tenants.customer), 7000229, /service principal/i);
  });

  it('70025: no federated credentials at all', async () => {
    assertExplained(await refusal(await appWith([]), await miToken(sandbox())), 70025, /credential/i);
  });

  it('700016: not provisioned in the target tenant', async () => {
    const appId = await appWith([{ issuer: issuer(), subject: USER_ASSIGNED_MI.objectId }]);
    assertExplained(await refusal(appId, await miToken(sandbox()), sandbox().tenants.customer), 700016, /consent|provision/i);
  });

  it('700231: a token obtained through a credential used as an assertion', async () => {
    const s = sandbox();
    const scoped = await call(s, 'POST', `/${s.tenants.home}/oauth2/v2.0/token`, {
      form: { grant_type: 'client_credentials', client_id: s.apps.contosoSync.appId, scope: 'api://AzureADTokenExchange/.default', client_assertion_type: JWT_BEARER, client_assertion: await miToken(s) },
    });
    assert.equal(scoped.status, 200, scoped.text);
    const chained = scoped.json().access_token as string;
    const sub = JSON.parse(Buffer.from(chained.split('.')[1], 'base64url').toString('utf8')).sub as string;
    assertExplained(await refusal(await appWith([{ issuer: issuer(), subject: sub }]), chained), 700231, /managed identity/i);
  });

  it("700236: an assertion from another tenant than the app's", async () => {
    const s = sandbox();
    const appId = await appWith([{ issuer: `${s.authority}/${s.tenants.customer}/v2.0`, subject: FABRIKAM_MI.objectId }]);
    const assertion = await miToken(s, 'api://AzureADTokenExchange', `client_id=${FABRIKAM_MI.clientId}`);
    assertExplained(await refusal(appId, assertion), 700236, /tenant/i);
  });

  it('7002137: subject mismatch, the message naming the expected subject', async () => {
    const appId = await appWith([{ issuer: issuer(), subject: USER_ASSIGNED_MI.clientId }]);
    const error = await refusal(appId, await miToken(sandbox()));
    assertExplained(error, 7002137, /subject|object id/i);
    assert.match(error.description, new RegExp(USER_ASSIGNED_MI.objectId), 'Entra names the subject it expected');
  });
});
