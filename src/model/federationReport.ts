// The tenant federation report on demand: read the tenant through its Graph service (every app
// page, the identities, the subjects to look up), then build the report. Not cached: a report
// is a snapshot the user asks for, and its time is part of it.
import { buildFederationReport } from '../core/federationReport';
import type { FederationReport, ReportLoadOptions } from '../core/federationReportTypes';
import { loadReportInput, type ReportGraph } from '../services/graph/reportData';
import type { CatalogSession } from './tenantCatalog';

export type { ReportLoadOptions, ReportProgress } from '../core/federationReportTypes';

/** What the report needs of the session: the tenant's Graph service and the cloud. */
export interface ReportSession extends Pick<CatalogSession, 'graph' | 'tenants'> {
  readonly environment?: { readonly cloud: { readonly authority: string }; readonly knownAuthorities?: readonly string[] };
}

/**
 * Resolves with a partial report (its `gaps` say what is missing) when the load is cancelled or
 * fails part-way; rejects with Graph's error only when not even the first page of apps came.
 */
export async function loadFederationReport(session: ReportSession, tenantId: string, options: ReportLoadOptions, now: () => number): Promise<FederationReport> {
  const graph = session.graph(tenantId) as ReportGraph;
  const tenantName = session.tenants().find((t) => t.id === tenantId)?.displayName;
  const input = await loadReportInput(graph, {
    ...options,
    tenantId,
    ...(tenantName ? { tenantName } : {}),
    knownAuthorities: knownAuthorities(session),
    ...(session.environment ? { authority: session.environment.cloud.authority } : {}),
    now,
  });
  return buildFederationReport(input);
}

/**
 * Authorities (with scheme) that issue Entra tokens besides the national clouds, as the tree's
 * credential warnings take them: the signed-in cloud's (the sandbox's, when signed in to it) and
 * the hosts msal-node is told to trust.
 */
function knownAuthorities(session: ReportSession): string[] {
  const environment = session.environment;
  if (!environment) return [];
  const hosts = (environment.knownAuthorities ?? []).map((h) => (/^https:\/\//i.test(h) ? h : `https://${h}`));
  return [...new Set([environment.cloud.authority, ...hosts])];
}
