// The national clouds and the local sandbox tenant: every endpoint, issuer shape and exchange
// audience the extension uses comes from here, so no other file hard-codes a host name.
import { EXCHANGE_AUDIENCE, EXCHANGE_AUDIENCE_APP_ID, GRAPH_DEFAULT_SCOPE, GRAPH_RESOURCE } from '../shared/entraFacts';

export type CloudName = 'public' | 'usgov' | 'china' | 'sandbox';

export interface Cloud {
  readonly name: CloudName;
  readonly displayName: string;
  /** Authority host, scheme included, no trailing slash: `https://login.microsoftonline.com`. */
  readonly authority: string;
  /** Graph base URL without the version segment: `https://graph.microsoft.com`. */
  readonly graph: string;
  /** `{graph}/v1.0`, the base every Graph request of the extension starts from. */
  readonly graphV1: string;
  /** Scope that asks for a Graph token in this cloud. */
  readonly graphScope: string;
  /** Azure portal, or undefined where there is none (the sandbox). */
  readonly portal?: string;
  /** The audience the managed identity's token must carry, and a FIC must store. */
  readonly exchangeAudience: string;
  /** Hosts that issue v1 tokens (`https://{host}/{tid}/`) for this cloud. */
  readonly v1IssuerHosts: readonly string[];
}

/**
 * The `aud` of a managed identity's (v2) token for the public exchange audience: the exchange
 * resource's app id, which Entra matches with the URI a credential stores.
 */
export const PUBLIC_EXCHANGE_AUDIENCE_GUID = EXCHANGE_AUDIENCE_APP_ID;

export const PUBLIC_EXCHANGE_AUDIENCE = EXCHANGE_AUDIENCE;

function makeCloud(c: Omit<Cloud, 'graphV1' | 'graphScope'> & { graphScope?: string }): Cloud {
  return Object.freeze({
    ...c,
    graphV1: `${c.graph}/v1.0`,
    graphScope: c.graphScope ?? `${c.graph}/.default`,
  });
}

export const CLOUDS: Readonly<Record<Exclude<CloudName, 'sandbox'>, Cloud>> = Object.freeze({
  public: makeCloud({
    name: 'public',
    displayName: 'Azure (global)',
    authority: 'https://login.microsoftonline.com',
    graph: GRAPH_RESOURCE,
    portal: 'https://portal.azure.com',
    exchangeAudience: PUBLIC_EXCHANGE_AUDIENCE,
    // US Government tokens also carry sts.windows.net in v1 form; the v1 host alone cannot tell
    // the two apart, so it is listed here only and the public cloud wins.
    v1IssuerHosts: ['sts.windows.net'],
  }),
  usgov: makeCloud({
    name: 'usgov',
    displayName: 'Azure US Government',
    authority: 'https://login.microsoftonline.us',
    graph: 'https://graph.microsoft.us',
    portal: 'https://portal.azure.us',
    exchangeAudience: 'api://AzureADTokenExchangeUSGov',
    v1IssuerHosts: [],
  }),
  china: makeCloud({
    name: 'china',
    displayName: 'Azure operated by 21Vianet',
    authority: 'https://login.chinacloudapi.cn',
    graph: 'https://microsoftgraph.chinacloudapi.cn',
    portal: 'https://portal.azure.cn',
    exchangeAudience: 'api://AzureADTokenExchangeChina',
    v1IssuerHosts: ['sts.chinacloudapi.cn'],
  }),
});

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** True for an https URL on a loopback host: the shape of every sandbox authority. */
export function isLoopbackAuthority(url: string): boolean {
  const u = tryParseUrl(url);
  return u !== undefined && u.protocol === 'https:' && LOOPBACK_HOSTS.has(u.hostname);
}

/**
 * The sandbox tenant is a cloud whose endpoints are only known at run time.
 * `authority` is the sandbox's base URL, e.g. `https://127.0.0.1:8443`; Graph is served by the
 * same server unless told otherwise.
 */
export function sandboxCloud(authority: string, options?: { graph?: string; graphScope?: string }): Cloud {
  const base = stripTrailingSlashes(authority);
  if (!isLoopbackAuthority(base)) {
    throw new RangeError(`The sandbox authority must be an https URL on 127.0.0.1 or localhost; got "${authority}".`);
  }
  const graph = stripTrailingSlashes(options?.graph ?? base).replace(/\/v1\.0$/, '');
  return makeCloud({
    name: 'sandbox',
    displayName: 'Sandbox tenant',
    authority: base,
    graph,
    // The sandbox issues Graph tokens for the public Graph resource so code paths stay identical.
    graphScope: options?.graphScope ?? GRAPH_DEFAULT_SCOPE,
    exchangeAudience: PUBLIC_EXCHANGE_AUDIENCE,
    v1IssuerHosts: [],
  });
}

/** The cloud of a setting value; the sandbox needs its authority. */
export function getCloud(name: CloudName, sandboxAuthority?: string): Cloud {
  if (name === 'sandbox') {
    if (!sandboxAuthority) throw new RangeError('The sandbox cloud needs the sandbox authority (its base URL).');
    return sandboxCloud(sandboxAuthority);
  }
  const cloud = CLOUDS[name];
  if (!cloud) throw new RangeError(`Unknown cloud "${String(name)}"; expected public, usgov, china or sandbox.`);
  return cloud;
}

