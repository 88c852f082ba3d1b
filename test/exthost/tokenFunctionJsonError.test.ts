// The token function project's JSON error in the extension: the sandbox's token function (the
// project's own handlers) answers the broken app's failed exchange with Entra's AADSTS code, and
// the inspector explains that code beside the doctor's findings. And "Create Token Function
// Project…" writes the project, asks before using a non-empty folder, and never replaces silently.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { SEEDED_APPS } from '../../src/sandbox/ids';
import type { TokenFunctionEntry } from '../../src/services/tokenFunction';
import { accept, cancel, confirm, input, pick } from './support/scriptedUserInput';
import { appNode, credentialNode, endpointNode, JWT_PATTERN } from './support/modelNodes';
import { useSandboxSuite } from './support/sandboxSuite';

interface CreatedProject {
  folder: string;
  written: string[];
  replaced: string[];
}

describe('Token function project: its JSON error explained, and Create Token Function Project…', function () {
  const suite = useSandboxSuite({ tokenFunction: true });
  const folders: string[] = [];
  const tempFolder = () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mi-federation-project-'));
    folders.push(dir);
    return dir;
  };
  const brokenCredential = async () => credentialNode(suite.api, await appNode(suite.api, suite.home, SEEDED_APPS.broken.objectId), 'subject-is-client-id');

  before(async () => {
    suite.ui.queue(input(suite.sandbox.tokenFunction.url), input(suite.sandbox.tokenFunction.key), accept());
    const entry = await suite.run<TokenFunctionEntry>('miFederation.addTokenFunction');
    assert.ok(entry?.discovery, `the token function was not added:\n${suite.ui.transcript()}`);
  });

  afterEach(() => {
    suite.sandbox.control.setTokenFunctionErrors('json');
  });

  after(() => {
    for (const dir of folders) fs.rmSync(dir, { recursive: true, force: true });
  });

  for (const name of ['GetAppTokenUsingManagedIdentity', 'GetAppTokenUsingManagedIdentityWithLib']) {
    it(`${name} for the broken app: the inspector explains Entra's AADSTS700212 from the JSON error, with the doctor's findings`, async () => {
      suite.sandbox.control.setTokenFunctionErrors('json');
      const broken = await brokenCredential();
      suite.ui.queue(pick('Invoke'));
      await suite.run('miFederation.invokeTokenFunction', await endpointNode(suite.api, name), broken);
      const error = suite.ui.messages('error')[0]?.text ?? '';
      assert.match(error, /AADSTS700212|audience/i, suite.ui.transcript());
      assert.doesNotMatch(error, /no reason/, 'the JSON error was read as the bare 500');
      const state = suite.api.views.inspector.state!;
      assert.equal(state.tokens[0]?.kind, 'managedIdentity');
      assert.ok(state.error, 'no error in the inspector');
      assert.equal(state.error.code, 700212);
      assert.match(state.error.title, /^AADSTS700212: /);
      assert.ok(state.error.findings.length > 0, 'no findings of the doctor beside the AADSTS explanation');
      assert.doesNotMatch(JSON.stringify(state), JWT_PATTERN, 'a raw token is in the inspector state');
      assert.ok(!suite.api.log.recentLines().some((l) => JWT_PATTERN.test(l)), 'a token reached the output channel');
    });
  }

  it('the same call against the original proof of concept (a bare 500) still gets the doctor fallback', async () => {
    suite.sandbox.control.setTokenFunctionErrors('bare-500');
    const broken = await brokenCredential();
    suite.ui.queue(pick('Invoke'));
    await suite.run('miFederation.invokeTokenFunction', await endpointNode(suite.api, 'GetAppTokenUsingManagedIdentity'), broken);
    assert.match(suite.ui.messages('error')[0]?.text ?? '', /HTTP 500 and no reason/);
    assert.equal(suite.api.views.inspector.state?.error?.code, undefined);
  });

  it('Create Token Function Project… writes the project into the folder typed in, and offers to open it', async () => {
    const folder = path.join(tempFolder(), 'token-function');
    suite.ui.queue(input(folder));
    const created = await suite.run<CreatedProject>('miFederation.createTokenFunctionProject');
    suite.ui.assertDone();
    assert.ok(created, `the command failed:\n${suite.ui.transcript()}`);
    assert.equal(created.folder, folder);
    assert.deepEqual(created.replaced, []);
    for (const file of ['package.json', 'package-lock.json', 'host.json', 'local.settings.json', 'local.settings.template.json', '.gitignore', '.funcignore', 'README.md', 'tsconfig.json', path.join('src', 'functions', 'tokenEndpoints.ts'), path.join('src', 'handlers', 'routes.ts')]) {
      assert.ok(fs.existsSync(path.join(folder, file)), `no ${file}`);
    }
    assert.ok(!fs.existsSync(path.join(folder, 'gitignore')));
    const done = suite.ui.messages('info').find((m) => m.text.startsWith('Created the token function project'));
    assert.ok(done, suite.ui.transcript());
    assert.deepEqual(done.choices, ['Open Folder']);
  });

  it('a non-empty folder: asks first, names the files it would replace, and Cancel leaves it untouched', async () => {
    const folder = tempFolder();
    fs.writeFileSync(path.join(folder, 'README.md'), '# my notes\n');
    fs.writeFileSync(path.join(folder, 'other.txt'), 'mine');
    suite.ui.queue(cancel('confirm'));
    const result = await suite.run<CreatedProject | undefined>('miFederation.createTokenFunctionProject', { folder });
    suite.ui.assertDone();
    assert.equal(result, undefined);
    const question = suite.ui.prompts.find((p) => p.kind === 'confirm');
    assert.ok(question, suite.ui.transcript());
    assert.match(question.text, /is not empty/);
    assert.match(question.value ?? '', /will be replaced: README\.md\./);
    assert.deepEqual(fs.readdirSync(folder).sort(), ['README.md', 'other.txt']);
    assert.equal(fs.readFileSync(path.join(folder, 'README.md'), 'utf8'), '# my notes\n');
    assert.equal(suite.ui.messages('error').length, 0, 'a cancel is silent');

    suite.ui.queue(confirm('Replace Files'));
    const replaced = await suite.run<CreatedProject>('miFederation.createTokenFunctionProject', { folder });
    assert.deepEqual(replaced?.replaced, ['README.md']);
    assert.equal(fs.readFileSync(path.join(folder, 'other.txt'), 'utf8'), 'mine');
    assert.match(fs.readFileSync(path.join(folder, 'README.md'), 'utf8'), /^# Token function/);
  });

  it('a path that is a file, not a folder, is a clear error and writes nothing', async () => {
    const file = path.join(tempFolder(), 'not-a-folder');
    fs.writeFileSync(file, 'x');
    await suite.run('miFederation.createTokenFunctionProject', { folder: file });
    assert.match(suite.ui.messages('error')[0]?.text ?? '', /is a file, not a folder/);
    assert.equal(fs.readFileSync(file, 'utf8'), 'x');
  });
});
