// The tenant federation report on a large tenant: the extension's loader (the `$expand` pages of
// 100 apps, the identities alongside, `getByIds` 1,000 subjects at a time) against a naive
// loader that lists the apps and then asks each app for its credentials and for its secrets and
// certificates (what a script around `az ad app federated-credential list` and
// `az ad app credential list` does), a few apps at a time as such a script's `xargs -P` would.
import { loadFederationReport } from '../../src/model/federationReport';
import type { RunningSandbox } from '../../src/sandbox/types';
import type { GraphService } from '../../src/services/graph/graphService';

export interface ReportFigures {
  apps: number;
  /** Graph requests of the extension's report load. */
  requests: number;
  ms: number;
  naiveRequests?: number;
  naiveMs?: number;
  /** naiveMs / ms. */
  ratio?: number;
  /** Apps the naive loader asks about at once. */
  naiveParallel?: number;
  /** Rows of the report, for the reader's sense of what was found. */
  neverWorks: number;
  gaps: number;
}

export async function measureReport(sandbox: RunningSandbox, graph: GraphService, options: { naive: boolean; naiveParallel?: number }): Promise<ReportFigures> {
  // A `$batch`'s sub-requests are logged too; only what went over the wire counts.
  const graphRequests = () => sandbox.control.requests().filter((r) => r.path.includes('/v1.0/') && !r.batch).length;
  const home = sandbox.tenants.home;

  sandbox.control.clearRequests();
  const before = graphRequests();
  const started = performance.now();
  const report = await loadFederationReport({ graph: () => graph, tenants: () => [{ id: home, home: true }] }, home, {}, Date.now);
  const ms = performance.now() - started;
  const figures: ReportFigures = { apps: report.summary.apps, requests: graphRequests() - before, ms: round(ms), neverWorks: report.neverWorks.length, gaps: report.gaps.length };
  if (!options.naive) return figures;

  const parallel = options.naiveParallel ?? 4;
  const naiveBefore = graphRequests();
  const naiveStarted = performance.now();
  const client = await graph.client();
  const ids: string[] = [];
  let link: string | undefined = '/applications?$select=id,appId,displayName&$top=999';
  while (link) {
    const page = (await client.api(link).get()) as { value: Array<{ id: string }>; '@odata.nextLink'?: string };
    ids.push(...page.value.map((a) => a.id));
    link = page['@odata.nextLink'];
  }
  let next = 0;
  const worker = async () => {
    while (next < ids.length) {
      const id = ids[next++];
      await client.api(`/applications/${id}/federatedIdentityCredentials`).get();
      await client.api(`/applications/${id}?$select=id,passwordCredentials,keyCredentials`).get();
    }
  };
  await Promise.all(new Array(parallel).fill(0).map(worker));
  const naiveMs = performance.now() - naiveStarted;
  if (ids.length !== figures.apps) throw new Error(`The naive loader saw ${ids.length} apps, the report ${figures.apps}.`);
  return { ...figures, naiveRequests: graphRequests() - naiveBefore, naiveMs: round(naiveMs), ratio: Math.round((naiveMs / ms) * 10) / 10, naiveParallel: parallel };
}

function round(ms: number): number {
  return Math.round(ms * 10) / 10;
}
