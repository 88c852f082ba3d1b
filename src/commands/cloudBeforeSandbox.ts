// Switching to the sandbox tenant changes the user's `miFederation.cloud` setting; stopping the
// sandbox puts back what was there before, so "Sign In" reaches the user's own cloud again
// instead of failing for a sandbox that no longer runs.
import * as vscode from 'vscode';
import type { ExtensionServices } from './services';

const savedCloudKey = 'miFederation.cloudBeforeSandbox';

/** What the user's settings held before the switch; undefined value = no user setting (the default). */
interface SavedCloud {
  value?: string;
}

/** Call before setting the cloud to "sandbox". Keeps the first value: a second switch changes nothing. */
export async function rememberCloudBeforeSandbox(context: ExtensionServices): Promise<void> {
  const current = vscode.workspace.getConfiguration('miFederation').inspect<string>('cloud')?.globalValue;
  if (current === 'sandbox') return;
  await context.extension.globalState.update(savedCloudKey, { value: current } satisfies SavedCloud);
}

/** Puts the remembered setting back; returns the cloud now in effect. */
export async function restoreCloudBeforeSandbox(context: ExtensionServices): Promise<string> {
  const saved = context.extension.globalState.get<SavedCloud>(savedCloudKey);
  const config = () => vscode.workspace.getConfiguration('miFederation');
  if (saved) {
    await config().update('cloud', saved.value, vscode.ConfigurationTarget.Global);
    await context.extension.globalState.update(savedCloudKey, undefined);
  }
  return config().get<string>('cloud', 'public');
}
