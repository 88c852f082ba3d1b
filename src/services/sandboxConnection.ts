// The sandbox tenant the extension talks to when the cloud is "sandbox": one started by the
// extension as a child process (never inside the extension host: it would share its event
// loop and process-wide SDK state), or one already running that the user or a test hands over.
import type { ChildProcess } from 'node:child_process';
import * as path from 'node:path';
import type { SandboxInfo } from '../sandbox/types';
import { sandboxEnvironment, type Environment } from './environment';
import { nodeChildProcess, nodeFsPromises } from './nodeModules';

export interface ConnectedSandbox {
  info: SandboxInfo;
  ca: string;
  /** Set when this extension started the sandbox and so must stop it. */
  child?: ChildProcess;
}

const startTimeoutMs = 20_000;

export class SandboxConnection {
  private current: ConnectedSandbox | undefined;

  get connected(): ConnectedSandbox | undefined {
    return this.current;
  }

  environment(): Environment | undefined {
    if (!this.current) return undefined;
    return sandboxEnvironment(this.current.info.authority, this.current.ca, this.current.info.user.clientId);
  }

  /** Uses a sandbox that is already running (its JSON line, or startSandbox()'s result). */
  async attach(info: SandboxInfo & { ca?: string }): Promise<ConnectedSandbox> {
    await this.stop();
    const ca = info.ca ?? (await nodeFsPromises().readFile(info.caFile, 'utf8'));
    this.current = { info, ca };
    return this.current;
  }

  /** Starts the bundled sandbox (dist/sandbox.js) as a child process and connects to it. */
  async start(extensionPath: string, options: { apps?: number; stateDir?: string } = {}): Promise<ConnectedSandbox> {
    await this.stop();
    const args = [path.join(extensionPath, 'dist', 'sandbox.js'), '--port', '0'];
    if (options.apps) args.push('--apps', String(options.apps));
    if (options.stateDir) args.push('--state-dir', options.stateDir);
    // In desktop VS Code process.execPath is Electron; this makes it behave as plain Node.
    const child = nodeChildProcess().spawn(process.execPath, args, { env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
    const info = await readFirstJsonLine(child);
    const ca = await nodeFsPromises().readFile(info.caFile, 'utf8');
    this.current = { info, ca, child };
    child.once('exit', () => {
      if (this.current?.child === child) this.current = undefined;
    });
    return this.current;
  }

  async stop(): Promise<void> {
    const child = this.current?.child;
    this.current = undefined;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
    await exited;
    clearTimeout(timer);
  }
}

function readFirstJsonLine(child: ChildProcess): Promise<SandboxInfo> {
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    const fail = (reason: string) => {
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(new Error(`The sandbox tenant did not start: ${reason}${err.trim() ? `\n${err.trim().slice(-2000)}` : ''}`));
    };
    const timer = setTimeout(() => fail(`no answer within ${startTimeoutMs / 1000} s.`), startTimeoutMs);
    child.stderr?.on('data', (d: Buffer) => (err += d.toString('utf8')));
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString('utf8');
      const newline = out.indexOf('\n');
      if (newline < 0) return;
      clearTimeout(timer);
      try {
        resolve(JSON.parse(out.slice(0, newline)) as SandboxInfo);
      } catch {
        fail('its first line was not JSON.');
      }
    });
    child.once('error', (e) => fail(e.message));
    child.once('exit', (code) => fail(`it exited with code ${code}.`));
  });
}
