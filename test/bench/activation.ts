// How long the extension's activate() takes, and how long loading its bundle takes, outside
// VS Code: `vscode` is a stand-in that accepts any call (the figure is the extension's own
// work, not VS Code's). The bundle must not load the heavy SDKs at activation.
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

export function measureActivation(root: string, runs = 7): { activationMs: number; bundleLoadMs: number } {
  const bundle = path.join(root, 'dist', 'extension.js');
  const stub = vscodeStandIn();
  const loader = Module as unknown as { _load: (request: string, ...rest: unknown[]) => unknown };
  const original = loader._load;
  loader._load = (request: string, ...rest: unknown[]) => (request === 'vscode' ? stub : original(request, ...rest));
  const activations: number[] = [];
  const loads: number[] = [];
  try {
    for (let i = 0; i < runs; i++) {
      const load = Module.createRequire(__filename);
      delete load.cache[load.resolve(bundle)];
      const loadStart = performance.now();
      const extension = load(bundle) as { activate(context: unknown): unknown };
      loads.push(performance.now() - loadStart);
      const context = extensionContext(root);
      const start = performance.now();
      extension.activate(context);
      activations.push(performance.now() - start);
    }
  } finally {
    loader._load = original;
  }
  return { activationMs: median(activations), bundleLoadMs: median(loads) };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return Math.round(sorted[Math.floor(sorted.length / 2)] * 100) / 100;
}
