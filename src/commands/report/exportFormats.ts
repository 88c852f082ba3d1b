// The export formats the panel and the palette offer (rendered by core/reportExport.ts): what
// a picker and a save dialog say of each.
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
