// Device-code sign-in with msal-node. Works in desktop, remote and browser VS Code alike,
// because nothing needs a local browser redirect. The msal token cache is persisted through
// a cache plugin into a secret store (VS Code SecretStorage), so sign-in survives restarts.
import type { AccountInfo, ICachePlugin, PublicClientApplication } from '@azure/msal-node';
import type { AccessToken, GetTokenOptions, TokenCredential } from '@azure/identity';
import type { Environment } from '../environment';
import { loadSdk } from '../loadSdk';
import { createMsalNetworkClient } from './msalNetworkClient';
import type { SignInMethod, SignInOptions, SignedInAccount } from './signInMethod';

export interface SecretStore {
  get(key: string): PromiseLike<string | undefined>;
  store(key: string, value: string): PromiseLike<void>;
  delete(key: string): PromiseLike<void>;
}

export class DeviceCodeSignIn implements SignInMethod {
  readonly id = 'deviceCode' as const;
  private app: PublicClientApplication | undefined;
  private readonly cacheKey: string;

  constructor(
    private readonly environment: Environment,
    private readonly secrets: SecretStore,
  ) {
    // One cache per cloud and authority: a sandbox's accounts never mix with a real cloud's.
    this.cacheKey = `miFederation.msalCache.${environment.cloud.name}.${new URL(environment.cloud.authority).host}`;
  }

  async signIn(options: SignInOptions = {}): Promise<SignedInAccount> {
    const app = await this.client();
    const request = {
      scopes: [this.environment.cloud.graphScope],
      deviceCodeCallback: (response: { userCode: string; verificationUri: string; message: string }) =>
        options.onDeviceCode?.({ userCode: response.userCode, verificationUri: response.verificationUri, message: response.message }),
      cancel: false,
    };
    // msal polls until the `cancel` flag is set on the very request object it was given.
    options.signal?.addEventListener('abort', () => (request.cancel = true), { once: true });
    const result = await app.acquireTokenByDeviceCode(request);
    if (!result?.account) throw new Error('Sign-in finished without an account.');
    return toAccount(result.account);
  }

  async restore(): Promise<SignedInAccount | undefined> {
    const account = await this.account();
    return account ? toAccount(account) : undefined;
  }

  credential(tenantId: string): TokenCredential {
    return {
      getToken: async (scopes: string | string[], _options?: GetTokenOptions): Promise<AccessToken | null> => {
        const app = await this.client();
        const account = await this.account();
        if (!account) throw new Error('Not signed in. Run "MI Federation: Sign In".');
        const result = await app.acquireTokenSilent({
          account,
          scopes: Array.isArray(scopes) ? scopes : [scopes],
          authority: `${this.environment.cloud.authority}/${tenantId}`,
        });
        return { token: result.accessToken, expiresOnTimestamp: result.expiresOn?.getTime() ?? Date.now() + 5 * 60_000 };
      },
    };
  }

  async signOut(): Promise<void> {
    if (this.app) {
      const cache = this.app.getTokenCache();
      for (const account of await cache.getAllAccounts()) await cache.removeAccount(account);
    }
    await this.secrets.delete(this.cacheKey);
    this.app = undefined;
  }

  private async account(): Promise<AccountInfo | undefined> {
    const accounts = await (await this.client()).getTokenCache().getAllAccounts();
    return accounts[0];
  }

  private async client(): Promise<PublicClientApplication> {
    if (this.app) return this.app;
    // msal-node is loaded on first use, not at activation.
    const { PublicClientApplication } = loadSdk();
    const env = this.environment;
    this.app = new PublicClientApplication({
      auth: {
        clientId: env.publicClientId,
        authority: `${env.cloud.authority}/organizations`,
        knownAuthorities: env.knownAuthorities,
      },
      cache: { cachePlugin: secretCachePlugin(this.secrets, this.cacheKey) },
      // Always the extension's transport, real clouds too: a deadline on every call, and the
      // sandbox's CA (when there is one) for loopback hosts only.
      system: { networkClient: createMsalNetworkClient(env.ca) },
    });
    return this.app;
  }
}

function secretCachePlugin(secrets: SecretStore, key: string): ICachePlugin {
  return {
    beforeCacheAccess: async (context) => {
      const stored = await secrets.get(key);
      if (stored) context.tokenCache.deserialize(stored);
    },
    afterCacheAccess: async (context) => {
      if (context.cacheHasChanged) await secrets.store(key, context.tokenCache.serialize());
    },
  };
}

function toAccount(account: AccountInfo): SignedInAccount {
  return { username: account.username, homeTenantId: account.tenantId, method: 'deviceCode' };
}
