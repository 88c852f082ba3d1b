// "Create Token Function Project…": the scaffold the command writes (its pure function, over
// node:fs), written into a temporary folder, installed from its own lockfile (`npm ci
// --prefer-offline`: the project pins packages this repository installs), built with its own
// `npm run build`, and its built handlers called against the sandbox's managed-identity
// endpoint in a process with the managed-identity environment, as on Azure.
import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DeadlineError, withDeadline } from '../../src/tokenFunctionTemplate/project/src/handlers/deadline';
import { errorAnswer } from '../../src/tokenFunctionTemplate/project/src/handlers/errorAnswer';
import { readSettings } from '../../src/tokenFunctionTemplate/project/src/handlers/settings';
import { conflictingFiles, folderEntries, nodeFileSystem, projectFiles, ProjectWriteError, writeProject, type ProjectFile, type ScaffoldFileSystem } from '../../src/tokenFunctionTemplate/scaffold';
import type { RunningSandbox } from '../../src/sandbox';
import type { ProjectCall, ProjectRun } from './support/callTokenFunctionProject';
import { decodePayload, useSandbox } from './support/sandbox';

const repoRoot = path.resolve(__dirname, '..', '..', '..');
const templateRoot = path.join(repoRoot, 'src', 'tokenFunctionTemplate', 'project');
const JWT = /eyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\./;

function tempFolder(name: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `mi-federation-${name}-`));
}

/** Every file under a folder with its content, for before/after comparisons. */
function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (rel: string) => {
    for (const d of fs.readdirSync(path.join(dir, rel), { withFileTypes: true })) {
      const p = rel ? `${rel}/${d.name}` : d.name;
      if (d.isDirectory()) {
        out[`${p}/`] = '';
        walk(p);
      } else out[p] = fs.readFileSync(path.join(dir, p), 'utf8');
    }
  };
  walk('');
  return out;
}

/** Runs a command of the project without the outer `npm run`'s npm_* settings. */
function run(command: string, args: string[], cwd: string, timeoutMs: number, env: NodeJS.ProcessEnv = {}): Promise<{ stdout: string; stderr: string }> {
  const base: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!/^npm_/i.test(k) && k !== 'INIT_CWD') base[k] = v;
  return new Promise((resolve, reject) => {
    execFile(command, args, { cwd, env: { ...base, ...env }, timeout: timeoutMs, maxBuffer: 16 * 1024 * 1024 }, (err, stdout, stderr) => {
      if (err) return reject(new Error(`${command} ${args.join(' ')} failed: ${err.message}\n${stdout.slice(-2000)}\n${stderr.slice(-4000)}`));
      resolve({ stdout, stderr });
    });
  });
}

