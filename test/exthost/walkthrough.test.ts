// The walkthrough "Use a managed identity as an app's credential" as VS Code loads it from the
// extension's manifest: every button runs a command the extension registers, every step is
// completed by an event that can happen, its pages ship with the extension, and the workbench
// opens it.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { extensionId } from './support/sandboxSuite';

interface WalkthroughStep {
  id: string;
  title: string;
  description: string;
  media: { markdown?: string; image?: string };
  completionEvents?: string[];
}

interface Walkthrough {
  id: string;
  title: string;
  steps: WalkthroughStep[];
}

const commandLinks = (markdown: string) => [...markdown.matchAll(/\(command:([\w.]+)(?:\?[^)]*)?\)/g)].map((m) => m[1]);

describe('Walkthrough', () => {
  let extension: vscode.Extension<unknown>;
  let walkthrough: Walkthrough;
  let registered: Set<string>;

  before(async () => {
    const found = vscode.extensions.getExtension(extensionId);
    assert.ok(found, `${extensionId} is not loaded`);
    extension = found;
    await extension.activate();
    const walkthroughs = (extension.packageJSON.contributes?.walkthroughs ?? []) as Walkthrough[];
    const ours = walkthroughs.find((w) => w.id === 'useManagedIdentity');
    assert.ok(ours, `no walkthrough useManagedIdentity; found ${walkthroughs.map((w) => w.id).join(', ') || 'none'}`);
    walkthrough = ours;
    registered = new Set(await vscode.commands.getCommands(true));
  });

  it("walks from sign-in to the diagnosis, one step each", () => {
    assert.equal(walkthrough.title, "Use a managed identity as an app's credential");
    assert.deepEqual(
      walkthrough.steps.map((s) => s.id),
      ['signIn', 'pickApp', 'addCredential', 'addTokenFunction', 'getTokens', 'diagnose'],
    );
    const buttons = walkthrough.steps.map((s) => commandLinks(s.description));
    assert.deepEqual(buttons, [
      ['miFederation.useSandbox', 'miFederation.signIn'],
      ['miFederation.appRegistrations.focus'],
      ['miFederation.addCredential'],
      ['miFederation.addTokenFunction', 'miFederation.addSandboxTokenFunction'],
      ['miFederation.invokeTokenFunction', 'miFederation.exchangeForAppToken'],
      ['miFederation.diagnoseFederation', 'miFederation.decodeToken'],
    ]);
  });

  it("runs only commands that exist, and completes each step on a command it offers or a view it opens", () => {
    for (const step of walkthrough.steps) {
      const missing = commandLinks(step.description).filter((c) => !registered.has(c));
      assert.deepEqual(missing, [], `step ${step.id} has buttons for unknown commands`);
      const events = step.completionEvents ?? [];
      assert.ok(events.length > 0, `step ${step.id} has no completion event`);
      for (const event of events) {
        const [kind, target] = event.split(/:(.*)/s);
        if (kind === 'onCommand') assert.ok(registered.has(target), `step ${step.id} completes on unknown command ${target}`);
        else if (kind === 'onView') assert.ok(registered.has(`${target}.focus`), `step ${step.id} completes on unknown view ${target}`);
        else assert.equal(kind, 'onContext', `step ${step.id}: unexpected completion event ${event}`);
      }
      const ownButtons = commandLinks(step.description);
      assert.ok(
        events.some((e) => ownButtons.some((c) => e === `onCommand:${c}` || e === `onView:${c.replace(/\.focus$/, '')}`)),
        `step ${step.id} is not completed by any of its own buttons`,
      );
    }
  });

  it('ships every page it shows', () => {
    for (const step of walkthrough.steps) {
      assert.ok(step.media.markdown, `step ${step.id} has no markdown page`);
      const page = path.join(extension.extensionPath, step.media.markdown);
      assert.ok(fs.existsSync(page), `missing ${step.media.markdown}`);
      assert.match(fs.readFileSync(page, 'utf8'), /^# /, `${step.media.markdown} has no heading`);
    }
    const ignore = fs.readFileSync(path.join(extension.extensionPath, '.vscodeignore'), 'utf8');
    assert.match(ignore, /^!media\/walkthrough\/\*\.md$/m, 'the pages are not packaged into the .vsix');
  });

  it('is opened by the workbench', async () => {
    await vscode.commands.executeCommand('workbench.action.openWalkthrough', `${extensionId}#${walkthrough.id}`, false);
    const tabs = () => vscode.window.tabGroups.all.flatMap((g) => g.tabs.map((t) => t.label));
    for (let waited = 0; waited < 5000 && !tabs().some((l) => /welcome|walkthrough/i.test(l)); waited += 100) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    assert.ok(tabs().some((l) => /welcome|walkthrough/i.test(l)), `no walkthrough tab; tabs: ${tabs().join(' | ')}`);
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });
});
