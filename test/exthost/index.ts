// The extension-host test entry (VS Code's `extensionTestsPath` convention): VS Code loads this
// file inside the real extension host, after loading the extension under development, and
// calls run(). A rejected promise is a red run. Used by the code-server harness
// (test/harness/extensionHostLayer.ts) and by @vscode/test-electron in desktop VS Code.
import * as fs from 'fs';
import * as path from 'path';
import { findTestFiles, runMocha } from '../harness/mochaRunner';
import { closingLine } from '../harness/summary';
import { SUITE_START_MARKER } from '../harness/suiteMarker';

/** Generous: extension-host tests talk to the sandbox tenant over HTTPS and drive the UI. */
const DEFAULT_TEST_TIMEOUT_MS = 60_000;

export async function run(): Promise<void> {
  const repoRoot = path.resolve(__dirname, '..', '..', '..');
  const files = findTestFiles([__dirname], '.test.js', { outRoot: path.join(repoRoot, 'out'), sourceRoot: repoRoot });
  console.log(SUITE_START_MARKER);
  const counts = await runMocha({ files, defaultTimeoutMs: DEFAULT_TEST_TIMEOUT_MS });

  // Under the code-server harness, the harness prints the closing line after it has stopped
  // everything; elsewhere (desktop VS Code) this entry prints it.
  const resultsFile = process.env.MI_TEST_RESULTS_FILE;
  if (resultsFile) fs.writeFileSync(resultsFile, JSON.stringify(counts));
  else console.log(closingLine(counts));

  if (counts.failed > 0) throw new Error(`${counts.failed} extension-host test(s) failed`);
  if (counts.passed === 0) throw new Error('no extension-host test ran');
}