describe('contract: token function project (scaffold)', () => {
  let files: ProjectFile[];
  before(async () => {
    files = await projectFiles(nodeFileSystem, templateRoot);
  });
  const text = (p: string) => Buffer.from(files.find((f) => f.path === p)?.content ?? []).toString('utf8');

  it('holds the Functions project: real dotfile names, local settings beside their template, the handlers and their registration', () => {
    const paths = files.map((f) => f.path);
    for (const p of ['.gitignore', '.funcignore', 'host.json', 'local.settings.json', 'local.settings.template.json', 'package.json', 'package-lock.json', 'tsconfig.json', 'README.md', 'src/functions/tokenEndpoints.ts', 'src/handlers/routes.ts']) {
      assert.ok(paths.includes(p), `no ${p} in ${paths.join(', ')}`);
    }
    assert.ok(!paths.includes('gitignore') && !paths.includes('funcignore'));
    assert.deepEqual(text('local.settings.json'), text('local.settings.template.json'));
    assert.match(text('.gitignore'), /^local\.settings\.json$/m);
    assert.match(text('.funcignore'), /^local\.settings\.json$/m);
    assert.match(text('src/functions/tokenEndpoints.ts'), /app\.http\(/);
  });

  it("pins its dependencies to the exact versions of this repository's lockfile, and its lockfile agrees", () => {
    const repoLock = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package-lock.json'), 'utf8')) as { packages: Record<string, { version: string }> };
    const pkg = JSON.parse(text('package.json')) as { dependencies: Record<string, string>; devDependencies: Record<string, string>; scripts: Record<string, string> };
    const lock = JSON.parse(text('package-lock.json')) as { packages: Record<string, { version?: string; dependencies?: Record<string, string>; devDependencies?: Record<string, string> }> };
    const all = { ...pkg.dependencies, ...pkg.devDependencies };
    assert.deepEqual(Object.keys(all).sort(), ['@azure/functions', '@azure/identity', '@azure/msal-node', '@types/node', 'typescript']);
    for (const [name, version] of Object.entries(all)) {
      assert.equal(version, repoLock.packages[`node_modules/${name}`]?.version, `${name} is not pinned to this repository's version`);
      assert.equal(lock.packages[`node_modules/${name}`]?.version, version, `the project's lockfile has another ${name}`);
    }
    assert.deepEqual({ ...lock.packages[''].dependencies, ...lock.packages[''].devDependencies }, all);
    assert.equal(pkg.scripts.start, 'func start');
    assert.match(pkg.scripts.deploy, /func azure functionapp publish$/);
    assert.ok(pkg.scripts.build);
  });

  it('refuses to replace existing files unless told to, and writes nothing then', async () => {
    const dir = tempFolder('scaffold-conflict');
    try {
      fs.writeFileSync(path.join(dir, 'package.json'), '{"name":"mine"}');
      fs.writeFileSync(path.join(dir, 'notes.txt'), 'keep me');
      assert.deepEqual((await folderEntries(nodeFileSystem, dir)).sort(), ['notes.txt', 'package.json']);
      assert.deepEqual(await conflictingFiles(nodeFileSystem, dir, files), ['package.json']);
      const before = snapshot(dir);
      await assert.rejects(writeProject(nodeFileSystem, dir, files, { replace: false }), (e: unknown) => e instanceof ProjectWriteError && /already holds package\.json; nothing was written/.test(e.message));
      assert.deepEqual(snapshot(dir), before);
      const outcome = await writeProject(nodeFileSystem, dir, files, { replace: true });
      assert.deepEqual(outcome.replaced, ['package.json']);
      assert.equal(fs.readFileSync(path.join(dir, 'notes.txt'), 'utf8'), 'keep me');
      assert.equal(JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')).name, 'token-function');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a failure mid-way undoes its own writes and puts back what it replaced', async () => {
    const dir = tempFolder('scaffold-failure');
    try {
      fs.writeFileSync(path.join(dir, 'package.json'), '{"name":"mine"}');
      const before = snapshot(dir);
      let writes = 0;
      // A disk that fills up on the tenth file: real node:fs, one write refused.
      const failing: ScaffoldFileSystem = {
        ...nodeFileSystem,
        writeFile: async (file, content) => {
          if (++writes === 10) throw Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC' });
          return nodeFileSystem.writeFile(file, content);
        },
      };
      await assert.rejects(writeProject(failing, dir, files, { replace: true }), (e: unknown) => {
        assert.ok(e instanceof ProjectWriteError);
        assert.match(e.message, /ENOSPC/);
        assert.match(e.message, /the folder is as it was/);
        assert.deepEqual(e.leftBehind, []);
        return true;
      });
      assert.ok(writes >= 10, 'the failure was never reached');
      assert.deepEqual(snapshot(dir), before);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a call that never answers ends at its deadline: the SDK call is aborted and the answer is a 504 saying what timed out', async () => {
    let seen: AbortSignal | undefined;
    const never = withDeadline('The token request', 5, (signal) => {
      seen = signal;
      return new Promise<never>(() => undefined);
    });
    const error = await never.then(() => undefined, (e: unknown) => e);
    assert.ok(error instanceof DeadlineError, String(error));
    assert.equal(seen?.aborted, true);
    const answer = errorAnswer(error);
    assert.equal(answer.status, 504);
    assert.deepEqual(answer.jsonBody, { error: 'temporarily_unavailable', error_description: 'The token request did not answer within 0 s; try again.', stage: 'exchange' });
    // Work that answers is not held back by the deadline.
    assert.equal(await withDeadline('x', 60_000, async () => 'done'), 'done');
  });

  it('app settings: the public cloud by default, the exchange audience of the cloud named, any other https host as a custom authority', () => {
    assert.deepEqual(readSettings({}), {
      managedIdentityClientId: undefined,
      authorityHost: 'https://login.microsoftonline.com',
      customAuthorityHost: false,
      defaultFedScope: 'api://AzureADTokenExchange/.default',
      defaultScope: 'https://graph.microsoft.com/.default',
    });
    const gov = readSettings({ ENTRA_AUTHORITY_HOST: 'https://login.microsoftonline.us/', MANAGED_IDENTITY_CLIENT_ID: ' 11111111-2222-3333-4444-555555555555 ' });
    assert.equal(gov.authorityHost, 'https://login.microsoftonline.us');
    assert.equal(gov.defaultFedScope, 'api://AzureADTokenExchangeUSGov/.default');
    assert.equal(gov.managedIdentityClientId, '11111111-2222-3333-4444-555555555555');
    assert.equal(readSettings({ ENTRA_AUTHORITY_HOST: 'https://127.0.0.1:8443' }).customAuthorityHost, true);
    assert.throws(() => readSettings({ ENTRA_AUTHORITY_HOST: 'http://login.microsoftonline.com' }), /must be an https URL/);
    assert.throws(() => readSettings({ ENTRA_AUTHORITY_HOST: 'login.microsoftonline.com' }), /must be an https URL/);
  });

  describe('installed, built and run against the sandbox', function () {
    const sandbox = useSandbox();
    let dir: string;
    let runProject: (calls: ProjectCall[], settings?: Record<string, string>) => Promise<ProjectRun>;

    before(async function () {
      // A real install (from the npm cache when it has the packages) and a real TypeScript build.
      this.timeout(300_000);
      dir = tempFolder('token-function-project');
      const outcome = await writeProject(nodeFileSystem, dir, files, { replace: false });
      assert.equal(outcome.written.length, files.length);
      await run('npm', ['ci', '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error'], dir, 240_000);
      await run('npm', ['run', 'build'], dir, 120_000);
      const script = path.join(__dirname, 'support', 'callTokenFunctionProject.js');
      runProject = async (calls, settings = {}) => {
        const s: RunningSandbox = sandbox();
        // What App Service gives a function app with a user-assigned identity, pointed at the sandbox.
        const env = {
          IDENTITY_ENDPOINT: s.managedIdentity.endpoint,
          IDENTITY_HEADER: s.managedIdentity.header,
          NODE_EXTRA_CA_CERTS: s.caFile,
          MANAGED_IDENTITY_CLIENT_ID: s.managedIdentity.userAssigned.clientId,
          ENTRA_AUTHORITY_HOST: s.authority,
          ...settings,
        };
        const { stdout } = await run(process.execPath, [script, dir, JSON.stringify(calls)], dir, 60_000, env);
        return JSON.parse(stdout.trim().split('\n').pop() ?? '{}') as ProjectRun;
      };
    });

    after(() => {
      if (dir) fs.rmSync(dir, { recursive: true, force: true });
    });

    it('its build registers the three endpoints (GET and POST, function key) and the anonymous OpenAPI document', async function () {
      this.timeout(60_000);
      assert.ok(fs.existsSync(path.join(dir, 'dist', 'src', 'functions', 'tokenEndpoints.js')), 'package.json main names no built file');
      const { routes, registered } = await runProject([]);
      assert.deepEqual(registered, ['GetManagedIdentityToken', 'GetAppTokenUsingManagedIdentity', 'GetAppTokenUsingManagedIdentityWithLib', 'OpenApiDocument']);
      assert.deepEqual(routes, [
        { name: 'GetManagedIdentityToken', methods: ['GET', 'POST'], authLevel: 'function' },
        { name: 'GetAppTokenUsingManagedIdentity', methods: ['GET', 'POST'], authLevel: 'function' },
        { name: 'GetAppTokenUsingManagedIdentityWithLib', methods: ['GET', 'POST'], authLevel: 'function' },
        { name: 'OpenApiDocument', route: 'openapi/v3.json', methods: ['GET'], authLevel: 'anonymous' },
      ]);
    });

    it('without MANAGED_IDENTITY_CLIENT_ID the system-assigned identity answers (and the broken app fails on its subject, AADSTS7002137)', async function () {
      this.timeout(60_000);
      const s = sandbox();
      const { results } = await runProject(
        [
          { name: 'GetManagedIdentityToken', method: 'POST', query: { scope: 'api://AzureADTokenExchange/.default' } },
          { name: 'GetAppTokenUsingManagedIdentity', method: 'GET', query: { clientId: s.apps.broken.appId, tenantId: s.tenants.customer } },
        ],
        { MANAGED_IDENTITY_CLIENT_ID: '' },
      );
      assert.equal(results[0].status, 200, results[0].text);
      assert.equal(decodePayload(JSON.parse(results[0].text).token).sub, s.managedIdentity.systemAssigned.objectId);
      assert.equal(results[1].status, 500);
      assert.deepEqual(JSON.parse(results[1].text).error_codes, [7002137]);
    });

    it('all three endpoints succeed for Contoso Sync into Fabrikam; the broken app gets the JSON error with AADSTS700212', async function () {
      this.timeout(60_000);
      const s = sandbox();
      const exchange = { clientId: s.apps.contosoSync.appId, tenantId: s.tenants.customer };
      const broken = { clientId: s.apps.broken.appId, tenantId: s.tenants.customer };
      const { results, logs } = await runProject([
        { name: 'GetManagedIdentityToken', method: 'GET', query: { scope: 'api://AzureADTokenExchange/.default' } },
        { name: 'GetAppTokenUsingManagedIdentity', method: 'GET', query: exchange },
        { name: 'GetAppTokenUsingManagedIdentityWithLib', method: 'POST', body: JSON.stringify(exchange), contentType: 'application/json' },
        { name: 'GetAppTokenUsingManagedIdentity', method: 'GET', query: broken },
        { name: 'GetAppTokenUsingManagedIdentityWithLib', method: 'GET', query: broken },
        { name: 'OpenApiDocument', method: 'GET' },
      ]);
      const [mi, app, appWithLib, fail, failWithLib, doc] = results;

      assert.equal(mi.status, 200, mi.text);
      const miBody = JSON.parse(mi.text);
      assert.equal(decodePayload(miBody.token).sub, s.managedIdentity.userAssigned.objectId);
      assert.ok(Date.parse(miBody.expiresOn) > Date.now());

      for (const r of [app, appWithLib]) {
        assert.equal(r.status, 200, `${r.name}: ${r.text}`);
        assert.match(String(r.contentType), /^application\/json/);
        const body = JSON.parse(r.text);
        const claims = decodePayload(body.accessToken);
        assert.equal(claims.tid, s.tenants.customer);
        assert.equal(claims.appid, s.apps.contosoSync.appId, 'a Graph token is v1: the app is in appid');
        assert.equal(body.tenantId, s.tenants.customer);
        assert.deepEqual(body.scopes, ['https://graph.microsoft.com/.default']);
      }

      for (const r of [fail, failWithLib]) {
        assert.equal(r.status, 500, r.name);
        assert.match(String(r.contentType), /^application\/json/);
        const body = JSON.parse(r.text);
        assert.equal(body.error, 'invalid_client', r.text);
        assert.deepEqual(body.error_codes, [700212]);
        assert.match(body.error_description, /^AADSTS700212: /);
        assert.equal(body.stage, 'exchange');
        assert.doesNotMatch(r.text, JWT, `${r.name}: a token is in the error answer`);
      }

      assert.equal(doc.status, 200);
      assert.equal(JSON.parse(doc.text).servers[0].url, 'https://func-contract.example/api');

      // The log says what happened, never with a token or the identity's header in it.
      assert.ok(logs.some((l) => /700212/.test(l)), logs.join('\n'));
      for (const line of logs) {
        assert.doesNotMatch(line, JWT);
        assert.ok(!line.includes(s.managedIdentity.header));
      }
    });
  });
});
