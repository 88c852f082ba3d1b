// Shared set-up for extension-host tests: the extension's services (its API) and a sandbox
// tenant started in this process, connected and signed in through the real device-code path.
import * as vscode from 'vscode';
import type { ExtensionServices } from '../../../src/commands/services';
import { startSandbox } from '../../../src/sandbox';
import type { RunningSandbox, SandboxOptions } from '../../../src/sandbox/types';
import type { TreeNode } from '../../../src/views/tree/treeNode';

export const extensionId = 'mi-federation.mi-federation';

export async function extensionServices(): Promise<ExtensionServices> {
  const extension = vscode.extensions.getExtension<ExtensionServices>(extensionId);
  if (!extension) throw new Error(`${extensionId} is not loaded in this extension host.`);
  return extension.activate();
}

/** Starts a sandbox and signs the extension in to it, as "Try the Sandbox Tenant" does. */
export async function signedInToSandbox(options: SandboxOptions = {}): Promise<{ services: ExtensionServices; sandbox: RunningSandbox }> {
  const services = await extensionServices();
  const sandbox = await startSandbox({ tokenFunction: false, ...options });
  await vscode.commands.executeCommand('miFederation.useSandbox', sandbox);
  if (!services.session.account) throw new Error('Signing in to the sandbox failed; see the MI Federation log.');
  return { services, sandbox };
}

export async function label(node: TreeNode): Promise<string> {
  const item = await node.getTreeItem();
  return typeof item.label === 'string' ? item.label : (item.label?.label ?? '');
}

export async function labels(nodes: TreeNode[]): Promise<string[]> {
  return Promise.all(nodes.map(label));
}

export async function description(node: TreeNode): Promise<string> {
  const item = await node.getTreeItem();
  return typeof item.description === 'string' ? item.description : '';
}

export async function contextValueOf(node: TreeNode): Promise<string> {
  return (await node.getTreeItem()).contextValue ?? '';
}

/**
 * The kind of a tree node: the first token of its contextValue. Tests cannot use instanceof,
 * because the extension runs from its bundle while tests import the compiled sources.
 */
export function kindOf(node: TreeNode): string {
  const item = node.getTreeItem();
  if (item instanceof Promise) throw new Error(`node ${node.id} builds its tree item asynchronously`);
  return (item.contextValue ?? '').split(' ')[0];
}

export function ofKind<T extends TreeNode>(nodes: TreeNode[], kind: string): T[] {
  return nodes.filter((n) => kindOf(n) === kind) as T[];
}
