// The sandbox's CA is offered to loopback hosts only, and trusted only while the session's
// cloud is the sandbox: switching back to a real cloud with the sandbox still running leaves
// real Entra and Graph hosts on the system store.
import * as assert from 'node:assert/strict';
import { cloudEnvironment, sandboxEnvironment } from '../../../src/services/environment';
import { agentCa, requestOptionsFor } from '../../../src/services/http';
import { SandboxConnection } from '../../../src/services/sandboxConnection';
import { currentTrust } from '../../../src/services/tokenFunction/trust';
import type { SandboxInfo } from '../../../src/sandbox/types';

const CA = '-----BEGIN CERTIFICATE-----\nMIIBsandbox\n-----END CERTIFICATE-----\n';
const AUTHORITY = 'https://127.0.0.1:8443';

describe('transport: CA scope', () => {
  it('offers the extra CA to loopback hosts only', () => {
    for (const host of ['https://127.0.0.1:8443/t/oauth2/v2.0/token', 'https://localhost:9000/', 'https://[::1]:8443/']) {
      const options = requestOptionsFor(new URL(host), { ca: CA });
      assert.equal(options.ca, CA, host);
      assert.equal(agentCa(options.agent as never), CA, host);
    }
    for (const host of ['https://login.microsoftonline.com/common/v2.0/.well-known/openid-configuration', 'https://graph.microsoft.com/v1.0/applications', 'https://login.microsoftonline.us/x', 'https://127.0.0.1.nip.io/']) {
      const options = requestOptionsFor(new URL(host), { ca: CA });
      assert.equal(options.ca, undefined, host);
      assert.equal(agentCa(options.agent as never), undefined, host);
    }
  });

  it('trusts nothing of a running sandbox once the cloud is switched back', async () => {
    const sandbox = new SandboxConnection();
    await sandbox.attach({ authority: AUTHORITY, ca: CA, caFile: '/nonexistent', user: { clientId: 'c' } } as unknown as SandboxInfo & { ca: string });
    const onSandbox = currentTrust({ environment: sandboxEnvironment(AUTHORITY, CA, 'c') }, sandbox);
    assert.equal(onSandbox.ca, CA);
    assert.deepEqual(onSandbox.knownAuthorities, ['127.0.0.1:8443']);

    const switchedBack = currentTrust({ environment: cloudEnvironment('public') }, sandbox);
    assert.deepEqual(switchedBack, {});
    // The exchange asks the transport for Entra's token endpoint with whatever trust it has:
    const tokenEndpoint = requestOptionsFor(new URL('https://login.microsoftonline.com/tid/oauth2/v2.0/token'), { ca: switchedBack.ca });
    assert.equal(agentCa(tokenEndpoint.agent as never), undefined);
    // Even a stale CA handed to it by an older caller never reaches the real host.
    const stale = requestOptionsFor(new URL('https://login.microsoftonline.com/tid/oauth2/v2.0/token'), { ca: CA });
    assert.equal(stale.ca, undefined);
    assert.equal(agentCa(stale.agent as never), undefined);

    const notSignedIn = currentTrust({ environment: undefined }, sandbox);
    assert.equal(notSignedIn.ca, CA);
    await sandbox.stop();
  });
});
