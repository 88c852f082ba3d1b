// The doctor (src/core/doctor*.ts) and the sandbox's token endpoint (src/sandbox/entra/) are two
// separate readings of Entra's rules. For every assertion/credential case the token endpoint can
// produce, this file asks the sandbox over HTTPS with msal-node, runs the doctor on the same
// assertion with the app's credentials as Graph lists them, and asserts the same answer: accepted
// through the same credential, or refused with the same AADSTS code. Each case also pins the
// code Entra gives, so that the two cannot agree on something wrong.
//
// Not covered, on purpose: an external issuer with a matching credential (the sandbox cannot
// fetch GitHub's keys and answers 50166, where Entra would go on to check the token).
import { ConfidentialClientApplication } from '@azure/msal-node';
import type { FederatedIdentityCredential } from '@microsoft/microsoft-graph-types';
import * as assert from 'node:assert/strict';
import * as crypto from 'node:crypto';
import { diagnose, type DiagnoseInput, type ExchangeVerdict, type PropagatingCredential } from '../../src/core/doctor';
import { decodeJwt } from '../../src/core/jwt';
import { FABRIKAM_MI, SEEDED_APPS } from '../../src/sandbox/ids';
import { verifySignature } from '../../src/views/inspector/signature';
import { adminToken, call, decodePayload, graph, miToken, msalNetworkClient, useSandbox } from './support/sandbox';

const GRAPH_DEFAULT = 'https://graph.microsoft.com/.default';
const EXCHANGE = 'api://AzureADTokenExchange';

interface Case {
  /** The assertion, the app and the tenant to ask in; `propagating` is what the extension knows of its recent writes. */
  assertion: string;
  appId: string;
  tenant: string;
  propagating?: PropagatingCredential[];
  /** Sandbox clock (ms) at the exchange; the real time when absent. */
  at?: number;
}

