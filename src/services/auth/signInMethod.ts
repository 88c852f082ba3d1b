// The seam every sign-in method plugs into: the rest of the extension only ever sees a
// TokenCredential per tenant and the signed-in account.
import type { TokenCredential } from '@azure/identity';

export type SignInMethodId = 'vscode' | 'azureCli' | 'deviceCode';

export interface SignedInAccount {
  username: string;
  homeTenantId: string;
  method: SignInMethodId;
}

export interface DeviceCodePrompt {
  userCode: string;
  verificationUri: string;
  message: string;
}

export interface SignInOptions {
  /** Shown to the user while a device-code sign-in waits for approval. */
  onDeviceCode?: (prompt: DeviceCodePrompt) => void;
  signal?: AbortSignal;
}

export interface SignInMethod {
  readonly id: SignInMethodId;
  /** Signs in, prompting the user as the method needs. */
  signIn(options?: SignInOptions): Promise<SignedInAccount>;
  /** Restores an earlier sign-in without any prompt; undefined when there is none. */
  restore(): Promise<SignedInAccount | undefined>;
  /** Tokens for `tenantId`, for the Graph client and the token inspector. */
  credential(tenantId: string): TokenCredential;
  /** Forgets every cached token of this method. */
  signOut(): Promise<void>;
}
