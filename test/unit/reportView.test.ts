// The report panel's pure parts: the tables' filter and sort, a row as Copy puts it on the
// clipboard, the message and state checks, and the page's CSP.
import assert from 'node:assert/strict';
import type { FederationReport, NeverWorksRow, SecretsRow } from '../../src/core/federationReportTypes';
import { findRow, rowText, visibleRows } from '../../src/core/reportColumns';
import { isReportViewState, isReportWebviewToHost } from '../../src/shared/reportProtocol';
import { reportHtml } from '../../src/views/report/reportHtml';

const app = (n: number) => ({ objectId: `obj-${n}`, appId: `client-${n}`, displayName: `App ${n}` });

const slash: NeverWorksRow = {
  rowId: 'nw-1',
  kind: 'issuer-trailing-slash',
  app: { objectId: 'obj-sync', appId: 'client-sync', displayName: 'Contoso Broken Sync' },
  credential: { id: 'fic-1', name: 'trailing', issuer: 'https://login.microsoftonline.com/t/v2.0/', subject: 'mi-object', audience: 'api://AzureADTokenExchange' },
  message: 'Entra compares the issuer exactly; the token says it without the slash.',
  fix: { action: 'edit', changes: { issuer: 'https://login.microsoftonline.com/t/v2.0' }, summary: 'Remove the trailing slash' },
};
const dangling: NeverWorksRow = {
  rowId: 'nw-2',
  kind: 'dangling-subject',
  app: app(2),
  credential: { id: 'fic-2', name: 'gone', issuer: 'https://login.microsoftonline.com/t/v2.0', subject: 'deleted-id', audience: 'api://AzureADTokenExchange' },
  message: 'No identity has this object id.',
  fix: { action: 'delete', summary: 'Delete the credential' },
};
const secrets = (n: number, expired: number, soonest?: string): SecretsRow => ({
  rowId: `s-${n}`,
  app: app(n),
  secrets: n,
  certificates: 0,
  ...(soonest ? { soonestExpiry: soonest } : {}),
  expired,
  expiringSoon: 0,
  hasManagedIdentityCredential: n % 2 === 0,
  candidate: n % 2 === 0,
});

const report: FederationReport = {
  tenantId: '11111111-2222-3333-4444-555555555555',
  tenantName: 'Contoso (Sandbox)',
  generatedAt: '2026-12-01T14:30:00.000Z',
  summary: { apps: 3, credentials: 2, identities: 0, neverWorks: 2, trustedIdentities: 0, identitiesTrustedByMany: 0, nearLimit: 0, appsWithSecrets: 3, expired: 1, expiringSoon: 0, candidates: 1 },
  neverWorks: [slash, dangling],
  trust: [],
  budget: [],
  secrets: [secrets(3, 0, '2027-03-01T00:00:00Z'), secrets(10, 1), secrets(2, 0, '2026-12-20T00:00:00Z')],
  gaps: [],
};

