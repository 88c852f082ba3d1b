// `npm start` runs a sandbox tenant next to code-server and tells the extension where it is:
// code-server's environment (which reaches the extension host) names a file holding the
// sandbox's JSON line. Right after activation the extension connects to that sandbox and signs
// in through its device code, so the user lands signed in with the tree filled. Without the
// variable this does nothing.
import { readFile } from 'node:fs/promises';
import * as vscode from 'vscode';
import type { SandboxInfo } from '../sandbox/types';
import { SANDBOX_FILE_VARIABLE } from '../shared/sandboxHandOver';
import type { ExtensionServices } from './services';

/** Returns true when signed in to the announced sandbox; false when none is announced or it failed (logged). */
export async function useSandboxFromEnvironment(context: ExtensionServices, env: NodeJS.ProcessEnv = process.env): Promise<boolean> {
  const file = env[SANDBOX_FILE_VARIABLE];
  if (!file) return false;
  let info: SandboxInfo;
  try {
    info = JSON.parse(await readFile(file, 'utf8')) as SandboxInfo;
  } catch (e) {
    context.log.warn(`${SANDBOX_FILE_VARIABLE} names ${file}, which holds no sandbox tenant's JSON line: ${(e as Error).message}`);
    return false;
  }
  const already = context.sandbox.connected?.info.authority === info.authority && context.session.environment?.cloud.name === 'sandbox';
  if (already && context.session.account) return true;
  // Through the command, so a failure is reported like any other (one message, detail in the log).
  await vscode.commands.executeCommand('miFederation.useSandbox', info);
  return context.session.account !== undefined;
}
