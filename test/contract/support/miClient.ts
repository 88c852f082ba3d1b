// Run as a child process by the contract tests: @azure/identity's ManagedIdentityCredential
// reads the managed-identity environment once per process, so each configuration gets its
// own process. Usage: node miClient.js <scope> [system|clientId=…|objectId=…|resourceId=…]…
// Prints one JSON line: an array with {token, expiresOnTimestamp} or {error, name} per selector.
import { ManagedIdentityCredential, type ManagedIdentityCredentialClientIdOptions } from '@azure/identity';

async function acquire(scope: string, selector: string): Promise<Record<string, unknown>> {
  const [kind, value] = selector.split('=', 2);
  const options = (kind === 'clientId' ? { clientId: value } : kind === 'objectId' ? { objectId: value } : kind === 'resourceId' ? { resourceId: value } : {}) as ManagedIdentityCredentialClientIdOptions;
  const credential = new ManagedIdentityCredential({ ...options, retryOptions: { maxRetries: 0 } });
  try {
    const token = await credential.getToken(scope);
    return { token: token.token, expiresOnTimestamp: token.expiresOnTimestamp };
  } catch (e) {
    const err = e as Error;
    return { error: err.message, name: err.name };
  }
}

async function main(): Promise<void> {
  const [scope, ...selectors] = process.argv.slice(2);
  const results = [];
  for (const selector of selectors.length ? selectors : ['system']) results.push(await acquire(scope, selector));
  process.stdout.write(`${JSON.stringify(results)}\n`);
}

void main();
