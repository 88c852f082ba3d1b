// The token function's own safety, as the original proof of concept's blog warns: a function
// that hands out the managed identity's tokens without its key lets anyone on the internet get
// tokens from the tenant, and spends the identity's token rate limit (the 429s then hit every
// other service using it). Plain http to another machine shows the key and tokens to the network.
import { isLoopbackHost } from '../http/loopback';
import type { Discovery, TokenFunctionEntry } from './types';

/** What an endpoint asked without the key answered: the function ran, the host refused, or unclear. */
export type KeyProbe = 'answersWithoutKey' | 'keyRequired' | 'unknown';

/**
 * Reads the answer to a request sent without the key. The Functions host refuses a missing key
 * with 401 before the function runs (403 when App Service rules stop it first); any answer the
 * function itself gives (2xx, or the 400 / 500 of a call without its parameters) means it ran.
 * A busy or missing endpoint says nothing either way.
 */
export function keyProbeOf(status: number): KeyProbe {
  if (status === 401 || status === 403) return 'keyRequired';
  if ((status >= 200 && status < 300) || status === 400 || status === 500) return 'answersWithoutKey';
  return 'unknown';
}

export const KEYLESS_WARNING =
  "This token function answers without its function key: anyone can get tokens from this tenant, and the identity's token rate limit is open to the world. Set its endpoints' authorization level to Function.";

export const CLEAR_TEXT_WARNING = 'This token function is reached over plain http on another machine: the function key and every token travel in clear text. Use https.';

/** The warnings a token function deserves, most serious first; empty when none. */
export function tokenFunctionWarnings(entry: Pick<TokenFunctionEntry, 'baseUrl'> & { discovery?: Pick<Discovery, 'keyProbe'> }): string[] {
  const warnings: string[] = [];
  if (entry.discovery?.keyProbe === 'answersWithoutKey') warnings.push(KEYLESS_WARNING);
  let url: URL | undefined;
  try {
    url = new URL(entry.baseUrl);
  } catch {
    url = undefined;
  }
  if (url?.protocol === 'http:' && !isLoopbackHost(url.hostname)) warnings.push(CLEAR_TEXT_WARNING);
  return warnings;
}
