// A signed-in Graph service against a sandbox, built the way the extension builds it: device-code
// sign-in through msal-node (the sandbox approves it), the extension's Graph client and service.
import type { SandboxInfo } from '../../src/sandbox/types';
import { DeviceCodeSignIn, type SecretStore } from '../../src/services/auth/deviceCodeSignIn';
import { cachingCredential } from '../../src/services/auth/cachingCredential';
import { sandboxEnvironment } from '../../src/services/environment';
import { createGraphClient } from '../../src/services/graph/graphClient';
import { GraphService } from '../../src/services/graph/graphService';

export class MemorySecrets implements SecretStore {
  private readonly values = new Map<string, string>();
  async get(key: string) {
    return this.values.get(key);
  }
  async store(key: string, value: string) {
    this.values.set(key, value);
  }
  async delete(key: string) {
    this.values.delete(key);
  }
}

/** What signing in needs of a sandbox, whether it runs in this process or in a child. */
export type ReachableSandbox = Pick<SandboxInfo, 'authority' | 'tenants' | 'user'> & { ca: string };

export async function signedInGraph(sandbox: ReachableSandbox, tenantId = sandbox.tenants.home): Promise<GraphService> {
  const environment = sandboxEnvironment(sandbox.authority, sandbox.ca, sandbox.user.clientId);
  const method = new DeviceCodeSignIn(environment, new MemorySecrets());
  await method.signIn();
  const client = createGraphClient(
    { baseUrl: environment.cloud.graph, scope: environment.cloud.graphScope, ca: environment.ca },
    cachingCredential(method.credential(tenantId)),
  );
  return new GraphService(tenantId, async () => client);
}
