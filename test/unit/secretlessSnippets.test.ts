// The change Go Secretless shows per stack: every snippet carries the app's values, the
// TypeScript ones type-check against the installed @azure/msal-node and @azure/identity, the
// JSON parses into Microsoft.Identity.Web's shape, and no value can break out of its literal.
import assert from 'node:assert/strict';
import * as path from 'node:path';
import * as ts from 'typescript';
import { SECRETLESS_STACKS, secretlessSnippet, type SecretlessStack, type SecretlessValues } from '../../src/core/secretlessSnippets';
import { MI_CLIENT_ID, MI_OBJECT_ID, TENANT } from './core/tokens';

const APP_ID = '3cee1c82-28a4-475b-ba8e-bda98c6cce13';
const values: SecretlessValues = {
  tenantId: TENANT,
  appId: APP_ID,
  appDisplayName: 'Contoso Payroll',
  identity: { clientId: MI_CLIENT_ID, objectId: MI_OBJECT_ID, kind: 'userAssigned', displayName: 'id-payroll' },
  audience: 'api://AzureADTokenExchange',
  authority: 'https://login.microsoftonline.com',
  resourceScope: 'https://graph.microsoft.com/.default',
};
const stacks = SECRETLESS_STACKS.map((s) => s.stack);

/** The project root, where node_modules holds the SDKs the snippets import. */
const root = path.resolve(__dirname, '../../..');

