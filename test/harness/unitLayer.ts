// The unit layer: plain Node, no VS Code. Runs the compiled tests of test/unit/ (pure logic)
// and test/contract/ (the sandbox tenant over real HTTPS on 127.0.0.1).
import * as path from 'path';
import { findTestFiles, runMocha } from './mochaRunner';
import { compiledTestRoot, repoRoot } from './paths';
import { finish } from './summary';

export async function runUnitLayer(): Promise<never> {
  try {
    // A missing compiled folder throws here: a failure with the closing line, not a silent skip.
    const files = findTestFiles(
      [path.join(compiledTestRoot, 'unit'), path.join(compiledTestRoot, 'contract')],
      '.test.js',
      { outRoot: path.join(repoRoot, 'out'), sourceRoot: repoRoot },
    );
    const counts = await runMocha({ files, defaultTimeoutMs: 20_000, color: process.stdout.isTTY });
    return finish('unit', counts);
  } catch (error) {
    return finish('unit', { passed: 0, failed: 0 }, [`could not run: ${(error as Error).stack ?? error}`]);
  }
}
