// The features bundle (dist/features.js): what a command, the token inspector and the
// background sign-in run, none of which the first drawn view needs. Activation registers every
// command the manifest contributes with a stub and loads this module on the first call
// (loadFeatures.ts), so VS Code parses none of it at start-up. A command added to
// commands/index.ts lands here, and in no start-up code, by itself.
//
// esbuild builds this file as its own bundle. A module that start-up code imports too is not
// bundled a second time: it comes from dist/extension.js (see esbuild.js), so every class and
// every module's state exists once across both bundles.
export { commands, commandIds } from './commands';
export { restoreSignIn } from './commands/signIn';
export { useSandboxFromEnvironment } from './commands/sandboxFromEnvironment';
export { TokenInspector } from './views/inspector';
export { FederationReports } from './views/report/federationReports';
