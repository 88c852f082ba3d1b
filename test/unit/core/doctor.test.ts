import assert from 'node:assert/strict';
import type { FederatedIdentityCredential } from '@microsoft/microsoft-graph-types';
import { type Diagnosis, type FindingCode, diagnose } from '../../../src/core/doctor';
import { AUDIENCE, ISSUER, MI_CLIENT_ID, MI_OBJECT_ID, NOW, NOW_S, OTHER_MI_OBJECT_ID, OTHER_TENANT, TENANT, b64url, goodFic, makeJwt, miPayload } from './tokens';

type Fic = FederatedIdentityCredential;
const fic = (o?: Record<string, unknown>) => goodFic(o) as Fic;
const GUID_AUDIENCE = 'fb60f99c-7a34-4190-8149-302f77469936';
const identities = [
  { id: MI_OBJECT_ID, appId: MI_CLIENT_ID, displayName: 'contoso-sync-mi' },
  { id: OTHER_MI_OBJECT_ID, appId: 'aaaaaaaa-0000-4000-8000-000000000001', displayName: 'func-system-mi' },
];

function run(credentials: Fic[], payload: Record<string, unknown> | string = miPayload(), extra?: Partial<Parameters<typeof diagnose>[0]>): Diagnosis {
  return diagnose({ assertion: payload, credentials, now: NOW, ...extra });
}

function codesOf(d: Diagnosis): FindingCode[] {
  return d.findings.map((f) => f.code);
}

function finding(d: Diagnosis, code: FindingCode) {
  const f = d.findings.find((x) => x.code === code);
  assert.ok(f, `no ${code} in ${JSON.stringify(d.findings, null, 1)}`);
  return f;
}

describe('doctor: matches exactly when Entra would', function () {
  // RSA key generation and timing loops take seconds on a busy machine.
  this.timeout(30_000);
  it('matches a correct credential given the raw signed token', () => {
    const d = run([fic({ name: 'unrelated', issuer: 'https://token.actions.githubusercontent.com', subject: 'repo:a/b:ref:refs/heads/main' }), fic()], makeJwt(miPayload()));
    assert.equal(d.matched, 'contoso-sync-mi');
    assert.deepEqual(codesOf(d), ['matched']);
    assert.equal(d.findings[0].severity, 'info');
  });

  it('matches given the decoded payload', () => {
    assert.equal(run([fic()]).matched, 'contoso-sync-mi');
  });

  it('does not match when any field differs, even slightly', () => {
    for (const o of [{ issuer: `${ISSUER}/` }, { subject: MI_OBJECT_ID.toUpperCase() }, { audiences: ['api://AzureADTokenExchange '] }, { subject: ` ${MI_OBJECT_ID}` }]) {
      assert.equal(run([fic(o)]).matched, undefined, JSON.stringify(o));
    }
  });

  it('accepts an array aud containing the audience', () => {
    assert.equal(run([fic()], miPayload({ aud: ['other', AUDIENCE] })).matched, 'contoso-sync-mi');
  });
});

