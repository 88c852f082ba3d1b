// The token function's address as a person pastes it: a base URL, or a whole endpoint URL copied
// from the portal with `?code=<key>` on it. The key is split off (it belongs in SecretStorage,
// never in a remembered URL) and the rest is reduced to the function app's base URL.

import { isLoopbackHost } from '../http/loopback';

export { isLoopbackHost };

export interface ParsedFunctionUrl {
  /** Origin plus any path before `/api`, no trailing slash. */
  baseUrl: string;
  /** A function key found in the URL (`code` query parameter). */
  key?: string;
  /** The endpoint the URL named, if it named one (`GetManagedIdentityToken`). */
  endpoint?: string;
}

export type UrlCheck = { ok: true; value: ParsedFunctionUrl } | { ok: false; message: string };

/** https anywhere; plain http only on this machine (a function running locally or the sandbox). */
export function checkTokenFunctionUrl(input: string): UrlCheck {
  const text = input.trim();
  if (!text) return { ok: false, message: 'Enter the URL of the function app, e.g. https://func-tokens.azurewebsites.net' };
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return { ok: false, message: 'That is not a URL; it should look like https://func-tokens.azurewebsites.net' };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return { ok: false, message: `Only https URLs are supported (got ${url.protocol}).` };
  if (url.protocol === 'http:' && !isLoopbackHost(url.hostname)) {
    return { ok: false, message: 'Use https: the function key and tokens must not travel in clear text (http is allowed only for 127.0.0.1 and localhost).' };
  }
  if (url.username || url.password) return { ok: false, message: 'Leave user name and password out of the URL.' };
  const key = url.searchParams.get('code') ?? undefined;
  const segments = url.pathname.split('/').filter(Boolean);
  const apiAt = segments.findIndex((s) => s.toLowerCase() === 'api');
  const prefix = apiAt >= 0 ? segments.slice(0, apiAt) : segments;
  const endpoint = apiAt >= 0 ? segments[apiAt + 1] : undefined;
  const baseUrl = `${url.origin}${prefix.length ? `/${prefix.join('/')}` : ''}`;
  return { ok: true, value: { baseUrl, ...(key ? { key } : {}), ...(endpoint ? { endpoint } : {}) } };
}

/** A short display name for a function app: its host without the Azure suffix. */
export function defaultFunctionName(baseUrl: string): string {
  const url = new URL(baseUrl);
  const host = url.hostname.replace(/\.azurewebsites\.(net|us|cn)$/i, '');
  return isLoopbackHost(url.hostname) ? `${host}:${url.port || (url.protocol === 'https:' ? 443 : 80)}` : host;
}

export function endpointUrl(baseUrl: string, path: string, query: Record<string, string>): string {
  const url = new URL(`${baseUrl}${path.startsWith('/') ? path : `/${path}`}`);
  for (const [name, value] of Object.entries(query)) url.searchParams.set(name, value);
  return url.toString();
}
