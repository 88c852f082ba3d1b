// The conformance layer: Microsoft's own clients, which this project did not write, against
// the sandbox tenant over verified TLS. MSAL for Python and azure-identity for Python (Debian's
// python3-msal and python3-azure under /usr/bin/python3) run as child processes; the kiota
// Graph SDK (@microsoft/msgraph-sdk) runs here. Each check is one named assertion on what a
// client got; the layer prints every check and ends with `conformance: N passed, N failed`.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { startSandbox, type RunningSandbox, type SandboxOptions } from '../../src/sandbox';
import { CheckRecorder, type CheckResult } from '../conformance/checks';
import { makeFixtures } from '../conformance/fixtures';
import { runGraphSdkChecks } from '../conformance/graphSdk/graphSdkChecks';
import { runPythonClient } from '../conformance/pythonClient';
import { onCleanup, runCleanups } from './cleanup';
import { withTimeout } from './waits';

const PYTHON_CLIENT_TIMEOUT_MS = 180_000;
const GRAPH_SDK_TIMEOUT_MS = 240_000;
const startedAt = Date.now();

/**
 * Graph paging needs more than one page of 999 apps; 0 propagation delay because the checks
 * exchange with credentials they have just created. `ficPropagationS` is the sandbox's option
 * for the delay; a sandbox that predates it has no delay, and ignores the field.
 */
const SANDBOX_OPTIONS: SandboxOptions & { ficPropagationS: number } = { apps: 1200, tokenFunction: false, ficPropagationS: 0 };

function print(result: CheckResult): void {
  const mark = result.ok ? '  ✓' : '  ✗';
  console.log(`${mark} [${result.client}] ${result.name}`);
  if (!result.ok && result.detail) console.log(result.detail.replace(/^/gm, '      '));
}

export async function runConformanceLayer(): Promise<never> {
  const all: CheckResult[] = [];
  const problems: string[] = [];
  const recorder = (client: string) => new CheckRecorder(client, (r) => {
    all.push(r);
    print(r);
  });
  let sandbox: RunningSandbox | undefined;
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mi-federation-conformance-'));
  try {
    sandbox = await withTimeout(startSandbox(SANDBOX_OPTIONS), 60_000, 'the sandbox tenant to start');
    const s = sandbox;
    onCleanup('stop the sandbox tenant', () => s.close());
    s.control.setFicPropagationDelay(0);
    console.log(`conformance: sandbox tenant at ${s.authority}`);

    // The Graph SDK first: its paging and $count checks need Contoso's app count untouched by
    // the apps the fixtures and its own credential checks create.
    console.log('\nkiota Graph SDK (@microsoft/msgraph-sdk)');
    await runGraphSdkChecks(s, recorder('kiota Graph SDK'), SANDBOX_OPTIONS.apps!, GRAPH_SDK_TIMEOUT_MS);

    const fixturesFile = path.join(workDir, 'fixtures.json');
    fs.writeFileSync(fixturesFile, JSON.stringify(await withTimeout(makeFixtures(s), 120_000, 'the fixtures')), { mode: 0o600 });
    const python = { fixturesFile, caFile: s.caFile, timeoutMs: PYTHON_CLIENT_TIMEOUT_MS };
    console.log('\nMSAL for Python (python3-msal)');
    await runPythonClient({ ...python, script: 'msal_client.py', debianPackage: 'python3-msal' }, recorder('MSAL Python'));
    console.log('\nazure-identity for Python (python3-azure)');
    await runPythonClient({ ...python, script: 'azure_identity_client.py', debianPackage: 'python3-azure' }, recorder('azure-identity Python'));
  } catch (error) {
    problems.push(`could not run: ${(error as Error).stack ?? String(error)}`);
  } finally {
    await runCleanups();
    fs.rmSync(workDir, { recursive: true, force: true });
  }
  return finish(all, problems);
}

/**
 * The closing line, last: `conformance: N passed, N failed`, as the other layers end with
 * theirs. Non-zero exit on any failure, on a problem outside the checks, or when none ran.
 */
function finish(results: CheckResult[], problems: string[]): never {
  const passed = results.filter((r) => r.ok).length;
  let failed = results.length - passed;
  const clients = new Set(results.map((r) => r.client));
  if (results.length === 0 && problems.length === 0) problems.push('no conformance check ran');
  for (const problem of problems) console.error(`conformance: ${problem}`);
  if (problems.length > 0 && failed === 0) failed = 1;
  console.log(`\nconformance: ${results.length} checks from ${clients.size} clients; ${Math.round((Date.now() - startedAt) / 1000)} s in all (setup included)`);
  console.log(`conformance: ${passed} passed, ${failed} failed`);
  process.exit(failed > 0 ? 1 : 0);
}