export function isCloudName(value: unknown): value is CloudName {
  return value === 'public' || value === 'usgov' || value === 'china' || value === 'sandbox';
}

/** Every official exchange audience, each with its cloud. */
export const OFFICIAL_EXCHANGE_AUDIENCES: ReadonlyMap<string, Exclude<CloudName, 'sandbox'>> = new Map([
  [CLOUDS.public.exchangeAudience, 'public'],
  [CLOUDS.usgov.exchangeAudience, 'usgov'],
  [CLOUDS.china.exchangeAudience, 'china'],
]);

/** The cloud whose official exchange audience this is (the public GUID form counts as public). */
export function cloudOfExchangeAudience(audience: string): Exclude<CloudName, 'sandbox'> | undefined {
  if (audience.toLowerCase() === PUBLIC_EXCHANGE_AUDIENCE_GUID) return 'public';
  return OFFICIAL_EXCHANGE_AUDIENCES.get(audience);
}

export function isOfficialExchangeAudience(audience: string): boolean {
  return OFFICIAL_EXCHANGE_AUDIENCES.has(audience);
}

/** What an Entra issuer URL says about itself. */
export interface EntraIssuer {
  cloud: CloudName;
  /** Authority, no trailing slash, e.g. `https://login.microsoftonline.com` or the sandbox base. */
  authority: string;
  /** The tenant path segment as written (a GUID in every real token). */
  tenant: string;
  /** `2.0` for `{authority}/{tenant}/v2.0`, `1.0` for `https://sts.windows.net/{tenant}/`. */
  version: '1.0' | '2.0';
  /** True when the URL has exactly the canonical form for its version. */
  canonical: boolean;
}

/**
 * Reads an issuer URL on an Entra authority host (any national cloud, or a sandbox/loopback
 * authority, or one of `extraAuthorities`). Returns undefined for other issuers (GitHub, ...).
 * Lenient on purpose: a trailing slash or a missing `/v2.0` still parses, with `canonical: false`,
 * so callers can say what is wrong instead of "not an Entra issuer".
 */
export function parseEntraIssuer(issuer: string, extraAuthorities?: readonly string[]): EntraIssuer | undefined {
  const u = tryParseUrl(issuer.trim());
  if (!u || u.protocol !== 'https:') return undefined;
  const origin = u.origin.toLowerCase();
  const segments = u.pathname.split('/').filter((s) => s.length > 0);
  const tenant = segments[0] ?? '';

  for (const cloud of Object.values(CLOUDS)) {
    if (origin === cloud.authority) {
      return { cloud: cloud.name, authority: cloud.authority, tenant, version: '2.0', canonical: isCanonicalV2(issuer, cloud.authority, segments) };
    }
    if (cloud.v1IssuerHosts.includes(u.hostname.toLowerCase())) {
      const canonical = issuer === `https://${u.hostname}/${tenant}/` && segments.length === 1;
      return { cloud: cloud.name, authority: cloud.authority, tenant, version: '1.0', canonical };
    }
  }
  const extra = (extraAuthorities ?? []).some((a) => tryParseUrl(a)?.origin.toLowerCase() === origin);
  if (extra || isLoopbackAuthority(issuer)) {
    return { cloud: 'sandbox', authority: u.origin, tenant, version: '2.0', canonical: isCanonicalV2(issuer, u.origin, segments) };
  }
  return undefined;
}

function isCanonicalV2(issuer: string, authority: string, segments: string[]): boolean {
  return segments.length === 2 && issuer === `${authority}/${segments[0]}/v2.0`;
}

/** True when the issuer is on an Entra authority host (national clouds, the sandbox, extras). */
export function isEntraIssuer(issuer: string, extraAuthorities?: readonly string[]): boolean {
  return parseEntraIssuer(issuer, extraAuthorities) !== undefined;
}

/** The cloud that issued a token, from its `iss`; undefined for non-Entra issuers. */
export function cloudOfIssuer(issuer: string, extraAuthorities?: readonly string[]): CloudName | undefined {
  return parseEntraIssuer(issuer, extraAuthorities)?.cloud;
}

/** Portal deep link to an app registration's overview, or undefined where there is no portal. */
export function portalAppUrl(cloud: Cloud, appId: string): string | undefined {
  if (!cloud.portal) return undefined;
  return `${cloud.portal}/#view/Microsoft_AAD_RegisteredApps/ApplicationMenuBlade/~/Overview/appId/${encodeURIComponent(appId)}`;
}

/** Portal deep link to an app registration's federated credentials blade. */
export function portalCredentialsUrl(cloud: Cloud, appId: string): string | undefined {
  if (!cloud.portal) return undefined;
  return `${cloud.portal}/#view/Microsoft_AAD_RegisteredApps/ApplicationMenuBlade/~/Credentials/appId/${encodeURIComponent(appId)}`;
}

function tryParseUrl(s: string): URL | undefined {
  try {
    return new URL(s);
  } catch {
    return undefined;
  }
}

function stripTrailingSlashes(s: string): string {
  return s.replace(/\/+$/, '');
}
