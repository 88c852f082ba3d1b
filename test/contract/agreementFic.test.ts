// Agreement between two independent implementations of Graph's credential rules: the
// extension's prediction (validateFederatedCredential + predictedGraphRefusal, src/core) and the
// sandbox's Graph (src/sandbox/graph/ficRules.ts), which answers over HTTPS. More than 500
// candidates are generated deterministically — every field's edge values, unicode, whitespace,
// wrong JSON types, null subjects, 0/1/2 audiences, repeated names and issuer+subject pairs, the
// 21st credential, renames and other updates — and for each the prediction must be exactly the
// answer: accepted, or refused with the same status and error code. The prediction is made from
// the app's credentials as the sandbox lists them just before the write.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { FederatedIdentityCredential } from '@microsoft/microsoft-graph-types';
import { predictedGraphRefusal, validateFederatedCredential } from '../../src/core/credentials';
import type { RunningSandbox } from '../../src/sandbox';
import { adminToken, graph, graphBeta, type RawResponse, useSandbox } from './support/sandbox';

type Body = Record<string, unknown>;
type Version = 'v1.0' | 'beta';

interface Candidate {
  label: string;
  version: Version;
  /** create: POST; update: PATCH of `target` (by name); upsert: PATCH (name='…') with create-if-missing. */
  op: 'create' | 'update' | 'upsert';
  body: Body;
  target?: string;
}

interface Outcome {
  label: string;
  predicted: string;
  answered: string;
}

/** A small deterministic generator (mulberry32), so every run makes the same candidates. */
function generator(start: number) {
  let a = start >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const hex = (n: number) => Array.from({ length: n }, () => Math.floor(next() * 16).toString(16)).join('');
  return {
    next,
    pick: <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)],
    guid: () => `${hex(8)}-${hex(4)}-4${hex(3)}-a${hex(3)}-${hex(12)}`,
  };
}

const OFFICIAL = 'api://AzureADTokenExchange';
const pad = (prefix: string, length: number, fill = 'x') => prefix + fill.repeat(length - prefix.length);

