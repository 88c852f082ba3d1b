// VS Code's built-in Microsoft account. VS Code's own client has limited Graph rights, so an
// organization can name its own public client (setting miFederation.clientId); tenant-specific
// sessions are asked for with VS Code's VSCODE_TENANT scope.
import * as vscode from 'vscode';
import type { TokenCredential } from '@azure/identity';
import type { Environment } from '../environment';
import { readAccessTokenClaims, usernameOf } from './jwtClaims';
import type { SignInMethod, SignedInAccount } from './signInMethod';

export class VsCodeSignIn implements SignInMethod {
  readonly id = 'vscode' as const;

  constructor(
    private readonly environment: Environment,
    private readonly clientId: string | undefined,
  ) {}

  async signIn(): Promise<SignedInAccount> {
    const session = await vscode.authentication.getSession('microsoft', this.scopes(), { createIfNone: true });
    return this.toAccount(session);
  }

  async restore(): Promise<SignedInAccount | undefined> {
    const session = await vscode.authentication.getSession('microsoft', this.scopes(), { silent: true });
    return session ? this.toAccount(session) : undefined;
  }

  credential(tenantId: string): TokenCredential {
    return {
      getToken: async () => {
        const session = await vscode.authentication.getSession('microsoft', this.scopes(tenantId), { silent: true })
          ?? await vscode.authentication.getSession('microsoft', this.scopes(tenantId), { createIfNone: true });
        const exp = readAccessTokenClaims(session.accessToken).exp;
        return { token: session.accessToken, expiresOnTimestamp: exp ? exp * 1000 : Date.now() + 5 * 60_000 };
      },
    };
  }

  async signOut(): Promise<void> {
    // VS Code owns these sessions; users sign out under Accounts. Nothing is cached here.
  }

  private scopes(tenantId?: string): string[] {
    const scopes = [`${this.environment.cloud.graph}/Application.ReadWrite.All`];
    if (tenantId) scopes.push(`VSCODE_TENANT:${tenantId}`);
    if (this.clientId) scopes.push(`VSCODE_CLIENT_ID:${this.clientId}`);
    return scopes;
  }

  private toAccount(session: vscode.AuthenticationSession): SignedInAccount {
    const claims = readAccessTokenClaims(session.accessToken);
    return { username: session.account.label || usernameOf(claims), homeTenantId: claims.tid ?? '', method: 'vscode' };
  }
}
