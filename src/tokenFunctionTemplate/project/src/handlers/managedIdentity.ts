// The function app's managed identity. One credential per process, as the SDK intends: it
// caches tokens and reads the platform's identity endpoint (IDENTITY_ENDPOINT / IDENTITY_HEADER
// on App Service and Functions) once.
import { ManagedIdentityCredential, type AccessToken } from '@azure/identity';
import { settings } from './settings';

let credential: ManagedIdentityCredential | undefined;

function managedIdentity(): ManagedIdentityCredential {
  const clientId = settings().managedIdentityClientId;
  // MANAGED_IDENTITY_CLIENT_ID picks a user-assigned identity; without it the system-assigned one answers.
  return (credential ??= clientId ? new ManagedIdentityCredential({ clientId }) : new ManagedIdentityCredential());
}

/** Thrown when the identity itself gave no token, so the answer can say which step failed. */
export class ManagedIdentityTokenError extends Error {
  constructor(
    readonly scope: string,
    cause: unknown,
  ) {
    super(`The managed identity gave no token for ${scope}: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
    this.name = 'ManagedIdentityTokenError';
  }
}

/** The identity's token for a scope. The token is a secret: callers return it, never log it. */
export async function managedIdentityToken(scope: string, abortSignal?: AbortSignal): Promise<AccessToken> {
  try {
    return await managedIdentity().getToken(scope, { abortSignal });
  } catch (e) {
    throw new ManagedIdentityTokenError(scope, e);
  }
}
