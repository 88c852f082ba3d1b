import assert from 'node:assert/strict';
import * as ts from 'typescript';
import {
  assertionScope,
  azCreateCommand,
  azCreateCommandWithFile,
  azParametersFile,
  bicepResource,
  credentialParameters,
  csharpSnippet,
  parametersOfAzCommand,
  typescriptSnippet,
  type ExportTarget,
} from '../../../src/core/credentialExport';
import { AUDIENCE, ISSUER, MI_CLIENT_ID, MI_OBJECT_ID, TENANT } from './tokens';

const APP_ID = '3cee1c82-28a4-475b-ba8e-bda98c6cce13';
const fic = credentialParameters({ name: 'contoso-sync-mi', issuer: ISSUER, subject: MI_OBJECT_ID, audiences: [AUDIENCE], description: "Megan's identity" });
const target: ExportTarget = {
  appId: APP_ID,
  appDisplayName: 'Contoso Sync',
  tenantId: TENANT,
  authority: 'https://login.microsoftonline.com',
  resourceScope: 'https://graph.microsoft.com/.default',
  identity: { clientId: MI_CLIENT_ID, kind: 'userAssigned', displayName: 'id-sync' },
};

describe('credentialExport: parameters and the az command', () => {
  it('holds exactly the fields Graph takes, in its order, and drops an empty description', () => {
    assert.deepEqual(Object.keys(fic), ['name', 'issuer', 'subject', 'audiences', 'description']);
    const bare = credentialParameters({ name: 'x-y', issuer: ISSUER, subject: MI_OBJECT_ID, audiences: [AUDIENCE], description: null });
    assert.deepEqual(Object.keys(bare), ['name', 'issuer', 'subject', 'audiences']);
    // A flexible FIC has subject null; the parameters never carry null.
    assert.equal(credentialParameters({ name: 'f', issuer: ISSUER, subject: null, audiences: [AUDIENCE] }).subject, '');
  });

  it('az command: app id after --id and the JSON in single quotes, a quote escaped for bash', () => {
    const command = azCreateCommand(fic, APP_ID);
    assert.ok(command.startsWith(`az ad app federated-credential create --id ${APP_ID} --parameters '`), command);
    assert.ok(command.includes(`Megan'\\''s identity`), command);
    assert.deepEqual(parametersOfAzCommand(command), fic);
  });

  it('az command round-trips every field through the JSON it carries', () => {
    const tricky = credentialParameters({ name: 'a_b-c', issuer: 'https://example.com/x?y=1&z=2', subject: "it's \"quoted\" \\ back", audiences: ['api://x'], description: "'''" });
    assert.deepEqual(parametersOfAzCommand(azCreateCommand(tricky, APP_ID)), tricky);
  });

  it('az command with a parameters file, for shells that mangle inline JSON', () => {
    assert.equal(azCreateCommandWithFile(APP_ID), `az ad app federated-credential create --id ${APP_ID} --parameters credential.json`);
    assert.deepEqual(JSON.parse(azParametersFile(fic)), fic);
  });

  it('the managed identity asks for {audience}/.default', () => {
    assert.equal(assertionScope(fic), 'api://AzureADTokenExchange/.default');
    assert.equal(assertionScope({ audiences: ['api://1c83660e-4ee9-4114-9257-9e8a99f60380/'] }), 'api://1c83660e-4ee9-4114-9257-9e8a99f60380/.default');
  });
});

