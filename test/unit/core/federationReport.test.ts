import assert from 'node:assert/strict';
import type { FederatedIdentityCredential } from '@microsoft/microsoft-graph-types';
import { buildFederationReport } from '../../../src/core/federationReport';
import { MANY_TRUSTING_APPS, NEAR_CREDENTIAL_LIMIT, type ReportApp, type ReportIdentity, type ReportInput } from '../../../src/core/federationReportTypes';
import { subjectsToCheck } from '../../../src/services/graph/reportData';

const TENANT = 'a1111111-2222-4333-8444-55555555bbbb';
const OTHER_TENANT = 'c9999999-8888-4777-8666-55555555dddd';
const ISSUER = `https://login.microsoftonline.com/${TENANT}/v2.0`;
const AUDIENCE = 'api://AzureADTokenExchange';
const NOW = Date.parse('2026-12-01T12:00:00Z');
const DAY = 86_400_000;

const UAMI: ReportIdentity = { id: 'aaaaaaaa-0000-4000-8000-000000000001', appId: 'bbbbbbbb-0000-4000-8000-000000000001', displayName: 'id-worker', kind: 'userAssigned' };
const SAMI: ReportIdentity = { id: 'aaaaaaaa-0000-4000-8000-000000000002', appId: 'bbbbbbbb-0000-4000-8000-000000000002', displayName: 'func-worker', kind: 'systemAssigned' };
const GONE = 'cccccccc-0000-4000-8000-000000000009';

let counter = 0;
/** A credential as Graph lists it: `subject` may be null (a flexible one, seen through v1.0). */
function fic(name: string, fields: Partial<Omit<FederatedIdentityCredential, 'subject'>> & { subject?: string | null; claimsMatchingExpression?: unknown } = {}): FederatedIdentityCredential {
  return { id: `f-${name}-${++counter}`, name, issuer: ISSUER, subject: UAMI.id, audiences: [AUDIENCE], ...fields } as unknown as FederatedIdentityCredential;
}

function app(name: string, credentials: FederatedIdentityCredential[] = [], extra: Partial<ReportApp> = {}): ReportApp {
  const n = String(++counter).padStart(12, '0');
  return {
    id: `00000000-0000-4000-8000-${n}`,
    appId: `10000000-0000-4000-8000-${n}`,
    displayName: name,
    signInAudience: 'AzureADMultipleOrgs',
    federatedIdentityCredentials: credentials,
    passwordCredentials: [],
    keyCredentials: [],
    ...extra,
  };
}

function input(apps: ReportApp[], extra: Partial<ReportInput> = {}): ReportInput {
  return { tenantId: TENANT, apps, identities: [UAMI, SAMI], subjectExists: new Map(), now: NOW, gaps: [], ...extra };
}

const kinds = (apps: ReportApp[], extra?: Partial<ReportInput>) => buildFederationReport(input(apps, extra)).neverWorks.map((r) => `${r.credential.name}:${r.kind}`);

