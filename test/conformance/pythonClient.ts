// Runs one Python conformance client (a script in test/conformance/python/) with Debian's
// /usr/bin/python3, where python3-msal and python3-azure install their modules, and turns the
// JSON lines it prints into check results. The script has a time limit and is killed on it.
import { spawn } from 'node:child_process';
import * as path from 'node:path';
import { onCleanup } from '../harness/cleanup';
import { repoRoot } from '../harness/paths';
import type { CheckRecorder } from './checks';

/** Debian's interpreter, not a pyenv or venv one first on PATH: the Debian packages live here. */
export const DEBIAN_PYTHON = '/usr/bin/python3';
const SCRIPTS = path.join(repoRoot, 'test', 'conformance', 'python');

export interface PythonClientRun {
  script: string;
  /** The Debian package that provides the client, named when the module is missing. */
  debianPackage: string;
  fixturesFile: string;
  caFile: string;
  timeoutMs: number;
}

interface Line {
  name?: string;
  ok?: boolean;
  detail?: string;
  done?: number;
  missing?: string;
  package?: string;
}

export function runPythonClient(run: PythonClientRun, recorder: CheckRecorder): Promise<void> {
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    LANG: 'C.UTF-8',
    PYTHONDONTWRITEBYTECODE: '1',
    PYTHONPATH: SCRIPTS,
    CONFORMANCE_FIXTURES: run.fixturesFile,
    // requests (under MSAL and azure-core) verifies TLS against this bundle: the sandbox CA only.
    REQUESTS_CA_BUNDLE: run.caFile,
    NO_PROXY: '127.0.0.1',
  };
  return new Promise((resolve) => {
    const child = spawn(DEBIAN_PYTHON, [path.join(SCRIPTS, run.script)], { env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    let stdout = '';
    let stderr = '';
    let finished = false;
    let doneCount: number | undefined;
    let seen = 0;
    const kill = () => {
      try {
        if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    };
    // Ctrl-C or CI stopping the run kills the client's whole process group too.
    const unregister = onCleanup(`stop ${run.script}`, kill, kill);
    const timer = setTimeout(() => {
      recorder.record({ client: recorder.client, name: `${run.script} finishes in time`, ok: false, detail: `killed after ${run.timeoutMs / 1000} s\n${stderr.slice(-2000)}` });
      finished = true;
      kill();
    }, run.timeoutMs);
    const onLine = (text: string) => {
      if (!text.trim()) return;
      let line: Line;
      try {
        line = JSON.parse(text) as Line;
      } catch {
        stderr += `${text}\n`; // a library's print: keep it for the failure message
        return;
      }
      if (line.missing) {
        recorder.record({
          client: recorder.client, name: `${line.missing} is importable by ${DEBIAN_PYTHON}`, ok: false,
          detail: `install the Debian package ${line.package} (apt-get install ${line.package}): ${line.detail}`,
        });
      } else if (line.done !== undefined) {
        doneCount = line.done;
      } else if (line.name !== undefined) {
        seen++;
        recorder.record({ client: recorder.client, name: line.name, ok: line.ok === true, detail: line.detail });
      }
    };
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString('utf8');
      let newline: number;
      while ((newline = stdout.indexOf('\n')) >= 0) {
        onLine(stdout.slice(0, newline));
        stdout = stdout.slice(newline + 1);
      }
    });
    child.stderr.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString('utf8')).slice(-20_000)));
    const end = (code: number | null, signal: string | null, error?: Error) => {
      clearTimeout(timer);
      unregister();
      if (!finished && (error || code !== 0 || doneCount !== seen)) {
        const why = error ? `could not start ${DEBIAN_PYTHON}: ${error.message}` : `exited with ${code ?? signal} after ${seen} checks`;
        if (code !== 3) recorder.record({ client: recorder.client, name: `${run.script} runs to its end`, ok: false, detail: `${why}\n${stderr.slice(-3000)}` });
      }
      finished = true;
      resolve();
    };
    child.once('error', (error) => end(null, null, error));
    child.once('close', (code, signal) => end(code, signal));
  });
}
