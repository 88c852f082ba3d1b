// The ui layer: the packaged .vsix installed into code-server the way a user installs it, the
// workbench opened in headless Chromium, and every test/ui/**/*.ui.test.ts run by Mocha in plain
// Node against it (see fixture/workbench.ts).
import * as fs from 'fs';
import * as path from 'path';
import { launchChromium } from '../harness/browser';
import { runCleanups } from '../harness/cleanup';
import { installExtension, startCodeServer } from '../harness/codeServer';
import { selectFlavor } from '../harness/flavors';
import { ensureCodeServer } from '../harness/installCodeServer';
import { findTestFiles, runMocha } from '../harness/mochaRunner';
import { compiledTestRoot, repoRoot, resultsRoot, vsixPath } from '../harness/paths';
import { createRunFolders, disposeRunFolders, RunFolders } from '../harness/runFolders';
import { finish, TestCounts } from '../harness/summary';
import { setUiSession } from './fixture/session';

/** UI steps each have their own 20 s limit; a whole test gets this much. */
const DEFAULT_TEST_TIMEOUT_MS = 90_000;

export async function runUiLayer(requestedVersion?: string): Promise<never> {
  const problems: string[] = [];
  let counts: TestCounts = { passed: 0, failed: 0 };
  let folders: RunFolders | undefined;
  try {
    const flavor = selectFlavor(requestedVersion);
    const vsix = vsixPath();
    if (!fs.existsSync(vsix)) throw new Error(`${path.basename(vsix)} is missing: run "npm run package" first`);
    const files = findTestFiles([path.join(compiledTestRoot, 'ui')], '.ui.test.js', {
      outRoot: path.join(repoRoot, 'out'),
      sourceRoot: repoRoot,
    });
    if (files.length === 0) throw new Error('no compiled *.ui.test.js under out/test/ui: run "npm run compile-tests" first');

    const install = await ensureCodeServer(flavor);
    folders = createRunFolders('ui');
    console.log(`ui: VS Code ${flavor.vscodeVersion} (code-server ${flavor.version}), ${path.basename(vsix)} installed from the package`);
    const browser = await launchChromium(); // first: a missing browser fails in seconds
    await installExtension(install, folders, vsix);
    const server = await startCodeServer(install, folders);
    const screenshotDir = path.join(resultsRoot, 'ui', `vscode-${flavor.vscodeVersion}`);
    setUiSession({ browser, serverUrl: server.url, workspace: folders.workspace, flavor, screenshotDir });

    // Some UI tests skip themselves where a VS Code flavour lacks what they need; the closing line counts them.
    counts = await runMocha({ files, defaultTimeoutMs: DEFAULT_TEST_TIMEOUT_MS, color: process.stdout.isTTY, forbidPending: false });
  } catch (error) {
    problems.push((error as Error).message);
  }
  setUiSession(undefined);
  await runCleanups();
  if (folders) disposeRunFolders(folders, problems.length > 0 || counts.failed > 0);
  return finish('ui', counts, problems);
}
