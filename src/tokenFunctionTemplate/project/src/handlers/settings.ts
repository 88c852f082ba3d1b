// The app settings the token function reads (Configuration > Application settings on Azure,
// local.settings.json on your machine). Read on first use: the Functions host sets them before
// any code runs, and they do not change while the process lives.

/** Sign-in hosts of Microsoft's clouds, with the audience their managed-identity assertions use. */
const CLOUDS: Record<string, { exchangeAudience: string }> = {
  'login.microsoftonline.com': { exchangeAudience: 'api://AzureADTokenExchange' },
  'login.microsoftonline.us': { exchangeAudience: 'api://AzureADTokenExchangeUSGov' },
  'login.chinacloudapi.cn': { exchangeAudience: 'api://AzureADTokenExchangeChina' },
};

const PUBLIC_CLOUD = 'https://login.microsoftonline.com';

export interface TokenFunctionSettings {
  /** Client id of the user-assigned identity to use; undefined for the system-assigned one. */
  managedIdentityClientId?: string;
  /** Entra's sign-in host, no trailing slash: `https://login.microsoftonline.com`. */
  authorityHost: string;
  /**
   * True for a host that is not one of Microsoft's clouds (an emulator, a private test host):
   * the SDKs must then skip instance discovery, which only Microsoft's hosts answer.
   */
  customAuthorityHost: boolean;
  /** Scope of the managed identity's token when the caller gives no `fedScope`. */
  defaultFedScope: string;
  /** Scope of the app token when the caller gives no `scope`. */
  defaultScope: string;
}

export function readSettings(env: NodeJS.ProcessEnv = process.env): TokenFunctionSettings {
  const authorityHost = (env.ENTRA_AUTHORITY_HOST?.trim() || PUBLIC_CLOUD).replace(/\/+$/, '');
  let host: string;
  try {
    const url = new URL(authorityHost);
    // Tokens are bearer secrets: the SDKs refuse plain HTTP, so say so at the first call.
    if (url.protocol !== 'https:') throw new Error('not https');
    host = url.host.toLowerCase();
  } catch {
    throw new Error(`The app setting ENTRA_AUTHORITY_HOST must be an https URL such as ${PUBLIC_CLOUD}.`);
  }
  const cloud = CLOUDS[host];
  return {
    managedIdentityClientId: env.MANAGED_IDENTITY_CLIENT_ID?.trim() || undefined,
    authorityHost,
    customAuthorityHost: cloud === undefined,
    defaultFedScope: `${(cloud ?? CLOUDS['login.microsoftonline.com']).exchangeAudience}/.default`,
    defaultScope: 'https://graph.microsoft.com/.default',
  };
}

let cached: TokenFunctionSettings | undefined;

/** The settings of this process, read once. */
export function settings(): TokenFunctionSettings {
  return (cached ??= readSettings());
}
