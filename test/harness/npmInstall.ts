// Installs one npm package into a cache folder of its own, as a small private project (not
// `npm install -g --prefix`: npm exports `global` and `prefix` to lifecycle scripts, and
// code-server's postinstall runs a nested `npm install` that then acts on the wrong tree).
import * as fs from 'fs';
import * as path from 'path';
import { cleanEnv } from './cleanEnv';
import { runToCompletion } from './processes';

export interface NpmInstallOptions {
  /** The folder that becomes the private project; node_modules/ ends up inside it. */
  dir: string;
  spec: string;
  env: Record<string, string | undefined>;
  timeoutMs: number;
  logFile: string;
  /** PATH entries put first (e.g. another Node's bin, so npm and its scripts run on it). */
  pathPrefix?: string;
}

export async function npmInstall(options: NpmInstallOptions): Promise<void> {
  fs.mkdirSync(options.dir, { recursive: true });
  fs.writeFileSync(
    path.join(options.dir, 'package.json'),
    JSON.stringify({ private: true, description: 'test harness cache, safe to delete' }, null, 2),
  );
  const pathValue = options.pathPrefix ? `${options.pathPrefix}${path.delimiter}${process.env.PATH ?? ''}` : process.env.PATH;
  await runToCompletion('npm install ' + options.spec, 'npm', ['install', '--no-audit', '--no-fund', '--no-save', options.spec], {
    cwd: options.dir,
    env: cleanEnv({ ...options.env, PATH: pathValue }),
    logFile: options.logFile,
    timeoutMs: options.timeoutMs,
  });
}