describe('federation report: credentials that can never work', () => {
  it('finds nothing in a correct managed-identity credential or a GitHub one', () => {
    assert.deepEqual(kinds([app('Good', [fic('mi'), fic('gh', { issuer: 'https://token.actions.githubusercontent.com', subject: 'repo:o/r:ref:refs/heads/main' })])]), []);
  });

  it('a trailing slash: fixed by the canonical issuer', () => {
    const [row] = buildFederationReport(input([app('A', [fic('slash', { issuer: `${ISSUER}/` })])])).neverWorks;
    assert.equal(row.kind, 'issuer-trailing-slash');
    assert.deepEqual(row.fix, { action: 'edit', changes: { issuer: ISSUER }, summary: `Remove the trailing slash: ${ISSUER}` });
  });

  it('whitespace in the issuer: fixed by removing it; the message shows it', () => {
    const rows = buildFederationReport(input([app('A', [fic('space', { issuer: ` ${ISSUER}\n` })])])).neverWorks;
    assert.deepEqual(rows.map((r) => r.kind), ['issuer-whitespace']);
    assert.deepEqual(rows[0].fix?.action === 'edit' && rows[0].fix.changes, { issuer: ISSUER });
    assert.match(rows[0].message, /\\n/);
  });

  it('whitespace and a trailing slash: two rows whose fixes both write the whole issuer', () => {
    const rows = buildFederationReport(input([app('A', [fic('both', { issuer: `${ISSUER}/ ` })])])).neverWorks;
    assert.deepEqual(rows.map((r) => [r.kind, r.fix?.action === 'edit' && r.fix.changes.issuer]), [['issuer-whitespace', ISSUER], ['issuer-trailing-slash', ISSUER]]);
    const other = buildFederationReport(input([app('B', [fic('gh', { issuer: ' https://token.actions.githubusercontent.com', subject: 'repo:o/r' })])])).neverWorks;
    assert.deepEqual(other.map((r) => r.fix?.action === 'edit' && r.fix.changes.issuer), ['https://token.actions.githubusercontent.com']);
  });

  it("a v1 issuer: fixed by the tenant's v2 issuer of the same cloud", () => {
    const [row] = buildFederationReport(input([app('A', [fic('v1', { issuer: `https://sts.windows.net/${TENANT}/` })])])).neverWorks;
    assert.equal(row.kind, 'issuer-v1');
    assert.deepEqual(row.fix?.action === 'edit' && row.fix.changes, { issuer: ISSUER });
    // sts.windows.net also issues US Government's v1 tokens (and the sandbox's): the signed-in cloud decides.
    const gov = buildFederationReport(input([app('A', [fic('v1', { issuer: `https://sts.windows.net/${TENANT}/` })])], { authority: 'https://login.microsoftonline.us/' })).neverWorks[0];
    assert.deepEqual(gov.fix?.action === 'edit' && gov.fix.changes, { issuer: `https://login.microsoftonline.us/${TENANT}/v2.0` });
  });

  it('an issuer of another tenant: no fix, and its subject is not asked about here', () => {
    const other = `https://login.microsoftonline.com/${OTHER_TENANT}/v2.0`;
    const rows = buildFederationReport(input([app('A', [fic('other', { issuer: other, subject: GONE })])], { subjectExists: new Map([[GONE, false]]) })).neverWorks;
    assert.deepEqual(rows.map((r) => r.kind), ['issuer-other-tenant']);
    assert.equal(rows[0].fix, undefined);
    assert.match(rows[0].message, /AADSTS700236/);
  });

  it("an identity's client id as subject: fixed by its object id, never also called dangling", () => {
    const rows = buildFederationReport(input([app('A', [fic('client', { subject: UAMI.appId })])], { subjectExists: new Map([[UAMI.appId, false]]) })).neverWorks;
    assert.deepEqual(rows.map((r) => r.kind), ['subject-is-client-id']);
    assert.deepEqual(rows[0].fix?.action === 'edit' && rows[0].fix.changes, { subject: UAMI.id });
  });

  it('a subject no object has: dangling, fixed by deleting; only when the directory said so', () => {
    const credential = fic('gone', { subject: GONE });
    assert.deepEqual(kinds([app('A', [credential])], { subjectExists: new Map([[GONE, false]]) }), ['gone:dangling-subject']);
    assert.deepEqual(kinds([app('A', [credential])], { subjectExists: new Map([[GONE, true]]) }), [], 'it exists');
    assert.deepEqual(kinds([app('A', [credential])]), [], 'not asked');
    const upper = fic('upper', { subject: GONE.toUpperCase() });
    assert.deepEqual(kinds([app('A', [upper])], { subjectExists: new Map([[GONE, false]]) }), ['upper:dangling-subject'], 'looked up in lower case');
    const [row] = buildFederationReport(input([app('A', [credential])], { subjectExists: new Map([[GONE, false]]) })).neverWorks;
    assert.deepEqual(row.fix, { action: 'delete', summary: 'Delete the credential: the identity it trusted is gone' });
  });

  it('without the identity list, neither the client-id nor the dangling check runs', () => {
    const gaps = [{ part: 'identities' as const, message: 'Managed identities could not be listed: 403.' }];
    const apps = [app('A', [fic('client', { subject: UAMI.appId }), fic('gone', { subject: GONE })])];
    assert.deepEqual(kinds(apps, { gaps, identities: [], subjectExists: new Map([[GONE, false], [UAMI.appId, false]]) }), []);
    const report = buildFederationReport(input(apps, { gaps, identities: [] }));
    assert.deepEqual(report.trust, []);
    assert.deepEqual(report.gaps, gaps);
  });

  it('an unofficial audience: fixed by the official one of the issuer\'s cloud; a federation app\'s URI is not one', () => {
    const federation = app('Federation', [], { identifierUris: ['api://10000000-0000-4000-8000-feedfeedfeed'] });
    const apps = [app('A', [fic('typo', { audiences: ['api://AzureADTokenExchnage'] }), fic('via-federation', { subject: SAMI.id, audiences: ['api://10000000-0000-4000-8000-feedfeedfeed'] })]), federation];
    const rows = buildFederationReport(input(apps)).neverWorks;
    assert.deepEqual(rows.map((r) => `${r.credential.name}:${r.kind}`), ['typo:audience-not-official']);
    assert.deepEqual(rows[0].fix?.action === 'edit' && rows[0].fix.changes, { audiences: [AUDIENCE] });
    const usgov = fic('gov', { issuer: `https://login.microsoftonline.us/${TENANT}/v2.0`, audiences: ['api://Exchange'] });
    const [gov] = buildFederationReport(input([app('G', [usgov])])).neverWorks;
    assert.deepEqual(gov.fix?.action === 'edit' && gov.fix.changes, { audiences: ['api://AzureADTokenExchangeUSGov'] });
  });

  it('in a report missing some apps, only a misspelt official audience is called unofficial', () => {
    const apps = [app('A', [fic('typo', { audiences: ['api://AzureADTokenExchnage'] }), fic('unknown-uri', { audiences: ['api://10000000-0000-4000-8000-0000000000aa'] })])];
    assert.deepEqual(kinds(apps), ['typo:audience-not-official', 'unknown-uri:audience-not-official']);
    const gaps = [{ part: 'apps' as const, message: 'Stopped after 100 apps: cancelled.' }];
    assert.deepEqual(kinds(apps, { gaps }), ['typo:audience-not-official'], 'the URI may be an app not read');
  });

  it('a flexible credential: fine on GitHub, GitLab and Terraform Cloud; never on an Entra issuer', () => {
    const expression = { value: "claims['sub'] matches 'repo:o/*'", languageVersion: 1 };
    const flexible = (name: string, issuer: string, subject: string | null = null) => fic(name, { issuer, subject, claimsMatchingExpression: expression });
    const apps = [app('F', [
      flexible('github', 'https://token.actions.githubusercontent.com'),
      flexible('github-enterprise', 'https://token.actions.githubusercontent.com/contoso'),
      flexible('gitlab', 'https://gitlab.com'),
      flexible('terraform', 'https://app.terraform.io'),
      flexible('entra', ISSUER),
      flexible('other', 'https://oidc.example.com'),
      // Graph v1.0 lists a flexible credential with subject null and no expression.
      fic('v1-listing', { issuer: ISSUER, subject: null }),
    ])];
    assert.deepEqual(kinds(apps), ['entra:flexible-unsupported-issuer', 'other:flexible-unsupported-issuer', 'v1-listing:flexible-unsupported-issuer']);
    const [row] = buildFederationReport(input(apps)).neverWorks;
    assert.equal(row.fix?.action, 'delete');
  });

  it('on the sandbox tenant (a loopback authority), the fix is the public audience', () => {
    const sandboxIssuer = `https://127.0.0.1:8443/${TENANT}/v2.0`;
    const [row] = buildFederationReport(input([app('S', [fic('typo', { issuer: sandboxIssuer, audiences: ['api://AzureADTokenExchnage'] })])])).neverWorks;
    assert.deepEqual(row.fix?.action === 'edit' && row.fix.changes, { audiences: [AUDIENCE] });
  });

  it("an identity's object id is never dangling, whatever a look-up said; a null expression is no flexible credential", () => {
    assert.deepEqual(kinds([app('A', [fic('sa', { subject: SAMI.id })])], { subjectExists: new Map([[SAMI.id, false]]) }), []);
    // Graph /beta lists `claimsMatchingExpression: null` on credentials that have a subject.
    assert.deepEqual(kinds([app('A', [fic('beta-listing', { claimsMatchingExpression: null })])]), []);
  });

  it('a flexible credential on a supported host but another path is not supported', () => {
    const expression = { value: "claims['sub'] matches 'x*'", languageVersion: 1 };
    const apps = [app('F', [
      fic('gitlab-path', { issuer: 'https://gitlab.com/group', subject: null, claimsMatchingExpression: expression }),
      fic('github-deep', { issuer: 'https://token.actions.githubusercontent.com/a/b', subject: null, claimsMatchingExpression: expression }),
    ])];
    assert.deepEqual(kinds(apps), ['github-deep:flexible-unsupported-issuer', 'gitlab-path:flexible-unsupported-issuer']);
    assert.equal(buildFederationReport(input(apps)).neverWorks[0].credential.subject, null);
  });

  it('a gap in the apps leaves the identity checks on; a gap in the identities leaves the audience check on', () => {
    const apps = [app('A', [fic('client', { subject: UAMI.appId }), fic('uri', { subject: SAMI.id, audiences: ['api://10000000-0000-4000-8000-0000000000aa'] })])];
    assert.deepEqual(kinds(apps, { gaps: [{ part: 'apps', message: 'Stopped after 100 apps: cancelled.' }] }), ['client:subject-is-client-id']);
    assert.deepEqual(kinds(apps, { gaps: [{ part: 'identities', message: 'Managed identities could not be listed.' }], identities: [] }), ['uri:audience-not-official']);
  });

  it('credentials without ids still get row ids of their own', () => {
    const noId = (name: string) => ({ ...fic(name, { issuer: `${ISSUER}/` }), id: undefined });
    const rows = buildFederationReport(input([app('A', [noId('one'), noId('two')])])).neverWorks;
    assert.equal(new Set(rows.map((r) => r.rowId)).size, 2);
  });

  it('a fix Graph would refuse (the issuer and subject of another credential) becomes a delete', () => {
    const rows = buildFederationReport(input([app('A', [
      fic('slash', { issuer: `${ISSUER}/` }),
      fic('typo', { audiences: ['api://AzureADTokenExchnage'] }),
      fic('client', { subject: UAMI.appId, audiences: ['api://x'] }),
    ])])).neverWorks;
    assert.deepEqual(rows.map((r) => [r.credential.name, r.kind, r.fix?.action, r.fix?.summary]), [
      ['client', 'subject-is-client-id', 'delete', 'Delete the credential: corrected, it would repeat the issuer and subject of "typo", which an app may hold once'],
      ['client', 'audience-not-official', 'edit', `Use the official audience ${AUDIENCE}`],
      ['slash', 'issuer-trailing-slash', 'delete', 'Delete the credential: corrected, it would repeat the issuer and subject of "typo", which an app may hold once'],
      ['typo', 'audience-not-official', 'edit', `Use the official audience ${AUDIENCE}`],
    ]);
  });

  it('one row per credential and kind, sorted by app name, then credential, then kind', () => {
    const apps = [
      app('Beta', [fic('z-slash', { issuer: `${ISSUER}/`, audiences: ['api://x'] }), fic('a-client', { subject: UAMI.appId })]),
      app('alpha', [fic('only', { issuer: `${ISSUER}/` })]),
    ];
    assert.deepEqual(kinds(apps), ['only:issuer-trailing-slash', 'a-client:subject-is-client-id', 'z-slash:issuer-trailing-slash', 'z-slash:audience-not-official']);
  });

  it('row ids are stable for the same input and unique', () => {
    const apps = [app('A', [fic('one', { issuer: `${ISSUER}/`, audiences: ['api://x'] }), fic('two', { subject: UAMI.appId })]), app('B', new Array(NEAR_CREDENTIAL_LIMIT).fill(0).map((_, i) => fic(`gh-${i}`, { issuer: 'https://token.actions.githubusercontent.com', subject: `s${i}` })), { passwordCredentials: [{ keyId: 'k' }] })];
    const first = buildFederationReport(input(apps));
    const again = buildFederationReport(input([...apps].reverse()));
    const ids = (r: typeof first) => [...r.neverWorks, ...r.trust, ...r.budget, ...r.secrets].map((row) => row.rowId);
    assert.deepEqual(ids(again), ids(first));
    assert.equal(new Set(ids(first)).size, ids(first).length);
  });
});

