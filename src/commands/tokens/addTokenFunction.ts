// "Add Token Function…": the function app's URL (https, or http on this machine), its key
// (kept in SecretStorage only), a name; then its endpoints are discovered and shown.
import { describeError, isCancellation } from '../../core/errors';
import { checkTokenFunctionUrl, defaultFunctionName, TokenFunctionClient, type TokenFunctionEntry } from '../../services/tokenFunction';
import { currentTrust } from '../../services/tokenFunction/trust';
import type { ExtensionServices } from '../services';
import { withCancellableProgress } from './tokenContext';

export interface AddTokenFunctionInput {
  url?: string;
  key?: string;
  name?: string;
}

export async function addTokenFunction(services: ExtensionServices, input: AddTokenFunctionInput = {}): Promise<TokenFunctionEntry> {
  const store = services.views.tokenFunctions.store;
  const title = 'Add Token Function';
  const url =
    input.url ??
    (await services.ui.input({
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
  if (check.value.key) services.log.addSecret(check.value.key);

  const key =
    input.key ??
    check.value.key ??
    (await services.ui.input({
      title,
      prompt: 'Function key (the `code` of the function app; leave empty if its endpoints are anonymous). It is kept in VS Code secret storage only.',
      password: true,
    }));
  if (key) services.log.addSecret(key);
  const existing = store.findByUrl(baseUrl);
  const name = input.name ?? (await services.ui.input({ title, prompt: 'A name for this function app', value: existing?.name ?? defaultFunctionName(baseUrl), validate: (v) => (v.trim() ? undefined : 'Enter a name.') }));

  const client = new TokenFunctionClient(baseUrl, key || undefined, { ca: currentTrust(services.session, services.sandbox).ca });
  let entry: TokenFunctionEntry;
  try {
    const discovery = await withCancellableProgress(`Finding the endpoints of ${name.trim()}…`, (signal) => client.discover(signal));
    entry = await store.add({ name: name.trim(), baseUrl, key, discovery });
    const how = discovery.source === 'known-names' ? 'no OpenAPI document, so the seed app\'s three endpoint names are assumed' : `from its ${discovery.source === 'openapi-v3' ? 'OpenAPI v3' : 'Swagger'} document`;
    void services.ui.message('info', `Added ${entry.name}: ${discovery.endpoints.length} endpoint${discovery.endpoints.length === 1 ? '' : 's'} (${how}).`);
  } catch (e) {
    if (isCancellation(e)) throw e;
    // Keep what the user typed: the view shows the failure with Retry.
    entry = await store.add({ name: name.trim(), baseUrl, key });
    services.log.error(`Discovering the endpoints of ${baseUrl} failed`, e);
    void services.ui.message('warning', `Added ${entry.name}, but its endpoints could not be listed: ${describeError(e)}`);
  }
  services.log.info(`Token function ${entry.name} at ${entry.baseUrl} added${key ? ' (key in secret storage)' : ' (no key)'}.`);
  await revealFunction(services, entry);
  return entry;
}

async function revealFunction(services: ExtensionServices, entry: TokenFunctionEntry): Promise<void> {
  const node = services.views.tokenFunctions.functionNodes().find((n) => n.functionId === entry.id);
  if (!node || !services.views.tokenFunctionsView.visible) return;
  try {
    await services.views.tokenFunctionsView.reveal(node, { expand: true, select: true, focus: false });
  } catch {
    // Revealing is a courtesy; the node is in the view either way.
  }
}
