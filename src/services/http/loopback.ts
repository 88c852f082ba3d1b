// Which hosts are "this machine". The sandbox tenant's CA is only ever offered to these: Node's
// `ca` option replaces the system store, so giving it to a real Entra or Graph host would break
// that host's certificate check (and would trust a local CA for a remote name).
const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '::1', '[::1]']);

export function isLoopbackHost(hostname: string): boolean {
  return LOOPBACK_HOSTS.has(hostname.toLowerCase());
}

/** The extra CA to present for this URL: only https to a loopback host gets it. */
export function caForUrl(url: URL, ca: string | undefined): string | undefined {
  return ca && url.protocol === 'https:' && isLoopbackHost(url.hostname) ? ca : undefined;
}
