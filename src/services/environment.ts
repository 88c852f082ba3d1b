// Where the extension talks to: a national cloud, or a running sandbox tenant, plus what the
// SDKs need to reach it. Built once per sign-in; services never branch on the cloud.
import { getCloud, type Cloud, type CloudName } from '../core/clouds';

export interface Environment {
  cloud: Cloud;
  /** Extra CA to trust (the sandbox's self-signed one). */
  ca?: string;
  /** msal-node must be told that a non-Microsoft authority host is legitimate: host with port. */
  knownAuthorities?: string[];
  /** Public client for device-code sign-in. */
  publicClientId: string;
}

/**
 * The Azure CLI's public client: the one most Azure tools use for delegated Graph access when
 * the organization has not registered its own (setting miFederation.clientId).
 */
export const AZURE_CLI_CLIENT_ID = '04b07795-8ddb-461a-bbee-02f9e1bf7b46';

export function cloudEnvironment(name: Exclude<CloudName, 'sandbox'>, clientId?: string): Environment {
  return { cloud: getCloud(name), publicClientId: clientId || AZURE_CLI_CLIENT_ID };
}

export function sandboxEnvironment(authority: string, ca: string, publicClientId: string): Environment {
  const cloud = getCloud('sandbox', authority);
  return { cloud, ca, knownAuthorities: [new URL(cloud.authority).host], publicClientId };
}
