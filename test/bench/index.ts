// `npm run bench`: the product's performance figures, measured on this machine. Prints what it
// does on stderr and, as its last line on stdout, one JSON object with every figure. Times are
// medians of several runs; run it on an otherwise idle machine.
import * as path from 'node:path';
import { startSandbox } from '../../src/sandbox';
import type { AppRegistration } from '../../src/services/graph/applications';
import { SandboxConnection } from '../../src/services/sandboxConnection';
import { measureActivation } from './activation';
import { measureDoctorMicros } from './doctor';
import { measureInspector } from './inspector';
import { signedInGraph } from './graphFixture';
import { measureReadiness } from './readiness';
import { measureReport, type ReportFigures } from './report';
import { packageSizes } from './sizes';
import { measureTreeLoad, type TreeLoadFigures } from './treeLoad';

const root = path.resolve(__dirname, '..', '..', '..');

function log(message: string): void {
  process.stderr.write(`${message}\n`);
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Loads every app `runs` times through the extension's Graph service; optionally the naive loader once. */
async function treeLoad(apps: number, runs: number, naive: boolean): Promise<TreeLoadFigures> {
  const sandbox = await startSandbox({ apps, latencyMs: 40, tokenFunction: false });
  try {
    const graph = await signedInGraph(sandbox);
    const measured: TreeLoadFigures[] = [];
    for (let i = 0; i < runs; i++) measured.push(await measureTreeLoad(sandbox, graph, { naive: false }));
    log(`treeLoad ${apps} apps, 40 ms latency: ${measured.map((r) => `${r.ms} ms / ${r.requests} requests`).join(', ')}`);
    const figures: TreeLoadFigures = {
      apps: measured[0].apps,
      requests: measured[0].requests,
      ms: median(measured.map((r) => r.ms)),
      firstPageMs: median(measured.map((r) => r.firstPageMs)),
    };
    if (naive) {
      const slow = await measureTreeLoad(sandbox, graph, { naive: true });
      log(`naive loader, ${apps} apps: ${slow.naiveRequests} requests, ${slow.naiveMs} ms`);
      figures.naiveRequests = slow.naiveRequests;
      figures.naiveMs = slow.naiveMs;
    }
    return figures;
  } finally {
    await sandbox.close();
  }
}

/** The federation report of a tenant of `apps` apps, 40 ms per request; the naive loader once. */
async function reportLoad(apps: number): Promise<ReportFigures> {
  const sandbox = await startSandbox({ apps, latencyMs: 40, tokenFunction: false });
  try {
    const graph = await signedInGraph(sandbox);
    const figures = await measureReport(sandbox, graph, { naive: true });
    log(`report ${figures.apps} apps, 40 ms latency: ${figures.ms} ms / ${figures.requests} requests; naive loader (${figures.naiveParallel} at a time): ${figures.naiveMs} ms / ${figures.naiveRequests} requests`);
    return figures;
  } finally {
    await sandbox.close();
  }
}

/**
 * Heap kept by 5,000 loaded apps with their credentials, after a full collection. The sandbox
 * runs in a child process here, so this process's heap holds only what the extension would.
 */
async function heapGrowthMB(apps: number): Promise<number> {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('heapGrowthMB needs node --expose-gc (npm run bench passes it).');
  const connection = new SandboxConnection();
  const { info, ca } = await connection.start(root, { apps });
  try {
    const graph = await signedInGraph({ ...info, ca });
    await graph.applications.listPage(); // the client, its agent and the token cache exist before the baseline
    gc();
    const before = process.memoryUsage().heapUsed;
    const kept: AppRegistration[] = [];
    let nextLink: string | undefined;
    do {
      const page = await graph.applications.listPage({ nextLink });
      kept.push(...page.apps);
      nextLink = page.nextLink;
    } while (nextLink);
    gc();
    const growth = (process.memoryUsage().heapUsed - before) / (1024 * 1024);
    log(`heap after loading ${kept.length} apps: +${growth.toFixed(1)} MB`);
    return Math.round(growth * 10) / 10;
  } finally {
    await connection.stop();
  }
}

async function main(): Promise<void> {
  const figures: Record<string, unknown> = {};
  figures.treeLoad = await treeLoad(1000, 5, true);
  figures.treeLoad5000 = await treeLoad(5000, 3, false);
  figures.report5000 = await reportLoad(5000);
  figures.heapGrowthMB = await heapGrowthMB(5000);
  figures.readiness = await measureReadiness(50);
  figures.doctorMicros = measureDoctorMicros();
  log(`doctor: ${figures.doctorMicros} µs per call`);
  const activation = measureActivation(root);
  figures.activationMs = activation.activationMs;
  figures.bundleLoadMs = activation.bundleLoadMs;
  figures.bundleLoadCpuMs = activation.bundleLoadCpuMs;
  figures.featuresLoadMs = activation.featuresLoadMs;
  figures.featuresLoadCpuMs = activation.featuresLoadCpuMs;
  log(`activate(): ${activation.activationMs} ms; loading the bundle: ${activation.bundleLoadMs} ms (${activation.bundleLoadCpuMs} ms of CPU), medians of fresh processes`);
  log(`first command: loading the features bundle: ${activation.featuresLoadMs} ms (${activation.featuresLoadCpuMs} ms of CPU)`);
  const inspector = measureInspector(root);
  Object.assign(figures, inspector);
  log(`inspector: ${inspector.inspectorOpenMs} ms into an open panel, ${inspector.inspectorColdOpenMs} ms for the first open`);
  Object.assign(figures, packageSizes(root));
  process.stdout.write(`${JSON.stringify(figures)}\n`);
  // The extension bundle loaded for the activation figure may leave timers behind.
  process.exit(0);
}

main().catch((e) => {
  process.stderr.write(`bench failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});