describe('contract: the extension predicts what Graph answers to a credential (agreement, generated candidates)', () => {
  const sandbox = useSandbox({ tokenFunction: false });
  const rnd = generator(20250508);
  let s: RunningSandbox;
  let token = '';
  let issuer = '';
  let serial = 0;
  const outcomes: Outcome[] = [];
  const uniqueName = () => `c${++serial}-credential`;

  before(async () => {
    s = sandbox();
    token = await adminToken(s);
    issuer = `${s.authority}/${s.tenants.home}/v2.0`;
  });

  const send = (version: Version, method: string, path: string, body?: unknown, headers?: Record<string, string>) =>
    (version === 'beta' ? graphBeta : graph)(s, token, method, path, body, headers);

  async function newApp(label: string): Promise<string> {
    const r = await graph(s, token, 'POST', '/applications', { displayName: `Agreement ${label}` });
    assert.equal(r.status, 201, r.text);
    return r.json().id as string;
  }

  /** The app's credentials as Graph lists them (/beta: with expressions). */
  async function listed(appId: string): Promise<FederatedIdentityCredential[]> {
    const r = await graphBeta(s, token, 'GET', `/applications/${appId}/federatedIdentityCredentials`);
    assert.equal(r.status, 200, r.text);
    return r.json().value as FederatedIdentityCredential[];
  }

  const answerOf = (r: RawResponse) => (r.status < 300 ? `${r.status}` : `${r.status} ${String(r.json().error?.code)}`);

  /** Predicts, sends, and records both; returns the answer's status. */
  async function check(appId: string, c: Candidate): Promise<number> {
    const existing = await listed(appId);
    const base = `/applications/${appId}/federatedIdentityCredentials`;
    let predicted: string;
    let r: RawResponse;
    if (c.op === 'update') {
      const current = existing.find((f) => f.name === c.target);
      assert.ok(current, `update target ${c.target} exists`);
      const refusal = predictedGraphRefusal(validateFederatedCredential({ ...current, ...c.body }, existing, { updating: current.name ?? undefined }));
      predicted = refusal ? `${refusal.status} ${refusal.code}` : '204';
      r = await send(c.version, 'PATCH', `${base}/${encodeURIComponent(c.target!)}`, c.body);
    } else if (c.op === 'upsert') {
      const refusal = predictedGraphRefusal(validateFederatedCredential({ ...c.body, name: c.target }, existing));
      predicted = refusal ? `${refusal.status} ${refusal.code}` : '201';
      r = await send(c.version, 'PATCH', `${base}(name='${c.target}')`, c.body, { prefer: 'create-if-missing' });
    } else {
      const refusal = predictedGraphRefusal(validateFederatedCredential(c.body, existing));
      predicted = refusal ? `${refusal.status} ${refusal.code}` : '201';
      r = await send(c.version, 'POST', base, c.body);
    }
    outcomes.push({ label: `${c.version} ${c.op} ${c.label}`, predicted, answered: answerOf(r) });
    return r.status;
  }

  /** Runs candidates on apps of their own, a new app whenever the current one fills up. */
  async function runOnPool(group: string, candidates: Candidate[]): Promise<void> {
    let appId = await newApp(group);
    let held = 0;
    for (const c of candidates) {
      if (held >= 15) {
        appId = await newApp(group);
        held = 0;
      }
      if ((await check(appId, c)) === 201) held++;
    }
  }

  function assertAgreement(from: number, minimum: number): void {
    const mine = outcomes.slice(from);
    assert.ok(mine.length >= minimum, `${mine.length} candidates, expected at least ${minimum}`);
    const disagreements = mine.filter((o) => o.predicted !== o.answered);
    assert.deepEqual(
      disagreements.slice(0, 15).map((o) => `${o.label}: predicted ${o.predicted}, Graph answered ${o.answered}`),
      [],
      `${disagreements.length} of ${mine.length} disagree`,
    );
  }

  const validBody = (overrides: Body = {}): Body => ({ name: uniqueName(), issuer, subject: rnd.guid(), audiences: [OFFICIAL], ...overrides });

  // Each field's values: valid, edge, unicode, whitespace, wrong type. `undefined` leaves it out.
  const names: unknown[] = [
    'abc', 'A1b', '0-_', '9zz', 'x'.repeat(120), pad('y', 120, '-'), 'Name_With-Mixed_123', 'ab', 'x'.repeat(2), 'x'.repeat(121), pad('z', 121, '_'),
    '', ' abc', 'abc ', ' abc ', '   ', '_abc', '-abc', 'ab c', 'abc!', 'abc.def', 'abc/def', 'nämé-x', '名前です', 'abc\n', 'abc\t',
    'emoji😀x', 'ＡＢＣ', 'abc\u200b', 'ABC', null, undefined, 42, ['abc'],
  ];
  const issuers = (): unknown[] => [
    issuer, `${issuer}/`, `https://sts.windows.net/${s.tenants.home}/`, 'https://token.actions.githubusercontent.com', 'https://例え.テスト/issuer',
    pad('https://example.com/', 600), pad('https://example.com/', 601), '', '   ', ` ${issuer} `, `${issuer}\n`, null, undefined, 42, [issuer],
  ];
  const subjects = (): unknown[] => [
    rnd.guid(), rnd.guid().toUpperCase(), 'repo:contoso/app:environment:prod', pad('s', 600), pad('s', 601), 'é'.repeat(600), '', '  ', null,
    undefined, ` ${rnd.guid()} `, 'sübject-ünicode', 7, {},
  ];
  const audiences: unknown[] = [
    [OFFICIAL], [], [OFFICIAL, 'api://other'], [OFFICIAL, OFFICIAL], [''], ['  '], [pad('api://', 600)], [pad('api://', 601)],
    ['api://AzureADTokenExchnage'], ['fb60f99c-7a34-4190-8149-302f77469936'], [`${OFFICIAL}/.default`], null, undefined, OFFICIAL, [1], ['ünïcode'],
  ];
  const descriptions: unknown[] = [undefined, null, '', 'x'.repeat(600), 'x'.repeat(601), 'ünïcödé 説明', ' padded ', 5];

  function oneFieldVariations(version: Version): Candidate[] {
    const out: Candidate[] = [];
    const vary = (field: string, values: unknown[]) => {
      values.forEach((v, i) => {
        const body = validBody();
        if (v === undefined) delete body[field];
        else body[field] = v;
        out.push({ label: `${field} #${i} ${JSON.stringify(v)?.slice(0, 40)}`, version, op: 'create', body });
      });
    };
    vary('name', names);
    vary('issuer', issuers());
    vary('subject', subjects());
    vary('audiences', audiences);
    vary('description', descriptions);
    return out;
  }

  it('one field at a time, under v1.0 and /beta: every edge value of name, issuer, subject, audiences, description', async () => {
    const from = outcomes.length;
    await runOnPool('fields v1.0', oneFieldVariations('v1.0'));
    await runOnPool('fields beta', oneFieldVariations('beta'));
    assertAgreement(from, 150);
  });

  it('flexible credentials (/beta): expressions valid and not, with and without a subject', async () => {
    const from = outcomes.length;
    const expressions: unknown[] = [
      { value: "claims['sub'] matches 'repo:contoso/*'", languageVersion: 1 }, { value: '', languageVersion: 1 }, { value: '   ', languageVersion: 1 },
      { value: "claims['sub'] eq 'x'", languageVersion: 2 }, { value: pad("claims['sub'] eq '", 600), languageVersion: 1 },
      { value: pad("claims['sub'] eq '", 601), languageVersion: 1 }, { value: 5, languageVersion: 1 }, { languageVersion: 1 }, 'claims', [], null,
    ];
    const candidates: Candidate[] = [];
    expressions.forEach((e, i) => {
      for (const subject of [null, '', 'repo:contoso/app:ref:refs/heads/main', undefined]) {
        const body = validBody({ issuer: 'https://token.actions.githubusercontent.com', claimsMatchingExpression: e });
        if (subject === undefined) delete body.subject;
        else body.subject = subject;
        candidates.push({ label: `expression #${i} subject ${JSON.stringify(subject)}`, version: 'beta', op: 'create', body });
      }
    });
    await runOnPool('flexible', candidates);
    assertAgreement(from, 40);
  });

  it('flexible credentials (/beta) on each kind of issuer: only GitHub, GitLab and Terraform Cloud take them', async () => {
    const from = outcomes.length;
    const issuers = [
      'https://token.actions.githubusercontent.com', 'https://token.actions.githubusercontent.com/contoso-enterprise', 'https://gitlab.com', 'https://app.terraform.io',
      `https://login.microsoftonline.com/${sandbox().tenants.home}/v2.0`, `${sandbox().authority}/${sandbox().tenants.home}/v2.0`, 'https://oidc.eks.westeurope.amazonaws.com/id/ABC', 'https://gitlab.contoso.com',
    ];
    const candidates: Candidate[] = issuers.map((issuer, i) => {
      const body = validBody({ issuer, claimsMatchingExpression: { value: "claims['sub'] matches 'repo:contoso/*'", languageVersion: 1 } });
      delete body.subject;
      return { label: `flexible on issuer #${i} ${issuer}`, version: 'beta', op: 'create', body };
    });
    await runOnPool('flexible issuers', candidates);
    assertAgreement(from, issuers.length);
  });

  it('random combinations of the field values (deterministic), under v1.0 and /beta', async () => {
    const from = outcomes.length;
    const candidates: Candidate[] = [];
    for (let i = 0; i < 300; i++) {
      const body: Body = {};
      const field = (key: string, values: unknown[], valid: unknown) => {
        const v = rnd.next() < 0.6 ? valid : rnd.pick(values);
        if (v !== undefined) body[key] = v;
      };
      field('name', names, uniqueName());
      field('issuer', issuers(), issuer);
      field('subject', subjects(), rnd.guid());
      field('audiences', audiences, [OFFICIAL]);
      field('description', descriptions, undefined);
      candidates.push({ label: `combination #${i} ${JSON.stringify(body).slice(0, 80)}`, version: i % 2 ? 'beta' : 'v1.0', op: 'create', body });
    }
    await runOnPool('combinations', candidates);
    assertAgreement(from, 300);
  });

  it('repeated names (any case) and repeated issuer+subject pairs, alone and with other faults', async () => {
    const from = outcomes.length;
    for (const version of ['v1.0', 'beta'] as const) {
      const appId = await newApp(`duplicates ${version}`);
      const subject = rnd.guid();
      await check(appId, { label: 'the original', version, op: 'create', body: { name: 'dup-base', issuer, subject, audiences: [OFFICIAL] } });
      const variants: [string, Body][] = [
        ['same name', { name: 'dup-base', issuer, subject: rnd.guid(), audiences: [OFFICIAL] }],
        ['same name, other case', { name: 'DUP-Base', issuer, subject: rnd.guid(), audiences: [OFFICIAL] }],
        ['same name and pair', { name: 'dup-base', issuer, subject, audiences: [OFFICIAL] }],
        ['same name, two audiences', { name: 'dup-base', issuer, subject: rnd.guid(), audiences: [OFFICIAL, OFFICIAL] }],
        ['same name, subject missing', { name: 'dup-base', issuer, audiences: [OFFICIAL] }],
        ['same pair', { name: uniqueName(), issuer, subject, audiences: [OFFICIAL] }],
        ['same pair, other audience', { name: uniqueName(), issuer, subject, audiences: ['api://other'] }],
        ['same pair, bad name', { name: 'bad name', issuer, subject, audiences: [OFFICIAL] }],
        ['same pair, description too long', { name: uniqueName(), issuer, subject, audiences: [OFFICIAL], description: 'd'.repeat(601) }],
        ['subject in other case (matching is exact)', { name: uniqueName(), issuer, subject: subject.toUpperCase(), audiences: [OFFICIAL] }],
        ['issuer with a trailing slash', { name: uniqueName(), issuer: `${issuer}/`, subject, audiences: [OFFICIAL] }],
        ['subject with a space', { name: uniqueName(), issuer, subject: ` ${subject}`, audiences: [OFFICIAL] }],
      ];
      for (const [label, body] of variants) await check(appId, { label, version, op: 'create', body });
      // Two flexible credentials with one issuer: no subject, so no pair to repeat.
      for (const n of [1, 2]) {
        await check(appId, {
          label: `flexible ${n}`, version: 'beta', op: 'create',
          body: { name: uniqueName(), issuer: 'https://token.actions.githubusercontent.com', subject: null, audiences: [OFFICIAL], claimsMatchingExpression: { value: `claims['sub'] eq 'r${n}'`, languageVersion: 1 } },
        });
      }
    }
    assertAgreement(from, 28);
  });

  it('the 21st credential, with and without other faults; an update and an upsert on a full app', async () => {
    const from = outcomes.length;
    const appId = await newApp('full');
    for (let i = 1; i <= 20; i++) await check(appId, { label: `credential ${i} of 20`, version: 'v1.0', op: 'create', body: validBody({ name: `full-${i}` }) });
    const full = await listed(appId);
    assert.equal(full.length, 20);
    const variants: [string, Body][] = [
      ['valid', validBody()],
      ['bad name', validBody({ name: 'no good' })],
      ['name too short', validBody({ name: 'ab' })],
      ['repeated name', validBody({ name: 'full-3' })],
      ['repeated pair', validBody({ subject: full[4].subject, issuer: full[4].issuer })],
      ['two audiences', validBody({ audiences: [OFFICIAL, 'api://other'] })],
      ['no subject', validBody({ subject: null })],
      ['issuer too long', validBody({ issuer: pad('https://example.com/', 601) })],
      ['issuer is a number', validBody({ issuer: 1 })],
    ];
    for (const version of ['v1.0', 'beta'] as const) {
      for (const [label, body] of variants) await check(appId, { label: `21st: ${label}`, version, op: 'create', body });
      await check(appId, { label: 'upsert of a 21st', version, op: 'upsert', target: uniqueName(), body: { issuer, subject: rnd.guid(), audiences: [OFFICIAL] } });
      await check(appId, { label: 'update in a full app', version, op: 'update', target: 'full-7', body: { description: `edited under ${version}` } });
    }
    assertAgreement(from, 40);
  });

  it('updates: renames refused (the name is immutable), every field edge value by PATCH, upserts by name', async () => {
    const from = outcomes.length;
    for (const version of ['v1.0', 'beta'] as const) {
      const appId = await newApp(`updates ${version}`);
      const other = validBody({ name: 'other-one' });
      await check(appId, { label: 'a neighbour', version, op: 'create', body: other });
      await check(appId, { label: 'the target', version, op: 'create', body: validBody({ name: 'target-one' }) });
      const update = (label: string, body: Body) => check(appId, { label, version, op: 'update', target: 'target-one', body });
      for (const name of ['renamed-one', 'TARGET-one', 'target-one', 'other-one', 'ab', 42, null]) await update(`name → ${JSON.stringify(name)}`, { name });
      await update('the neighbour\'s pair', { issuer: other.issuer, subject: other.subject });
      for (const [field, values] of [['issuer', issuers()], ['subject', subjects()], ['audiences', audiences], ['description', descriptions]] as const) {
        for (const v of values) if (v !== undefined) await update(`${field} → ${JSON.stringify(v).slice(0, 40)}`, { [field]: v });
        // Back to a valid state for the next field.
        await update('reset', { issuer, subject: rnd.guid(), audiences: [OFFICIAL], description: null });
      }
      for (const [label, body] of [
        ['valid', { issuer, subject: rnd.guid(), audiences: [OFFICIAL] }],
        ['two audiences', { issuer, subject: rnd.guid(), audiences: [OFFICIAL, OFFICIAL] }],
        ['no issuer', { subject: rnd.guid(), audiences: [OFFICIAL] }],
        ['the neighbour\'s pair', { issuer: other.issuer, subject: other.subject, audiences: [OFFICIAL] }],
      ] as [string, Body][]) {
        await check(appId, { label: `upsert ${label}`, version, op: 'upsert', target: uniqueName(), body });
      }
      await check(appId, { label: 'upsert with a short name', version, op: 'upsert', target: 'ab', body: { issuer, subject: rnd.guid(), audiences: [OFFICIAL] } });
    }
    assertAgreement(from, 100);
  });

  it("the sandbox imports none of the extension's rules (src/core/credentials*, src/core/doctor*), or agreement proves nothing", () => {
    const root = path.join(__dirname, '..', '..', '..');
    const sandboxDir = path.join(root, 'src', 'sandbox');
    const forbidden = /^src\/core\/(credentials|doctor)[^/]*$/;
    const offenders: string[] = [];
    const walk = (dir: string): string[] => fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
      e.isDirectory() ? walk(path.join(dir, e.name)) : e.name.endsWith('.ts') ? [path.join(dir, e.name)] : []);
    const files = walk(sandboxDir);
    assert.ok(files.length > 20, `${files.length} sandbox sources found under ${sandboxDir}`);
    for (const file of files) {
      const text = fs.readFileSync(file, 'utf8');
      for (const m of text.matchAll(/(?:from\s+|import\s*\(\s*|require\s*\(\s*)['"]([^'"]+)['"]/g)) {
        if (!m[1].startsWith('.')) continue;
        const target = path.relative(root, path.resolve(path.dirname(file), m[1])).split(path.sep).join('/');
        if (forbidden.test(target)) offenders.push(`${path.relative(root, file)} → ${m[1]}`);
      }
    }
    assert.deepEqual(offenders, []);
  });

  it('over 500 candidates in all, covering acceptance and each of Graph\'s refusals', () => {
    assert.ok(outcomes.length >= 500, `${outcomes.length} candidates`);
    const seen = new Map<string, number>();
    for (const o of outcomes) seen.set(o.answered, (seen.get(o.answered) ?? 0) + 1);
    for (const answer of ['201', '204', '400 Request_BadRequest', '400 InvalidFederatedIdentityCredentialValue', '409 Request_MultipleObjectsWithSameKeyValue']) {
      assert.ok((seen.get(answer) ?? 0) >= 5, `${answer}: ${seen.get(answer) ?? 0} times (${JSON.stringify([...seen])})`);
    }
    assert.equal(outcomes.filter((o) => o.predicted !== o.answered).length, 0);
  });
});
