// Starting and stopping code-server for one test run, and installing a .vsix into it.
import * as http from 'http';
import { cleanEnv } from './cleanEnv';
import { freePort } from './freePort';
import { CodeServerInstall } from './installCodeServer';
import { runToCompletion, StartedProcess, startProcess } from './processes';
import { RunFolders } from './runFolders';
import { pollUntil, seconds, timeoutFromEnv } from './waits';

export interface RunningCodeServer {
  readonly port: number;
  /** http://127.0.0.1:PORT — the workbench. */
  readonly url: string;
  readonly process: StartedProcess;
  stop(): Promise<void>;
}

export interface StartCodeServerOptions {
  /** Extra environment for the server; it reaches the extension host too. */
  env?: Record<string, string | undefined>;
  /** Port to try first (`npm start`'s fixed default); a free one when taken or not given. */
  port?: number;
}

export async function startCodeServer(
  install: CodeServerInstall,
  folders: RunFolders,
  options: StartCodeServerOptions = {},
): Promise<RunningCodeServer> {
  const startTimeoutMs = timeoutFromEnv('MI_SERVER_START_TIMEOUT', 60_000);
  // A port picked free can be taken before the server binds it (another run): then try another.
  for (let attempt = 1; ; attempt++) {
    const port = attempt === 1 && options.port ? options.port : await freePort();
    const server = startProcess(
      `code-server ${install.flavor.version}`,
      install.node,
      [
        install.entry,
        '--auth', 'none',
        '--bind-addr', `127.0.0.1:${port}`,
        '--disable-telemetry',
        '--disable-update-check',
        '--disable-workspace-trust',
        '--disable-getting-started-override',
        '--ignore-last-opened',
        '--user-data-dir', folders.userData,
        '--extensions-dir', folders.extensions,
      ],
      { env: serverEnv(install, folders, options.env), logFile: folders.serverLog },
    );
    let exitedEarly: number | string | undefined;
    void server.exited.then((code) => (exitedEarly = code));
    try {
      await pollUntil(
        async () => {
          if (exitedEarly !== undefined) throw new Error(`code-server exited (${exitedEarly}) before it was ready`);
          return (await httpStatus(`http://127.0.0.1:${port}/healthz`)) === 200;
        },
        { timeoutMs: startTimeoutMs, intervalMs: 200, what: `code-server to answer /healthz on 127.0.0.1:${port}` },
      );
    } catch (error) {
      await server.stop();
      const tail = server.tail();
      if (/EADDRINUSE/.test(tail) && attempt < 3) continue;
      throw new Error(
        `code-server ${install.flavor.version} did not start: ${(error as Error).message} ` +
          `(limit ${seconds(startTimeoutMs)}; log: ${folders.serverLog})\n--- last output ---\n${tail || '(nothing)'}`,
      );
    }
    return { port, url: `http://127.0.0.1:${port}`, process: server, stop: () => server.stop() };
  }
}

/** `code-server --install-extension x.vsix`, the way a user installs a downloaded package. */
export async function installExtension(install: CodeServerInstall, folders: RunFolders, vsix: string): Promise<void> {
  await runToCompletion(
    `code-server --install-extension ${vsix}`,
    install.node,
    [install.entry, '--user-data-dir', folders.userData, '--extensions-dir', folders.extensions, '--install-extension', vsix],
    { env: serverEnv(install, folders), logFile: folders.serverLog, timeoutMs: timeoutFromEnv('MI_INSTALL_EXTENSION_TIMEOUT', 120_000) },
  );
}

function serverEnv(install: CodeServerInstall, folders: RunFolders, extra: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  return cleanEnv({
    // Without these, code-server writes its config and state into ~/.config and ~/.local.
    XDG_CONFIG_HOME: folders.xdgConfig,
    XDG_DATA_HOME: folders.xdgData,
    // No marketplace: tests install what they need from disk, and the only network is loopback
    // (otherwise the server looks up open-vsx.org and the workbench logs the failure).
    EXTENSIONS_GALLERY: JSON.stringify({ serviceUrl: '' }),
    PATH: `${install.pathPrefix}:${process.env.PATH ?? ''}`,
    ...extra,
  });
}

function httpStatus(url: string): Promise<number | undefined> {
  return new Promise((resolve) => {
    const request = http.get(url, { timeout: 2000 }, (response) => {
      response.resume();
      resolve(response.statusCode);
    });
    request.on('timeout', () => request.destroy());
    request.on('error', () => resolve(undefined));
  });
}
