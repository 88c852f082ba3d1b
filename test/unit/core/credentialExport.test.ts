import assert from 'node:assert/strict';
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
