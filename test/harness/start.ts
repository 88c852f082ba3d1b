// `npm start`: the packaged extension in code-server, on a sandbox tenant, in one command.
// The npm script builds and packages first; this starts the sandbox tenant and code-server (each
// in its own process group, installed on first use exactly as the tests do), hands the sandbox
// to the extension through SANDBOX_FILE_VARIABLE, prints the URL to open, and runs until Ctrl-C
// or SIGTERM, which stop everything it started. The run's folders go away when it stops.
//
//   npm start [-- --port 8080] [--apps 200] [--code-server <version>|latest]
import * as fs from 'fs';
import * as path from 'path';
import { SANDBOX_FILE_VARIABLE } from '../../src/shared/sandboxHandOver';
import type { SandboxInfo } from '../../src/sandbox/types';
import { onCleanup, runCleanups } from './cleanup';
import { installExtension, startCodeServer } from './codeServer';
import { selectFlavor } from './flavors';
import { ensureCodeServer } from './installCodeServer';
import { repoRoot, vsixPath } from './paths';
import { choosePort } from './portChoice';
import { createRunFolders, disposeRunFolders, RunFolders } from './runFolders';
import { startSandboxProcess } from './sandboxProcess';

const USAGE = 'usage: npm start [-- --port 8080] [--apps 200] [--code-server <version>|latest]';

/** The line a person (and the UI test of `npm start`) reads the workbench's address from. */
const URL_LINE_PREFIX = 'Open ';

interface StartOptions {
  port: number;
  apps: number;
  codeServer?: string;
}

/** On top of the harness's quiet test settings: the sandbox cloud, and the guide shown first. */
const START_SETTINGS = {
  'miFederation.cloud': 'sandbox',
  'workbench.startupEditor': 'readme',
};

async function main(options: StartOptions): Promise<void> {
  let folders: RunFolders | undefined;
  let failed = false;
  // Registered first, so it runs last: the folders go once everything using them has stopped.
  onCleanup('remove the run folders', () => {
    if (folders) disposeRunFolders(folders, failed);
    if (!failed) say('stopped code-server and the sandbox tenant.');
  });
  // cleanup.ts stops everything on these signals; a server that exits then is no failure.
  let stopping = false;
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.once(signal, () => (stopping = true));
  try {
    const flavor = selectFlavor(options.codeServer);
    const vsix = vsixPath();
    if (!fs.existsSync(vsix)) throw new Error(`${path.basename(vsix)} is missing: run "npm run package" first (npm start does)`);
    const install = await ensureCodeServer(flavor);
    folders = createRunFolders('start', START_SETTINGS);
    say(`code-server ${flavor.version} (VS Code ${flavor.vscodeVersion}); this run's folders and logs: ${path.relative(repoRoot, folders.root)}/`);

    const sandbox = await startSandboxProcess({ apps: options.apps, stateDir: path.join(folders.root, 'sandbox'), logFile: path.join(folders.root, 'sandbox.log') });
    const sandboxFile = path.join(folders.root, 'sandbox.json');
    fs.writeFileSync(sandboxFile, `${JSON.stringify(sandbox.info)}\n`);
    say(`sandbox tenant at ${sandbox.info.authority} (Contoso with ${options.apps} app registrations, Fabrikam)`);
    fs.writeFileSync(path.join(folders.workspace, 'README.md'), workspaceGuide(sandbox.info));

    await installExtension(install, folders, vsix);
    const server = await startCodeServer(install, folders, { port: await choosePort(options.port), env: { [SANDBOX_FILE_VARIABLE]: sandboxFile } });
    if (server.port !== options.port && options.port !== 0) say(`port ${options.port} is taken, so code-server listens on ${server.port} (--port P picks another)`);

    console.log(
      [
        '',
        `${URL_LINE_PREFIX}${server.url}/?folder=${encodeURIComponent(folders.workspace)}`,
        '',
        'The extension signs in to the sandbox tenant by itself: open "MI Federation" in the activity bar.',
        'Ctrl-C stops code-server and the sandbox tenant.',
        '',
      ].join('\n'),
    );

    const ended = await Promise.race([
      server.process.exited.then((code) => `code-server exited (${code})\n${server.process.tail(10)}`),
      sandbox.process.exited.then((code) => `the sandbox tenant exited (${code})\n${sandbox.process.tail(10)}`),
    ]);
    if (stopping) return;
    throw new Error(`${ended}\nStopping the rest.`);
  } catch (error) {
    failed = true;
    console.error(`npm start: ${(error as Error).message}`);
    await runCleanups();
    process.exit(1);
  }
}

function say(line: string): void {
  console.log(`npm start: ${line}`);
}

/** The workspace's README.md, which the workbench opens first (workbench.startupEditor: readme). */
function workspaceGuide(info: SandboxInfo): string {
  return [
    '# Managed Identity Federation on the sandbox tenant',
    '',
    '`npm start` runs a **sandbox tenant**: a local emulator of Entra ID, Microsoft Graph, the',
    'managed-identity endpoint and a token function. Nothing here reaches Azure.',
    '',
    '- Open **MI Federation** in the activity bar: the extension is signed in to the sandbox as',
    `  ${info.user.username}. *App Registrations* shows Contoso and Fabrikam; **Contoso Sync** trusts a`,
    '  managed identity, **Contoso Broken Sync** shows the usual mistakes.',
    "- The walkthrough: F1 → **Welcome: Open Walkthrough…** → *Use a managed identity as an app's credential*.",
    "- The token function: F1 → **MI Federation: Add the Sandbox Tenant's Token Function**",
    `  (or add ${info.tokenFunction.url} by hand with the key \`${info.tokenFunction.key}\`).`,
    '',
    'Ctrl-C in the terminal running `npm start` stops code-server and the sandbox tenant.',
    '',
  ].join('\n');
}

function parseArgs(argv: string[]): StartOptions {
  const options: StartOptions = { port: 8080, apps: 200 };
  const whole = (flag: string, value: string | undefined, max: number) => {
    const n = Number(value);
    if (value === undefined || !Number.isInteger(n) || n < 0 || n > max) usage(`${flag} needs a whole number from 0 to ${max}; got ${value ?? 'nothing'}`);
    return n;
  };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split('=', 2);
    const value = () => inline ?? argv[++i];
    switch (flag) {
      case '--port':
        options.port = whole('--port', value(), 65535);
        break;
      case '--apps':
        options.apps = whole('--apps', value(), 100_000);
        break;
      case '--code-server':
        options.codeServer = value();
        break;
      case '--help':
      case '-h':
        console.log(USAGE);
        process.exit(0);
        break;
      default:
        usage(`unknown option ${argv[i]}`);
    }
  }
  return options;
}

function usage(problem: string): never {
  console.error(`npm start: ${problem}\n${USAGE}`);
  process.exit(2);
}

void main(parseArgs(process.argv.slice(2)));
