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
}

export async function runMocha(options: MochaRunOptions): Promise<TestCounts> {
  const grep = options.grep ?? process.env.MI_TEST_GREP;
  const mocha = new Mocha({
    ui: 'bdd',
    reporter: 'spec',
    color: options.color ?? false,
    timeout: timeoutFromEnv('MI_TEST_TIMEOUT', options.defaultTimeoutMs),
    ...(grep ? { grep } : {}),
  });
  for (const file of options.files) mocha.addFile(file);
  await mocha.loadFilesAsync();
  return new Promise<TestCounts>((resolve) => {
    const runner = mocha.run(() => {
      resolve({ passed: runner.stats?.passes ?? 0, failed: runner.stats?.failures ?? 0 });
    });
  });
}

/**
 * Every compiled test file under `roots` whose name ends with `suffix`, sorted. A compiled file
 * whose TypeScript source is gone (deleted or renamed test, out/ not cleaned) is skipped, so a
 * test that no longer exists cannot fail or pass a run.
 */
export function findTestFiles(roots: string[], suffix: string, mapping?: { outRoot: string; sourceRoot: string }): string[] {
  const files: string[] = [];
  for (const root of roots) walk(root, suffix, files);
  return files
    .filter((file) => !mapping || fs.existsSync(sourceOf(file, mapping)))
    .sort();
}

function sourceOf(compiled: string, mapping: { outRoot: string; sourceRoot: string }): string {
  return path.join(mapping.sourceRoot, path.relative(mapping.outRoot, compiled)).replace(/\.js$/, '.ts');
}

function walk(dir: string, suffix: string, into: string[]): void {
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch {
    return; // a layer with no folder yet simply has no tests there
  }
  for (const entry of entries) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) walk(full, suffix, into);
    else if (entry.isFile() && entry.name.endsWith(suffix)) into.push(full);
  }
}
