// The exthost layer: the project's Mocha suite inside the real VS Code extension host, hosted by
// code-server and opened in headless Chromium through VS Code's web integration-test route:
// the URL payload names the extension under development (this repository, built to dist/) and
// the test entry (out/test/exthost/index.js); the workbench reports the suite's console output
// through window.codeAutomationLog and its result through window.codeAutomationExit.
import * as fs from 'fs';
import * as path from 'path';
import { createAutomationLog } from './automationLog';
import { launchChromium } from './browser';
import { runCleanups } from './cleanup';
import { startCodeServer } from './codeServer';
import { selectFlavor } from './flavors';
import { ensureCodeServer } from './installCodeServer';
import { compiledTestRoot, repoRoot } from './paths';
import { createRunFolders, disposeRunFolders } from './runFolders';
import { enableSmokeTestDriver } from './smokeTestDriver';
import { finish, TestCounts } from './summary';
import { pollUntil, seconds, timeoutFromEnv, withTimeout } from './waits';

export async function runExtensionHostLayer(requestedVersion?: string): Promise<never> {
  const problems: string[] = [];
  let counts: TestCounts = { passed: 0, failed: 0 };
  let keepFolders = false;
  let folders: ReturnType<typeof createRunFolders> | undefined;
  try {
    const flavor = selectFlavor(requestedVersion);
    requireFile(path.join(repoRoot, 'dist', 'extension.js'), 'npm run build');
    const testEntry = requireFile(path.join(compiledTestRoot, 'exthost', 'index.js'), 'npm run compile-tests');
    const install = await ensureCodeServer(flavor);
    folders = createRunFolders('exthost');
    const resultsFile = path.join(folders.root, 'results.json');
    console.log(`exthost: VS Code ${flavor.vscodeVersion} (code-server ${flavor.version}), extension from ${repoRoot}`);

    const browser = await launchChromium(); // first: a missing browser fails in seconds
    const server = await startCodeServer(install, folders, { env: { MI_TEST_RESULTS_FILE: resultsFile } });
    const automationLog = createAutomationLog(path.join(folders.root, 'automation-log.jsonl'));
    let reportExit: (code: number) => void = () => undefined;
    const exitCode = new Promise<number>((resolve) => (reportExit = resolve));
    const page = await withTimeout(
      (async () => {
        const newPage = await browser.newPage();
        if (process.env.MI_DEBUG_CONSOLE) newPage.on('console', (m) => console.log('[browser]', m.type(), m.text().slice(0, 300)));
        await newPage.exposeFunction('codeAutomationLog', automationLog.print);
        await newPage.exposeFunction('codeAutomationExit', (code: number) => reportExit(code));
        await newPage.addInitScript(enableSmokeTestDriver);
        return newPage;
      })(),
      30_000,
      'Chromium to open a page',
    );

    // Anything that ends the run early, so a crash is a clear failure rather than a long wait.
    const brokeOff = new Promise<never>((_, reject) => {
      page.once('crash', () => reject(new Error('the workbench page crashed')));
      void server.process.exited.then((code) =>
        reject(new Error(`code-server exited (${code}) during the run\n--- last output ---\n${server.process.tail()}`)),
      );
    });
    brokeOff.catch(() => undefined); // raced below; the server's normal stop must not be unhandled

    const remote = (file: string) => `vscode-remote://127.0.0.1:${server.port}${file}`;
    const payload = [
      ['extensionDevelopmentPath', remote(repoRoot)],
      ['extensionTestsPath', remote(testEntry.replace(/\.js$/, ''))],
      ['skipWelcome', 'true'],
    ];
    const url = `${server.url}/?folder=${encodeURIComponent(folders.workspace)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
    await withTimeout(Promise.race([page.goto(url), brokeOff]), 60_000, 'the workbench page to load');

    const startMs = timeoutFromEnv('MI_EXTHOST_START_TIMEOUT', 120_000);
    const suiteMs = timeoutFromEnv('MI_EXTHOST_SUITE_TIMEOUT', 15 * 60_000);
    let ended = false;
    // No output at all for a long time means the workbench ignored the test payload or the
    // extension host never came up: say so instead of waiting for the whole suite limit.
    const silence = pollUntil(() => automationLog.suiteStarted() || ended, { timeoutMs: startMs, intervalMs: 500, what: 'the suite to start' })
      .then(() => new Promise<never>(() => undefined))
      .catch(() => {
        throw new Error(
          `the extension-host suite did not start within ${seconds(startMs)}: the workbench ignored the test ` +
            `payload, or the extension host did not come up (logs: ${folders!.root})\n` +
            `--- the workbench's last log lines ---\n${automationLog.beforeSuite() || '(none)'}`,
        );
      });
    silence.catch(() => undefined);
    const code = await withTimeout(
      Promise.race([exitCode, brokeOff, silence]),
      suiteMs,
      'the extension-host suite to report its end (codeAutomationExit)',
    ).finally(() => {
      ended = true;
      automationLog.mute();
    });

    counts = readCounts(resultsFile, problems);
    if (code !== 0 && counts.failed === 0) problems.push(`the suite's run() failed (exit code ${code}); see its output above`);
  } catch (error) {
    problems.push((error as Error).message);
  }
  keepFolders = problems.length > 0 || counts.failed > 0;
  await runCleanups();
  if (folders) disposeRunFolders(folders, keepFolders);
  return finish('exthost', counts, problems);
}

function requireFile(file: string, producedBy: string): string {
  if (!fs.existsSync(file)) throw new Error(`${path.relative(repoRoot, file)} is missing: run "${producedBy}" first`);
  return file;
}

function readCounts(resultsFile: string, problems: string[]): TestCounts {
  try {
    return JSON.parse(fs.readFileSync(resultsFile, 'utf8')) as TestCounts;
  } catch {
    problems.push('the suite ended without writing its results (did run() throw before Mocha ran? see the output above)');
    return { passed: 0, failed: 0 };
  }
}
