import assert from 'node:assert/strict';
import type { FederatedIdentityCredential } from '@microsoft/microsoft-graph-types';
import { buildFederationReport } from '../../../src/core/federationReport';
import type { FederationReport, ReportApp, ReportIdentity } from '../../../src/core/federationReportTypes';
import { CSV_COLUMNS, REPORT_JSON_FORMAT, exportReport, mdCell, reportFileName } from '../../../src/core/reportExport';

const TENANT = 'a1111111-2222-4333-8444-55555555bbbb';
const ISSUER = `https://login.microsoftonline.com/${TENANT}/v2.0`;
const MI: ReportIdentity = { id: 'aaaaaaaa-0000-4000-8000-000000000001', appId: 'bbbbbbbb-0000-4000-8000-000000000001', displayName: 'id, "worker" | one', kind: 'userAssigned' };
/** Trusted by no app: still one line of the trust table. */
const IDLE: ReportIdentity = { id: 'aaaaaaaa-0000-4000-8000-000000000002', appId: 'bbbbbbbb-0000-4000-8000-000000000002', displayName: 'func-idle', kind: 'systemAssigned' };
/** A display name with everything that breaks a naive export: comma, quote, line break, pipe, Markdown. */
const NASTY = 'Sync, "nightly" |\r\nline two *bold* <b>&amp;</b> \\';
const HINT = 'Xq7~';

function fic(name: string, fields: Partial<FederatedIdentityCredential>): FederatedIdentityCredential {
  return { id: `id-${name}`, name, issuer: ISSUER, subject: MI.id, audiences: ['api://AzureADTokenExchange'], ...fields };
}

function sampleReport(gaps: FederationReport['gaps'] = []): FederationReport {
  const apps: ReportApp[] = [
    {
      id: '00000000-0000-4000-8000-000000000001', appId: '10000000-0000-4000-8000-000000000001', displayName: NASTY, signInAudience: 'AzureADMultipleOrgs',
      federatedIdentityCredentials: [fic('slash', { issuer: `${ISSUER}/` }), fic('typo', { audiences: ['api://Exchange|"x",\ny'] }), fic('good', {})],
      passwordCredentials: [{ keyId: 'k1', displayName: 'ci, "secret"', hint: HINT, endDateTime: '2026-12-10T00:00:00Z' }],
      keyCredentials: [{ keyId: 'k2', type: 'AsymmetricX509Cert', endDateTime: '2026-01-01T00:00:00Z' }],
    },
    {
      id: '00000000-0000-4000-8000-000000000002', appId: '10000000-0000-4000-8000-000000000002', displayName: 'Many', signInAudience: 'AzureADMyOrg',
      federatedIdentityCredentials: new Array(17).fill(0).map((_, i) => fic(`gh-${i}`, { issuer: 'https://token.actions.githubusercontent.com', subject: `repo:o/r:${i}` })),
      passwordCredentials: [], keyCredentials: [],
    },
  ];
  return buildFederationReport({ tenantId: TENANT, tenantName: '(Contoso | Test)', apps, identities: [MI, IDLE], subjectExists: new Map(), now: Date.parse('2026-12-01T12:00:00Z'), gaps });
}

/** RFC 4180: CRLF records, fields quoted when they hold a comma, quote or line break, quotes doubled. */
function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c !== '"') field += c;
      else if (text[i + 1] === '"') {
        field += '"';
        i++;
      } else quoted = false;
    } else if (c === '"') {
      assert.equal(field, '', `a quote inside an unquoted field at ${i}`);
      quoted = true;
    } else if (c === ',') {
      record.push(field);
      field = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      record.push(field);
      records.push(record);
      record = [];
      field = '';
      i++;
    } else {
      assert.ok(c !== '\n' && c !== '\r', `a bare line break outside quotes at ${i}`);
      field += c;
    }
  }
  assert.equal(quoted, false, 'an unterminated quote');
  assert.ok(field === '' && record.length === 0, 'the last record must end with CRLF');
  return records;
}

/** Cells of a Markdown table row: split on pipes not escaped, then undo the escapes and <br>. */
function parseMdRow(line: string): string[] {
  assert.ok(line.startsWith('| ') && line.endsWith(' |'), line);
  const cells: string[] = [];
  let cell = '';
  const inner = line.slice(2, -2);
  for (let i = 0; i < inner.length; i++) {
    if (inner[i] === '\\') {
      cell += inner[i] + inner[i + 1];
      i++;
    } else if (inner.startsWith(' | ', i)) {
      cells.push(cell);
      cell = '';
      i += 2;
    } else cell += inner[i];
  }
  cells.push(cell);
  return cells.map((c) => c.replace(/<br>/g, '\n').replace(/\\(.)/g, '$1'));
}

