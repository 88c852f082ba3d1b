// Federation Report… against the sandbox tenant: the model's loader reads the seeded Contoso
// tenant and the panel holds the report, whose rows are exactly the seeded categories; each
// export parses back (CSV, JSON) or renders (Markdown, through VS Code's own renderer); Fix… on
// Contoso Broken Sync's trailing-slash credential leaves Graph holding the corrected issuer and
// the row gone from the refreshed report; Cancel part-way shows a partial report that says so.
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
        key(misconfigured.objectId, 'issuer-whitespace', 'issuer-whitespace'),
        key(misconfigured.objectId, 'issuer-v1', 'issuer-v1'),
        key(misconfigured.objectId, 'issuer-other-tenant', 'issuer-other-tenant'),
        key(misconfigured.objectId, 'flexible-entra-issuer', 'flexible-unsupported-issuer'),
        key(retiredWorker.objectId, 'retired-worker-mi', 'dangling-subject'),
      ].sort(),
    );
    const dangling = report.neverWorks.find((r) => r.kind === 'dangling-subject');
    assert.equal(dangling?.credential.subject, RETIRED_MI.objectId);
    assert.equal(report.neverWorks.find((r) => r.kind === 'subject-is-client-id')?.fix?.action, 'edit');

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

  it('Fix… on the trailing-slash credential leaves Graph holding the issuer without the slash, and the row gone', async () => {
    const broken = SEEDED_APPS.broken;
    const before = await runReport();
    const row = before.neverWorks.find((r) => r.kind === 'issuer-trailing-slash' && r.app.objectId === broken.objectId && r.credential.name === 'issuer-trailing-slash');
    assert.ok(row?.fix?.action === 'edit', `no editable trailing-slash row: ${JSON.stringify(before.neverWorks.map((r) => [r.kind, r.credential.name]))}`);
    const wanted = row.credential.issuer.replace(/\/+$/, '');
    assert.equal(row.fix.changes.issuer, wanted);

    suite.ui.queue(confirm('Save'));
    const after = await suite.run<FederationReport>('miFederation.fixReportRow', tenantNode(), { category: 'neverWorks', rowId: row.rowId });
    suite.ui.assertDone();
    const review = suite.ui.prompts.find((p) => p.kind === 'confirm');
    assert.match(review?.value ?? '', new RegExp(`"issuer": "${wanted.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}"`), 'the review does not show the fixed issuer');

    const held = (await suite.admin.credentials(suite.home, broken.objectId)).find((f) => f.name === 'issuer-trailing-slash');
    assert.equal(held?.issuer, wanted);
    assert.ok(after, 'the fix did not run the report again');
    assert.equal(suite.api.views.reports.report(suite.home), after);
    assert.equal(after.neverWorks.some((r) => r.credential.name === 'issuer-trailing-slash' && r.app.objectId === broken.objectId), false, 'the fixed credential is still reported');
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
});
