// Builds every bundle the extension ships: the extension host's start-up and features bundles
// (node), the webview (browser) and the sandbox tenant (node, runs in its own process).
// Flags: --watch rebuilds on change, --production minifies and drops source maps, --analyze
// prints what the start-up and features bundles are made of.
const esbuild = require('esbuild');

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

/**
 * Entries, each one bundle. Add a bundle here, not a second build script. The extension's own
 * code is two bundles built together: see extensionBundles below.
 */
const entries = [
  {
    // @vscode/extension-telemetry (with Application Insights, a third of the code), loaded by
    // src/telemetry.ts only when telemetry is configured.
    name: 'telemetry',
    entryPoints: [require.resolve('@vscode/extension-telemetry')],
    outfile: 'dist/telemetry.js',
    platform: 'node',
    format: 'cjs',
    external: ['vscode'],
  },
  {
    // msal-node, azure-identity, graph-client and jose, behind the one boundary module.
    name: 'sdk',
    entryPoints: ['src/services/sdk.ts'],
    outfile: 'dist/sdk.js',
    platform: 'node',
    format: 'cjs',
    external: ['vscode'],
  },
  {
    // Both webview pages, the token inspector and the federation report (src/webview/main.ts).
    name: 'webview',
    entryPoints: ['src/webview/main.ts'],
    outfile: 'dist/webview.js',
    platform: 'browser',
    format: 'iife',
  },
  {
    name: 'codicons',
    // The codicon font (CSS + TTF) the token inspector webview loads; the VSIX has no node_modules.
    entryPoints: ['src/webview/codicons.css'],
    outfile: 'dist/codicons/codicon.css',
    platform: 'browser',
    loader: { '.ttf': 'file' },
    assetNames: '[name]',
  },
  {
    name: 'sandbox',
    entryPoints: ['src/sandbox/main.ts'],
    outfile: 'dist/sandbox.js',
    platform: 'node',
    format: 'cjs',
  },
  {
    // The sandbox's token function runs in its own process (its managed-identity environment
    // is per process); dist/sandbox.js forks this file from the same folder. It runs the token
    // function project's handlers (src/tokenFunctionTemplate/project).
    name: 'sandbox-token-function',
    entryPoints: ['src/sandbox/tokenFunction/worker.ts'],
    outfile: 'dist/sandbox-token-function.js',
    platform: 'node',
    format: 'cjs',
    // The handlers' msal-node and azure-identity come from dist/sdk.js beside it (which exports
    // what they use), not a second copy: that halves what the sandbox adds to the VSIX.
    plugins: [sdkPackagesFromSdkBundle()],
  },
];

/**
 * The extension's own code, as two bundles:
 * - dist/extension.js, the start-up bundle VS Code loads: every module that src/extension.ts
 *   reaches by static imports (activation, the model, the tree, the command registry);
 * - dist/features.js, loaded on the first command, inspector or background sign-in
 *   (src/loadFeatures.ts): every module reachable from src/features.ts and not from start-up.
 * Which module goes where follows from the imports alone, so a new command's code lands in
 * the features bundle without being named anywhere here. A module both graphs reach is bundled
 * once, in the start-up bundle, which hands it to the features bundle (modulesFromStartup):
 * one copy of each class (`instanceof CancelledError` holds across both) and of each module's
 * state. Each build runs three esbuild passes: the start-up graph (no output), the features
 * bundle, then the start-up bundle exporting the modules the features bundle asked for.
 */
const extensionBundles = {
  // 'vscode' is left to the host by vscodeOnce (below), once per bundle.
  startup: {
    entryPoints: ['src/extension.ts'],
    outfile: 'dist/extension.js',
    platform: 'node',
    format: 'cjs',
    // import() of a lazy bundle becomes require(): the host loads it as the CommonJS it is.
    supported: { 'dynamic-import': false },
  },
  features: {
    entryPoints: ['src/features.ts'],
    outfile: 'dist/features.js',
    platform: 'node',
    format: 'cjs',
    supported: { 'dynamic-import': false },
  },
};

/** The start-up bundle's export that carries the modules it shares with the features bundle. */
const SHARED_EXPORT = 'modulesForFeatures';

/** Bundles required on first use: the boundary module (extension-relative, no suffix) → its file in dist/. */
const lazyBundleFiles = { 'src/services/sdk': './sdk.js', 'src/features': './features.js' };

/**
 * Leaves an import of a lazy bundle's boundary module (src/services/loadSdk.ts requires
 * `./sdk`, src/loadFeatures.ts `./features`) as a require of its bundle next to this one,
 * instead of inlining it.
 */
function lazyBundles() {
  const path = require('path');
  const boundaries = new Map(Object.entries(lazyBundleFiles).map(([source, file]) => [path.resolve(__dirname, source), file]));
  return {
    name: 'lazy-bundles',
    setup(build) {
      build.onResolve({ filter: /^\.\.?\// }, (args) => {
        if (args.kind === 'entry-point') return undefined;
        const file = boundaries.get(path.resolve(args.resolveDir, args.path).replace(/\.(js|ts)$/, ''));
        return file ? { path: file, external: true } : undefined;
      });
    },
  };
}

