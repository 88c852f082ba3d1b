// Where the harness keeps things.
import * as fs from 'fs';
import * as path from 'path';

/**
 * The repository: the nearest folder above this file with a package.json and test/harness/.
 * Found rather than counted (tsc puts this file in out/test/harness/, but `npm start` and
 * .ci/run run esbuild bundles of harness entries, which may live elsewhere).
 */
export const repoRoot = findRepoRoot(__dirname);

function findRepoRoot(from: string): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'package.json')) && fs.existsSync(path.join(dir, 'test', 'harness'))) return dir;
    if (path.dirname(dir) === dir) throw new Error(`the harness at ${from} is not inside the repository (no package.json with test/harness/ above it)`);
  }
}

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
