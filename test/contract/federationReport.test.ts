// The tenant federation report against the sandbox tenant over real HTTPS, through the loader
// the report command drives: the seeded tenant's rows per category, exactly; a cancelled load
// gives a partial report that says so; refused parts become gaps; the request count.
import * as assert from 'node:assert/strict';
import { GraphError } from '../../src/core/errors';
import type { FederationReport, ReportLoadOptions, ReportProgress } from '../../src/core/federationReportTypes';
import { loadFederationReport } from '../../src/model/federationReport';
import { RETIRED_MI, SANDBOX_ADMIN, SEEDED_APPS, SEEDED_CREDENTIALS, SYSTEM_ASSIGNED_MI, USER_ASSIGNED_MI } from '../../src/sandbox/ids';
import type { RunningSandbox } from '../../src/sandbox/types';
import { sandboxEnvironment } from '../../src/services/environment';
import { graphRetryPolicy } from '../../src/services/http/retryPolicy';
import { signedInGraph } from '../bench/graphFixture';
import { adminToken, graph, useSandbox } from './support/sandbox';

type ReportOf = (options?: ReportLoadOptions) => Promise<FederationReport>;

/** The report of a signed-in sandbox session's home tenant, its clock fixed so expiry is judged the same each run. */
async function reportsOn(s: RunningSandbox, now: number): Promise<{ reportOf: ReportOf; home: string }> {
  const home = s.tenants.home;
  const graph = await signedInGraph(s, home);
  const session = {
    environment: sandboxEnvironment(s.authority, s.ca, s.user.clientId),
    tenants: () => [{ id: home, displayName: 'Contoso', home: true }],
    graph: () => graph,
  };
  return { reportOf: (options = {}) => loadFederationReport(session, home, options, () => now), home };
}

/** Graph requests sent over the wire: a `$batch`'s sub-requests are logged too, but are not requests. */
const graphRequests = (s: RunningSandbox) => s.control.requests().filter((r) => r.path.startsWith('/v1.0/') && !r.batch);

