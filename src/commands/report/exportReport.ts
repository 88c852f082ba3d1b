// Export… — the report a panel shows, as Markdown, CSV or JSON, into a file the user picks
// (a save dialog with a name made of the tenant and the day), written with workspace.fs so it
// works on remote and virtual workspaces too. Telemetry learns the format and the row count only.
import * as vscode from 'vscode';
import { CancelledError } from '../../core/errors';
import { reportRowCount, type FederationReport } from '../../core/federationReportTypes';
import { exportReport, reportFileName } from '../../core/reportExport';
import type { ExportFormat } from '../../shared/reportProtocol';
import { EXPORT_REPORT_COMMAND } from '../../views/report/reportCommandIds';
import type { CommandContext } from '../commandContext';
import { defineCommand } from '../registry';
import { reportTenantRef } from './federationReport';
import { exportFormats } from './exportFormats';

export const exportFederationReportCommand = defineCommand(EXPORT_REPORT_COMMAND, {
  target: reportTenantRef,
  run: async (context, { target, args }) => {
    const tenantId = target?.tenantId ?? (await pickOpenReport(context));
    const report = context.views.reports.report(tenantId);
    if (!report) throw new Error('Open the federation report of that tenant first (Federation Report…).');
    const format = formatArg(args[0]) ?? (await pickFormat(context));
    // A caller (a test) may name the file; a person picks it.
    const uri = args[1] instanceof vscode.Uri ? args[1] : await askWhere(report, format);
    const text = exportReport(report, format);
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
    context.telemetryProperties.itemCount = reportRowCount(report);
    context.telemetryProperties.exportFormat = format;
    const where = uri.path.split('/').pop() ?? uri.toString();
    void context.ui.message('info', `Exported the federation report of ${report.tenantName ?? report.tenantId} to ${where}.`, 'Open').then((action) => {
      if (action === 'Open') void vscode.commands.executeCommand('vscode.open', uri);
    });
    return uri;
  },
});

function formatArg(value: unknown): ExportFormat | undefined {
  return typeof value === 'string' && value in exportFormats ? (value as ExportFormat) : undefined;
}

async function pickFormat(context: CommandContext): Promise<ExportFormat> {
  const picked = await context.ui.pick(
    (Object.keys(exportFormats) as ExportFormat[]).map((format) => ({ label: exportFormats[format].label, description: exportFormats[format].description, format })),
    { title: 'Export the federation report as' },
  );
  return picked.format;
}

async function pickOpenReport(context: CommandContext): Promise<string> {
  const open = context.views.reports.tenants();
  if (open.length === 1) return open[0];
  const picked = await context.ui.pick(
    open.map((tenantId) => ({ label: context.views.reports.report(tenantId)?.tenantName ?? tenantId, description: tenantId, tenantId })),
    { title: 'Export which federation report?', emptyMessage: 'No federation report is open; run Federation Report… first.' },
  );
  return picked.tenantId;
}

async function askWhere(report: FederationReport, format: ExportFormat): Promise<vscode.Uri> {
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  const name = reportFileName(report, format);
  const uri = await vscode.window.showSaveDialog({
    title: 'Export Federation Report',
    saveLabel: 'Export',
    ...(folder ? { defaultUri: vscode.Uri.joinPath(folder, name) } : {}),
    filters: { [exportFormats[format].label]: [exportFormats[format].extension] },
  });
  if (!uri) throw new CancelledError();
  return uri;
}