describe('credentialExport: Bicep', () => {
  const bicep = bicepResource(fic, target);

  it('declares a Microsoft.Graph federatedIdentityCredentials resource under the existing app', () => {
    assert.match(bicep, /^extension microsoftGraphV1$/m);
    assert.match(bicep, /resource app 'Microsoft\.Graph\/applications@v1\.0' existing = \{\n {2}uniqueName: appUniqueName\n\}/);
    assert.match(bicep, /resource contosoSyncMi 'Microsoft\.Graph\/applications\/federatedIdentityCredentials@v1\.0' = \{/);
    assert.match(bicep, /name: '\$\{app\.uniqueName\}\/contoso-sync-mi'/);
  });

  it('carries issuer, subject, audience and the app id, with quotes escaped', () => {
    assert.ok(bicep.includes(`issuer: '${ISSUER}'`));
    assert.ok(bicep.includes(`subject: '${MI_OBJECT_ID}'`));
    assert.ok(bicep.includes(`    '${AUDIENCE}'`));
    assert.ok(bicep.includes("description: 'Megan\\'s identity'"));
    assert.ok(bicep.includes(APP_ID));
  });

  it('makes a valid symbol from any name and escapes ${', () => {
    const odd = bicepResource({ ...fic, name: '1st_fic', description: 'costs ${x}' }, target);
    assert.match(odd, /resource fic1stFic 'Microsoft/);
    assert.ok(odd.includes("description: 'costs \\${x}'"));
  });
});

describe('credentialExport: code', () => {
  it('C#: the original proof of concept\'s ConfidentialClientApplicationBuilder with a managed-identity client assertion', () => {
    const cs = csharpSnippet(fic, target);
    assert.ok(cs.includes(`ConfidentialClientApplicationBuilder.Create("${APP_ID}")`));
    assert.ok(cs.includes(`.WithAuthority("https://login.microsoftonline.com/${TENANT}")`));
    assert.ok(cs.includes('.WithClientAssertion(async (AssertionRequestOptions options) =>'));
    assert.ok(cs.includes(`new ManagedIdentityCredential(clientId: "${MI_CLIENT_ID}")`));
    assert.ok(cs.includes('"api://AzureADTokenExchange/.default"'));
    assert.ok(cs.includes('AcquireTokenForClient(new[] { "https://graph.microsoft.com/.default" })'));
    assert.ok(cs.includes(MI_OBJECT_ID), 'names the subject it matches');
  });

  it('C#: a system-assigned identity needs no client id; an unknown one gets a placeholder', () => {
    assert.ok(csharpSnippet(fic, { ...target, identity: { clientId: MI_CLIENT_ID, kind: 'systemAssigned' } }).includes('new ManagedIdentityCredential();'));
    assert.ok(csharpSnippet(fic, { ...target, identity: undefined }).includes('<client id of the user-assigned managed identity>'));
  });

  it('TypeScript: msal-node ConfidentialClientApplication with a clientAssertion callback', () => {
    const ts = typescriptSnippet(fic, target);
    assert.ok(ts.includes("import { ConfidentialClientApplication } from '@azure/msal-node';"));
    assert.ok(ts.includes(`clientId: '${APP_ID}',`));
    assert.ok(ts.includes(`authority: 'https://login.microsoftonline.com/${TENANT}',`));
    assert.ok(ts.includes(`new ManagedIdentityCredential({ clientId: '${MI_CLIENT_ID}' })`));
    assert.ok(ts.includes("clientAssertion: async () => (await managedIdentity.getToken('api://AzureADTokenExchange/.default')).token,"));
    assert.ok(ts.includes("acquireTokenByClientCredential({ scopes: ['https://graph.microsoft.com/.default'] })"));
    assert.ok(!ts.includes('knownAuthorities'), 'Microsoft authorities need no listing');
  });

  it('TypeScript: a non-Microsoft authority (the sandbox) is listed in knownAuthorities', () => {
    const ts = typescriptSnippet(fic, { ...target, authority: 'https://127.0.0.1:8443' });
    assert.ok(ts.includes("knownAuthorities: ['127.0.0.1:8443'],"));
    assert.ok(ts.includes(`authority: 'https://127.0.0.1:8443/${TENANT}',`));
  });

  it('a federation-app audience becomes the managed identity\'s scope', () => {
    const federated = { ...fic, audiences: ['api://1c83660e-4ee9-4114-9257-9e8a99f60380'] };
    assert.ok(typescriptSnippet(federated, target).includes("getToken('api://1c83660e-4ee9-4114-9257-9e8a99f60380/.default')"));
    assert.ok(csharpSnippet(federated, target).includes('"api://1c83660e-4ee9-4114-9257-9e8a99f60380/.default"'));
  });
});

describe('credentialExport: hostile names and subjects cannot break out', () => {
  // What a display name, subject or description may hold: line breaks of every kind, comment
  // ends, quotes, template and interpolation openers, shell metacharacters.
  const HOSTILE = [
    "x\nprocess.exit(1); //",
    "x\r\nEnvironment.Exit(1); //",
    'x\rboom()',
    'x\u2028boom()',
    'x\u2029boom()',
    'x\u0085boom()',
    "*/ boom() /*",
    "it's \"quoted\" \\ ${notInterpolated} `tick`",
    "'; rm -rf ~; echo '",
    '$(touch /tmp/pwned) `touch /tmp/pwned2` && | ; > <',
    'tab\there\u0000nul\u001bescape',
  ];
  const benignTs = typescriptSnippet(fic, target);
  const benignCs = csharpSnippet(fic, target);
  const benignBicep = bicepResource(fic, target);

  const hostileTarget = (value: string): ExportTarget => ({
    ...target,
    appDisplayName: value,
    identity: { clientId: value, kind: 'userAssigned', displayName: value },
    resourceScope: value,
    tenantId: value,
  });
  const hostileFic = (value: string) => credentialParameters({ name: value, issuer: value, subject: value, audiences: [value], description: value });

  function parseTypeScript(text: string): ts.SourceFile {
    const file = ts.createSourceFile('snippet.ts', text, ts.ScriptTarget.ES2022, true, ts.ScriptKind.TS);
    const diagnostics = (file as unknown as { parseDiagnostics: ts.Diagnostic[] }).parseDiagnostics;
    assert.deepEqual(diagnostics.map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n')), [], text);
    return file;
  }

  function stringLiterals(file: ts.SourceFile): string[] {
    const out: string[] = [];
    const visit = (node: ts.Node) => {
      if (ts.isStringLiteral(node)) out.push(node.text);
      ts.forEachChild(node, visit);
    };
    visit(file);
    return out;
  }

  /** The text of each C# regular string literal ("…" with \\ escapes), in order. */
  function csharpStrings(text: string): string[] {
    const out: string[] = [];
    for (const line of text.split('\n')) {
      if (line.trimStart().startsWith('//')) continue;
      for (const m of line.matchAll(/"((?:\\.|[^"\\])*)"/g)) {
        out.push(m[1].replace(/\\u([0-9a-f]{4})|\\(.)/g, (_s, hex: string | undefined, c: string) => (hex ? String.fromCharCode(parseInt(hex, 16)) : c)));
      }
    }
    return out;
  }

  /** The text of each Bicep single-quoted string, escapes decoded. */
  function bicepStrings(line: string): string[] {
    const out: string[] = [];
    for (const m of line.matchAll(/'((?:\\.|[^'\\])*)'/g)) {
      out.push(m[1].replace(/\\u\{([0-9a-f]+)\}|\\(.)/g, (_s, hex: string | undefined, c: string) => {
        if (hex) return String.fromCodePoint(parseInt(hex, 16));
        return c === 'n' ? '\n' : c === 'r' ? '\r' : c === 't' ? '\t' : c;
      }));
    }
    return out;
  }

  /** Line breaks as C#, TypeScript and Bicep see them. */
  const lines = (text: string) => text.split(/\r\n|[\n\r\u0085\u2028\u2029]/);

  for (const value of HOSTILE) {
    const label = JSON.stringify(value);

    it(`TypeScript parses without errors and every value round-trips: ${label}`, () => {
      const text = typescriptSnippet(hostileFic(value), hostileTarget(value));
      assert.equal(lines(text).length, lines(benignTs).length, 'no value adds a line');
      const literals = stringLiterals(parseTypeScript(text));
      assert.ok(literals.includes(value), `client id: ${literals.join(' | ')}`);
      assert.ok(literals.includes(assertionScope(hostileFic(value))), 'assertion scope');
      assert.ok(literals.includes(`https://login.microsoftonline.com/${value}`), 'authority');
    });

    it(`C# keeps every value inside its comment or string: ${label}`, () => {
      const text = csharpSnippet(hostileFic(value), hostileTarget(value));
      assert.equal(lines(text).length, lines(benignCs).length, 'no value adds a line');
      const comment = lines(text).find((l) => l.startsWith('// The managed identity'))!;
      assert.ok(!comment.includes('*/'), comment);
      const strings = csharpStrings(text);
      assert.deepEqual(strings.filter((s) => s === value), [value, value], 'the client id and the scope');
      assert.ok(strings.includes(assertionScope(hostileFic(value))));
      assert.ok(strings.includes(`https://login.microsoftonline.com/${value}`));
    });

    it(`Bicep keeps the display name inside @description and every field in its string: ${label}`, () => {
      const text = bicepResource(hostileFic(value), { appId: APP_ID, appDisplayName: value });
      assert.equal(lines(text).length, lines(benignBicep).length, 'no value adds a line');
      const description = lines(text).find((l) => l.startsWith('@description('))!;
      assert.match(description, /^@description\('.*'\)$/);
      assert.equal(bicepStrings(description).length, 1, description);
      assert.ok(bicepStrings(description)[0].includes(`"${value}"`), description);
      assert.equal(bicepStrings(lines(text).find((l) => l.startsWith('  subject:'))!)[0], value);
      assert.ok(!text.includes('${notInterpolated}') || text.includes('\\${notInterpolated}'), 'no interpolation');
    });

    it(`az command: the JSON round-trips and the app id is one quoted shell word: ${label}`, () => {
      const command = azCreateCommand(hostileFic(value), value);
      // The JSON is one line; a line break in the app id stays inside its quotes (one shell word).
      assert.equal(lines(command.slice(command.indexOf(' --parameters '))).length, 1, command);
      assert.deepEqual(parametersOfAzCommand(command), hostileFic(value));
      const id = /--id ('(?:[^']|'\\'')*') --parameters/.exec(command);
      assert.ok(id, command);
      assert.equal(id[1].slice(1, -1).replace(/'\\''/g, "'"), value);
      assert.ok(azCreateCommandWithFile(value, value).includes(`--parameters ${id[1]}`));
    });
  }

  it('leaves a plain app id and file name bare', () => {
    assert.equal(azCreateCommandWithFile(APP_ID, 'creds/fic-1.json'), `az ad app federated-credential create --id ${APP_ID} --parameters creds/fic-1.json`);
  });

  it('the benign TypeScript snippet parses too', () => {
    parseTypeScript(benignTs);
    parseTypeScript(typescriptSnippet(fic, { ...target, authority: 'https://127.0.0.1:8443' }));
  });
});

