// Loading every app with its federated credentials: the extension's Graph service against a
// naive loader that lists the apps, then asks each app for its credentials one after another
// (what a shell loop around `az ad app federated-credential list` does).
import type { RunningSandbox } from '../../src/sandbox/types';
import type { GraphService } from '../../src/services/graph/graphService';

export interface TreeLoadFigures {
  apps: number;
  requests: number;
  ms: number;
  naiveRequests?: number;
  naiveMs?: number;
  firstPageMs: number;
}

export async function measureTreeLoad(sandbox: RunningSandbox, graph: GraphService, options: { naive: boolean }): Promise<TreeLoadFigures> {
  const graphRequests = () => sandbox.control.requests().filter((r) => r.path.includes('/v1.0/')).length;

  const before = graphRequests();
  const started = performance.now();
  let firstPageMs = 0;
  let apps = 0;
  let nextLink: string | undefined;
  do {
    const page = await graph.applications.listPage({ nextLink });
    if (!nextLink) firstPageMs = performance.now() - started;
    apps += page.apps.length;
    nextLink = page.nextLink;
  } while (nextLink);
  const ms = performance.now() - started;
  const requests = graphRequests() - before;
  if (!options.naive) return { apps, requests, ms: round(ms), firstPageMs: round(firstPageMs) };

  const naiveBefore = graphRequests();
  const naiveStarted = performance.now();
  const client = await graph.client();
  let link: string | undefined = '/applications?$select=id,appId,displayName&$top=999';
  let naiveApps = 0;
  while (link) {
    const page = (await client.api(link).get()) as { value: Array<{ id: string }>; '@odata.nextLink'?: string };
    for (const app of page.value) {
      await client.api(`/applications/${app.id}/federatedIdentityCredentials`).get();
      naiveApps++;
    }
    link = page['@odata.nextLink'];
  }
  const naiveMs = performance.now() - naiveStarted;
  if (naiveApps !== apps) throw new Error(`The naive loader saw ${naiveApps} apps, the service ${apps}.`);
  return { apps, requests, ms: round(ms), naiveRequests: graphRequests() - naiveBefore, naiveMs: round(naiveMs), firstPageMs: round(firstPageMs) };
}

function round(ms: number): number {
  return Math.round(ms * 10) / 10;
}
