// Installs code-server from npm into .vscode-test/code-server-<version>/ on first use, the way
// @vscode/test-electron caches VS Code: idempotent (a marker written last), locked against a
// parallel run, and re-done when the Node it was built for changes (native modules).
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { withDirectoryLock } from './directoryLock';
import { CodeServerFlavor } from './flavors';
import { ensureNode } from './installNode';
import { npmInstall } from './npmInstall';
import { cacheRoot } from './paths';

export interface CodeServerInstall {
  readonly flavor: CodeServerFlavor;
  /** code-server's CLI entry, run with `node`. */
  readonly entry: string;
  /** The Node that runs it (and its extension host). */
  readonly node: string;
  /** Put first in PATH for the server, so anything it spawns with `node` gets the same one. */
  readonly pathPrefix: string;
}

export async function ensureCodeServer(flavor: CodeServerFlavor): Promise<CodeServerInstall> {
  const runtime = flavor.nodeVersion ? await ensureNode(flavor.nodeVersion) : undefined;
  const node = runtime?.executable ?? process.execPath;
  const nodeVersion = runtime ? `v${flavor.nodeVersion}` : process.version;
  const dir = path.join(cacheRoot, `code-server-${flavor.version}`);
  const install: CodeServerInstall = {
    flavor,
    entry: path.join(dir, 'node_modules', 'code-server', 'out', 'node', 'entry.js'),
    node,
    pathPrefix: path.dirname(node),
  };
  const marker = path.join(dir, '.installed');
  const ready = () => fs.existsSync(install.entry) && readMarker(marker) === nodeVersion;
  if (ready()) return install;

  await withDirectoryLock(`${dir}.lock`, 20 * 60_000, async () => {
    if (ready()) return;
    checkBuildPrerequisites(flavor);
    fs.rmSync(dir, { recursive: true, force: true });
    const tmp = path.join(cacheRoot, 'tmp');
    if (flavor.ripgrepSeed) seedRipgrepCache(tmp, flavor.ripgrepSeed);
    const logFile = `${dir}.install.log`;
    const started = Date.now();
    console.log(
      `harness: installing code-server ${flavor.version} (VS Code ${flavor.vscodeVersion}) on Node ${nodeVersion} ` +
        `into ${path.relative(process.cwd(), dir)}/ — first use only, a few minutes (log: ${logFile})`,
    );
    await npmInstall({
      dir,
      spec: `code-server@${flavor.version}`,
      timeoutMs: 20 * 60_000,
      logFile,
      pathPrefix: runtime?.bin,
      env: {
        // code-server's postinstall refuses to run as root unless this is set (npm 11 warns
        // "Unknown env config", but the script still sees the variable, which is all it checks).
        npm_config_unsafe_perm: 'true',
        // node-pty builds with `npx node-gyp`, which would stop to ask (the user config says yes=false).
        npm_config_yes: 'true',
        // code-server, and the packages its postinstall installs (node-pty, kerberos, argon2,
        // spdlog, ...), need their install scripts. npm 11.19 runs unreviewed scripts with a
        // warning; a user's `strict-allow-scripts` or a later npm that blocks them by default
        // would break this install, and an `allowScripts` list in our cache package.json does not
        // reach the nested install inside code-server. So, for this one install only:
        npm_config_dangerously_allow_all_scripts: 'true',
        // Headers for native modules: the other Node's own, when it is not the machine's.
        npm_config_nodedir: runtime?.home,
        // Native modules compile from source here (no prebuilt downloads): use every core, and
        // don't optimize. gyp puts CFLAGS/CXXFLAGS after its own -O3, so -O0 wins: sqlite3's
        // amalgamation alone takes ~87 s of CPU at -O3 and ~9 s at -O0 (measured here), and a
        // test host gains nothing from optimized sqlite, spdlog or kerberos.
        JOBS: process.env.JOBS ?? 'max',
        CFLAGS: process.env.CFLAGS ?? '-O0',
        CXXFLAGS: process.env.CXXFLAGS ?? '-O0',
        // Keeps temporary files, and the seeded ripgrep download cache, inside .vscode-test/.
        TMPDIR: tmp,
      },
    });
    if (!fs.existsSync(install.entry)) throw new Error(`code-server ${flavor.version} installed, but ${install.entry} is missing`);
    fs.writeFileSync(marker, nodeVersion);
    console.log(`harness: code-server ${flavor.version} installed in ${Math.round((Date.now() - started) / 1000)} s`);
  });
  return install;
}

function readMarker(marker: string): string | undefined {
  try {
    return fs.readFileSync(marker, 'utf8').trim();
  } catch {
    return undefined;
  }
}

/** Fails early, with the cure, instead of minutes into a native build. */
function checkBuildPrerequisites(flavor: CodeServerFlavor): void {
  const missing: string[] = [];
  for (const tool of ['make', 'g++', 'python3', 'tar']) {
    if (!onPath(tool)) missing.push(`${tool} (build-essential / python3)`);
  }
  if (!fs.existsSync('/usr/include/gssapi/gssapi.h')) missing.push('gssapi headers for the kerberos module: apt-get install -y libkrb5-dev');
  if (flavor.ripgrepSeed && !onPath('rg')) missing.push('rg, seeded into @vscode/ripgrep instead of a GitHub download: apt-get install -y ripgrep');
  if (missing.length > 0) {
    throw new Error(`Cannot install code-server ${flavor.version}; missing:\n  - ${missing.join('\n  - ')}`);
  }
}

function onPath(command: string): string | undefined {
  try {
    return execFileSync('sh', ['-c', `command -v ${command}`], { encoding: 'utf8' }).trim() || undefined;
  } catch {
    return undefined;
  }
}

/** Puts a tarball holding the system's rg where @vscode/ripgrep's postinstall looks for its download. */
function seedRipgrepCache(tmp: string, seed: { cacheFolder: string; tarball: string }): void {
  const cacheDir = path.join(tmp, seed.cacheFolder);
  const tarball = path.join(cacheDir, seed.tarball);
  if (fs.existsSync(tarball)) return;
  fs.mkdirSync(cacheDir, { recursive: true });
  const staging = fs.mkdtempSync(path.join(tmp, 'rg-'));
  try {
    fs.copyFileSync(onPath('rg')!, path.join(staging, 'rg'));
    fs.chmodSync(path.join(staging, 'rg'), 0o755);
    execFileSync('tar', ['-czf', tarball, '-C', staging, 'rg']);
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
  }
}