describe('doctor: findings', function () {
  // RSA key generation and timing loops take seconds on a busy machine.
  this.timeout(30_000);
  it('no-credentials says what to add', () => {
    const d = run([]);
    assert.deepEqual(codesOf(d), ['no-credentials']);
    assert.ok(d.findings[0].message.includes(ISSUER) && d.findings[0].message.includes(MI_OBJECT_ID) && d.findings[0].message.includes(AUDIENCE));
  });

  it('no-credentials proposes the URI form when the token carries the GUID audience', () => {
    assert.ok(run([], miPayload({ aud: GUID_AUDIENCE })).findings[0].message.includes(`audience ${AUDIENCE}`));
  });

  it('issuer-trailing-slash names the credential and the fix', () => {
    const f = finding(run([fic({ name: 'slash', issuer: `${ISSUER}/` })]), 'issuer-trailing-slash');
    assert.equal(f.credential, 'slash');
    assert.equal(f.field, 'issuer');
    assert.equal(f.severity, 'error');
    assert.match(f.message, /Credential "slash"/);
    assert.match(f.message, /Remove the trailing slash/);
  });

  it('issuer-v1-token: a v1 token never matches a v2 issuer', () => {
    const d = run([fic()], miPayload({ iss: `https://sts.windows.net/${TENANT}/`, ver: '1.0' }));
    const f = finding(d, 'issuer-v1-token');
    assert.match(f.message, /v1 token/);
    assert.match(f.message, /requestedAccessTokenVersion to 2/);
    assert.equal(d.matched, undefined);
  });

  it('a v1 credential issuer against a v2 token is an issuer-mismatch with the fix', () => {
    const f = finding(run([fic({ issuer: `https://sts.windows.net/${TENANT}/` })]), 'issuer-mismatch');
    assert.match(f.message, /v1 form/);
    assert.ok(f.message.includes(`Set the issuer to ${ISSUER}`));
  });

  it('issuer-other-tenant', () => {
    const f = finding(run([fic({ issuer: `https://login.microsoftonline.com/${OTHER_TENANT}/v2.0` })]), 'issuer-other-tenant');
    assert.ok(f.message.includes(OTHER_TENANT) && f.message.includes(TENANT));
  });

  it('issuer-mismatch for a different issuer, a typo, or a case difference', () => {
    assert.match(finding(run([fic({ issuer: `https://login.microsoftonline.com/${TENANT}/v2.1` })]), 'issuer-mismatch').message, /mistyped/);
    assert.match(finding(run([fic({ issuer: ISSUER.replace('login', 'LOGIN') })]), 'issuer-mismatch').message, /only in case/);
    const d = run([fic({ issuer: 'https://issuer.example.com' })]);
    assert.match(finding(d, 'issuer-mismatch').message, /differs from the token's issuer/);
  });

  it('cross-cloud: a US Government token against a public credential', () => {
    const d = run([fic()], miPayload({ iss: `https://login.microsoftonline.us/${TENANT}/v2.0`, aud: 'api://AzureADTokenExchangeUSGov' }));
    const codes = codesOf(d);
    assert.ok(codes.includes('cross-cloud'));
    assert.match(finding(d, 'cross-cloud').message, /not supported/);
    assert.equal(d.matched, undefined);
  });

  it('cross-cloud on the audience alone', () => {
    const d = run([fic({ audiences: ['api://AzureADTokenExchangeChina'] })]);
    assert.equal(finding(d, 'cross-cloud').field, 'audience');
  });

  it('subject-mismatch, naming another known identity', () => {
    const d = run([fic({ subject: OTHER_MI_OBJECT_ID })], miPayload(), { managedIdentities: identities });
    assert.match(finding(d, 'subject-mismatch').message, /func-system-mi/);
    const plain = run([fic({ subject: '12345678-1234-4234-8234-123456789012' })]);
    assert.ok(finding(plain, 'subject-mismatch').message.includes(`Set the subject to ${MI_OBJECT_ID}`));
  });

  it('subject-case: matching is case-sensitive', () => {
    const f = finding(run([fic({ subject: MI_OBJECT_ID.toUpperCase() })]), 'subject-case');
    assert.match(f.message, /case-sensitive/);
  });

  it('subject-is-client-id, from the token azp or from the known identities', () => {
    assert.equal(finding(run([fic({ subject: MI_CLIENT_ID })]), 'subject-is-client-id').field, 'subject');
    const noAzp = miPayload({ azp: undefined });
    assert.equal(run([fic({ subject: MI_CLIENT_ID })], noAzp).findings[0].code, 'subject-mismatch');
    assert.equal(run([fic({ subject: MI_CLIENT_ID })], noAzp, { managedIdentities: identities }).findings[0].code, 'subject-is-client-id');
  });

  it('audience-mismatch: typo, scope suffix, case, unrelated', () => {
    assert.match(finding(run([fic({ audiences: ['api://AzureADTokenExchnage'] })]), 'audience-mismatch').message, /mistyped/);
    assert.match(finding(run([fic({ audiences: [`${AUDIENCE}/.default`] })]), 'audience-mismatch').message, /\/\.default/);
    assert.match(finding(run([fic({ audiences: ['api://azureadtokenexchange'] })]), 'audience-mismatch').message, /only in case/);
    const f = finding(run([fic({ audiences: ['api://something-else-entirely'] })]), 'audience-mismatch');
    assert.ok(f.message.includes(`Set the audience to ${AUDIENCE}`));
  });

  it('audience-mismatch when the token was requested for another audience: says which scope to request', () => {
    const f = finding(run([fic()], miPayload({ aud: 'https://management.azure.com' })), 'audience-mismatch');
    assert.ok(f.message.includes(`${AUDIENCE}/.default`));
  });

  it('audience typo is recognised when the token carries the GUID form', () => {
    const d = run([fic({ audiences: ['api://AzureADTokenExchnage'] })], miPayload({ aud: GUID_AUDIENCE }));
    assert.match(finding(d, 'audience-mismatch').message, /mistyped/);
  });

  it('audience-guid-form: the GUID aud matches the URI credential (info)', () => {
    const d = run([fic()], miPayload({ aud: GUID_AUDIENCE }));
    assert.equal(d.matched, 'contoso-sync-mi');
    const f = finding(d, 'audience-guid-form');
    assert.equal(f.severity, 'info');
  });

  it('audience-guid-form: a credential storing the GUID is a warning (store the URI)', () => {
    const d = run([fic({ audiences: [GUID_AUDIENCE] })]);
    assert.equal(d.matched, 'contoso-sync-mi');
    assert.equal(finding(d, 'audience-guid-form').severity, 'warning');
  });

  it('federation-app pattern: matches, with an audience-not-official warning', () => {
    const fedUri = 'api://9b5c7d3e-1f2a-4b6c-8d9e-0a1b2c3d4e5f';
    const d = run([fic({ audiences: [fedUri] })], miPayload({ aud: fedUri }));
    assert.equal(d.matched, 'contoso-sync-mi');
    assert.equal(finding(d, 'audience-not-official').severity, 'warning');
    const v2 = run([fic({ audiences: [fedUri] })], miPayload({ aud: fedUri.slice(6) }));
    assert.equal(v2.matched, 'contoso-sync-mi', 'a v2 token names the federation app by its app id');
  });

  it('whitespace in each field', () => {
    for (const [o, field] of [[{ issuer: ` ${ISSUER}` }, 'issuer'], [{ subject: `${MI_OBJECT_ID}\n` }, 'subject'], [{ audiences: [`${AUDIENCE} `] }, 'audience']] as const) {
      const f = finding(run([fic(o)]), 'whitespace');
      assert.equal(f.field, field);
    }
  });

  it('expired: no match, even though the credential is right', () => {
    const d = run([fic()], miPayload({ exp: NOW_S - 3 * 3600 }));
    assert.equal(d.matched, undefined);
    const f = finding(d, 'expired');
    assert.match(f.message, /expired 3 h ago/);
    assert.match(f.message, /Credential "contoso-sync-mi" itself matches/);
    assert.equal(f.credential, 'contoso-sync-mi');
  });

  it("expired only beyond Entra's 300 s clock-skew allowance", () => {
    assert.equal(run([fic()], miPayload({ exp: NOW_S - 299 })).matched, 'contoso-sync-mi', 'within the allowance');
    const d = run([fic()], miPayload({ exp: NOW_S - 300 }));
    assert.equal(d.matched, undefined);
    assert.deepEqual(d.verdict, { outcome: 'refused', code: 700024 });
    assert.equal(finding(d, 'expired').severity, 'error');
  });

  it("not-yet-valid only beyond the allowance", () => {
    assert.equal(run([fic()], miPayload({ nbf: NOW_S + 300 })).matched, 'contoso-sync-mi');
    assert.deepEqual(run([fic()], miPayload({ nbf: NOW_S + 301 })).verdict, { outcome: 'refused', code: 700024 });
  });

  it('not-yet-valid', () => {
    const d = run([fic()], miPayload({ nbf: NOW_S + 600 }));
    assert.equal(d.matched, undefined);
    assert.match(finding(d, 'not-yet-valid').message, /10 min/);
  });

  it('reports every near miss of the seeded broken app, each naming its credential', () => {
    const broken = [
      fic({ name: 'trailing-slash', issuer: `${ISSUER}/` }),
      fic({ name: 'client-id', subject: MI_CLIENT_ID }),
      fic({ name: 'audience-typo', audiences: ['api://AzureADTokenExchnage'] }),
      fic({ name: 'github', issuer: 'https://token.actions.githubusercontent.com', subject: 'repo:contoso/app:ref:refs/heads/main' }),
    ];
    const d = run(broken, makeJwt(miPayload()));
    assert.equal(d.matched, undefined);
    assert.deepEqual(
      d.findings.map((f) => [f.code, f.credential]),
      [['issuer-trailing-slash', 'trailing-slash'], ['subject-is-client-id', 'client-id'], ['audience-mismatch', 'audience-typo']],
    );
  });

  it('uses the closest credential when nothing is near', () => {
    const d = run([
      fic({ name: 'github', issuer: 'https://token.actions.githubusercontent.com', subject: 'repo:a/b:ref:refs/heads/main', audiences: ['api://x'] }),
      fic({ name: 'other-mi', subject: '12345678-1234-4234-8234-123456789012' }),
    ]);
    assert.deepEqual(d.findings.map((f) => [f.code, f.credential]), [['subject-mismatch', 'other-mi']]);
  });

  it('a flexible credential (subject null) does not crash and explains itself when closest', () => {
    const d = run([{ name: 'flex', issuer: ISSUER, subject: null, audiences: [AUDIENCE] } as unknown as Fic]);
    assert.match(finding(d, 'subject-mismatch').message, /claims matching expression/);
  });

  it('survives credentials with missing or wrong-typed fields', () => {
    const junk = [null, {}, { name: 5, issuer: 7, subject: [], audiences: 'x' }, { audiences: [null] }] as unknown as Fic[];
    const d = run([...junk, fic()]);
    assert.equal(d.matched, 'contoso-sync-mi');
    assert.doesNotThrow(() => run(junk));
    assert.doesNotThrow(() => diagnose({ assertion: miPayload(), credentials: undefined as unknown as Fic[] }));
  });
});

describe('doctor: malformed input gives a finding, never an exception', function () {
  // RSA key generation and timing loops take seconds on a busy machine.
  this.timeout(30_000);
  const cases: Array<[string, unknown]> = [
    ['empty', ''],
    ['two parts', `${b64url({ alg: 'RS256' })}.${b64url(miPayload())}`],
    ['bad base64url', `${b64url({ alg: 'RS256' })}.@@@.sig`],
    ['non-JSON', `${b64url({ alg: 'RS256' })}.${b64url('hello')}.sig`],
    ['1 MB', `${b64url({ alg: 'RS256' })}.${'A'.repeat(1024 * 1024)}.sig`],
    ['a number', 42],
    ['an array', [1]],
    ['null', null],
  ];
  for (const [label, assertion] of cases) {
    it(label, () => {
      const d = diagnose({ assertion: assertion as string, credentials: [fic()], now: NOW });
      assert.equal(d.matched, undefined);
      assert.deepEqual(codesOf(d), ['malformed-token']);
      assert.equal(d.findings[0].severity, 'error');
    });
  }

  it('alg none: decoded, but Entra would refuse it', () => {
    const d = run([fic()], makeJwt(miPayload(), { unsigned: true }));
    assert.equal(d.matched, undefined);
    const f = finding(d, 'unsigned-token');
    assert.match(f.message, /not signed/);
    assert.equal(f.credential, 'contoso-sync-mi');
  });

  it('missing-claim when iss, sub or aud is absent', () => {
    const d = run([fic()], miPayload({ sub: undefined, aud: 7 }));
    assert.deepEqual(codesOf(d), ['missing-claim']);
    assert.match(d.findings[0].message, /no sub, aud claims/);
  });
});
