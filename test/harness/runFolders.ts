// Each server run gets fresh folders (user data, extensions, XDG dirs, a workspace), so runs
// never share state with each other or with the user's own ~/.config.
import * as fs from 'fs';
import * as path from 'path';
import { cacheRoot } from './paths';

export interface RunFolders {
  readonly root: string;
  readonly userData: string;
  readonly extensions: string;
  readonly workspace: string;
  readonly xdgConfig: string;
  readonly xdgData: string;
  readonly serverLog: string;
}

/** VS Code settings every test run starts with: no welcome pages, no update checks, no telemetry. */
const TEST_SETTINGS = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'telemetry.telemetryLevel': 'off',
  'extensions.autoUpdate': false,
  'extensions.autoCheckUpdates': false,
  'extensions.ignoreRecommendations': true,
  'update.mode': 'none',
  'security.workspace.trust.enabled': false,
  'chat.disableAIFeatures': true,
  'window.restoreWindows': 'none',
  // Run folders live inside this repository (.vscode-test/runs/): don't offer to open it.
  'git.openRepositoryInParentFolders': 'never',
};

/** Folders kept by red runs are for looking at soon after; older ones are removed. */
const KEEP_FAILED_RUNS_MS = 2 * 24 * 3600_000;

export function createRunFolders(label: string, settings: Record<string, unknown> = {}): RunFolders {
  const runsDir = ensureDir(path.join(cacheRoot, 'runs'));
  pruneOldRuns(runsDir);
  const root = fs.mkdtempSync(path.join(runsDir, `${label}-`));
  const folders: RunFolders = {
    root,
    userData: ensureDir(path.join(root, 'user-data')),
    extensions: ensureDir(path.join(root, 'extensions')),
    workspace: ensureDir(path.join(root, 'workspace')),
    xdgConfig: ensureDir(path.join(root, 'xdg-config')),
    xdgData: ensureDir(path.join(root, 'xdg-data')),
    serverLog: path.join(root, 'code-server.log'),
  };
  const userDir = ensureDir(path.join(folders.userData, 'User'));
  fs.writeFileSync(path.join(userDir, 'settings.json'), JSON.stringify({ ...TEST_SETTINGS, ...settings }, null, 2));
  fs.writeFileSync(path.join(folders.workspace, 'README.md'), '# Test workspace\n');
  return folders;
}

/** Removes a run's folders after a green run; a red run keeps them (logs) and says where. */
export function disposeRunFolders(folders: RunFolders, keep: boolean): void {
  if (keep) {
    console.error(`harness: kept this run's folders and logs for a look: ${folders.root}`);
    return;
  }
  fs.rmSync(folders.root, { recursive: true, force: true });
}

function pruneOldRuns(runsDir: string): void {
  for (const name of fs.readdirSync(runsDir)) {
    const dir = path.join(runsDir, name);
    try {
      if (Date.now() - fs.statSync(dir).mtimeMs > KEEP_FAILED_RUNS_MS) fs.rmSync(dir, { recursive: true, force: true });
    } catch {
      // Removed by a parallel run meanwhile.
    }
  }
}

function ensureDir(dir: string): string {
  fs.mkdirSync(dir, { recursive: true });
  return dir;
}
