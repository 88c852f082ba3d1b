// Federation Report… against the sandbox tenant: the report loader reads the seeded Contoso
// tenant and the panel holds the report, whose rows are exactly the seeded categories; each
// export parses back (CSV, JSON) or renders (Markdown, through VS Code's own renderer); Fix… on
// a trailing-slash credential leaves Graph holding the corrected issuer (or, where the corrected
// one would repeat another credential, deletes it) and the row gone from the refreshed report;
// Cancel part-way shows a partial report that says so.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { FederationReport } from '../../src/core/federationReportTypes';
import { RETIRED_MI, SANDBOX_ADMIN, SEEDED_APPS, SYSTEM_ASSIGNED_MI, USER_ASSIGNED_MI } from '../../src/sandbox/ids';
import type { UserInput } from '../../src/commands/userInput';
import { nodeOf } from './support/modelNodes';
import { useSandboxSuite } from './support/sandboxSuite';
import { confirm, ScriptedUserInput } from './support/scriptedUserInput';

/** RFC 4180 records: quoted fields may hold commas, doubled quotes and line breaks. */
function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let quoted = false;
  const endField = () => {
    record.push(field);
    field = '';
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') endField();
    else if (c === '\r' && text[i + 1] === '\n') {
      endField();
      records.push(record);
      record = [];
      i++;
    } else field += c;
  }
  assert.equal(quoted, false, 'the CSV ends inside a quoted field');
  assert.equal(field + record.join(''), '', 'the CSV does not end with CRLF');
  return records;
}

/** Clicks Cancel on the report's progress notification at its first progress message. */
class CancelAtFirstProgress extends ScriptedUserInput {
  cancelledAt: string | undefined;

  override progress<T>(title: string, onCancel: () => void, task: (report: (message: string) => void) => Promise<T>): Promise<T> {
    this.prompts.push({ kind: 'progress', text: title, choices: [], answer: 'Cancel' });
    return task((message) => {
      if (this.cancelledAt !== undefined) return;
      this.cancelledAt = message;
      onCancel();
    });
  }
}