describe('contract: the doctor agrees with the token endpoint on every exchange case', function () {
  this.timeout(60_000);
  const sandbox = useSandbox({ tokenFunction: false, ficPropagationS: 0 });
  const tokens = new Map<string, string>();
  let issuer = '';
  const seen = new Set<string>();

  before(async () => {
    const s = sandbox();
    tokens.set(s.tenants.home, await adminToken(s, s.tenants.home));
    tokens.set(s.tenants.customer, await adminToken(s, s.tenants.customer));
    issuer = `${s.authority}/${s.tenants.home}/v2.0`;
  });

  after(() => {
    // Every code the token endpoint produces for an assertion was exercised at least once.
    for (const code of ['accepted', 50027, 7000229, 700016, 70025, 70021, 700027, 700024, 700231, 700236, 700211, 700213, 7002137, 7002138, 700212]) {
      assert.ok(seen.has(String(code)), `no case produced ${code}`);
    }
  });

  const home = () => sandbox().tenants.home;
  const admin = (tenant = home()) => tokens.get(tenant)!;
  const ua = () => sandbox().managedIdentity.userAssigned;

  /** A new multi-tenant app in Contoso with these FICs, provisioned at home unless told otherwise. */
  async function appWith(fics: Record<string, unknown>[], provision = true): Promise<{ appId: string; objectId: string }> {
    const s = sandbox();
    const app = (await graph(s, admin(), 'POST', '/applications', { displayName: `Agreement ${crypto.randomUUID().slice(0, 8)}`, signInAudience: 'AzureADMultipleOrgs' })).json();
    for (const [i, f] of fics.entries()) {
      const r = await graph(s, admin(), 'POST', `/applications/${app.id}/federatedIdentityCredentials`, { name: `fic-${i}`, audiences: [EXCHANGE], ...f });
      assert.equal(r.status, 201, r.text);
    }
    if (provision) assert.equal((await graph(s, admin(), 'POST', '/servicePrincipals', { appId: app.appId })).status, 201);
    return { appId: app.appId as string, objectId: app.id as string };
  }

  /** The token endpoint's answer through msal-node: accepted, or the AADSTS code of the refusal. */
  async function entraAnswer(c: Case): Promise<string> {
    const s = sandbox();
    const cca = new ConfidentialClientApplication({
      auth: { clientId: c.appId, authority: `${s.authority}/${c.tenant}`, knownAuthorities: [new URL(s.authority).host], clientAssertion: c.assertion },
      system: { networkClient: msalNetworkClient(s.ca) },
    });
    try {
      const r = await cca.acquireTokenByClientCredential({ scopes: [GRAPH_DEFAULT] });
      assert.ok(r?.accessToken);
      return 'accepted';
    } catch (e) {
      const m = /AADSTS(\d+)/.exec(e instanceof Error ? e.message : String(e));
      assert.ok(m, `no AADSTS code in ${String(e)}`);
      return m[1];
    }
  }

  /** What the extension knows before an exchange: Graph's listing, service principals, the signature check. */
  async function doctorInput(c: Case): Promise<DiagnoseInput> {
    const s = sandbox();
    const app = (await graph(s, admin(), 'GET', `/applications(appId='${c.appId}')?$select=id,appId&$expand=federatedIdentityCredentials`)).json();
    const hasSp = async (tenant: string) => (await graph(s, admin(tenant), 'GET', `/servicePrincipals?$filter=appId eq '${c.appId}'`)).json().value.length > 0;
    // The inspector's signature check, for tokens of the sandbox's issuers (others need the internet).
    let signature: DiagnoseInput['signature'] = 'unchecked';
    try {
      const jwt = decodeJwt(c.assertion);
      if (String(jwt.payload.iss).startsWith(`${s.authority}/`)) {
        const state = (await verifySignature(jwt, { ca: s.ca, knownAuthorities: [new URL(s.authority).host] })).state;
        signature = state === 'verified' ? 'valid' : state === 'invalid' ? 'invalid' : 'unchecked';
      }
    } catch {
      // not a JWT: the doctor says so itself
    }
    return {
      assertion: c.assertion,
      credentials: app.federatedIdentityCredentials as FederatedIdentityCredential[],
      managedIdentities: [ua(), s.managedIdentity.systemAssigned].map((m) => ({ id: m.objectId, appId: m.clientId })),
      knownAuthorities: [s.authority],
      app: { appId: c.appId, homeTenantId: home(), servicePrincipalInHomeTenant: await hasSp(home()), servicePrincipalInTargetTenant: await hasSp(c.tenant) },
      signature,
      propagating: c.propagating ?? [],
    };
  }

  const spoken = (v: ExchangeVerdict | undefined) => (v?.outcome === 'accepted' ? 'accepted' : String(v?.code));

  /** Both answers, at the same (sandbox) time; the expected code pins them. */
  async function agree(c: Case, expected: number | 'accepted'): Promise<void> {
    const s = sandbox();
    const input = await doctorInput(c);
    if (c.at !== undefined) s.control.clock.set(c.at);
    try {
      const answer = await entraAnswer(c);
      const d = diagnose({ ...input, now: new Date(s.control.clock.now()) });
      assert.equal(answer, String(expected), 'the token endpoint');
      assert.equal(spoken(d.verdict), answer, `the doctor disagrees: ${JSON.stringify(d.findings.map((f) => [f.code, f.credential]))}`);
      assert.equal(d.matched !== undefined, answer === 'accepted', 'matched is set exactly when accepted');
      seen.add(answer);
    } finally {
      s.control.clock.reset();
    }
  }

  describe('credential matching', () => {
    it('accepted: the GUID aud the identity endpoint issues, for the api://AzureADTokenExchange credential', async () => {
      const { appId } = await appWith([{ issuer, subject: ua().objectId }]);
      const assertion = await miToken(sandbox());
      assert.equal(decodePayload(assertion).aud, 'fb60f99c-7a34-4190-8149-302f77469936');
      await agree({ assertion, appId, tenant: home() }, 'accepted');
    });

    it('accepted: the URI form of aud (test control) for the same credential, and a credential storing the GUID', async () => {
      const s = sandbox();
      s.control.setAssertionAudienceForm('uri');
      let uriForm = '';
      try {
        uriForm = await miToken(s);
      } finally {
        s.control.setAssertionAudienceForm('guid');
      }
      assert.equal(decodePayload(uriForm).aud, EXCHANGE);
      const { appId } = await appWith([{ issuer, subject: ua().objectId }]);
      await agree({ assertion: uriForm, appId, tenant: home() }, 'accepted');
      const guidStored = await appWith([{ issuer, subject: ua().objectId, audiences: ['fb60f99c-7a34-4190-8149-302f77469936'] }]);
      await agree({ assertion: await miToken(s), appId: guidStored.appId, tenant: home() }, 'accepted');
    });

    it('accepted: the federation-app pattern (aud = the app id, credential api://{appId}), into Fabrikam', async () => {
      const s = sandbox();
      const assertion = await miToken(s, s.apps.federation.identifierUri);
      assert.equal(decodePayload(assertion).aud, s.apps.federation.appId);
      await agree({ assertion, appId: s.apps.reporting.appId, tenant: s.tenants.customer }, 'accepted');
    });

    it('700211: trailing slash on the issuer; a v1 assertion against a v2 issuer; an external issuer nobody trusts', async () => {
      const s = sandbox();
      const slash = await appWith([{ issuer: `${issuer}/`, subject: ua().objectId }]);
      await agree({ assertion: await miToken(s), appId: slash.appId, tenant: home() }, 700211);
      const v1 = await miToken(s, 'https://management.azure.com/');
      assert.equal(decodePayload(v1).iss, `https://sts.windows.net/${home()}/`);
      const right = await appWith([{ issuer, subject: ua().objectId }]);
      await agree({ assertion: v1, appId: right.appId, tenant: home() }, 700211);
      const external = craftJwt({ iss: 'https://token.actions.githubusercontent.com', sub: 'repo:contoso/app:ref:refs/heads/main', aud: EXCHANGE });
      await agree({ assertion: external, appId: right.appId, tenant: home() }, 700211);
    });

    it('subject: 7002138 case only, 7002137 issuer and audience right, 700213 audience wrong too; the seeded broken app', async () => {
      const s = sandbox();
      const assertion = await miToken(s);
      const caseOnly = await appWith([{ issuer, subject: ua().objectId.toUpperCase() }]);
      await agree({ assertion, appId: caseOnly.appId, tenant: home() }, 7002138);
      const clientId = await appWith([{ issuer, subject: ua().clientId }]);
      await agree({ assertion, appId: clientId.appId, tenant: home() }, 7002137);
      const both = await appWith([{ issuer, subject: ua().clientId, audiences: ['api://AzureADTokenExchnage'] }]);
      await agree({ assertion, appId: both.appId, tenant: home() }, 700213);
      await agree({ assertion, appId: s.apps.broken.appId, tenant: s.tenants.customer }, 700212);
      await agree({ assertion: await miToken(s, EXCHANGE, ''), appId: s.apps.broken.appId, tenant: s.tenants.customer }, 7002137);
    });

    it('700212: an audience typo, and the URI of another app', async () => {
      const assertion = await miToken(sandbox());
      for (const audience of ['api://AzureADTokenExchnage', sandbox().apps.federation.identifierUri]) {
        const { appId } = await appWith([{ issuer, subject: ua().objectId, audiences: [audience] }]);
        await agree({ assertion, appId, tenant: home() }, 700212);
      }
    });
  });

  describe('the app and the assertion around the credentials', () => {
    it('70025: no credentials; 7000229: no service principal at home; 700016: none in the tenant asked', async () => {
      const s = sandbox();
      const assertion = await miToken(s);
      const none = await appWith([]);
      await agree({ assertion, appId: none.appId, tenant: home() }, 70025);
      await agree({ assertion: await miToken(s, EXCHANGE, ''), appId: SEEDED_APPS.unprovisioned.appId, tenant: s.tenants.customer }, 7000229);
      const unprovisionedHere = await appWith([{ issuer, subject: ua().objectId }], false);
      await agree({ assertion, appId: unprovisionedHere.appId, tenant: home() }, 7000229);
      const homeOnly = await appWith([{ issuer, subject: ua().objectId }]);
      await agree({ assertion, appId: homeOnly.appId, tenant: s.tenants.customer }, 700016);
    });

    it('700231: a token bought with a federated credential; 700236: an identity in Fabrikam', async () => {
      const s = sandbox();
      const form = { grant_type: 'client_credentials', client_id: s.apps.contosoSync.appId, scope: `${EXCHANGE}/.default`, client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer', client_assertion: await miToken(s) };
      const chained = (await call(s, 'POST', `/${home()}/oauth2/v2.0/token`, { form })).json().access_token as string;
      const trustsIt = await appWith([{ issuer, subject: decodePayload(chained).sub }]);
      await agree({ assertion: chained, appId: trustsIt.appId, tenant: home() }, 700231);
      const fabrikam = await miToken(s, EXCHANGE, `client_id=${FABRIKAM_MI.clientId}`);
      const trustsFabrikam = await appWith([{ issuer: `${s.authority}/${s.tenants.customer}/v2.0`, subject: FABRIKAM_MI.objectId }]);
      await agree({ assertion: fabrikam, appId: trustsFabrikam.appId, tenant: home() }, 700236);
    });

    it('700027: a forged signature and an unsigned token; 50027: not a JWT, or no sub', async () => {
      const s = sandbox();
      const { appId } = await appWith([{ issuer, subject: ua().objectId }]);
      const [h, p, sig] = (await miToken(s)).split('.');
      await agree({ assertion: `${h}.${p}.${sig.slice(0, -8)}AAAAAAAA`, appId, tenant: home() }, 700027);
      await agree({ assertion: `${Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url')}.${p}.`, appId, tenant: home() }, 700027);
      await agree({ assertion: 'not-a-jwt', appId, tenant: home() }, 50027);
      await agree({ assertion: craftJwt({ iss: issuer, aud: EXCHANGE }), appId, tenant: home() }, 50027);
    });
  });

  describe('time and propagation', () => {
    it("700024 just beyond the 300 s skew on either side; accepted at its edges", async () => {
      const s = sandbox();
      const { appId } = await appWith([{ issuer, subject: ua().objectId }]);
      const assertion = await miToken(s);
      const { exp } = decodePayload(assertion) as { exp: number };
      await agree({ assertion, appId, tenant: home(), at: (exp + 299) * 1000 }, 'accepted');
      await agree({ assertion, appId, tenant: home(), at: (exp + 300) * 1000 }, 700024);
      // A token from an identity endpoint whose clock runs 10 minutes ahead; the credential is
      // older than the moments tried, so it is in force at both.
      s.control.clock.set(s.control.clock.now() + 600_000);
      const early = await miToken(s);
      s.control.clock.reset();
      const { nbf } = decodePayload(early) as { nbf: number };
      await agree({ assertion: early, appId, tenant: home(), at: (nbf - 300) * 1000 }, 'accepted');
      await agree({ assertion: early, appId, tenant: home(), at: (nbf - 301) * 1000 }, 700024);
    });

    it('before propagation: a new credential is absent (70021, or the code of what is in force); after, accepted', async () => {
      const s = sandbox();
      s.control.setFicPropagationDelay(60_000);
      try {
        const assertion = await miToken(s);
        const fresh = await appWith([{ issuer, subject: ua().objectId }]);
        await agree({ assertion, appId: fresh.appId, tenant: home(), propagating: [{ name: 'fic-0', previous: null }] }, 70021);
        // An old credential with a trailing slash is in force; the right one, added second, is not yet.
        s.control.setFicPropagationDelay(0);
        const typo = await appWith([{ issuer: `${issuer}/`, subject: ua().objectId }]);
        s.control.setFicPropagationDelay(60_000);
        const fixed = await graph(s, admin(), 'POST', `/applications/${typo.objectId}/federatedIdentityCredentials`, { name: 'fixed', issuer, subject: ua().objectId, audiences: [EXCHANGE] });
        assert.equal(fixed.status, 201, fixed.text);
        await agree({ assertion, appId: typo.appId, tenant: home(), propagating: [{ name: 'fixed', previous: null }] }, 700211);
        const now = s.control.clock.now();
        await agree({ assertion, appId: fresh.appId, tenant: home(), at: now + 61_000 }, 'accepted');
      } finally {
        s.control.setFicPropagationDelay(0);
      }
    });

    it('an edit in propagation: the previous version decides, both ways', async () => {
      const s = sandbox();
      const assertion = await miToken(s);
      const { appId, objectId } = await appWith([{ issuer, subject: ua().objectId }]);
      s.control.setFicPropagationDelay(60_000);
      try {
        assert.equal((await graph(s, admin(), 'PATCH', `/applications/${objectId}/federatedIdentityCredentials/fic-0`, { subject: ua().clientId })).status, 204);
        const wasRight = { name: 'fic-0', previous: { issuer, subject: ua().objectId, audiences: [EXCHANGE] } };
        await agree({ assertion, appId, tenant: home(), propagating: [wasRight] }, 'accepted');
        const later = s.control.clock.now() + 61_000;
        await agree({ assertion, appId, tenant: home(), at: later }, 7002137);
      } finally {
        s.control.setFicPropagationDelay(0);
      }
    });
  });
});

/** An unsigned-by-Entra JWT with these claims (RS256 with a throwaway key): for issuers and shapes the sandbox never issues. */
function craftJwt(claims: Record<string, unknown>): string {
  const { privateKey } = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
  const now = Math.floor(Date.now() / 1000);
  const enc = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
  const input = `${enc({ alg: 'RS256', typ: 'JWT', kid: 'other' })}.${enc({ iat: now, nbf: now, exp: now + 600, ...claims })}`;
  return `${input}.${crypto.sign('sha256', Buffer.from(input), privateKey).toString('base64url')}`;
}
