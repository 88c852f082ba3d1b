// `npm run sandbox` (src/sandbox/main.ts): one JSON line on stdout, ready in under 2 s, serving
// with the CA it names, and a clean exit on SIGTERM and SIGINT. The CLI runs as npm runs it:
// bundled by esbuild (the same options as esbuild.js), into a temp folder.
import * as assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { SandboxInfo } from '../../src/sandbox';
import { call } from './support/sandbox';

const ROOT = path.join(__dirname, '..', '..', '..');
let MAIN = '';

/** Bundles the sandbox CLI and its token function the way esbuild.js does. */
async function bundle(): Promise<string> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const esbuild = require('esbuild') as typeof import('esbuild');
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'mi-federation-cli-'));
  const common = { bundle: true, platform: 'node' as const, format: 'cjs' as const, target: 'node20', logLevel: 'silent' as const };
  await Promise.all([
    esbuild.build({ ...common, entryPoints: [path.join(ROOT, 'src/sandbox/main.ts')], outfile: path.join(out, 'sandbox.js') }),
    esbuild.build({ ...common, entryPoints: [path.join(ROOT, 'src/sandbox/tokenFunction/worker.ts')], outfile: path.join(out, 'sandbox-token-function.js') }),
  ]);
  return path.join(out, 'sandbox.js');
}

interface Started {
  child: ChildProcess;
  info: SandboxInfo;
  lineMs: number;
  stdout: () => string;
}

function startCli(args: string[]): Promise<Started> {
  const t0 = Date.now();
  const child = spawn(process.execPath, [MAIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  return new Promise((resolve, reject) => {
    child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
    child.stdout!.on('data', (d: Buffer) => {
      const first = out === '' || !out.includes('\n');
      out += d.toString();
      if (first && out.includes('\n')) {
        try {
          resolve({ child, info: JSON.parse(out.split('\n')[0]) as SandboxInfo, lineMs: Date.now() - t0, stdout: () => out });
        } catch (e) {
          reject(e);
        }
      }
    });
    child.on('exit', (code) => reject(new Error(`sandbox exited early (${code}): ${err}`)));
  });
}

function exitOf(child: ChildProcess): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) return resolve({ code: child.exitCode, signal: null });
    child.once('exit', (code, signal) => resolve({ code, signal }));
  });
}

describe('contract: npm run sandbox (CLI)', () => {
  before(async function () {
    this.timeout(60000);
    MAIN = await bundle();
  });
  after(() => fs.rmSync(path.dirname(MAIN), { recursive: true, force: true }));

  it('prints one JSON line with everything a client needs, serves at once, and exits cleanly on SIGTERM', async function () {
    this.timeout(30000);
    // Start-up time is the bench's to measure (a shared machine makes any bound here flaky);
    // this test asserts what a client relies on: the line, then a working tenant.
    const { child, info, lineMs, stdout } = await startCli(['--apps', '200', '--latency', '0']);
    try {
      console.log(`      sandbox CLI: JSON line after ${lineMs} ms`);
      for (const k of ['authority', 'graph', 'caFile', 'tenants', 'admin', 'user', 'managedIdentity', 'apps', 'tokenFunction']) assert.ok(k in info, k);
      assert.match(info.authority, /^https:\/\/127\.0\.0\.1:\d+$/);
      assert.equal(info.graph, `${info.authority}/v1.0`);
      for (const k of ['tenantId', 'clientId', 'clientSecret'] as const) assert.ok(info.admin[k]);
      for (const k of ['endpoint', 'header', 'msiEndpoint', 'msiSecret', 'userAssigned', 'systemAssigned'] as const) assert.ok(info.managedIdentity[k]);
      for (const k of ['contosoSync', 'broken', 'federation'] as const) assert.ok(info.apps[k].appId);
      assert.equal(info.apps.federation.identifierUri, `api://${info.apps.federation.appId}`);
      assert.ok(info.tokenFunction.url && info.tokenFunction.key);
      const ca = fs.readFileSync(info.caFile, 'utf8');
      const t0 = Date.now();
      const r = await call({ authority: info.authority, ca }, 'POST', `/${info.admin.tenantId}/oauth2/v2.0/token`, {
        form: { grant_type: 'client_credentials', client_id: info.admin.clientId, client_secret: info.admin.clientSecret, scope: 'https://graph.microsoft.com/.default' },
      });
      assert.equal(r.status, 200, 'the first request after the line is answered (it waits for the keys, not fails)');
      console.log(`      sandbox CLI: first token ${Date.now() - t0} ms after the line`);
      const count = await call({ authority: info.authority, ca }, 'GET', '/v1.0/applications/$count', {
        headers: { authorization: `Bearer ${r.json().access_token}`, consistencylevel: 'eventual' },
      });
      assert.equal(count.text, '200', '--apps 200: Contoso holds 200 apps');
      assert.equal(stdout().trim().split('\n').length, 1, 'exactly one line on stdout');
    } finally {
      child.kill('SIGTERM');
    }
    const { code } = await exitOf(child);
    assert.equal(code, 0);
  });

  it('exits cleanly on SIGINT (Ctrl-C), and refuses an unknown flag with a message and exit code 1', async function () {
    this.timeout(30000);
    const { child } = await startCli([]);
    child.kill('SIGINT');
    assert.equal((await exitOf(child)).code, 0);
    const bad = spawn(process.execPath, [MAIN, '--bogus'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let err = '';
    bad.stderr.on('data', (d: Buffer) => (err += d.toString()));
    assert.equal((await exitOf(bad)).code, 1);
    assert.match(err, /Unknown option --bogus/);
  });
});