/**
 * One `require('vscode')` per bundle. esbuild gives each module that imports an external its
 * own `__toESM(require(...))`, a copy of every property of the module object: for the vscode
 * API, with its hundred-odd namespaces, classes and enums, that was once per importing module
 * at every start-up. Every import of 'vscode' resolves instead to one module that re-exports it.
 */
function vscodeOnce() {
  return {
    name: 'vscode-once',
    setup(build) {
      build.onResolve({ filter: /^vscode$/ }, (args) => (args.namespace === 'vscode-once' ? { path: 'vscode', external: true } : { path: 'vscode', namespace: 'vscode-once' }));
      build.onLoad({ filter: /.*/, namespace: 'vscode-once' }, () => ({ contents: "export * from 'vscode';", loader: 'js' }));
    },
  };
}

/** A module's key: its path from the repository root with forward slashes, as in a metafile. */
function moduleKey(file) {
  const path = require('path');
  return path.relative(__dirname, file).split(path.sep).join('/');
}

/**
 * For the features bundle: an import of a module the start-up bundle holds is resolved to that
 * bundle's copy (`require('./extension.js').modulesForFeatures[key]`) rather than bundled again.
 * Records in `asked` the keys it handed out, for the start-up bundle to export.
 */
function modulesFromStartup(startupModules, asked) {
  const skip = Symbol('resolving');
  return {
    name: 'modules-from-startup',
    setup(build) {
      build.onResolve({ filter: /.*/ }, async (args) => {
        if (args.pluginData === skip || args.kind === 'entry-point') return undefined;
        if (args.namespace === 'startup-module') return { path: './extension.js', external: true };
        const resolved = await build.resolve(args.path, { kind: args.kind, importer: args.importer, resolveDir: args.resolveDir, pluginData: skip });
        if (resolved.errors.length > 0 || resolved.external || resolved.namespace !== 'file') return undefined;
        const key = moduleKey(resolved.path);
        if (!startupModules().has(key)) return undefined;
        asked.add(key);
        return { path: key, namespace: 'startup-module', watchFiles: [resolved.path] };
      });
      build.onLoad({ filter: /.*/, namespace: 'startup-module' }, (args) => ({
        contents: `module.exports = require("./extension.js").${SHARED_EXPORT}[${JSON.stringify(args.path)}];`,
        loader: 'js',
      }));
    },
  };
}

/** For the start-up bundle: its entry is src/extension.ts plus an export of the modules in `shared`. */
function startupEntry(shared) {
  return {
    name: 'startup-entry',
    setup(build) {
      build.onResolve({ filter: /^startup-entry$/ }, () => ({ path: 'startup-entry', namespace: 'startup-entry' }));
      build.onLoad({ filter: /.*/, namespace: 'startup-entry' }, () => {
        const keys = [...shared()].sort();
        const lines = ["export * from './src/extension';", ...keys.map((key, i) => `import * as m${i} from ${JSON.stringify(`./${key}`)};`)];
        lines.push(`export const ${SHARED_EXPORT} = {${keys.map((key, i) => `${JSON.stringify(key)}: m${i}`).join(', ')}};`);
        return { contents: lines.join('\n'), loader: 'ts', resolveDir: __dirname };
      });
    },
  };
}

/** The source files (keys as in a metafile) a bundle of `options` is built from. */
async function inputsOf(options) {
  const result = await esbuild.build({ ...options, write: false, metafile: true, minify: false, sourcemap: false });
  return new Set(Object.keys(result.metafile.inputs).filter((key) => !key.includes(':')));
}

/**
 * Builds the two bundles once, or (watch) again on every change of a file of either. Resolves
 * with the metafiles of the build; rejects if it failed.
 */
