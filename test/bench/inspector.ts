// The inspector's figure needs a real extension host with a webview: it runs the extension-host
// layer with only the inspector bench test, which writes its figures to a file.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export function measureInspector(root: string): { inspectorOpenMs: number; inspectorColdOpenMs: number } {
  const results = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'mi-bench-')), 'inspector.json');
  const run = spawnSync(process.execPath, [path.join(root, 'out', 'test', 'harness', 'cli.js'), 'exthost'], {
    cwd: root,
    env: { ...process.env, MI_TEST_GREP: 'inspector bench', MI_BENCH_RESULTS: results },
    stdio: ['ignore', 'ignore', 'inherit'],
    timeout: 10 * 60_000,
  });
  if (run.status !== 0 || !fs.existsSync(results)) throw new Error(`the inspector bench did not finish (exit ${run.status ?? run.signal}).`);
  const figures = JSON.parse(fs.readFileSync(results, 'utf8')) as { inspectorOpenMs: number; inspectorColdOpenMs: number };
  return { inspectorOpenMs: figures.inspectorOpenMs, inspectorColdOpenMs: figures.inspectorColdOpenMs };
}
