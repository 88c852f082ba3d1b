// Edit Key…, Remove and Refresh on a token function.
import type { TokenFunctionEntry } from '../../services/tokenFunction';
import { TokenFunctionNode } from '../../views/tree/tokenFunctionNodes';
import type { ExtensionServices } from '../services';
import { pickTokenFunction } from './tokenContext';

export async function editTokenFunctionKey(services: ExtensionServices, node?: unknown, newKey?: string): Promise<TokenFunctionEntry> {
  const entry = await pickTokenFunction(services, node);
  const key =
    newKey ??
    (await services.ui.input({
      title: `Function Key of ${entry.name}`,
      prompt: 'The new function key (kept in VS Code secret storage only; leave empty to remove the key)',
      password: true,
    }));
  if (key) services.log.addSecret(key);
  await services.views.tokenFunctions.store.setKey(entry.id, key);
  services.log.info(`Function key of ${entry.name} ${key.trim() ? 'replaced' : 'removed'}.`);
  nodeOf(services, entry.id)?.reload();
  return entry;
}

export async function removeTokenFunction(services: ExtensionServices, node?: unknown): Promise<void> {
  const entry = await pickTokenFunction(services, node);
  await services.ui.confirm(`Remove the token function "${entry.name}"?`, `${entry.baseUrl}\n\nIts function key is deleted from VS Code secret storage. The function app itself is not touched.`, 'Remove');
  await services.views.tokenFunctions.store.remove(entry.id);
  services.log.info(`Token function ${entry.name} removed.`);
}

export function refreshTokenFunctions(services: ExtensionServices, node?: unknown): void {
  if (node instanceof TokenFunctionNode) return node.reload();
  for (const n of services.views.tokenFunctions.functionNodes()) n.reload();
}

function nodeOf(services: ExtensionServices, id: string): TokenFunctionNode | undefined {
  return services.views.tokenFunctions.functionNodes().find((n) => n.functionId === id);
}
