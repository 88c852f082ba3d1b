// Mocha, driven through its API, shared by every layer: the unit runner and the UI runner in
// plain Node, and the extension-host entry (test/exthost/index.ts) inside VS Code.
import * as fs from 'fs';
import * as path from 'path';
import Mocha from 'mocha';
import { TestCounts } from './summary';
import { timeoutFromEnv } from './waits';

export interface MochaRunOptions {
  files: string[];
  /** Per-test (and per-hook) timeout unless MI_TEST_TIMEOUT (seconds) says otherwise. */
  defaultTimeoutMs: number;
  /** Mocha's `--grep`; defaults to the MI_TEST_GREP environment variable. */
  grep?: string;
  color?: boolean;
  /**
   * A skipped test fails the run (default true). The UI layer turns it off: some of its tests
   * skip themselves when the flavour of VS Code lacks what they need.
   */
  forbidPending?: boolean;
}

export async function runMocha(options: MochaRunOptions): Promise<TestCounts> {
  const grep = options.grep ?? process.env.MI_TEST_GREP;
  const mocha = new Mocha({
    ui: 'bdd',
    reporter: 'spec',
    color: options.color ?? false,
    timeout: timeoutFromEnv('MI_TEST_TIMEOUT', options.defaultTimeoutMs),
    // A stray `.only` would end green after one test: it fails the run as the files load.
    forbidOnly: true,
    forbidPending: options.forbidPending ?? true,
    ...(grep ? { grep } : {}),
  });
  for (const file of options.files) mocha.addFile(file);
  await mocha.loadFilesAsync();
  const total = mocha.suite.total();
  return new Promise<TestCounts>((resolve) => {
    const runner = mocha.run(() => {
      const stats = runner.stats;
      resolve({
        passed: stats?.passes ?? 0,
        failed: stats?.failures ?? 0,
        skipped: stats?.pending ?? 0,
        // Tests that MI_TEST_GREP (or the grep option) left out, so a filtered run says so.
        filtered: grep ? Math.max(0, total - runner.grepTotal(mocha.suite)) : 0,
      });
    });
  });
}

/**
 * Every compiled test file under `roots` whose name ends with `suffix`, sorted. A compiled file
 * whose TypeScript source is gone (deleted or renamed test, out/ not cleaned) is skipped, so a
 * test that no longer exists cannot fail or pass a run. A root that is missing, or that holds no
 * test while its source folder does, throws: a layer that silently ran nothing would end green.
 */
export function findTestFiles(roots: string[], suffix: string, mapping?: { outRoot: string; sourceRoot: string }): string[] {
  const files: string[] = [];
  for (const root of roots) {
    if (!fs.existsSync(root)) throw new Error(`the compiled test folder ${root} is missing: run "npm run compile-tests" first`);
    const before = files.length;
    walk(root, suffix, files);
    const sourceRoot = mapping && path.join(mapping.sourceRoot, path.relative(mapping.outRoot, root));
    if (files.length === before && sourceRoot && hasTestSources(sourceRoot, suffix.replace(/\.js$/, '.ts'))) {
      throw new Error(`${root} holds no compiled *${suffix} although ${sourceRoot} has tests: run "npm run compile-tests" first`);
    }
  }
  return files
    .filter((file) => !mapping || fs.existsSync(sourceOf(file, mapping)))
    .sort();
}

function sourceOf(compiled: string, mapping: { outRoot: string; sourceRoot: string }): string {
  return path.join(mapping.sourceRoot, path.relative(mapping.outRoot, compiled)).replace(/\.js$/, '.ts');
}

function hasTestSources(dir: string, suffix: string): boolean {
  const found: string[] = [];
  if (fs.existsSync(dir)) walk(dir, suffix, found);
  return found.length > 0;
}

function walk(dir: string, suffix: string, into: string[]): void {
  const entries = fs.readdirSync(dir, { withFileTypes: true });
  for (const entry of entries) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) walk(full, suffix, into);
    else if (entry.isFile() && entry.name.endsWith(suffix)) into.push(full);
  }
}
