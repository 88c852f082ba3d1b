// A federated credential as something to paste elsewhere: the Azure CLI command that creates it
// (with the JSON parameters Graph takes), a Bicep resource for the Microsoft Graph Bicep
// extension, and the client code that uses it — the original proof of concept's C# (MSAL.NET with a managed-identity
// client assertion) and the TypeScript @azure/msal-node equivalent — filled in with the app's
// client id, the tenant and the scopes.

/** The fields of a FIC that Graph takes on create; exactly what the az parameters hold. */
export interface CredentialParameters {
  name: string;
  issuer: string;
  subject: string;
  audiences: string[];
  description?: string;
}

export interface ExportTarget {
  /** The app registration's application (client) id. */
  appId: string;
  appDisplayName?: string;
  /** The tenant whose token endpoint issues the app token (any tenant with the app's service principal). */
  tenantId: string;
  /** Authority host of the cloud, no trailing slash: `https://login.microsoftonline.com`. */
  authority: string;
  /** What the app token is for, e.g. `https://graph.microsoft.com/.default`. */
  resourceScope: string;
  /** The managed identity whose token is the assertion, when known (its client id selects it). */
  identity?: { clientId: string; kind: 'userAssigned' | 'systemAssigned'; displayName?: string };
}

/** The JSON Graph (and `az ... --parameters`) takes, in Graph's field order. */
export function credentialParameters(fic: { name?: string | null; issuer?: string | null; subject?: string | null; audiences?: readonly string[] | null; description?: string | null }): CredentialParameters {
  const parameters: CredentialParameters = {
    name: fic.name ?? '',
    issuer: fic.issuer ?? '',
    subject: fic.subject ?? '',
    audiences: [...(fic.audiences ?? [])],
  };
  if (fic.description) parameters.description = fic.description;
  return parameters;
}

/** The managed identity asks for a token for the FIC's audience: that audience plus `/.default`. */
export function assertionScope(fic: Pick<CredentialParameters, 'audiences'>): string {
  const audience = (fic.audiences[0] ?? '').replace(/\/+$/, '');
  return `${audience}/.default`;
}

// ---- Azure CLI -------------------------------------------------------------------------------

/**
 * `az ad app federated-credential create --id <appId> --parameters '<json>'` for bash and zsh:
 * the JSON sits in single quotes, where only a single quote itself needs escaping.
 */
export function azCreateCommand(fic: CredentialParameters, appId: string): string {
  return `az ad app federated-credential create --id ${shellWord(appId)} --parameters ${shellQuote(oneLineJson(fic))}`;
}

/** JSON on one line for any reader: NEL, LS and PS (valid raw in JSON strings) escaped too. */
function oneLineJson(value: unknown): string {
  return JSON.stringify(value).replace(UNSAFE_CHARACTERS, unicodeEscape);
}

/**
 * The variant for any shell (PowerShell mangles inline JSON): the parameters in a file, which
 * `--parameters` accepts as a path.
 */
export function azCreateCommandWithFile(appId: string, fileName = 'credential.json'): string {
  return `az ad app federated-credential create --id ${shellWord(appId)} --parameters ${shellWord(fileName)}`;
}

/**
 * A POSIX shell word: left bare when it holds only characters no shell treats specially (a
 * GUID, a file name), else single-quoted. JSON.stringify has already turned any line break
 * into `\n`, and inside single quotes nothing but the quote itself needs escaping.
 */
function shellWord(value: string): string {
  return /^[A-Za-z0-9._/-]+$/.test(value) ? value : shellQuote(value);
}

function shellQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

export function azParametersFile(fic: CredentialParameters): string {
  return `${JSON.stringify(fic, null, 2)}\n`;
}

