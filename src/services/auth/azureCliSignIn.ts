// Azure CLI sign-in: whatever `az login` holds. Many Graph tools rely on it; when `az` is
// missing or logged out, the error says so, and the caller offers device code instead.
import type { TokenCredential } from '@azure/identity';
import type { Environment } from '../environment';
import { loadSdk } from '../loadSdk';
import { readAccessTokenClaims, usernameOf } from './jwtClaims';
import type { SignInMethod, SignedInAccount } from './signInMethod';

export class AzureCliUnavailableError extends Error {
  constructor(detail: string) {
    super(`Azure CLI sign-in is not available: ${detail} Install the Azure CLI and run "az login", or sign in with a device code.`);
    this.name = 'AzureCliUnavailableError';
  }
}

export class AzureCliSignIn implements SignInMethod {
  readonly id = 'azureCli' as const;

  constructor(private readonly environment: Environment) {}

  async signIn(): Promise<SignedInAccount> {
    const account = await this.restore();
    if (!account) throw new AzureCliUnavailableError('no account.');
    return account;
  }

  async restore(): Promise<SignedInAccount | undefined> {
    const { AzureCliCredential } = loadSdk();
    let token;
    try {
      token = await new AzureCliCredential().getToken(this.environment.cloud.graphScope);
    } catch (e) {
      throw new AzureCliUnavailableError(firstLine(e));
    }
    const claims = readAccessTokenClaims(token.token);
    return { username: usernameOf(claims), homeTenantId: claims.tid ?? '', method: 'azureCli' };
  }

  credential(tenantId: string): TokenCredential {
    let credential: TokenCredential | undefined;
    return {
      getToken: async (scopes, options) => {
        if (!credential) {
          const { AzureCliCredential } = loadSdk();
          credential = new AzureCliCredential({ tenantId });
        }
        return credential.getToken(scopes, options);
      },
    };
  }

  async signOut(): Promise<void> {
    // The CLI owns its tokens ("az logout"); the extension keeps none of its own.
  }
}

function firstLine(e: unknown): string {
  const text = e instanceof Error ? e.message : String(e);
  const line = text.split('\n').find((l) => l.trim()) ?? text;
  return /[.!?]$/.test(line.trim()) ? line.trim() : `${line.trim()}.`;
}