describe('Federation report view: tables', () => {
  it('filters on any cell, ignoring case, including the kind shown in words', () => {
    assert.deepEqual(visibleRows('neverWorks', report.neverWorks, { filter: 'ENDS WITH A SLASH' }).map((r) => r.rowId), ['nw-1']);
    assert.deepEqual(visibleRows('neverWorks', report.neverWorks, { filter: 'deleted-id' }).map((r) => r.rowId), ['nw-2']);
    assert.deepEqual(visibleRows('neverWorks', report.neverWorks, { filter: '  ' }).map((r) => r.rowId), ['nw-1', 'nw-2']);
    assert.deepEqual(visibleRows('neverWorks', report.neverWorks, { filter: 'nothing like this' }), []);
  });

  it('sorts counts as numbers both ways, and dates as text, leaving the input alone', () => {
    const input = report.secrets;
    assert.deepEqual(visibleRows('secrets', input, { filter: '', sortKey: 'secrets' }).map((r) => r.secrets), [2, 3, 10]);
    assert.deepEqual(visibleRows('secrets', input, { filter: '', sortKey: 'secrets', descending: true }).map((r) => r.secrets), [10, 3, 2]);
    // An app with no expiry sorts first ascending (empty text).
    assert.deepEqual(visibleRows('secrets', input, { filter: '', sortKey: 'soonest' }).map((r) => r.rowId), ['s-10', 's-2', 's-3']);
    assert.deepEqual(input.map((r) => r.rowId), ['s-3', 's-10', 's-2']);
  });

  it('keeps the report order among equal keys, and ignores an unknown sort column', () => {
    assert.deepEqual(visibleRows('secrets', report.secrets, { filter: '', sortKey: 'certificates' }).map((r) => r.rowId), ['s-3', 's-10', 's-2']);
    assert.deepEqual(visibleRows('secrets', report.secrets, { filter: '', sortKey: 'no-such-column' }).map((r) => r.rowId), ['s-3', 's-10', 's-2']);
  });

  it('copies a row as the columns it shows, leaving out empty cells', () => {
    const text = rowText('neverWorks', slash);
    assert.equal(
      text,
      [
        'Problem: Issuer ends with a slash',
        'App: Contoso Broken Sync',
        'Credential: trailing',
        'Issuer: https://login.microsoftonline.com/t/v2.0/',
        'Subject: mi-object',
        'Audience: api://AzureADTokenExchange',
        'Why: Entra compares the issuer exactly; the token says it without the slash.',
        'Fix: Remove the trailing slash',
      ].join('\n'),
    );
    assert.doesNotMatch(rowText('secrets', secrets(10, 1)), /Soonest expiry/);
  });

  it('finds a row by category and id, and nothing for an id of another table', () => {
    assert.equal(findRow(report, 'neverWorks', 'nw-2'), dangling);
    assert.equal(findRow(report, 'secrets', 'nw-2'), undefined);
  });
});

describe('Federation report view: protocol', () => {
  it('accepts the messages the webview sends and refuses anything else', () => {
    assert.ok(isReportWebviewToHost({ type: 'row', action: 'fix', category: 'neverWorks', rowId: 'nw-1' }));
    assert.ok(isReportWebviewToHost({ type: 'export', format: 'csv' }));
    assert.ok(isReportWebviewToHost({ type: 'rendered', version: 2, rows: 5 }));
    assert.equal(isReportWebviewToHost({ type: 'row', action: 'delete', category: 'neverWorks', rowId: 'nw-1' }), false);
    assert.equal(isReportWebviewToHost({ type: 'row', action: 'fix', category: 'tokens', rowId: 'nw-1' }), false);
    assert.equal(isReportWebviewToHost({ type: 'export', format: 'xlsx' }), false);
    assert.equal(isReportWebviewToHost({ type: 'rendered', version: '2', rows: 5 }), false);
    assert.equal(isReportWebviewToHost('ready'), false);
  });

  it('restores only a persisted state that holds a whole report', () => {
    assert.ok(isReportViewState({ version: 3, report }));
    assert.equal(isReportViewState({ version: 3, report: { ...report, trust: undefined } }), false);
    assert.equal(isReportViewState({ version: 3 }), false);
    assert.equal(isReportViewState({ report }), false);
    assert.equal(isReportViewState(null), false);
  });
});

describe('Federation report view: page', () => {
  it('allows scripts only with its nonce and styles only from the extension', () => {
    const html = reportHtml({ cspSource: 'https://csp.example', scriptUri: 'https://csp.example/r.js', styleUri: 'https://csp.example/r.css', codiconsUri: 'https://csp.example/c.css' }, 'NONCE123');
    const csp = /Content-Security-Policy" content="([^"]+)"/.exec(html)?.[1] ?? '';
    assert.match(csp, /default-src 'none'/);
    assert.match(csp, /script-src 'nonce-NONCE123'(;|$)/);
    assert.match(csp, /style-src https:\/\/csp\.example(;|$)/);
    assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/);
    assert.match(html, /<script nonce="NONCE123" src="https:\/\/csp\.example\/r\.js"><\/script>/);
    assert.doesNotMatch(html, /<style|style="/);
  });
});