/** Reads the JSON back out of a command made by azCreateCommand (for tests and round trips). */
export function parametersOfAzCommand(command: string): CredentialParameters {
  const m = /--parameters '((?:[^']|'\\'')*)'\s*$/.exec(command);
  if (!m) throw new Error('No inline --parameters JSON in the command.');
  return JSON.parse(m[1].replace(/'\\''/g, "'")) as CredentialParameters;
}

// ---- Bicep -----------------------------------------------------------------------------------

/**
 * A `Microsoft.Graph/applications/federatedIdentityCredentials@v1.0` resource. The Graph Bicep
 * extension addresses an existing app by its `uniqueName` (a client-provided key), not by its
 * ids, so the template takes it as a parameter and says where the ids fit.
 */
export function bicepResource(fic: CredentialParameters, target: Pick<ExportTarget, 'appId' | 'appDisplayName'>): string {
  const symbol = bicepSymbol(fic.name);
  const lines = [
    '// Needs the Microsoft Graph Bicep extension; in bicepconfig.json:',
    '//   "extensions": { "microsoftGraphV1": "br:mcr.microsoft.com/bicep/extensions/microsoftgraph/v1.0:<version>" }',
    'extension microsoftGraphV1',
    '',
    `@description('uniqueName of the app registration${target.appDisplayName ? ` "${bicepText(target.appDisplayName)}"` : ''} (client id ${bicepText(target.appId)}). Bicep finds existing apps by uniqueName only; an app made elsewhere may need one set first.')`,
    'param appUniqueName string',
    '',
    "resource app 'Microsoft.Graph/applications@v1.0' existing = {",
    '  uniqueName: appUniqueName',
    '}',
    '',
    `resource ${symbol} 'Microsoft.Graph/applications/federatedIdentityCredentials@v1.0' = {`,
    `  name: '\${app.uniqueName}/${bicepText(fic.name)}'`,
    `  issuer: '${bicepText(fic.issuer)}'`,
    `  subject: '${bicepText(fic.subject)}'`,
    '  audiences: [',
    ...fic.audiences.map((a) => `    '${bicepText(a)}'`),
    '  ]',
  ];
  if (fic.description) lines.push(`  description: '${bicepText(fic.description)}'`);
  lines.push('}', '');
  return lines.join('\n');
}

/**
 * Bicep single-quoted string content: backslash, quote and `${` are escaped, and every control
 * or line-separator character becomes an escape, so a name can never end the string or the line.
 */
function bicepText(value: string): string {
  return value
    .replace(/\\/g, '\\\\')
    .replace(/'/g, "\\'")
    .replace(/\$\{/g, '\\${')
    .replace(/\n/g, '\\n')
    .replace(/\r/g, '\\r')
    .replace(/\t/g, '\\t')
    .replace(UNSAFE_CHARACTERS, (c) => `\\u{${c.codePointAt(0)!.toString(16)}}`);
}

// Control characters and the characters some languages end a line at (NEL, LS, PS).
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const UNSAFE_CHARACTERS = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g;

/** A Bicep identifier from the FIC name: letters, digits and `_`, not starting with a digit. */
function bicepSymbol(name: string): string {
  const camel = name.replace(/[-_]+([a-zA-Z0-9])/g, (_m, c: string) => c.toUpperCase()).replace(/[^a-zA-Z0-9_]/g, '');
  const symbol = camel.length > 0 ? camel : 'federatedCredential';
  return /^[0-9]/.test(symbol) ? `fic${symbol}` : symbol;
}

// ---- code ------------------------------------------------------------------------------------

/**
 * C#, the original proof of concept's way: MSAL.NET's ConfidentialClientApplicationBuilder with a client assertion
 * fetched from the managed identity through Azure.Identity.
 */
export function csharpSnippet(fic: CredentialParameters, target: ExportTarget): string {
  const identity = target.identity;
  const credential =
    identity?.kind === 'userAssigned'
      ? `new ManagedIdentityCredential(clientId: "${csText(identity.clientId)}")`
      : identity?.kind === 'systemAssigned'
        ? 'new ManagedIdentityCredential()'
        : 'new ManagedIdentityCredential(clientId: "<client id of the user-assigned managed identity>")';
  return [
    '// dotnet add package Microsoft.Identity.Client; dotnet add package Azure.Identity',
    'using Azure.Core;',
    'using Azure.Identity;',
    'using Microsoft.Identity.Client;',
    '',
    `// The managed identity${identityNote(fic, identity)} proves who it is with a token for the credential's audience.`,
    `var managedIdentity = ${credential};`,
    '',
    `var app = ConfidentialClientApplicationBuilder.Create("${csText(target.appId)}")`,
    `    .WithAuthority("${csText(authorityUrl(target))}")`,
    '    .WithClientAssertion(async (AssertionRequestOptions options) =>',
    '    {',
    `        var assertion = await managedIdentity.GetTokenAsync(new TokenRequestContext(new[] { "${csText(assertionScope(fic))}" }), options.CancellationToken);`,
    '        return assertion.Token;',
    '    })',
    '    .Build();',
    '',
    `var result = await app.AcquireTokenForClient(new[] { "${csText(target.resourceScope)}" }).ExecuteAsync();`,
    '// result.AccessToken is the app token; no secret or certificate exists anywhere.',
    '',
  ].join('\n');
}

/** TypeScript: @azure/msal-node with a `clientAssertion` callback fed by @azure/identity. */
export function typescriptSnippet(fic: CredentialParameters, target: ExportTarget): string {
  const identity = target.identity;
  const credential =
    identity?.kind === 'userAssigned'
      ? `new ManagedIdentityCredential({ clientId: '${tsText(identity.clientId)}' })`
      : identity?.kind === 'systemAssigned'
        ? 'new ManagedIdentityCredential()'
        : "new ManagedIdentityCredential({ clientId: '<client id of the user-assigned managed identity>' })";
  const authority = authorityUrl(target);
  const knownAuthority = isMicrosoftAuthority(target.authority) ? [] : [`    knownAuthorities: ['${tsText(new URL(target.authority).host)}'],`];
  return [
    '// npm install @azure/msal-node @azure/identity',
    "import { ConfidentialClientApplication } from '@azure/msal-node';",
    "import { ManagedIdentityCredential } from '@azure/identity';",
    '',
    `// The managed identity${identityNote(fic, identity)} proves who it is with a token for the credential's audience.`,
    `const managedIdentity = ${credential};`,
    '',
    'const app = new ConfidentialClientApplication({',
    '  auth: {',
    `    clientId: '${tsText(target.appId)}',`,
    `    authority: '${tsText(authority)}',`,
    ...knownAuthority,
    `    clientAssertion: async () => (await managedIdentity.getToken('${tsText(assertionScope(fic))}')).token,`,
    '  },',
    '});',
    '',
    `const result = await app.acquireTokenByClientCredential({ scopes: ['${tsText(target.resourceScope)}'] });`,
    '// result?.accessToken is the app token; no secret or certificate exists anywhere.',
    '',
  ].join('\n');
}

function identityNote(fic: CredentialParameters, identity: ExportTarget['identity']): string {
  const name = identity?.displayName ? ` "${commentText(identity.displayName)}"` : '';
  return `${name} (object id ${commentText(fic.subject)})`;
}

/**
 * Text inside a `//` comment: a line break (CR, LF, NEL, LS, PS) would end the comment and let
 * the rest run as code, so every control character becomes a space; `*\/` is split too, in case
 * the line is pasted inside a block comment.
 */
function commentText(value: string): string {
  return value.replace(UNSAFE_CHARACTERS, ' ').replace(/\*\//g, '* /');
}

function authorityUrl(target: Pick<ExportTarget, 'authority' | 'tenantId'>): string {
  return `${target.authority.replace(/\/+$/, '')}/${target.tenantId}`;
}

/** msal-node validates authorities it does not know; Microsoft's own hosts need no listing. */
function isMicrosoftAuthority(authority: string): boolean {
  const host = new URL(authority).hostname;
  return /(^|\.)login\.(microsoftonline\.(com|us)|chinacloudapi\.cn)$/.test(host);
}

/** C# regular string literal content: `\`, `"` and every control or line-separator character escaped. */
function csText(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(UNSAFE_CHARACTERS, unicodeEscape);
}

/** TypeScript single-quoted string content, escaped the same way. */
function tsText(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(UNSAFE_CHARACTERS, unicodeEscape);
}

/** `\uXXXX`, which C# and TypeScript read the same way. */
function unicodeEscape(c: string): string {
  return `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;
}
