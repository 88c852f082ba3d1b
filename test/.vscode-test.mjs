// The extension-host suite in desktop VS Code, for people with internet (it downloads VS Code):
//   npm run test:desktop    (= vscode-test --config test/.vscode-test.mjs, after a build)
// Offline, the same suite runs in code-server instead: npm run test:exthost.
// Relative paths here are relative to this folder (test/).
import { defineConfig } from '@vscode/test-cli';

export default defineConfig({
  label: 'exthost',
  files: '../out/test/exthost/**/*.test.js',
  extensionDevelopmentPath: '..',
  // The lowest VS Code the extension claims (engines.vscode), as the offline suite uses.
  version: '1.100.3',
  launchArgs: ['--disable-extensions', '--disable-workspace-trust'],
  mocha: {
    ui: 'bdd',
    // Generous: these tests talk to the sandbox tenant over HTTPS.
    timeout: 60_000,
  },
});
