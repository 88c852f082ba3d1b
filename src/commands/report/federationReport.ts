// Federation Report… — for a tenant (its node, or a pick from the palette): runs the report
// loader under a progress notification with Cancel and shows the report in that tenant's panel
// (running it again refreshes the panel). The loader is imported here, not by the model, so it
// is part of the features bundle and start-up never loads it. Cancel stops the reading but still shows what was
// read: the loader then returns a partial report whose gaps the panel lists at the top.
import * as vscode from 'vscode';
import { reportRowCount, type FederationReport } from '../../core/federationReportTypes';
import { refOfKind } from '../../model';
import { loadFederationReport } from '../../model/federationReport';
import { GO_SECRETLESS_COMMAND, REPORT_COMMAND } from '../../views/report/reportCommandIds';
import { requireSignedIn } from '../appResolver';
import type { CommandContext } from '../commandContext';
import { defineCommand } from '../registry';

/** A tenant in either view: its App Registrations node or its Managed Identities node. */
export const reportTenantRef = refOfKind('tenant', 'identities');

export const federationReportCommand = defineCommand(REPORT_COMMAND, {
  target: reportTenantRef,
  run: async (context, { target }) => runFederationReport(context, target?.tenantId ?? (await pickReportTenant(context))),
});

/** Makes the tenant's report and shows it; also what Refresh and a finished Fix… run. */
export async function runFederationReport(context: CommandContext, tenantId: string): Promise<FederationReport> {
  requireSignedIn(context);
  const name = context.model.tenant(tenantId).displayName;
  const reports = context.views.reports;
  // Not context.progress: that ends the call as cancelled, and a cancelled load still has a
  // partial report worth showing. Cancel aborts the load alone; the call's own signal too.
  const load = new AbortController();
  const stop = () => load.abort();
  context.signal.addEventListener('abort', stop, { once: true });
  reports.setBusy(tenantId, 'Running the report again…');
  let report: FederationReport;
  try {
    report = await context.ui.progress(`Federation report of ${name}`, stop, (progress) =>
      loadFederationReport(context.session, tenantId, { signal: load.signal, onProgress: (p) => progress(p.message) }, Date.now),
    );
  } finally {
    context.signal.removeEventListener('abort', stop);
    reports.setBusy(tenantId, undefined);
  }
  const goSecretless = (await vscode.commands.getCommands(true)).includes(GO_SECRETLESS_COMMAND);
  reports.show(report, { goSecretless });
  context.telemetryProperties.itemCount = reportRowCount(report);
  if (report.gaps.length > 0) {
    const missing = report.gaps.map((g) => g.message.replace(/[.\s]+$/, '')).join('; ');
    void context.ui.message('warning', `The federation report of ${name} is partial: ${missing}.`);
  }
  return report;
}

export async function pickReportTenant(context: CommandContext): Promise<string> {
  requireSignedIn(context);
  const tenants = context.model.tenants();
  if (tenants.length === 1) return tenants[0].id;
  const picked = await context.ui.pick(
    tenants.map((t) => ({ label: t.displayName ?? t.id, description: t.home ? `${t.id} · home` : t.id, tenantId: t.id })),
    { title: 'Federation Report: which tenant?', emptyMessage: 'Sign in first.' },
  );
  return picked.tenantId;
}