/** Type-checks each text as its own module at the project root; returns the diagnostics per text. */
function typeCheck(texts: string[]): string[][] {
  const files = new Map(texts.map((text, i) => [path.join(root, `secretless-snippet-${i}.ts`), text]));
  const options: ts.CompilerOptions = {
    strict: true,
    noEmit: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.Node16,
    moduleResolution: ts.ModuleResolutionKind.Node16,
    skipLibCheck: true,
    types: ['node'],
    lib: ['lib.es2022.d.ts', 'lib.dom.d.ts'],
  };
  const host = ts.createCompilerHost(options);
  const getSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (name, language, ...rest) => {
    const text = files.get(path.resolve(name));
    return text !== undefined ? ts.createSourceFile(name, text, language, true) : getSourceFile(name, language, ...rest);
  };
  const fileExists = host.fileExists.bind(host);
  host.fileExists = (name) => files.has(path.resolve(name)) || fileExists(name);
  const readFile = host.readFile.bind(host);
  host.readFile = (name) => files.get(path.resolve(name)) ?? readFile(name);
  const program = ts.createProgram([...files.keys()], options, host);
  return [...files.keys()].map((name) => ts.getPreEmitDiagnostics(program, program.getSourceFile(name)).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n')));
}

describe('secretlessSnippets: every stack', () => {
  it('offers the five stacks the platform documents, each with a document naming the values', () => {
    assert.deepEqual(stacks, ['msalNode', 'msalNet', 'identityWeb', 'azureIdentity', 'appService']);
    for (const stack of stacks) {
      const snippet = secretlessSnippet(stack, values);
      assert.equal(snippet.stack, stack);
      for (const value of [TENANT, APP_ID, MI_CLIENT_ID]) assert.ok(snippet.document.includes(value), `${stack} document lacks ${value}`);
      assert.ok(snippet.document.includes('```' + snippet.codeLanguage + '\n' + snippet.code + '\n```'), `${stack}: the code block is the code`);
      assert.match(snippet.document, /## Remove\n/, `${stack} says what to remove`);
    }
  });

  it('the TypeScript snippets type-check against the installed SDKs (public cloud, sandbox, system-assigned)', function () {
    this.timeout(60_000);
    const variants: SecretlessValues[] = [
      values,
      { ...values, authority: 'https://127.0.0.1:8443' },
      { ...values, identity: { objectId: MI_OBJECT_ID, kind: 'systemAssigned' } },
    ];
    const texts = variants.flatMap((v) => (['msalNode', 'azureIdentity'] as SecretlessStack[]).map((s) => secretlessSnippet(s, v).code));
    const diagnostics = typeCheck(texts);
    diagnostics.forEach((d, i) => assert.deepEqual(d, [], texts[i]));
    // The check is real: a wrong option name is caught.
    const [broken] = typeCheck([texts[0].replace('clientAssertion:', 'clientAssertionn:')]);
    assert.ok(broken.some((m) => /clientAssertionn/.test(m)), broken.join('\n'));
  });
});

describe('secretlessSnippets: msal-node', () => {
  it('asks the managed identity for the audience and hands the token over as the client assertion', () => {
    const { code } = secretlessSnippet('msalNode', values);
    assert.ok(code.includes(`new ManagedIdentityApplication({ managedIdentityIdParams: { userAssignedClientId: "${MI_CLIENT_ID}" } })`), code);
    assert.ok(code.includes('clientAssertion: async () => (await managedIdentity.acquireToken({ resource: "api://AzureADTokenExchange" })).accessToken,'), code);
    assert.ok(code.includes(`authority: "https://login.microsoftonline.com/${TENANT}",`), code);
    assert.ok(!code.includes('knownAuthorities'), 'a Microsoft authority needs no listing');
    assert.ok(!/clientSecret\s*:/.test(code));
  });

  it('lists a non-Microsoft authority (the sandbox) and picks the system-assigned identity without a client id', () => {
    assert.ok(secretlessSnippet('msalNode', { ...values, authority: 'https://127.0.0.1:8443/' }).code.includes('knownAuthorities: ["127.0.0.1:8443"],'));
    const system = secretlessSnippet('msalNode', { ...values, identity: { objectId: MI_OBJECT_ID, kind: 'systemAssigned' } }).code;
    assert.ok(system.includes('new ManagedIdentityApplication({});'), system);
  });
});

describe('secretlessSnippets: MSAL.NET', () => {
  it('WithClientAssertion fed by ManagedIdentityApplicationBuilder, the authority of the tenant', () => {
    const { code, codeLanguage } = secretlessSnippet('msalNet', values);
    assert.equal(codeLanguage, 'csharp');
    assert.ok(code.includes(`ManagedIdentityApplicationBuilder.Create(ManagedIdentityId.WithUserAssignedClientId("${MI_CLIENT_ID}")).Build();`), code);
    assert.ok(code.includes(`ConfidentialClientApplicationBuilder.Create("${APP_ID}")`));
    assert.ok(code.includes(`.WithAuthority("https://login.microsoftonline.com/${TENANT}")`));
    assert.ok(code.includes('.WithClientAssertion(async (AssertionRequestOptions options) =>'));
    assert.ok(code.includes('AcquireTokenForManagedIdentity("api://AzureADTokenExchange")'));
    assert.ok(secretlessSnippet('msalNet', { ...values, identity: { objectId: MI_OBJECT_ID, kind: 'systemAssigned' } }).code.includes('ManagedIdentityId.SystemAssigned'));
  });
});

describe('secretlessSnippets: Microsoft.Identity.Web', () => {
  it('parses into AzureAd with one SignedAssertionFromManagedIdentity credential; no TokenExchangeUrl in the public cloud', () => {
    const { code } = secretlessSnippet('identityWeb', values);
    assert.deepEqual(JSON.parse(code), {
      AzureAd: {
        Instance: 'https://login.microsoftonline.com/',
        TenantId: TENANT,
        ClientId: APP_ID,
        ClientCredentials: [{ SourceType: 'SignedAssertionFromManagedIdentity', ManagedIdentityClientId: MI_CLIENT_ID }],
      },
    });
  });

  it('names the exchange audience of a national cloud in TokenExchangeUrl', () => {
    const usgov = { ...values, authority: 'https://login.microsoftonline.us', audience: 'api://AzureADTokenExchangeUSGov' };
    const parsed = JSON.parse(secretlessSnippet('identityWeb', usgov).code) as { AzureAd: { Instance: string; ClientCredentials: Array<Record<string, string>> } };
    assert.equal(parsed.AzureAd.Instance, 'https://login.microsoftonline.us/');
    assert.equal(parsed.AzureAd.ClientCredentials[0].TokenExchangeUrl, 'api://AzureADTokenExchangeUSGov');
    const system = JSON.parse(secretlessSnippet('identityWeb', { ...values, identity: { objectId: MI_OBJECT_ID, kind: 'systemAssigned' } }).code) as typeof parsed;
    assert.deepEqual(system.AzureAd.ClientCredentials, [{ SourceType: 'SignedAssertionFromManagedIdentity' }]);
  });
});

describe('secretlessSnippets: Azure.Identity and App Service', () => {
  it('ClientAssertionCredential over ManagedIdentityCredential, for the audience + /.default', () => {
    const { code } = secretlessSnippet('azureIdentity', values);
    assert.ok(code.includes(`new ManagedIdentityCredential({ clientId: "${MI_CLIENT_ID}" })`), code);
    assert.ok(code.includes('managedIdentity.getToken("api://AzureADTokenExchange/.default")'), code);
    assert.ok(code.includes(`  "${TENANT}",\n  "${APP_ID}",`), code);
    assert.ok(secretlessSnippet('azureIdentity', { ...values, authority: 'https://127.0.0.1:8443' }).code.includes('{ authorityHost: "https://127.0.0.1:8443", disableInstanceDiscovery: true }'));
  });

  it('App Service: the slot-sticky setting with the identity\'s client id, then MICROSOFT_PROVIDER_AUTHENTICATION_SECRET removed', () => {
    const { code, document } = secretlessSnippet('appService', values);
    assert.ok(code.includes(`--slot-settings OVERRIDE_USE_MI_FIC_ASSERTION_CLIENTID=${MI_CLIENT_ID}`), code);
    assert.ok(code.includes('--setting-names MICROSOFT_PROVIDER_AUTHENTICATION_SECRET'), code);
    assert.ok(code.indexOf('OVERRIDE_USE_MI_FIC_ASSERTION_CLIENTID=') < code.indexOf('appsettings delete'), 'the new setting first, the secret last');
    assert.match(document, /not the app's/);
    assert.match(secretlessSnippet('appService', { ...values, identity: { objectId: MI_OBJECT_ID, kind: 'systemAssigned' } }).document, /user-assigned/);
  });
});

describe('secretlessSnippets: hostile values stay inside their literal', () => {
  const hostile = 'x"); process.exit(1); //\u2028\n*/ `|';
  it('a display name cannot end a comment, a string or a Markdown cell', () => {
    const v: SecretlessValues = { ...values, appDisplayName: hostile, identity: { ...values.identity, displayName: hostile } };
    for (const stack of stacks) {
      const { code, document } = secretlessSnippet(stack, v);
      assert.ok(!code.includes('\u2028') && !code.split('\n').some((l) => l.startsWith('*/')), `${stack}: ${code}`);
      assert.ok(!document.split('\n')[0].includes('\n'));
    }
    const diagnostics = typeCheck([secretlessSnippet('msalNode', v).code, secretlessSnippet('azureIdentity', v).code]);
    diagnostics.forEach((d) => assert.deepEqual(d, []));
  });

  it('a value inside a literal is escaped, never raw', () => {
    const { code } = secretlessSnippet('msalNode', { ...values, resourceScope: hostile });
    assert.ok(code.includes(JSON.stringify(hostile).replace('\u2028', '\\u2028')), code);
    assert.deepEqual(typeCheck([code])[0], []);
  });
});
