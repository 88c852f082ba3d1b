// How long the extension's activate() takes, and how long loading its bundle takes, outside
// VS Code: `vscode` is a stand-in that accepts any call (the figure is the extension's own
// work, not VS Code's). The bundle must not load the heavy SDKs at activation. Each run is a
// fresh process, as an extension host is. Then, in the same process, what the first command
// or inspector adds: loading the features bundle (dist/features.js) after activation.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import Module from 'node:module';
import * as path from 'node:path';

/** Accepts any property access, call or construction and returns more of itself. */
function anything(): unknown {
  const target = function () {} as unknown as object;
  const proxy: unknown = new Proxy(target, {
    get(_t, key) {
      if (key === 'then') return undefined; // not a promise
      if (key === Symbol.toPrimitive) return () => '';
      if (key === 'get') return (_name: string, fallback?: unknown) => fallback; // configuration
      return anything();
    },
    apply: () => anything(),
    construct: () => anything() as object,
  });
  return proxy;
}

function extensionContext(root: string): unknown {
  const state = new Map<string, unknown>();
  const memento = { get: (k: string, d?: unknown) => (state.has(k) ? state.get(k) : d), update: async (k: string, v: unknown) => void state.set(k, v), keys: () => [...state.keys()] };
  return {
    subscriptions: [] as unknown[],
    globalState: memento,
    workspaceState: memento,
    secrets: { get: async () => undefined, store: async () => undefined, delete: async () => undefined, onDidChange: anything() },
    extensionPath: root,
    extensionUri: anything(),
    extension: { packageJSON: JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) },
    globalStorageUri: anything(),
    logUri: anything(),
  };
}

/** The vscode module's namespaces and classes the bundle may touch, each accepting anything. */
function vscodeStandIn(): Record<string, unknown> {
  const names = [
    'window', 'commands', 'workspace', 'env', 'extensions', 'authentication', 'languages', 'l10n', 'Uri', 'EventEmitter',
    'ThemeIcon', 'ThemeColor', 'TreeItem', 'TreeItemCollapsibleState', 'MarkdownString', 'FileDecoration', 'Disposable',
    'ConfigurationTarget', 'ProgressLocation', 'ViewColumn', 'StatusBarAlignment', 'CancellationTokenSource', 'RelativePattern',
    'LogLevel', 'UIKind', 'ExtensionMode', 'QuickPickItemKind', 'Range', 'Position', 'Selection',
  ];
  return Object.fromEntries(names.map((n) => [n, anything()]));
}

export interface ActivationFigures {
  activationMs: number;
  /** Wall-clock time of `require('dist/extension.js')`. */
  bundleLoadMs: number;
  /** CPU time (user + system) of the same require: steadier than wall-clock on a busy machine. */
  bundleLoadCpuMs: number;
  /** Wall-clock time of loading `dist/features.js` after activation: the first command's extra cost. */
  featuresLoadMs: number;
  /** CPU time of the same load. */
  featuresLoadCpuMs: number;
}

/** One load and one activate() in this process: the bundle and everything it requires load cold. */
function loadAndActivateOnce(root: string): ActivationFigures {
  const bundle = path.join(root, 'dist', 'extension.js');
  const stub = vscodeStandIn();
  const loader = Module as unknown as { _load: (request: string, ...rest: unknown[]) => unknown };
  const original = loader._load;
  loader._load = (request: string, ...rest: unknown[]) => (request === 'vscode' ? stub : original(request, ...rest));
  try {
    const cpuStart = process.cpuUsage();
    const loadStart = performance.now();
    const extension = Module.createRequire(__filename)(bundle) as { activate(context: unknown): unknown };
    const bundleLoadMs = performance.now() - loadStart;
    const cpu = process.cpuUsage(cpuStart);
    const context = extensionContext(root);
    const start = performance.now();
    extension.activate(context);
    const activationMs = performance.now() - start;
    // Nothing lazy may have loaded yet: the figures below would then measure a cache hit.
    const early = ['features.js', 'sdk.js', 'telemetry.js'].filter((file) => require.cache[path.join(root, 'dist', file)]);
    if (early.length > 0) throw new Error(`activation loaded ${early.join(', ')}, which must load on first use only`);
    // What loadFeatures() does on the first command (the bundle requires the start-up one, cached by now).
    const featuresCpuStart = process.cpuUsage();
    const featuresStart = performance.now();
    Module.createRequire(__filename)(path.join(root, 'dist', 'features.js'));
    const featuresLoadMs = performance.now() - featuresStart;
    const featuresCpu = process.cpuUsage(featuresCpuStart);
    return { activationMs, bundleLoadMs, bundleLoadCpuMs: (cpu.user + cpu.system) / 1000, featuresLoadMs, featuresLoadCpuMs: (featuresCpu.user + featuresCpu.system) / 1000 };
  } finally {
    loader._load = original;
  }
}

/**
 * Medians over `runs` fresh Node processes. A second `require` in the same process would find
 * the bundle's dependencies cached and the file's compiled code warm, which is not what VS Code
 * sees when it starts the extension host, so each run gets a process of its own.
 */
export function measureActivation(root: string, runs = 11): ActivationFigures {
  const activations: number[] = [];
  const loads: number[] = [];
  const loadCpus: number[] = [];
  const featureLoads: number[] = [];
  const featureLoadCpus: number[] = [];
  for (let i = 0; i < runs; i++) {
    const child = spawnSync(process.execPath, [__filename, root], { encoding: 'utf8', timeout: 60_000 });
    // The bundle may print or leave timers behind; the figures are the last line.
    const line = child.stdout.trim().split('\n').pop() ?? '';
    if (child.status !== 0 || !line.startsWith('{')) throw new Error(`measuring activation failed (exit ${child.status ?? child.signal}): ${child.stderr.trim()}`);
    const figures = JSON.parse(line) as ActivationFigures;
    activations.push(figures.activationMs);
    loads.push(figures.bundleLoadMs);
    loadCpus.push(figures.bundleLoadCpuMs);
    featureLoads.push(figures.featuresLoadMs);
    featureLoadCpus.push(figures.featuresLoadCpuMs);
  }
  return {
    activationMs: median(activations),
    bundleLoadMs: median(loads),
    bundleLoadCpuMs: median(loadCpus),
    featuresLoadMs: median(featureLoads),
    featuresLoadCpuMs: median(featureLoadCpus),
  };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return Math.round(sorted[Math.floor(sorted.length / 2)] * 100) / 100;
}

// Run as a script (by measureActivation): measure once and print the figures, then leave at
// once, whatever the activated extension left running.
if (require.main === module) {
  process.stdout.write(`${JSON.stringify(loadAndActivateOnce(process.argv[2]))}\n`);
  process.exit(0);
}