describe('Federation Report on the sandbox tenant', function () {
  this.timeout(90_000);
  const suite = useSandboxSuite();
  const tenantNode = () => nodeOf({ kind: 'tenant', tenantId: suite.home });
  let folder: string;

  before(() => {
    folder = fs.mkdtempSync(path.join(os.tmpdir(), 'mi-report-'));
  });

  after(async () => {
    await suite.api.views.reports.close(suite.home);
    fs.rmSync(folder, { recursive: true, force: true });
  });

  async function runReport(ui: UserInput = suite.ui): Promise<FederationReport> {
    const report = await suite.api.withScriptedInput(ui, () => vscode.commands.executeCommand<FederationReport>('miFederation.federationReport', tenantNode()));
    assert.ok(report, `no report; prompts:\n${suite.ui.transcript()}`);
    const state = suite.api.views.reports.state(suite.home);
    assert.equal(state?.report, report, 'the panel does not hold the report the command made');
    await suite.api.views.reports.whenRendered(suite.home, state.version, 60_000);
    return report;
  }

  it("holds exactly the seeded categories: each app's rows, kinds and counts", async () => {
    const report = await runReport();
    assert.deepEqual(report.gaps, []);
    const { broken, misconfigured, retiredWorker, full, monorepoCi, legacyWorker, invoicing, contosoSync, nightlyExport, unprovisioned } = SEEDED_APPS;
    const key = (objectId: string, credential: string, kind: string) => `${objectId} ${credential} ${kind}`;
    assert.deepEqual(
      report.neverWorks.map((r) => key(r.app.objectId, r.credential.name, r.kind)).sort(),
      [
        key(broken.objectId, 'issuer-trailing-slash', 'issuer-trailing-slash'),
        key(broken.objectId, 'subject-is-client-id', 'subject-is-client-id'),
        key(broken.objectId, 'audience-typo', 'audience-not-official'),
        key(misconfigured.objectId, 'issuer-trailing-slash', 'issuer-trailing-slash'),
        key(misconfigured.objectId, 'issuer-whitespace', 'issuer-whitespace'),
        key(misconfigured.objectId, 'issuer-v1', 'issuer-v1'),
        key(misconfigured.objectId, 'issuer-other-tenant', 'issuer-other-tenant'),
        key(misconfigured.objectId, 'flexible-entra-issuer', 'flexible-unsupported-issuer'),
        key(retiredWorker.objectId, 'retired-worker-mi', 'dangling-subject'),
      ].sort(),
    );
    const dangling = report.neverWorks.find((r) => r.kind === 'dangling-subject');
    assert.equal(dangling?.credential.subject, RETIRED_MI.objectId);
    const edits = report.neverWorks.flatMap((r) => (r.fix?.action === 'edit' ? [r.fix] : []));
    assert.ok(edits.length > 0 && edits.every((f) => Object.keys(f.changes).length > 0), 'an edit fix that changes nothing');

    const uami = report.trust.find((r) => r.identity.id === USER_ASSIGNED_MI.objectId);
    assert.ok(uami?.many, 'the user-assigned identity is not flagged as trusted by many apps');
    for (const app of [contosoSync, invoicing, nightlyExport]) assert.ok(uami.apps.some((a) => a.objectId === app.objectId), `${app.objectId} is not among the apps trusting ${USER_ASSIGNED_MI.name}`);
    const sami = report.trust.find((r) => r.identity.id === SYSTEM_ASSIGNED_MI.objectId);
    assert.ok(sami?.apps.some((a) => a.objectId === unprovisioned.objectId), 'Orphaned Sync does not trust the system-assigned identity');
    assert.equal(report.trust.filter((r) => r.many).length, 1);

    assert.deepEqual(report.budget.map((r) => [r.app.objectId, r.credentials, r.remaining]).sort(), [[full.objectId, 20, 0], [monorepoCi.objectId, 19, 1]].sort());

    const secrets = new Map(report.secrets.map((r) => [r.app.objectId, r]));
    assert.deepEqual([...secrets.keys()].sort(), [SANDBOX_ADMIN.objectId, legacyWorker.objectId, invoicing.objectId].sort());
    const legacy = secrets.get(legacyWorker.objectId);
    assert.deepEqual(legacy && [legacy.secrets, legacy.certificates, legacy.expired, legacy.expiringSoon, legacy.candidate], [3, 1, 1, 2, false]);
    const candidate = secrets.get(invoicing.objectId);
    assert.deepEqual(candidate && [candidate.secrets, candidate.hasManagedIdentityCredential, candidate.candidate], [1, true, true]);

    assert.deepEqual(
      [report.summary.neverWorks, report.summary.nearLimit, report.summary.appsWithSecrets, report.summary.candidates, report.summary.identitiesTrustedByMany],
      [report.neverWorks.length, report.budget.length, report.secrets.length, 1, 1],
    );
  });

  it('each export of the report the panel holds reads back: CSV and JSON parse, Markdown renders tables', async () => {
    const report = await runReport();
    const tenant = tenantNode();
    const exported = async (format: string) => {
      const file = vscode.Uri.file(path.join(folder, `report.${format === 'markdown' ? 'md' : format}`));
      await suite.run('miFederation.exportFederationReport', tenant, format, file);
      return fs.readFileSync(file.fsPath, 'utf8');
    };

    const { format, version, ...json } = JSON.parse(await exported('json')) as FederationReport & { format: string; version: number };
    assert.deepEqual([format, version], ['mi-federation-report', 1]);
    assert.deepEqual(json, JSON.parse(JSON.stringify(report)));

    const [header, ...records] = parseCsv(await exported('csv'));
    assert.ok(records.every((r) => r.length === header.length), 'a CSV record has another number of fields than the header');
    const column = (name: string) => header.indexOf(name);
    const byCategory = (category: string) => records.filter((r) => r[column('category')] === category);
    assert.equal(byCategory('neverWorks').length, report.neverWorks.length);
    assert.equal(byCategory('budget').length, report.budget.length);
    assert.equal(byCategory('secrets').length, report.secrets.length);
    assert.equal(byCategory('trust').length, report.trust.reduce((n, r) => n + Math.max(1, r.apps.length), 0));
    const slash = byCategory('neverWorks').find((r) => r[column('kind')] === 'issuer-trailing-slash' && r[column('appObjectId')] === SEEDED_APPS.broken.objectId);
    assert.ok(slash, 'no CSV record of the trailing-slash credential');
    assert.equal(slash[column('issuer')], report.neverWorks.find((r) => r.rowId === slash[column('rowId')])?.credential.issuer);

    // VS Code's built-in Markdown extension renders it as a reader's preview would.
    const html = await vscode.commands.executeCommand<string>('markdown.api.render', await exported('markdown'));
    assert.equal(typeof html, 'string', 'markdown.api.render is not available in this host');
    assert.ok((html.match(/<table/g) ?? []).length >= 5, 'the Markdown has fewer tables than the summary and four categories');
    assert.match(html, /issuer-trailing-slash/);
    assert.doesNotMatch(html, /<script/i);
  });

  it('Fix… on a trailing-slash credential opens Edit on its review and leaves Graph holding the issuer without the slash', async () => {
    // Contoso Misconfigured's: corrected, it repeats no other credential of its app.
    const app = SEEDED_APPS.misconfigured;
    const before = await runReport();
    const row = before.neverWorks.find((r) => r.kind === 'issuer-trailing-slash' && r.app.objectId === app.objectId);
    assert.ok(row?.fix?.action === 'edit', `no editable trailing-slash row: ${JSON.stringify(row)}`);
    const wanted = row.credential.issuer.replace(/\/+$/, '');
    assert.equal(row.fix.changes.issuer, wanted);

    suite.ui.queue(confirm('Save'));
    const after = await suite.run<FederationReport>('miFederation.fixReportRow', tenantNode(), { category: 'neverWorks', rowId: row.rowId });
    suite.ui.assertDone();
    const review = suite.ui.prompts.find((p) => p.kind === 'confirm');
    assert.ok(review?.value?.includes(JSON.stringify({ issuer: wanted }, null, 2).slice(2, -2).trim()), `the review does not show the fixed issuer:\n${review?.value}`);

    const held = (await suite.admin.credentials(suite.home, app.objectId)).find((f) => f.name === row.credential.name);
    assert.equal(held?.issuer, wanted);
    assert.ok(after, 'the fix did not run the report again');
    assert.equal(suite.api.views.reports.report(suite.home), after);
    assert.equal(after.neverWorks.some((r) => r.credential.name === row.credential.name && r.app.objectId === app.objectId), false, 'the fixed credential is still reported');
  });

  it("Fix… on Contoso Broken Sync's trailing-slash credential deletes it: corrected, it would repeat another credential's issuer and subject", async () => {
    const app = SEEDED_APPS.broken;
    const before = await runReport();
    const row = before.neverWorks.find((r) => r.kind === 'issuer-trailing-slash' && r.app.objectId === app.objectId);
    assert.ok(row?.fix?.action === 'delete', `the row's fix is not a delete: ${JSON.stringify(row?.fix)}`);
    const others = (await suite.admin.credentials(suite.home, app.objectId)).filter((f) => f.name !== row.credential.name).map((f) => f.name);

    suite.ui.queue(confirm('Delete'));
    const after = await suite.run<FederationReport>('miFederation.fixReportRow', tenantNode(), { category: 'neverWorks', rowId: row.rowId });
    suite.ui.assertDone();
    assert.match(suite.ui.prompts.find((p) => p.kind === 'confirm')?.text ?? '', /Delete the federated credential "issuer-trailing-slash" of the app "Contoso Broken Sync"/);
    assert.deepEqual((await suite.admin.credentials(suite.home, app.objectId)).map((f) => f.name).sort(), others.sort());
    assert.ok(after, 'the fix did not run the report again');
    assert.equal(after.neverWorks.some((r) => r.credential.name === row.credential.name && r.app.objectId === app.objectId), false, 'the deleted credential is still reported');
  });

  it('Cancel part-way shows a partial report that says what it lacks', async () => {
    suite.sandbox.control.setLatency(50);
    const ui = new CancelAtFirstProgress();
    const report = await runReport(ui);
    assert.ok(ui.cancelledAt !== undefined, 'the loader reported no progress to cancel at');
    assert.ok(report.gaps.length > 0, 'a cancelled report claims to be complete');
    assert.deepEqual(suite.api.views.reports.state(suite.home)?.report.gaps, report.gaps);
    const warning = ui.messages('warning')[0]?.text ?? '';
    assert.match(warning, /is partial/);
    assert.ok(report.gaps.every((g) => warning.includes(g.message.replace(/\.$/, ''))), `the warning "${warning}" leaves out a gap`);
    assert.equal(ui.messages('error').length, 0);
  });

  it("a tenant that leaves the session takes its report panel with it", async () => {
    suite.sandbox.control.setLatency(0);
    const customer = suite.customer;
    const customerNode = nodeOf({ kind: 'tenant', tenantId: customer });
    const report = await suite.api.withScriptedInput(suite.ui, () => vscode.commands.executeCommand<FederationReport>('miFederation.federationReport', customerNode));
    assert.equal(report?.tenantId, customer);
    assert.ok(suite.api.views.reports.tenants().includes(customer));
    try {
      await suite.run('miFederation.removeTenant', customerNode);
      for (let i = 0; i < 200 && suite.api.views.reports.tenants().includes(customer); i++) await new Promise((r) => setTimeout(r, 50));
      assert.deepEqual(suite.api.views.reports.tenants().filter((t) => t === customer), [], 'the removed tenant\'s report is still open');
      assert.ok(suite.api.views.reports.tenants().includes(suite.home), 'the home tenant\'s report closed too');
    } finally {
      if (!suite.api.session.tenants().some((t) => t.id === customer)) await suite.run('miFederation.addTenant', 'fabrikam.onmicrosoft.com');
    }
  });
});
