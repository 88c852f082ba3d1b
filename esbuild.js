// Builds every bundle the extension ships: the extension host entry (node), the webview
// (browser) and the sandbox tenant (node, runs in its own process).
// Flags: --watch rebuilds on change, --production minifies and drops source maps.
const esbuild = require('esbuild');

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

/** Entries, each one bundle. Add a bundle here, not a second build script. */
const entries = [
  {
    name: 'extension',
    entryPoints: ['src/extension.ts'],
    outfile: 'dist/extension.js',
    platform: 'node',
    format: 'cjs',
    external: ['vscode'],
    // The SDKs and the telemetry reporter are bundles of their own, required on first use.
    plugins: [sdkBundleExternal(), lazyPackageBundles()],
    // import() of a lazy bundle becomes require(): the host loads it as the CommonJS it is.
    supported: { 'dynamic-import': false },
  },
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
    name: 'webview',
    entryPoints: ['src/webview/main.ts'],
    outfile: 'dist/webview.js',
    platform: 'browser',
    format: 'iife',
  },
  {
    // The Federation Report panel's webview (src/views/report hosts it).
    name: 'reportWebview',
    entryPoints: ['src/webview/report/main.ts'],
    outfile: 'dist/reportWebview.js',
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
 * Leaves the extension bundle's `require('./sdk')` (src/services/loadSdk.ts) as a require of
 * dist/sdk.js, next to dist/extension.js, instead of inlining the SDKs.
 */
function sdkBundleExternal() {
  const path = require('path');
  const boundary = path.resolve(__dirname, 'src/services/sdk');
  return {
    name: 'sdk-bundle-external',
    setup(build) {
      build.onResolve({ filter: /^\.\.?\/.*sdk(\.js)?$|^\.\/sdk(\.js)?$/ }, (args) =>
        path.resolve(args.resolveDir, args.path).replace(/\.js$/, '') === boundary ? { path: './sdk.js', external: true } : undefined,
      );
    },
  };
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

/** Leaves an `import('<package>')` of the extension bundle as a require of its own bundle. */
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
  const present = entries.filter((e) => fs.existsSync(e.entryPoints[0]));
  const contexts = await Promise.all(
    present.map(({ name: _name, ...options }) =>
      esbuild.context({
        ...options,
        bundle: true,
        target: options.platform === 'node' ? 'node20' : 'es2022',
        minify: production,
        sourcemap: !production,
        sourcesContent: false,
        logLevel: 'silent',
        plugins: [problemMatcherPlugin, ...(options.plugins ?? [])],
      }),
    ),
  );
  if (watch) {
    await Promise.all(contexts.map((c) => c.watch()));
    return;
  }
  const results = await Promise.allSettled(contexts.map((c) => c.rebuild()));
  await Promise.all(contexts.map((c) => c.dispose()));
  if (results.some((r) => r.status === 'rejected')) process.exit(1);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