async function buildExtensionBundles(common, { watch: watching }) {
  const fs = require('fs');
  const path = require('path');
  let startupModules = new Set();
  const asked = new Set();
  const plugins = [vscodeOnce(), lazyBundles(), lazyPackageBundles()];
  const startupOptions = { ...common, ...extensionBundles.startup, plugins };
  const startup = await esbuild.context({
    ...startupOptions,
    entryPoints: ['startup-entry'],
    metafile: true,
    plugins: [problemMatcherPlugin, ...plugins, startupEntry(() => asked)],
  });
  const built = { metafiles: {}, error: undefined };
  const twoBundles = {
    name: 'two-bundles',
    setup(build) {
      build.onStart(async () => {
        asked.clear();
        built.error = undefined;
        startupModules = await inputsOf(startupOptions);
      });
      // Watch the start-up modules no features module imports as well: a change to one can
      // move a module from one bundle to the other.
      build.onLoad({ filter: /[\\/]src[\\/]features\.ts$/ }, async (args) => ({
        contents: await fs.promises.readFile(args.path, 'utf8'),
        loader: 'ts',
        watchFiles: [...startupModules].map((key) => path.resolve(__dirname, key)),
      }));
      build.onEnd(async (result) => {
        if (result.errors.length > 0) return void (built.error = new Error('dist/features.js failed to build'));
        try {
          const startupResult = await startup.rebuild();
          built.metafiles = { startup: startupResult.metafile, features: result.metafile };
          checkNothingBundledTwice(built.metafiles);
        } catch (e) {
          built.error = e;
          console.error(`✘ [ERROR] ${e.message}`);
        }
      });
    },
  };
  const features = await esbuild.context({
    ...common,
    ...extensionBundles.features,
    metafile: true,
    plugins: [problemMatcherPlugin, twoBundles, modulesFromStartup(() => startupModules, asked), ...plugins],
  });
  if (watching) {
    await features.watch();
    return built.metafiles;
  }
  try {
    await features.rebuild();
  } finally {
    await Promise.all([features.dispose(), startup.dispose()]);
  }
  if (built.error) throw built.error;
  return built.metafiles;
}

/** Fails the build if a source file went into both bundles (two copies of its classes and state). */
function checkNothingBundledTwice({ startup, features }) {
  const twice = Object.keys(features.inputs).filter((key) => !key.includes(':') && key in startup.inputs);
  if (twice.length > 0) throw new Error(`bundled into both dist/extension.js and dist/features.js: ${twice.join(', ')}`);
}

/** Resolves `@azure/msal-node` and `@azure/identity` to the SDK bundle, dist/sdk.js. */
function sdkPackagesFromSdkBundle() {
  return {
    name: 'sdk-packages-from-sdk-bundle',
    setup(build) {
      build.onResolve({ filter: /^@azure\/(msal-node|identity)$/ }, () => ({ path: './sdk.js', external: true }));
    },
  };
}

/** Packages the extension imports on first use only, each built as its own bundle (above). */
const lazyPackages = { '@vscode/extension-telemetry': './telemetry.js' };

/** Leaves an `import('<package>')` of the extension's code as a require of its own bundle. */
function lazyPackageBundles() {
  return {
    name: 'lazy-package-bundles',
    setup(build) {
      build.onResolve({ filter: /^@vscode\/extension-telemetry$/ }, (args) =>
        args.kind === 'dynamic-import' ? { path: lazyPackages[args.path], external: true } : undefined,
      );
    },
  };
}

/** Reports errors in the format of the esbuild problem matcher ($esbuild-watch). */
const problemMatcherPlugin = {
  name: 'esbuild-problem-matcher',
  setup(build) {
    build.onStart(() => console.log('[watch] build started'));
    build.onEnd((result) => {
      for (const { text, location } of result.errors) {
        console.error(`✘ [ERROR] ${text}`);
        if (location) console.error(`    ${location.file}:${location.line}:${location.column}:`);
      }
      console.log('[watch] build finished');
    });
  },
};

/**
 * The token function project that "Create Token Function Project…" writes: copied as it is
 * (TypeScript sources, lockfile, README) to dist/tokenFunctionTemplate, which the VSIX ships.
 */
function copyTokenFunctionTemplate(fs) {
  const from = 'src/tokenFunctionTemplate/project';
  const to = 'dist/tokenFunctionTemplate';
  if (!fs.existsSync(from)) return;
  fs.rmSync(to, { recursive: true, force: true });
  // A template installed or built in place for a try-out must not ship its node_modules or output.
  const local = /[\\/](node_modules|dist)$/;
  fs.cpSync(from, to, { recursive: true, filter: (source) => !local.test(source) });
}

async function main() {
  const fs = require('fs');
  copyTokenFunctionTemplate(fs);
  const common = {
    bundle: true,
    minify: production,
    sourcemap: !production,
    sourcesContent: false,
    logLevel: 'silent',
  };
  const targetOf = (options) => (options.platform === 'node' ? 'node20' : 'es2022');
  const present = entries.filter((e) => fs.existsSync(e.entryPoints[0]));
  const contexts = await Promise.all(
    present.map(({ name: _name, ...options }) =>
      esbuild.context({ ...common, ...options, target: targetOf(options), plugins: [problemMatcherPlugin, ...(options.plugins ?? [])] }),
    ),
  );
  const extension = buildExtensionBundles({ ...common, target: 'node20' }, { watch });
  if (watch) {
    await Promise.all([extension, ...contexts.map((c) => c.watch())]);
    return;
  }
  const results = await Promise.allSettled([extension, ...contexts.map((c) => c.rebuild())]);
  await Promise.all(contexts.map((c) => c.dispose()));
  if (results.some((r) => r.status === 'rejected')) process.exit(1);
  // --analyze: what each of the extension's two bundles is made of, largest first.
  if (process.argv.includes('--analyze')) {
    const { startup, features } = results[0].value;
    console.log(await esbuild.analyzeMetafile(startup), await esbuild.analyzeMetafile(features));
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
