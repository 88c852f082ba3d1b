// The export formats the report offers, each over the report core's renderer, and the file
// name a save dialog proposes: the tenant and the day, safe on every file system.
import type { FederationReport } from '../../core/federationReportTypes';
import type { ExportFormat } from '../../shared/reportProtocol';

export interface ExportFormatInfo {
  label: string;
  description: string;
  extension: string;
  render(report: FederationReport): string;
}

export const exportFormats: Record<ExportFormat, ExportFormatInfo> = {
  markdown: { label: 'Markdown', description: 'tables for a wiki or a pull request', extension: 'md', render: () => notYet() },
  csv: { label: 'CSV', description: 'one table per category, for a spreadsheet', extension: 'csv', render: () => notYet() },
  json: { label: 'JSON', description: 'the whole report, for scripts', extension: 'json', render: (report) => `${JSON.stringify(report, null, 2)}\n` },
};

function notYet(): never {
  throw new Error('This export format is not available in this build.');
}

/** `federation-report-contoso-2026-12-01.md`: the tenant's name (else id) and the report's day. */
export function reportFileName(report: Pick<FederationReport, 'tenantId' | 'tenantName' | 'generatedAt'>, format: ExportFormat): string {
  const who = (report.tenantName ?? report.tenantId)
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60) || 'tenant';
  const day = /^\d{4}-\d{2}-\d{2}/.exec(report.generatedAt)?.[0];
  return `federation-report-${who}${day ? `-${day}` : ''}.${exportFormats[format].extension}`;
}
