// The Federation Report panel in the extension host, with a report written here (the loader is
// covered by federationReport.test.ts): the webview renders the state the host holds, a reload
// brings it back from what the webview persisted, Copy puts the row on the clipboard as the
// panel shows it, Export JSON writes a file that parses back to the report, and Reveal selects
// the seeded credential in the App Registrations view.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { FederationReport } from '../../src/core/federationReportTypes';
import { SEEDED_APPS, USER_ASSIGNED_MI } from '../../src/sandbox/ids';
import { reportTestApi } from '../../src/views/report/testApi';
import { appNode, credentialNode, nodeOf } from './support/modelNodes';
import { useSandboxSuite } from './support/sandboxSuite';

describe('Federation Report panel', function () {
  this.timeout(60_000);
  const suite = useSandboxSuite();
  const broken = SEEDED_APPS.broken;
  let report: FederationReport;
  let folder: string;

  before(async () => {
    folder = fs.mkdtempSync(path.join(os.tmpdir(), 'mi-report-'));
    const app = await appNode(suite.api, suite.home, broken.objectId);
    const fic = credentialNode(suite.api, app, 'issuer-trailing-slash').credential;
    const appRef = { objectId: broken.objectId, appId: broken.appId, displayName: app.app.displayName ?? '' };
    report = {
      tenantId: suite.home,
      tenantName: 'Contoso',
      generatedAt: new Date().toISOString(),
      summary: { apps: 1, credentials: 3, identities: 0, neverWorks: 1, trustedIdentities: 0, identitiesTrustedByMany: 0, nearLimit: 0, appsWithSecrets: 1, expired: 0, expiringSoon: 1, candidates: 0 },
      neverWorks: [
        {
          rowId: 'nw-slash',
          kind: 'issuer-trailing-slash',
          app: appRef,
          credential: { id: fic.id ?? '', name: 'issuer-trailing-slash', issuer: fic.issuer ?? '', subject: fic.subject ?? null, audience: fic.audiences?.[0] ?? '' },
          message: 'The issuer ends with a slash; tokens name it without one.',
          fix: { action: 'edit', changes: { issuer: (fic.issuer ?? '').replace(/\/$/, '') }, summary: 'Remove the trailing slash' },
        },
      ],
      trust: [
        {
          rowId: 't-uami',
          identity: { id: USER_ASSIGNED_MI.objectId, appId: USER_ASSIGNED_MI.clientId, displayName: USER_ASSIGNED_MI.name, kind: 'userAssigned' },
          apps: [{ ...appRef, credentialName: 'issuer-trailing-slash' }],
          many: false,
        },
      ],
      budget: [],
      secrets: [{ rowId: 's-broken', app: appRef, secrets: 1, certificates: 0, soonestExpiry: '2026-12-20T00:00:00.000Z', expired: 0, expiringSoon: 1, hasManagedIdentityCredential: true, candidate: false }],
      gaps: [{ part: 'subjects', message: 'Subjects were not checked: cancelled' }],
    };
  });

  after(async () => {
    await suite.api.views.reports.close(suite.home);
    fs.rmSync(folder, { recursive: true, force: true });
  });

  it('renders the report the host holds, and brings it back after a reload from what the webview persisted', async function () {
    // In a browser host (code-server) a webview created after another was closed sometimes
    // waits ~15 s on the old one's service worker before it loads: allow for it.
    this.timeout(90_000);
    const reports = suite.api.views.reports;
    const shown = reports.show(report);
    await reports.whenRendered(suite.home, shown.version);
    assert.deepEqual(reports.state(suite.home)?.report, report);
    assert.deepEqual(reports.tenants(), [suite.home]);

    // What a webview persists is the state it was posted (a structured clone).
    await reportTestApi(reports).reopenFromPersisted(suite.home, JSON.parse(JSON.stringify(shown)));
    const restored = reports.state(suite.home);
    assert.ok(restored && restored.version > shown.version, 'the restored panel has no newer state');
    assert.deepEqual(restored.report, report);
    await reports.whenRendered(suite.home, restored.version, 60_000);
  });

  it('Copy puts the row on the clipboard as the table shows it', async () => {
    suite.api.views.reports.show(report);
    const text = await suite.run<string>('miFederation.copyReportRow', nodeOf({ kind: 'tenant', tenantId: suite.home }), { category: 'neverWorks', rowId: 'nw-slash' });
    assert.equal(await vscode.env.clipboard.readText(), text);
    assert.match(text, /^Problem: Issuer ends with a slash$/m);
    assert.match(text, /^Credential: issuer-trailing-slash$/m);
    assert.match(text, /^Fix: Remove the trailing slash$/m);
  });

  it('a row the report no longer has is refused with a sentence, and nothing is copied', async () => {
    suite.api.views.reports.show(report);
    await vscode.env.clipboard.writeText('before');
    const result = await suite.run('miFederation.copyReportRow', nodeOf({ kind: 'tenant', tenantId: suite.home }), { category: 'neverWorks', rowId: 'nw-gone' });
    assert.equal(result, undefined);
    assert.match(suite.ui.messages('error')[0]?.text ?? '', /no longer in the report/);
    assert.equal(await vscode.env.clipboard.readText(), 'before');
  });

  it('Export JSON writes the report to the file named, and it parses back to the same report', async () => {
    suite.api.views.reports.show(report);
    const file = vscode.Uri.file(path.join(folder, 'report.json'));
    const written = await suite.run<vscode.Uri>('miFederation.exportFederationReport', nodeOf({ kind: 'tenant', tenantId: suite.home }), 'json', file);
    assert.equal(written?.fsPath, file.fsPath);
    const { format, version, ...parsed } = JSON.parse(fs.readFileSync(file.fsPath, 'utf8')) as FederationReport & { format: string; version: number };
    assert.deepEqual([format, version], ['mi-federation-report', 1]);
    assert.deepEqual(parsed, report);
    assert.match(suite.ui.messages('info')[0]?.text ?? '', /Exported the federation report of Contoso to report\.json/);
  });

  it('Reveal selects the credential of the row in the App Registrations view', async () => {
    suite.api.views.reports.show(report);
    const id = await suite.run<string>('miFederation.revealReportRow', nodeOf({ kind: 'tenant', tenantId: suite.home }), { category: 'neverWorks', rowId: 'nw-slash' });
    assert.equal(id, `tenant/${suite.home}/app/${broken.objectId}/fic/issuer-trailing-slash`);
    assert.deepEqual(suite.api.views.appsView.selection.map((n) => n.id), [id]);
  });

  it('Reveal on a trust row selects the identity in the Managed Identities view', async () => {
    suite.api.views.reports.show(report);
    const id = await suite.run<string>('miFederation.revealReportRow', nodeOf({ kind: 'tenant', tenantId: suite.home }), { category: 'trust', rowId: 't-uami' });
    assert.equal(id, `mi/tenant/${suite.home}/identity/${USER_ASSIGNED_MI.objectId}`);
    assert.deepEqual(suite.api.views.identitiesView.selection.map((n) => n.id), [id]);
  });
});
