// `npm run bench`: the product's performance figures, measured on this machine. Prints what it
// does on stderr and, as its last line on stdout, one JSON object with every figure.
import { startSandbox } from '../../src/sandbox';
import { signedInGraph } from './graphFixture';
import { measureTreeLoad } from './treeLoad';

function log(message: string): void {
  process.stderr.write(`${message}\n`);
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

async function treeLoad1000() {
  const sandbox = await startSandbox({ apps: 1000, latencyMs: 40, tokenFunction: false });
  try {
    const graph = await signedInGraph(sandbox);
    const runs = [];
    for (let i = 0; i < 5; i++) runs.push(await measureTreeLoad(sandbox, graph, { naive: false }));
    log(`treeLoad (1000 apps, 40 ms latency): ${runs.map((r) => `${r.ms} ms`).join(', ')}`);
    const naive = await measureTreeLoad(sandbox, graph, { naive: true });
    log(`naive loader: ${naive.naiveRequests} requests, ${naive.naiveMs} ms`);
    return {
      apps: runs[0].apps,
      requests: runs[0].requests,
      ms: median(runs.map((r) => r.ms)),
      naiveRequests: naive.naiveRequests,
      naiveMs: naive.naiveMs,
      firstPageMs: median(runs.map((r) => r.firstPageMs)),
    };
  } finally {
    await sandbox.close();
  }
}

async function main(): Promise<void> {
  const figures: Record<string, unknown> = {};
  figures.treeLoad = await treeLoad1000();
  process.stdout.write(`${JSON.stringify(figures)}\n`);
}

main().catch((e) => {
  process.stderr.write(`bench failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});
