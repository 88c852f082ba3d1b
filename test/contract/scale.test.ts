// Scale and lifecycle: 5,000 apps list in 6 pages with $top=999 and in 50 with $expand (Graph's
// cap of 100), with the time per page reported; a sandbox restarted on the same port and
// stateDir keeps its CA and signing keys, so clients and their tokens carry on.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { startSandbox, type RunningSandbox } from '../../src/sandbox';
import { adminToken, call, graph, useSandbox } from './support/sandbox';

async function listAll(s: RunningSandbox, token: string, first: string): Promise<{ apps: number; pages: number; msPerPage: number[] }> {
  let url: string | undefined = `/v1.0${first}`;
  let apps = 0;
  const msPerPage: number[] = [];
  while (url) {
    const t0 = process.hrtime.bigint();
    const r = await call(s, 'GET', url, { headers: { authorization: `Bearer ${token}` } });
    msPerPage.push(Number(process.hrtime.bigint() - t0) / 1e6);
    assert.equal(r.status, 200, r.text.slice(0, 300));
    const body = r.json();
    apps += body.value.length;
    url = body['@odata.nextLink'] ? String(body['@odata.nextLink']).slice(s.authority.length) : undefined;
  }
  return { apps, pages: msPerPage.length, msPerPage };
}

const summary = (xs: number[]) => {
  const sorted = [...xs].sort((a, b) => a - b);
  const avg = xs.reduce((a, b) => a + b, 0) / xs.length;
  return `avg ${avg.toFixed(1)} ms, median ${sorted[Math.floor(sorted.length / 2)].toFixed(1)} ms, max ${sorted[sorted.length - 1].toFixed(1)} ms`;
};

describe('contract: scale and lifecycle', () => {
  describe('5,000 apps', () => {
    const sandbox = useSandbox({ apps: 5000 });

    it('lists every app in 6 requests with $top=999 and in 50 with $expand=federatedIdentityCredentials', async function () {
      this.timeout(60000);
      const s = sandbox();
      const token = await adminToken(s);
      const plain = await listAll(s, token, '/applications?$select=id,appId,displayName,signInAudience,identifierUris,api&$top=999');
      assert.equal(plain.apps, 5000);
      assert.equal(plain.pages, 6);
      const expanded = await listAll(s, token, '/applications?$select=id,appId,displayName&$expand=federatedIdentityCredentials&$top=999');
      assert.equal(expanded.apps, 5000);
      assert.equal(expanded.pages, 50);
      console.log(`      $top=999: ${plain.pages} pages, ${summary(plain.msPerPage)}; $expand: ${expanded.pages} pages, ${summary(expanded.msPerPage)}`);
    });
  });

  it('a restart on the same port and stateDir keeps the CA and the signing keys: old tokens still work', async function () {
    this.timeout(60000);
    const stateDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mi-federation-restart-'));
    const first = await startSandbox({ stateDir, tokenFunction: false });
    const token = await adminToken(first);
    const { port, ca } = first;
    await first.close();
    await assert.rejects(call(first, 'GET', '/v1.0/organization', { headers: { authorization: `Bearer ${token}` } }), /ECONNREFUSED/);
    const second = await startSandbox({ stateDir, port, tokenFunction: false });
    try {
      assert.equal(second.port, port);
      assert.equal(second.ca, ca);
      const r = await graph(second, token, 'GET', '/organization');
      assert.equal(r.status, 200);
    } finally {
      await second.close();
      fs.rmSync(stateDir, { recursive: true, force: true });
    }
  });
});
