// The sandbox tenant's standalone build (dist/sandbox.js) as a child process in its own process
// group, like code-server: `npm start` runs one next to the server and hands its JSON line to
// the extension.
import * as fs from 'fs';
import * as path from 'path';
import type { SandboxInfo } from '../../src/sandbox/types';
import { cleanEnv } from './cleanEnv';
import { repoRoot } from './paths';
import { StartedProcess, startProcess } from './processes';
import { withTimeout } from './waits';

export interface SandboxProcess {
  readonly info: SandboxInfo;
  readonly process: StartedProcess;
}

export interface SandboxProcessOptions {
  apps: number;
  /** Its CA, keys and logs; a restart with the same folder is trusted by the same CA. */
  stateDir: string;
  logFile: string;
}

export async function startSandboxProcess(options: SandboxProcessOptions): Promise<SandboxProcess> {
  const entry = path.join(repoRoot, 'dist', 'sandbox.js');
  if (!fs.existsSync(entry)) throw new Error('dist/sandbox.js is missing: run "npm run build" first');
  fs.mkdirSync(options.stateDir, { recursive: true });
  const started = startProcess(
    'sandbox tenant',
    process.execPath,
    [entry, '--port', '0', '--apps', String(options.apps), '--state-dir', options.stateDir],
    { env: cleanEnv(), logFile: options.logFile },
  );
  try {
    const info = await withTimeout(
      Promise.race([firstLine(started), started.exited.then((code) => Promise.reject(new Error(`it exited (${code})`)))]),
      30_000,
      'the sandbox tenant to print its JSON line',
    );
    return { info: JSON.parse(info) as SandboxInfo, process: started };
  } catch (error) {
    await started.stop();
    throw new Error(`The sandbox tenant did not start: ${(error as Error).message}\n--- last output ---\n${started.tail() || '(nothing)'}`);
  }
}

function firstLine(started: StartedProcess): Promise<string> {
  return new Promise((resolve) => {
    let text = '';
    const onData = (chunk: Buffer) => {
      text += chunk.toString('utf8');
      const newline = text.indexOf('\n');
      if (newline < 0) return;
      started.child.stdout?.off('data', onData);
      resolve(text.slice(0, newline));
    };
    started.child.stdout?.on('data', onData);
  });
}
