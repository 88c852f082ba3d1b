// Child processes the harness starts: each in its own process group, so stopping it also stops
// what it spawned (code-server forks an extension host, a file watcher, a pty host...).
import { ChildProcess, spawn } from 'child_process';
import * as fs from 'fs';
import { onCleanup } from './cleanup';
import { sleep, withTimeout } from './waits';

export interface StartedProcess {
  readonly name: string;
  readonly child: ChildProcess;
  /** Resolves with the exit code (or the signal's name) when the process ends. */
  readonly exited: Promise<number | string>;
  /** The last lines the process printed, for error messages. */
  tail(lines?: number): string;
  /** SIGTERM to the group, then SIGKILL after `graceMs`. Safe to call twice. */
  stop(graceMs?: number): Promise<void>;
}

export interface StartOptions {
  env: NodeJS.ProcessEnv;
  cwd?: string;
  /** Everything the process prints is appended here too. */
  logFile?: string;
  /** Echo output to the harness's own stdout/stderr as it arrives. */
  echo?: boolean;
}

export function startProcess(name: string, command: string, args: string[], options: StartOptions): StartedProcess {
  const child = spawn(command, args, {
    env: options.env,
    cwd: options.cwd,
    detached: true, // a new process group: we can signal the whole tree by -pid
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const recent: string[] = [];
  const log = options.logFile ? fs.createWriteStream(options.logFile, { flags: 'a' }) : undefined;
  const collect = (stream: NodeJS.WriteStream) => (chunk: Buffer) => {
    const text = chunk.toString();
    log?.write(text);
    if (options.echo) stream.write(text);
    recent.push(...text.split('\n').filter((line) => line.trim() !== ''));
    if (recent.length > 200) recent.splice(0, recent.length - 200);
  };
  child.stdout?.on('data', collect(process.stdout));
  child.stderr?.on('data', collect(process.stderr));

  const exited = new Promise<number | string>((resolve) => {
    child.once('error', (error) => {
      recent.push(`failed to start ${command}: ${error.message}`);
      resolve(`spawn error: ${error.message}`);
    });
    child.once('exit', (code, signal) => resolve(code ?? signal ?? 'unknown'));
  });
  void exited.then(() => log?.end());

  let stopping: Promise<void> | undefined;
  const killGroup = (signal: NodeJS.Signals) => {
    if (child.pid === undefined) return;
    try {
      process.kill(-child.pid, signal);
    } catch {
      // The group is already gone.
    }
  };
  const unregister = onCleanup(`stop ${name}`, () => stop(), () => killGroup('SIGKILL'));

  async function stop(graceMs = 5000): Promise<void> {
    stopping ??= (async () => {
      if (child.pid !== undefined) {
        killGroup('SIGTERM');
        // code-server has been seen to ignore a TERM that arrives early in its start-up.
        const ended = await Promise.race([exited.then(() => true), sleep(graceMs).then(() => false)]);
        if (!ended) {
          killGroup('SIGKILL');
          await withTimeout(exited, 5000, `${name} to exit after SIGKILL`);
        }
        // Children may outlive the leader; sweep the group once more.
        killGroup('SIGKILL');
      }
      unregister();
    })();
    return stopping;
  }

  return {
    name,
    child,
    exited,
    tail: (lines = 30) => recent.slice(-lines).join('\n'),
    stop,
  };
}

/** Runs a command to completion within `timeoutMs`; rejects with its output tail on failure. */
export async function runToCompletion(
  name: string,
  command: string,
  args: string[],
  options: StartOptions & { timeoutMs: number },
): Promise<void> {
  const started = startProcess(name, command, args, options);
  let result: number | string;
  try {
    result = await withTimeout(started.exited, options.timeoutMs, `${name} to finish`);
  } catch (error) {
    await started.stop();
    throw new Error(`${(error as Error).message}\n--- last output of ${name} ---\n${started.tail()}`);
  }
  await started.stop();
  if (result !== 0) {
    const where = options.logFile ? ` (full log: ${options.logFile})` : '';
    throw new Error(`${name} failed (exit ${result})${where}\n--- last output ---\n${started.tail(40)}`);
  }
}