describe('federation report exports', () => {
  const report = sampleReport();

  it('CSV: one header, one line per row (trust: per trusting credential), values back exactly', () => {
    const [header, ...records] = parseCsv(exportReport(report, 'csv'));
    assert.deepEqual(header, [...CSV_COLUMNS]);
    for (const r of records) assert.equal(r.length, CSV_COLUMNS.length);
    const rows = records.map((r) => Object.fromEntries(header.map((h, i) => [h, r[i]])));
    assert.deepEqual(rows.map((r) => r.category), ['neverWorks', 'neverWorks', 'trust', 'trust', 'trust', 'trust', 'budget', 'secrets']);
    assert.ok(exportReport(report, 'csv').split('\r\n')[1].startsWith('neverWorks,neverWorks/'), 'plain fields are not quoted');
    const typo = rows.find((r) => r.credential === 'typo' && r.category === 'neverWorks')!;
    assert.equal(typo.app, NASTY.replace(/\r\n/g, '\r\n'));
    assert.equal(typo.audience, 'api://Exchange|"x",\ny');
    assert.equal(typo.kind, 'audience-not-official');
    assert.equal(typo.identity, '', 'a column that does not apply is empty');
    assert.equal(typo.fix, 'Use the official audience api://AzureADTokenExchange');
    assert.equal(typo.rowId, report.neverWorks.find((r) => r.credential.name === 'typo')!.rowId);
    const trust = rows.filter((r) => r.category === 'trust');
    assert.deepEqual(trust.map((r) => [r.identity, r.credential, r.trustedByApps, r.many]), [
      [IDLE.displayName, '', '0', 'false'],
      [MI.displayName, 'good', '1', 'false'],
      [MI.displayName, 'slash', '1', 'false'],
      [MI.displayName, 'typo', '1', 'false'],
    ]);
    const budget = rows.find((r) => r.category === 'budget')!;
    assert.deepEqual([budget.app, budget.credentials, budget.remaining], ['Many', '17', '3']);
    const secrets = rows.find((r) => r.category === 'secrets')!;
    assert.deepEqual([secrets.secrets, secrets.certificates, secrets.expired, secrets.expiringSoon, secrets.soonestExpiry, secrets.candidate], ['1', '1', '1', '1', '2026-12-10T00:00:00.000Z', 'true']);
  });

  it('JSON: versioned, and the report itself', () => {
    const parsed = JSON.parse(exportReport(report, 'json')) as Record<string, unknown>;
    assert.equal(parsed.format, REPORT_JSON_FORMAT);
    assert.equal(parsed.version, 1);
    const { format: _format, version: _version, ...rest } = parsed;
    assert.deepEqual(rest, JSON.parse(JSON.stringify(report)));
    assert.equal((parsed.neverWorks as FederationReport['neverWorks'])[0].app.displayName, NASTY);
  });

  it('Markdown: a summary and one table per category; every cell reads back exactly', () => {
    const md = exportReport(report, 'markdown');
    assert.match(md, /^# Federation report: \(Contoso \\\| Test\)\n/);
    for (const heading of ['## Summary', '## Credentials that can never work', '## Managed identities and the apps that trust them', '## Apps at or near the 20-credential limit', '## Apps with client secrets or certificates']) {
      assert.ok(md.includes(`\n${heading}\n`), heading);
    }
    const tableLines = md.split('\n').filter((l) => l.startsWith('| '));
    // Every row of a table has as many cells as its header: no value broke out of its cell.
    const widths = tableLines.map((l) => parseMdRow(l).length);
    assert.deepEqual([...new Set(widths)].sort(), [2, 4, 6, 8, 9]);
    const never = tableLines.map(parseMdRow).filter((cells) => cells[1] === 'typo')[0];
    assert.equal(never[0], NASTY.replace(/\r\n/g, '\n'));
    assert.equal(never[5], 'api://Exchange|"x",\ny');
    const kindsShown = tableLines.map(parseMdRow).filter((cells) => cells[0] === MI.displayName || cells[0] === IDLE.displayName).map((cells) => cells[1]);
    assert.deepEqual(kindsShown, ['system-assigned', 'user-assigned']);
    assert.doesNotMatch(md, /<b>/, 'HTML in a value stays text');
    assert.doesNotMatch(md, /Partial report/);
  });

  it('Markdown says "None." under a category without rows', () => {
    const empty = buildFederationReport({ tenantId: TENANT, apps: [], identities: [], subjectExists: new Map(), now: 0, gaps: [] });
    const md = exportReport(empty, 'markdown');
    assert.equal(md.match(/\nNone\.\n/g)?.length, 4);
  });

  it('Markdown says a report is partial, and what it misses', () => {
    const md = exportReport(sampleReport([{ part: 'apps', message: 'Stopped after 2,300 apps: cancelled.' }]), 'markdown');
    assert.match(md, /> \*\*Partial report\.\*\*.*\n> - Stopped after 2,300 apps: cancelled\.\n/);
  });

  it("no export holds a secret's hint or display name: the report counts secrets, it never lists them", () => {
    for (const format of ['markdown', 'csv', 'json'] as const) {
      const text = exportReport(report, format);
      assert.ok(!text.includes(HINT), `${format} holds the hint`);
      assert.ok(!text.includes('ci, ') && !text.includes('"secret"'), `${format} holds the secret's name`);
    }
  });

  it('file names: the tenant and the date, the format\'s extension', () => {
    assert.equal(reportFileName(report, 'markdown'), 'federation-report-contoso-test-2026-12-01.md');
    assert.equal(reportFileName(report, 'csv'), 'federation-report-contoso-test-2026-12-01.csv');
    assert.equal(reportFileName({ ...report, tenantName: undefined }, 'json'), `federation-report-${TENANT}-2026-12-01.json`);
  });

  it('a Markdown cell escapes what would end it or start markup', () => {
    assert.equal(mdCell('a|b'), 'a\\|b');
    assert.equal(mdCell('x\ny'), 'x<br>y');
    assert.equal(mdCell('<script>'), '\\<script\\>');
    assert.equal(mdCell('back\\slash'), 'back\\\\slash');
  });
});
