// Where the harness keeps things. Compiled to out/test/harness/, so the repository root is
// three levels up from here at run time.
import * as path from 'path';

export const repoRoot = path.resolve(__dirname, '..', '..', '..');

/** Git-ignored cache of code-server installs, Node runtimes and per-run folders. */
export const cacheRoot = path.join(repoRoot, '.vscode-test');

/** Git-ignored folder for screenshots and logs a person looks at after a run. */
export const resultsRoot = path.join(repoRoot, 'test-results');

/** Compiled test files live here (tsc -p . writes to out/ with rootDir '.'). */
export const compiledTestRoot = path.join(repoRoot, 'out', 'test');

export function readPackageJson(): { name: string; publisher: string; version: string } {
  // Read at run time (not imported) so tsc does not copy package.json into out/.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require(path.join(repoRoot, 'package.json'));
}

export function vsixPath(): string {
  const { name, version } = readPackageJson();
  return path.join(repoRoot, `${name}-${version}.vsix`);
}
