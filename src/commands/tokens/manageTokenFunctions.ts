// Edit Key…, Remove and Refresh on a token function.
import type { TokenFunctionEntry } from '../../services/tokenFunction';
import type { CommandContext } from '../commandContext';
import { defineCommand } from '../registry';
import { pickTokenFunction, tokenFunctionRef, type TokenFunctionRef } from './tokenContext';

export const editTokenFunctionKeyCommand = defineCommand('miFederation.editTokenFunctionKey', {
  target: tokenFunctionRef,
  run: (context, { target, args }) => editTokenFunctionKey(context, target, typeof args[0] === 'string' ? args[0] : undefined),
});

export const removeTokenFunctionCommand = defineCommand('miFederation.removeTokenFunction', { target: tokenFunctionRef, run: (context, { target }) => removeTokenFunction(context, target) });

export const refreshTokenFunctionsCommand = defineCommand('miFederation.refreshTokenFunctions', {
  target: tokenFunctionRef,
  run: (context, { target }) => refreshTokenFunctions(context, target),
});

export async function editTokenFunctionKey(context: CommandContext, ref: TokenFunctionRef | undefined, newKey?: string): Promise<TokenFunctionEntry> {
  const entry = await pickTokenFunction(context, ref);
  const key =
    newKey ??
    (await context.ui.input({
      title: `Function Key of ${entry.name}`,
      prompt: 'The new function key (kept in VS Code secret storage only; leave empty to remove the key)',
      password: true,
    }));
  if (key) context.log.addSecret(key);
  await context.model.tokenFunctions.setKey(entry.id, key);
  context.log.info(`Function key of ${entry.name} ${key.trim() ? 'replaced' : 'removed'}.`);
  // With the new key the endpoints may list differently (or at all): discover again.
  void context.model.tokenFunctions.discover(entry.id, { force: true });
  return entry;
}

export async function removeTokenFunction(context: CommandContext, ref: TokenFunctionRef | undefined): Promise<void> {
  const entry = await pickTokenFunction(context, ref);
  await context.ui.confirm(`Remove the token function "${entry.name}"?`, `${entry.baseUrl}\n\nIts function key is deleted from VS Code secret storage. The function app itself is not touched.`, 'Remove');
  await context.model.tokenFunctions.remove(entry.id);
  context.log.info(`Token function ${entry.name} removed.`);
}

/** Discovers the endpoints again (of one function, or of all); resolves when done. */
export async function refreshTokenFunctions(context: CommandContext, ref: TokenFunctionRef | undefined): Promise<void> {
  const functions = context.model.tokenFunctions;
  const ids = ref ? [ref.functionId] : functions.list().map((f) => f.id);
  await Promise.all(ids.map((id) => functions.discover(id, { force: true, signal: context.signal })));
}
