// "Add Token Function…": the function app's URL (https, or http on this machine), its key
// (kept in SecretStorage only), a name; then its endpoints are discovered and shown.
import { describeError, isCancellation } from '../../core/errors';
import { checkTokenFunctionUrl, defaultFunctionName, type TokenFunctionEntry } from '../../services/tokenFunction';
import { idOf } from '../../model';
import type { CommandContext } from '../commandContext';
import { defineCommand } from '../registry';

export interface AddTokenFunctionInput {
  url?: string;
  key?: string;
  name?: string;
}

export const addTokenFunctionCommand = defineCommand('miFederation.addTokenFunction', { run: (context, { args }) => addTokenFunction(context, inputArg(args[0])) });

/** What a caller (a walkthrough step, a test) may pass: only its string fields are taken. */
function inputArg(value: unknown): AddTokenFunctionInput {
  if (typeof value !== 'object' || value === null) return {};
  const field = (name: keyof AddTokenFunctionInput): string | undefined => {
    const v: unknown = Reflect.get(value, name);
    return typeof v === 'string' ? v : undefined;
  };
  const input: AddTokenFunctionInput = {};
  for (const name of ['url', 'key', 'name'] as const) {
    const v = field(name);
    if (v !== undefined) input[name] = v;
  }
  return input;
}

export async function addTokenFunction(context: CommandContext, input: AddTokenFunctionInput = {}): Promise<TokenFunctionEntry> {
  const store = context.model.tokenFunctions;
  const title = 'Add Token Function';
  const url =
    input.url ??
    (await context.ui.input({
      title,
      prompt: 'URL of the function app (an endpoint URL with ?code=… works too: the key is taken from it and kept in secret storage)',
      placeHolder: 'https://func-tokens.azurewebsites.net',
      validate: (v) => {
        const check = checkTokenFunctionUrl(v);
        return check.ok ? undefined : check.message;
      },
    }));
  const check = checkTokenFunctionUrl(url);
  if (!check.ok) throw new Error(check.message);
  const { baseUrl } = check.value;
  // A key pasted inside the URL must never reach a log, even before it is stored.
  if (check.value.key) context.log.addSecret(check.value.key);

  const key =
    input.key ??
    check.value.key ??
    (await context.ui.input({
      title,
      prompt: 'Function key (the `code` of the function app; leave empty if its endpoints are anonymous). It is kept in VS Code secret storage only.',
      password: true,
    }));
  if (key) context.log.addSecret(key);
  const existing = store.findByUrl(baseUrl);
  const name = input.name ?? (await context.ui.input({ title, prompt: 'A name for this function app', value: existing?.name ?? defaultFunctionName(baseUrl), validate: (v) => (v.trim() ? undefined : 'Enter a name.') }));

  const client = await store.client({ baseUrl, key });
  let entry: TokenFunctionEntry;
  try {
    const discovery = await context.progress(`Finding the endpoints of ${name.trim()}…`, (signal) => client.discover(signal));
    entry = await store.add({ name: name.trim(), baseUrl, key, discovery });
    const how = discovery.source === 'known-names' ? 'no OpenAPI document, so the three endpoint names of the original proof of concept are assumed' : `from its ${discovery.source === 'openapi-v3' ? 'OpenAPI v3' : 'Swagger'} document`;
    void context.ui.message('info', `Added ${entry.name}: ${discovery.endpoints.length} endpoint${discovery.endpoints.length === 1 ? '' : 's'} (${how}).`);
  } catch (e) {
    if (isCancellation(e)) throw e;
    // Keep what the user typed: the view shows the failure with Retry.
    entry = await store.add({ name: name.trim(), baseUrl, key });
    context.log.error(`Discovering the endpoints of ${baseUrl} failed`, e);
    void context.ui.message('warning', `Added ${entry.name}, but its endpoints could not be listed: ${describeError(e)}`);
  }
  context.log.info(`Token function ${entry.name} at ${entry.baseUrl} added${key ? ' (key in secret storage)' : ' (no key)'}.`);
  await revealFunction(context, entry);
  return entry;
}

async function revealFunction(context: CommandContext, entry: TokenFunctionEntry): Promise<void> {
  const view = context.views.tokenFunctionsView;
  if (!view.visible) return;
  context.views.tokenFunctions.functionNodes();
  const node = context.views.node(idOf({ kind: 'tokenFunction', functionId: entry.id }));
  if (!node) return;
  try {
    await view.reveal(node, { expand: true, select: true, focus: false });
  } catch {
    // Revealing is a courtesy; the node is in the view either way.
  }
}