describe('federation report: trust, budget and secrets', () => {
  it('each identity with the credentials naming it on an issuer of this tenant; many from MANY_TRUSTING_APPS apps', () => {
    const apps: ReportApp[] = [];
    for (let i = 0; i < MANY_TRUSTING_APPS; i++) apps.push(app(`App ${i}`, [fic(`mi-${i}`)]));
    apps.push(app('Twice', [fic('sa-1', { subject: SAMI.id }), fic('sa-2', { subject: SAMI.id, audiences: ['api://x'] })]));
    apps.push(app('Elsewhere', [fic('other', { subject: SAMI.id, issuer: `https://login.microsoftonline.com/${OTHER_TENANT}/v2.0` })]));
    const report = buildFederationReport(input(apps));
    assert.deepEqual(report.trust.map((r) => [r.identity.displayName, r.apps.map((a) => `${a.displayName}/${a.credentialName}`), r.many]), [
      ['func-worker', ['Twice/sa-1', 'Twice/sa-2'], false],
      ['id-worker', ['App 0/mi-0', 'App 1/mi-1', 'App 2/mi-2'], true],
    ]);
    assert.equal(report.summary.identitiesTrustedByMany, 1);
    assert.equal(report.summary.trustedIdentities, 2);
  });

  it('an identity no app trusts is listed with no apps', () => {
    const report = buildFederationReport(input([app('A', [fic('mi')])]));
    assert.deepEqual(report.trust.map((r) => [r.identity.id, r.apps.length]), [[SAMI.id, 0], [UAMI.id, 1]]);
    assert.equal(report.summary.trustedIdentities, 1);
  });

  it('budget: apps from NEAR_CREDENTIAL_LIMIT credentials, with what remains of 20', () => {
    const many = (n: number) => new Array(n).fill(0).map((_, i) => fic(`c-${i}`, { issuer: 'https://token.actions.githubusercontent.com', subject: `s${i}` }));
    const report = buildFederationReport(input([app('Under', many(NEAR_CREDENTIAL_LIMIT - 1)), app('Near', many(NEAR_CREDENTIAL_LIMIT)), app('Full', many(20))]));
    assert.deepEqual(report.budget.map((r) => [r.app.displayName, r.credentials, r.remaining]), [['Full', 20, 0], ['Near', NEAR_CREDENTIAL_LIMIT, 20 - NEAR_CREDENTIAL_LIMIT]]);
    assert.equal(report.summary.nearLimit, 2);
  });

  it('secrets: counts, expired, expiring within 30 days, the soonest end of those still valid', () => {
    const at = (days: number) => new Date(NOW + days * DAY).toISOString();
    const a = app('Secrets', [], {
      passwordCredentials: [
        { keyId: '1', endDateTime: at(-1) },
        { keyId: '2', endDateTime: at(10) },
        { keyId: '3', endDateTime: at(30) },
        { keyId: '4', endDateTime: at(31) },
        { keyId: '5', endDateTime: null },
        { keyId: '6', endDateTime: at(0) },
      ],
      keyCredentials: [{ keyId: 'c1', type: 'AsymmetricX509Cert', endDateTime: at(5) }],
    });
    const [row] = buildFederationReport(input([a, app('None')])).secrets;
    assert.deepEqual(
      { secrets: row.secrets, certificates: row.certificates, expired: row.expired, expiringSoon: row.expiringSoon, soonestExpiry: row.soonestExpiry },
      { secrets: 6, certificates: 1, expired: 2, expiringSoon: 3, soonestExpiry: at(5) },
    );
    const report = buildFederationReport(input([a, a.id ? { ...a, id: `${a.id.slice(0, -1)}f` } : a]));
    assert.deepEqual([report.summary.expired, report.summary.expiringSoon], [4, 6], 'summed over the apps');
    assert.equal(row.candidate, false);
    assert.equal(row.hasManagedIdentityCredential, false);
  });

  it('a candidate has secrets and a managed-identity credential that can work as written', () => {
    const secret = { passwordCredentials: [{ keyId: 's', endDateTime: '2099-01-01T00:00:00Z' }] };
    const report = buildFederationReport(input([
      app('Ready', [fic('mi')], secret),
      app('Broken trust', [fic('slash', { issuer: `${ISSUER}/` })], secret),
      app('Capital subject', [fic('upper', { subject: UAMI.id.toUpperCase() })], secret),
      app('GitHub only', [fic('gh', { issuer: 'https://token.actions.githubusercontent.com', subject: 'repo:o/r' })], secret),
      app('Audience typo', [fic('typo', { audiences: ['api://AzureADTokenExchnage'] })], secret),
      app('Certificate only', [fic('mi')], { keyCredentials: [{ keyId: 'c', endDateTime: '2099-01-01T00:00:00Z' }] }),
    ]));
    assert.deepEqual(report.secrets.map((r) => [r.app.displayName, r.hasManagedIdentityCredential, r.candidate]), [
      ['Audience typo', false, false],
      ['Broken trust', false, false],
      ['Capital subject', false, false],
      ['Certificate only', true, true],
      ['GitHub only', false, false],
      ['Ready', true, true],
    ]);
    assert.equal(report.summary.candidates, 2);
    assert.equal(report.summary.appsWithSecrets, 6);
  });

  it('the summary counts apps, credentials, identities; gaps pass through; the time is the input\'s', () => {
    const gaps = [{ part: 'apps' as const, message: 'Stopped after 100 apps: cancelled.' }];
    const report = buildFederationReport(input([app('A', [fic('a'), fic('b', { subject: SAMI.id })]), app('B')], { gaps, tenantName: 'Contoso' }));
    assert.equal(report.summary.apps, 2);
    assert.equal(report.summary.credentials, 2);
    assert.equal(report.summary.identities, 2);
    assert.deepEqual(report.gaps, gaps);
    assert.equal(report.generatedAt, '2026-12-01T12:00:00.000Z');
    assert.equal(report.tenantName, 'Contoso');
  });
});

describe('federation report: the subjects the loader looks up', () => {
  it("asks only about GUID subjects of this tenant's Entra issuers that name no listed identity, once each, in lower case", () => {
    const apps = [
      app('A', [
        fic('gone', { subject: GONE.toUpperCase() }),
        fic('gone-again', { subject: GONE, audiences: ['api://x'] }),
        fic('identity', { subject: UAMI.id }),
        fic('client-id', { subject: UAMI.appId }),
        fic('other-tenant', { subject: 'dddddddd-0000-4000-8000-000000000001', issuer: `https://login.microsoftonline.com/${OTHER_TENANT}/v2.0` }),
        fic('github', { subject: 'eeeeeeee-0000-4000-8000-000000000001', issuer: 'https://token.actions.githubusercontent.com' }),
        fic('not-a-guid', { subject: 'system:serviceaccount:x' }),
        fic('flexible', { subject: null }),
      ]),
    ];
    assert.deepEqual(subjectsToCheck(apps, [UAMI, SAMI], { tenantId: TENANT }), [GONE]);
  });
});
