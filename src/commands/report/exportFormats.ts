// The export formats the panel and the palette offer, over the report core's renderers
// (core/reportExport.ts): what a picker and a save dialog say of each.
import { exportReport, reportFileName } from '../../core/reportExport';
import type { FederationReport } from '../../core/federationReportTypes';
import type { ExportFormat } from '../../shared/reportProtocol';

export interface ExportFormatInfo {
  label: string;
  description: string;
  extension: string;
}

export const exportFormats: Record<ExportFormat, ExportFormatInfo> = {
  markdown: { label: 'Markdown', description: 'tables to read, or paste into a ticket or a wiki', extension: 'md' },
  csv: { label: 'CSV', description: 'every table in one sheet, for a spreadsheet', extension: 'csv' },
  json: { label: 'JSON', description: 'the whole report, for scripts', extension: 'json' },
};

export function renderExport(report: FederationReport, format: ExportFormat): string {
  return exportReport(report, format);
}

export { reportFileName };
