// Where the report comes from: the model's loader (src/model), which reads a tenant's apps with
// their credentials, secrets and certificates, its identities and the subjects it must check,
// and returns a partial report (with `gaps`) when it is cancelled or fails part-way.
import type { FederationReport } from '../../core/federationReportTypes';
import type { CommandContext } from '../commandContext';

export interface ReportProgress {
  stage: 'apps' | 'identities' | 'subjects';
  appsLoaded: number;
  message: string;
}

export interface ReportLoadOptions {
  signal?: AbortSignal;
  onProgress?: (progress: ReportProgress) => void;
}

interface ReportSource {
  federationReport(tenantId: string, options?: ReportLoadOptions): Promise<FederationReport>;
}

export function loadFederationReport(context: CommandContext, tenantId: string, options: ReportLoadOptions): Promise<FederationReport> {
  const source = context.model as unknown as Partial<ReportSource>;
  if (typeof source.federationReport !== 'function') throw new Error('This build of the extension cannot make federation reports.');
  return source.federationReport.call(context.model, tenantId, options);
}
