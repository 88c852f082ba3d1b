// The extension as VS Code sees it: it activates, every command the manifest contributes is
// registered and implemented, and a command runs and returns its result.
import * as assert from 'assert';
import * as fs from 'fs';
import { createRequire } from 'module';
import * as path from 'path';
import * as vscode from 'vscode';

interface Manifest {
  name: string;
  publisher: string;
  version: string;
  contributes: { commands: { command: string }[] };
}

// The manifest as it is on disk (compiled to out/test/exthost/, so the root is three levels up).
const manifest: Manifest = JSON.parse(fs.readFileSync(path.resolve(__dirname, '..', '..', '..', 'package.json'), 'utf8'));
const extensionId = `${manifest.publisher}.${manifest.name}`;

describe('Extension activation', () => {
  let extension: vscode.Extension<unknown>;

  before(async () => {
    const found = vscode.extensions.getExtension(extensionId);
    assert.ok(found, `extension ${extensionId} is not loaded in this extension host`);
    extension = found;
    await extension.activate();
  });

  it('activates', () => {
    assert.strictEqual(extension.isActive, true);
  });

  it('registers every command its manifest contributes', async () => {
    const registered = new Set(await vscode.commands.getCommands(true));
    const contributed = manifest.contributes.commands.map((c) => c.command);
    assert.ok(contributed.length > 0, 'the manifest contributes no command');
    const missing = contributed.filter((command) => !registered.has(command));
    assert.deepStrictEqual(missing, [], `contributed but not registered: ${missing.join(', ')}`);
  });

  it('implements exactly the commands its manifest contributes', () => {
    // Activation registers the manifest's ids; the definitions are the features bundle's.
    const load = createRequire(__filename);
    const { commandIds } = load(path.join(extension.extensionPath, 'dist', 'features.js')) as { commandIds: readonly string[] };
    const contributed = manifest.contributes.commands.map((c) => c.command);
    assert.deepStrictEqual([...commandIds].sort(), [...contributed].sort());
  });

  it('miFederation.showVersion returns the package version', async () => {
    const version = await vscode.commands.executeCommand<string>('miFederation.showVersion');
    assert.strictEqual(version, manifest.version);
  });
});