describe('Federation report on the seeded sandbox tenant', function () {
  this.timeout(60_000);
  const sandbox = useSandbox({ tokenFunction: false });
  let now: number;
  let reportOf: ReportOf;
  let home: string;
  let report: FederationReport;
  let issuer: string;

  before(async () => {
    // The seeded secrets' dates are relative to the sandbox clock's start: judged at that time.
    now = sandbox().control.clock.now();
    ({ reportOf, home } = await reportsOn(sandbox(), now));
    issuer = `${sandbox().authority}/${home}/v2.0`;
    report = await reportOf();
  });

  it('lists exactly the seeded credentials that can never work, each kind once, with its fix', () => {
    const rows = report.neverWorks.map((r) => [r.app.objectId, r.credential.name, r.kind, r.fix]);
    // Broken Sync's three credentials all trust the user-assigned identity on Contoso's issuer:
    // its slash or client id corrected would repeat audience-typo's issuer and subject, which
    // Graph refuses, so those two are deleted and audience-typo is the one corrected.
    const broken = SEEDED_APPS.broken.objectId;
    const misconfigured = SEEDED_APPS.misconfigured.objectId;
    const toIssuer = (summary: string) => ({ action: 'edit', changes: { issuer }, summary: `${summary} ${issuer}` });
    assert.deepEqual(rows, [
      [broken, 'audience-typo', 'audience-not-official', { action: 'edit', changes: { audiences: ['api://AzureADTokenExchange'] }, summary: 'Use the official audience api://AzureADTokenExchange' }],
      [broken, 'issuer-trailing-slash', 'issuer-trailing-slash', { action: 'delete', summary: 'Delete the credential: corrected, it would repeat the issuer and subject of "audience-typo", which an app may hold once' }],
      [broken, 'subject-is-client-id', 'subject-is-client-id', { action: 'delete', summary: 'Delete the credential: corrected, it would repeat the issuer and subject of "audience-typo", which an app may hold once' }],
      [misconfigured, 'flexible-entra-issuer', 'flexible-unsupported-issuer', { action: 'delete', summary: 'Delete the credential; add one with a subject instead' }],
      [misconfigured, 'issuer-other-tenant', 'issuer-other-tenant', undefined],
      [misconfigured, 'issuer-trailing-slash', 'issuer-trailing-slash', toIssuer('Remove the trailing slash:')],
      [misconfigured, 'issuer-v1', 'issuer-v1', toIssuer('Use the v2 issuer')],
      [misconfigured, 'issuer-whitespace', 'issuer-whitespace', toIssuer('Remove the whitespace:')],
      [SEEDED_APPS.retiredWorker.objectId, 'retired-worker-mi', 'dangling-subject', { action: 'delete', summary: 'Delete the credential: the identity it trusted is gone' }],
    ]);
    assert.equal(report.neverWorks.find((r) => r.kind === 'dangling-subject')?.credential.subject, RETIRED_MI.objectId);
    for (const row of report.neverWorks) assert.ok(row.message.length > 20, row.message);
  });

  it('lists each identity with the credentials that name it; the user-assigned one is trusted by many', () => {
    const trust = report.trust.map((r) => ({ id: r.identity.id, apps: r.apps.map((a) => `${a.objectId}/${a.credentialName}`), many: r.many }));
    assert.deepEqual(trust, [
      {
        id: SYSTEM_ASSIGNED_MI.objectId,
        apps: [`${SEEDED_APPS.misconfigured.objectId}/issuer-trailing-slash`, `${SEEDED_APPS.unprovisioned.objectId}/token-function-system-mi`],
        many: false,
      },
      {
        id: USER_ASSIGNED_MI.objectId,
        apps: [
          `${SEEDED_APPS.broken.objectId}/audience-typo`,
          `${SEEDED_APPS.broken.objectId}/issuer-trailing-slash`,
          `${SEEDED_APPS.invoicing.objectId}/token-function-mi`,
          `${SEEDED_APPS.misconfigured.objectId}/issuer-v1`,
          `${SEEDED_APPS.misconfigured.objectId}/issuer-whitespace`,
          `${SEEDED_APPS.nightlyExport.objectId}/token-function-mi`,
          `${SEEDED_APPS.reporting.objectId}/via-federation-app`,
          `${SEEDED_APPS.contosoSync.objectId}/token-function-mi`,
        ],
        many: true,
      },
    ]);
  });

  it('names the apps at or near the credential limit', () => {
    assert.deepEqual(report.budget.map((r) => [r.app.objectId, r.credentials, r.remaining]), [[SEEDED_APPS.monorepoCi.objectId, 19, 1], [SEEDED_APPS.full.objectId, 20, 0]]);
  });

  it('lists the apps with secrets or certificates; the one that trusts an identity is the candidate', async () => {
    assert.deepEqual(report.secrets.map((r) => [r.app.objectId, r.secrets, r.certificates, r.expired, r.expiringSoon, r.hasManagedIdentityCredential, r.candidate]), [
      [SEEDED_APPS.invoicing.objectId, 1, 0, 0, 0, true, true],
      [SEEDED_APPS.legacyWorker.objectId, 3, 1, 1, 2, false, false],
      [SANDBOX_ADMIN.objectId, 1, 0, 0, 0, false, false],
    ]);
    // The soonest end among those not expired: the secret that ends in 14 days, as Graph dates it.
    const listed = await graph(sandbox(), await adminToken(sandbox()), 'GET', `/applications/${SEEDED_APPS.legacyWorker.objectId}?$select=passwordCredentials`);
    const rotation = (listed.json().passwordCredentials as Array<{ keyId: string; endDateTime: string }>).find((p) => p.keyId === SEEDED_CREDENTIALS.legacyWorker.expiringSecret.keyId);
    assert.equal(report.secrets[1].soonestExpiry, new Date(Date.parse(rotation!.endDateTime)).toISOString());
  });

  it('counts every category in the summary, and is complete', () => {
    assert.deepEqual(report.gaps, []);
    assert.equal(report.tenantName, 'Contoso');
    assert.equal(report.generatedAt, new Date(now).toISOString());
    assert.deepEqual(report.summary, {
      apps: report.summary.apps,
      credentials: report.summary.credentials,
      identities: 2,
      neverWorks: 9,
      trustedIdentities: 2,
      identitiesTrustedByMany: 1,
      nearLimit: 2,
      appsWithSecrets: 3,
      expired: 1,
      expiringSoon: 2,
      candidates: 1,
    });
  });

  it('the same tenant gives the same report, row ids included', async () => {
    assert.deepEqual(await reportOf(), report);
  });

  it('a refused identity list is a gap: trust and the subject checks are skipped, not guessed', async () => {
    // Throttled on every try: Graph's own 429, until the retry policy gives up.
    sandbox().control.failNext(graphRetryPolicy.maxRetries + 1, 'throttle', '/v1.0/servicePrincipals', 0);
    const partial = await reportOf();
    assert.deepEqual(partial.gaps.map((g) => g.part), ['identities']);
    assert.match(partial.gaps[0].message, /^Managed identities could not be listed: .*throttl/i);
    assert.deepEqual(partial.trust, []);
    assert.ok(!partial.neverWorks.some((r) => r.kind === 'subject-is-client-id' || r.kind === 'dangling-subject'));
    assert.deepEqual(partial.neverWorks.map((r) => r.kind), ['audience-not-official', 'issuer-trailing-slash', 'flexible-unsupported-issuer', 'issuer-other-tenant', 'issuer-trailing-slash', 'issuer-v1', 'issuer-whitespace']);
  });

  it('rejects with Graph\'s error when not even the first page of apps can be read', async () => {
    sandbox().control.denyGraph(home, 'read');
    try {
      await assert.rejects(reportOf(), (e: unknown) => e instanceof GraphError && e.status === 403);
    } finally {
      sandbox().control.denyGraph(home, false);
    }
  });

  // Last: it changes the tenant.
  it("an edit fix is one Graph takes: applied, the credential leaves the report", async () => {
    const row = report.neverWorks.find((r) => r.app.objectId === SEEDED_APPS.misconfigured.objectId && r.kind === 'issuer-trailing-slash');
    assert.ok(row?.fix?.action === 'edit');
    const token = await adminToken(sandbox());
    const patched = await graph(sandbox(), token, 'PATCH', `/applications/${row.app.objectId}/federatedIdentityCredentials/${row.credential.id}`, row.fix.changes);
    assert.equal(patched.status, 204, patched.text);
    const after = await reportOf();
    assert.ok(!after.neverWorks.some((r) => r.rowId === row.rowId), 'the row is gone');
    assert.equal(after.neverWorks.length, report.neverWorks.length - 1);
  });
});

