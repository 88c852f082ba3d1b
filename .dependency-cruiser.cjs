// The layer rule behind `npm run lint`: data flows one way (ARCHITECTURE.md), so an import may
// only point down this stack, never up, and never round in a circle:
//
//   extension.ts → commands → views → model → services, log/telemetry → core → shared
//
// extension.ts is the start-up bundle's entry and features.ts the features bundle's (esbuild.js):
// both sit at the top, and features.ts is reached only through loadFeatures.ts, on first use.
//
// Beside the stack: src/webview runs inside the webview, so it may use pure code only (core,
// shared); src/sandbox is an independent oracle, so it may use the shared facts and nothing of
// the extension's own rules. Type-only imports count too: a type that points up is a design that
// points up, even if the bundler erases it.

/** Paths an import may not reach from `from`: every src/ area except the ones listed. */
function everythingBut(...allowed) {
  return `^src/(?!(?:${allowed.join('|')})(?:/|\\.ts$))`;
}

/** A forbidden rule that says which layer reached which, and why that is wrong. */
function layer(name, from, allowed, why) {
  return {
    name,
    comment: why,
    severity: 'error',
    from: { path: from },
    to: { path: everythingBut(...allowed) },
  };
}

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      comment: 'An import circle: the modules cannot be read, tested or loaded one without the other. Move the shared part down.',
      severity: 'error',
      from: { path: '^src/' },
      to: { circular: true },
    },
    layer('shared-imports-nothing', '^src/shared/', ['shared'],
      'src/shared holds facts and wire shapes used by separate programs (extension host, webview, sandbox, start script); it depends on nothing else.'),
    layer('core-is-pure', '^src/core/', ['core', 'shared'],
      'src/core is pure logic at the bottom of the extension: it may use only itself and src/shared.'),
    layer('services-below-model', '^src/services/', ['services', 'core', 'shared', 'log', 'telemetry', 'sandbox'],
      'Services fetch and send; the model, views and commands sit above them.'),
    layer('platform-below-services', '^src/(log|telemetry)\\.ts$', ['log', 'telemetry', 'core', 'shared', 'sandbox'],
      'The output channel and telemetry are used by every layer above core, so they use nothing above core.'),
    layer('model-below-views', '^src/model/', ['model', 'services', 'core', 'shared', 'log', 'telemetry', 'sandbox'],
      'The model is data and change events; the views and commands that show and edit it sit above it.'),
    layer('views-below-commands', '^src/views/', ['views', 'model', 'services', 'core', 'shared', 'log', 'telemetry', 'sandbox'],
      'Views present the model; commands (and extension.ts, which wires both) sit above them.'),
    layer('commands-below-extension', '^src/commands/', ['commands', 'views', 'model', 'services', 'core', 'shared', 'log', 'telemetry', 'sandbox', 'tokenFunctionTemplate/scaffold'],
      'Commands may use every layer below them, never extension.ts (the wiring at the top).'),
    layer('webview-is-pure', '^src/webview/', ['webview', 'shared', 'core'],
      'The webview bundle runs in the browser sandbox of the panel: only the wire protocol and pure core code.'),
    layer('sandbox-is-independent', '^src/sandbox/', ['sandbox', 'shared', 'tokenFunctionTemplate/project'],
      "The sandbox tenant is an oracle, not a mirror: it implements Entra's and Graph's rules itself and may import only the shared facts in src/shared, never the extension's predictions. It runs the token function project's handlers: the very code users deploy."),
    layer('token-function-project-stands-alone', '^src/tokenFunctionTemplate/project/', ['tokenFunctionTemplate/project'],
      'The token function project is written into the user\'s folder and built there: it may import nothing outside itself.'),
    layer('scaffold-is-pure', '^src/tokenFunctionTemplate/scaffold', ['tokenFunctionTemplate/scaffold', 'core', 'shared'],
      'The scaffold writer is pure (its file system is passed in), used by a command and by tests.'),
    // Layers above core may name the sandbox's hand-over types (the rule below keeps it to types).
    {
      name: 'sandbox-types-only',
      comment: 'The extension names the sandbox\'s hand-over types; the emulator itself runs in its own process and bundle, never inside the extension bundle.',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/sandbox/' },
      to: { path: '^src/sandbox/', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'webview-is-its-own-bundle',
      comment: 'Code under src/webview runs in the panel, not in the extension host.',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/webview/' },
      to: { path: '^src/webview/' },
    },
    {
      name: 'features-load-on-first-use',
      comment: 'src/features.ts is the entry of the features bundle, which loadFeatures.ts requires on first use. Any other import of it would put every command back into the start-up bundle.',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/loadFeatures\\.ts$' },
      to: { path: '^src/features\\.ts$' },
    },
    {
      name: 'activation-registers-no-command-code',
      comment: "extension.ts reaches the commands through the registry, which knows their ids only: a command's own module imported here would be parsed at every start-up.",
      severity: 'error',
      from: { path: '^src/extension\\.ts$' },
      to: { path: '^src/commands/', pathNot: '^src/commands/(registry|services|userInput)\\.ts$' },
    },
    {
      name: 'panels-built-on-first-use',
      comment: 'A panel (the token inspector, or any other view beside the trees) is built on first use, from the features bundle (as registerViews.ts builds the inspector): start-up code names its types only.',
      severity: 'error',
      from: { path: '^src/(extension\\.ts|views/registerViews\\.ts|views/tree/)' },
      to: { path: '^src/views/(?!tree/|registerViews\\.ts$|markdownText\\.ts$)', dependencyTypesNot: ['type-only'] },
    },
  ],
  options: {
    // Only our own sources are walked: the layer rule is about src/, and skipping node_modules
    // keeps the check at a few seconds.
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(node_modules|dist|out)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'] },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