describe('credentialExport: the whole text of each export', () => {
  // Exact texts, read line by line: what a person pastes must not change by accident.
  const exact = credentialParameters({ name: 'contoso-sync-mi', issuer: 'https://login.microsoftonline.com/t/v2.0', subject: 's-oid', audiences: ['api://AzureADTokenExchange/'], description: 'd' });
  const to: ExportTarget = {
    appId: 'app-id', appDisplayName: 'Contoso Sync', tenantId: 'tid', authority: 'https://login.microsoftonline.com/',
    resourceScope: 'https://graph.microsoft.com/.default', identity: { clientId: 'mi-client', kind: 'userAssigned', displayName: 'id-sync' },
  };
  const note = '// The managed identity "id-sync" (object id s-oid) proves who it is with a token for the credential\'s audience.';

  it('Bicep', () => {
    assert.equal(bicepResource(exact, to), [
      '// Needs the Microsoft Graph Bicep extension; in bicepconfig.json:',
      '//   "extensions": { "microsoftGraphV1": "br:mcr.microsoft.com/bicep/extensions/microsoftgraph/v1.0:<version>" }',
      'extension microsoftGraphV1',
      '',
      "@description('uniqueName of the app registration \"Contoso Sync\" (client id app-id). Bicep finds existing apps by uniqueName only; an app made elsewhere may need one set first.')",
      'param appUniqueName string',
      '',
      "resource app 'Microsoft.Graph/applications@v1.0' existing = {",
      '  uniqueName: appUniqueName',
      '}',
      '',
      "resource contosoSyncMi 'Microsoft.Graph/applications/federatedIdentityCredentials@v1.0' = {",
      "  name: '${app.uniqueName}/contoso-sync-mi'",
      "  issuer: 'https://login.microsoftonline.com/t/v2.0'",
      "  subject: 's-oid'",
      '  audiences: [',
      "    'api://AzureADTokenExchange/'",
      '  ]',
      "  description: 'd'",
      '}',
      '',
    ].join('\n'));
    const bare = bicepResource({ ...exact, description: undefined, audiences: ['a', 'b'] }, { appId: 'app-id' });
    assert.ok(bare.includes("@description('uniqueName of the app registration (client id app-id)."), bare);
    assert.ok(bare.includes("  audiences: [\n    'a'\n    'b'\n  ]\n}\n"), bare);
    assert.ok(!bare.includes('description:'));
  });

  it('C#', () => {
    assert.equal(csharpSnippet(exact, to), [
      '// dotnet add package Microsoft.Identity.Client; dotnet add package Azure.Identity',
      'using Azure.Core;',
      'using Azure.Identity;',
      'using Microsoft.Identity.Client;',
      '',
      note,
      'var managedIdentity = new ManagedIdentityCredential(clientId: "mi-client");',
      '',
      'var app = ConfidentialClientApplicationBuilder.Create("app-id")',
      '    .WithAuthority("https://login.microsoftonline.com/tid")',
      '    .WithClientAssertion(async (AssertionRequestOptions options) =>',
      '    {',
      '        var assertion = await managedIdentity.GetTokenAsync(new TokenRequestContext(new[] { "api://AzureADTokenExchange/.default" }), options.CancellationToken);',
      '        return assertion.Token;',
      '    })',
      '    .Build();',
      '',
      'var result = await app.AcquireTokenForClient(new[] { "https://graph.microsoft.com/.default" }).ExecuteAsync();',
      '// result.AccessToken is the app token; no secret or certificate exists anywhere.',
      '',
    ].join('\n'));
  });

  it('TypeScript', () => {
    assert.equal(typescriptSnippet(exact, to), [
      '// npm install @azure/msal-node @azure/identity',
      "import { ConfidentialClientApplication } from '@azure/msal-node';",
      "import { ManagedIdentityCredential } from '@azure/identity';",
      '',
      note,
      "const managedIdentity = new ManagedIdentityCredential({ clientId: 'mi-client' });",
      '',
      'const app = new ConfidentialClientApplication({',
      '  auth: {',
      "    clientId: 'app-id',",
      "    authority: 'https://login.microsoftonline.com/tid',",
      "    clientAssertion: async () => (await managedIdentity.getToken('api://AzureADTokenExchange/.default')).token,",
      '  },',
      '});',
      '',
      "const result = await app.acquireTokenByClientCredential({ scopes: ['https://graph.microsoft.com/.default'] });",
      '// result?.accessToken is the app token; no secret or certificate exists anywhere.',
      '',
    ].join('\n'));
  });

  it('each kind of identity, and none', () => {
    const system = { ...to, identity: { clientId: 'x', kind: 'systemAssigned' as const } };
    const none = { ...to, identity: undefined };
    assert.ok(csharpSnippet(exact, system).includes('var managedIdentity = new ManagedIdentityCredential();\n'));
    assert.ok(typescriptSnippet(exact, system).includes('const managedIdentity = new ManagedIdentityCredential();\n'));
    assert.ok(csharpSnippet(exact, none).includes('new ManagedIdentityCredential(clientId: "<client id of the user-assigned managed identity>");'));
    assert.ok(typescriptSnippet(exact, none).includes("new ManagedIdentityCredential({ clientId: '<client id of the user-assigned managed identity>' });"));
    assert.ok(csharpSnippet(exact, none).includes('// The managed identity (object id s-oid) proves'), 'no name, no quotes');
  });

  it('Microsoft authorities need no knownAuthorities; others are listed by host', () => {
    for (const authority of ['https://login.microsoftonline.com', 'https://login.microsoftonline.us', 'https://login.chinacloudapi.cn', 'https://eu.login.microsoftonline.com']) {
      assert.ok(!typescriptSnippet(exact, { ...to, authority }).includes('knownAuthorities'), authority);
    }
    for (const authority of ['https://login.microsoftonline.com.evil.example', 'https://xlogin.microsoftonline.com', 'https://127.0.0.1:8443']) {
      assert.ok(typescriptSnippet(exact, { ...to, authority }).includes(`knownAuthorities: ['${new URL(authority).host}'],`), authority);
    }
    assert.ok(typescriptSnippet(exact, { ...to, authority: 'https://login.microsoftonline.com///' }).includes("authority: 'https://login.microsoftonline.com/tid',"));
  });

  it('Bicep symbols from any name', () => {
    const symbol = (name: string) => /^resource (\S+) 'Microsoft\.Graph\/applications\/federatedIdentityCredentials/m.exec(bicepResource({ ...exact, name }, to))![1];
    assert.equal(symbol('a--b__c-d'), 'aBCD');
    assert.equal(symbol('9lives'), 'fic9lives');
    assert.equal(symbol('x9'), 'x9');
    assert.equal(symbol('--'), 'federatedCredential');
    assert.equal(symbol('é!'), 'federatedCredential');
  });

  it('the assertion scope drops every trailing slash; parameters keep null fields empty', () => {
    assert.equal(assertionScope({ audiences: ['api://x///'] }), 'api://x/.default');
    assert.equal(assertionScope({ audiences: [] }), '/.default');
    assert.deepEqual(credentialParameters({}), { name: '', issuer: '', subject: '', audiences: [] });
    assert.throws(() => parametersOfAzCommand('az ad app federated-credential create --id x'), /No inline --parameters JSON/);
    assert.throws(() => parametersOfAzCommand(`${azCreateCommand(exact, 'x')} --debug`), /No inline --parameters JSON/, 'the JSON must be the last argument');
  });
});