describe('Federation report on a tenant of 250 apps', function () {
  this.timeout(60_000);
  const sandbox = useSandbox({ apps: 250, tokenFunction: false });
  let reportOf: ReportOf;

  before(async () => {
    ({ reportOf } = await reportsOn(sandbox(), sandbox().control.clock.now()));
  });

  it('reads 250 apps in 3 pages, the identities in 1 request and the subjects in 1', async () => {
    sandbox().control.clearRequests();
    const progress: ReportProgress[] = [];
    const report = await reportOf({ onProgress: (p) => progress.push(p) });
    assert.equal(report.summary.apps, 250);
    assert.deepEqual(report.gaps, []);
    const calls = graphRequests(sandbox());
    const listed = calls.map((r) => `${r.method} ${r.path}`).join(', ');
    const byPath = (re: RegExp) => calls.filter((r) => re.test(r.path)).length;
    assert.equal(byPath(/^\/v1\.0\/applications$/), 3, listed);
    assert.equal(byPath(/^\/v1\.0\/servicePrincipals$/), 1, listed);
    assert.equal(byPath(/^\/v1\.0\/directoryObjects\/getByIds$/), 1, listed);
    assert.equal(calls.length, 5, listed);
    assert.deepEqual(progress.filter((p) => p.stage === 'apps').map((p) => p.appsLoaded), [100, 200, 250]);
    assert.deepEqual([...new Set(progress.map((p) => p.stage))], ['apps', 'identities', 'subjects']);
  });

  it('calls a subject dangling only when the directory has no such object', async () => {
    const report = await reportOf();
    const dangling = report.neverWorks.filter((r) => r.kind === 'dangling-subject');
    assert.ok(dangling.length > 0, 'the generated apps trust subjects no object has');
    const token = await adminToken(sandbox());
    for (const row of [dangling[0], dangling[dangling.length - 1]]) {
      const r = await graph(sandbox(), token, 'GET', `/servicePrincipals/${row.credential.subject}`);
      assert.equal(r.status, 404, `${row.credential.subject} exists`);
      assert.deepEqual(row.fix, { action: 'delete', summary: 'Delete the credential: the identity it trusted is gone' });
    }
    const named = new Set(dangling.map((r) => r.credential.subject));
    for (const identity of [USER_ASSIGNED_MI.objectId, SYSTEM_ASSIGNED_MI.objectId]) assert.ok(!named.has(identity));
  });

  it('cancelled after the first page: a partial report of 100 apps that says it stopped', async () => {
    const controller = new AbortController();
    const report = await reportOf({
      signal: controller.signal,
      onProgress: (p) => {
        if (p.stage === 'apps') controller.abort();
      },
    });
    assert.equal(report.summary.apps, 100);
    const apps = report.gaps.find((g) => g.part === 'apps');
    assert.equal(apps?.message, 'Stopped after 100 apps: cancelled.');
    assert.ok(!report.neverWorks.some((r) => r.kind === 'dangling-subject'), 'a subject not checked is never called dangling');
  });
});
