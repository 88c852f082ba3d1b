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
  it('C#: the seed\'s ConfidentialClientApplicationBuilder with a managed-identity client assertion', () => {
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
