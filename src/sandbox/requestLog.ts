// The sandbox's request log (what tests read through `control.requests()`): bounded by entries
// and by bytes, so a long session or a flood of long URLs cannot grow it without end, and free
// of secrets — a function key in `?code=`, a token in a query — because tests print it and a
// sandbox started from the CLI serves it to anyone who asks.
import type { SandboxState } from './state';
import type { LoggedRequest } from './types';

/** The most entries kept; the oldest go first. */
export const MAX_LOGGED_REQUESTS = 100_000;
/** The most bytes (roughly: the text of each entry) kept. */
export const MAX_LOGGED_BYTES = 16 * 1024 * 1024;
/** A URL longer than this is cut in the log (the request itself is not). */
export const MAX_LOGGED_URL = 2048;

// Query parameters whose value grants access: function keys, SAS signatures, OAuth secrets.
const SECRET_PARAMETERS = new Set([
  'code', 'key', 'sig', 'client_secret', 'client_assertion', 'assertion', 'access_token', 'refresh_token', 'id_token',
  'token', 'device_code', 'password', 'x-functions-key', 'x-identity-header',
]);
const JWT = /eyJ[A-Za-z0-9_-]{4,}(?:\.|%2E)[A-Za-z0-9_-]+(?:\.|%2E)[A-Za-z0-9_-]*/gi;

/** The URL as the log keeps it: secret parameters' values replaced, tokens replaced, length capped. */
export function loggableUrl(url: string): string {
  const q = url.indexOf('?');
  let out = url;
  if (q >= 0) {
    const query = url
      .slice(q + 1)
      .split('&')
      .map((part) => {
        const eq = part.indexOf('=');
        if (eq < 0) return part;
        let name: string;
        try {
          name = decodeURIComponent(part.slice(0, eq)).toLowerCase();
        } catch {
          name = part.slice(0, eq).toLowerCase();
        }
        return SECRET_PARAMETERS.has(name) ? `${part.slice(0, eq)}=<redacted>` : part;
      })
      .join('&');
    out = `${url.slice(0, q)}?${query}`;
  }
  out = out.replace(JWT, '<token redacted>');
  return out.length > MAX_LOGGED_URL ? `${out.slice(0, MAX_LOGGED_URL)}…` : out;
}

function sizeOf(entry: LoggedRequest): number {
  return 64 + entry.method.length + entry.path.length + entry.url.length + (entry.tenant?.length ?? 0);
}

// Bytes held, per state; recounted when the log changed behind the append (cleared, or a $batch
// sub-request pushed directly).
const held = new WeakMap<LoggedRequest[], { entries: number; bytes: number }>();

/** Appends an entry (its URL and path made loggable) and drops the oldest past either cap. */
export function appendRequest(state: SandboxState, entry: LoggedRequest): void {
  const log = state.log;
  const clean: LoggedRequest = { ...entry, path: entry.path.slice(0, MAX_LOGGED_URL), url: loggableUrl(entry.url) };
  let count = held.get(log);
  if (!count || count.entries !== log.length) count = { entries: log.length, bytes: log.reduce((n, e) => n + sizeOf(e), 0) };
  log.push(clean);
  count.entries++;
  count.bytes += sizeOf(clean);
  let drop = 0;
  let dropped = 0;
  while (log.length - drop > MAX_LOGGED_REQUESTS || (count.bytes - dropped > MAX_LOGGED_BYTES && log.length - drop > 1)) {
    dropped += sizeOf(log[drop]);
    drop++;
  }
  if (drop > 0) {
    log.splice(0, drop);
    count.entries -= drop;
    count.bytes -= dropped;
  }
  held.set(log, count);
}
