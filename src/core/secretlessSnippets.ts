// "Go Secretless…": the change to make in the user's code or configuration once the app trusts a
// managed identity, for each stack Microsoft documents, filled in with the app's values. Each
// snippet is a Markdown document: what to put in (one code block) and what to take out (the
// secret, its setting, the certificate loading). Pure, so the unit tests compile the TypeScript
// against the installed SDK types and parse the JSON.
//
// Sources, per stack (Microsoft's docs): msal-node's `clientAssertion` callback and its
// ManagedIdentityApplication; MSAL.NET's `WithClientAssertion` with ManagedIdentityApplicationBuilder
// ("Configure an application to trust a managed identity"); Microsoft.Identity.Web's
// `SignedAssertionFromManagedIdentity` credential source (TokenExchangeUrl defaults to the public
// exchange audience); Azure.Identity's ClientAssertionCredential over ManagedIdentityCredential;
// App Service authentication's OVERRIDE_USE_MI_FIC_ASSERTION_CLIENTID setting (preview).
import { PUBLIC_EXCHANGE_AUDIENCE } from './clouds';

export type SecretlessStack = 'msalNode' | 'msalNet' | 'identityWeb' | 'azureIdentity' | 'appService';

/** What every snippet is filled in with. */
export interface SecretlessValues {
  /** The tenant the app token is asked in (any tenant where the app has a service principal). */
  tenantId: string;
  /** The app registration's application (client) id. */
  appId: string;
  appDisplayName?: string;
  /** The managed identity the app now trusts; its client id selects it on the workload. */
  identity: { clientId?: string; objectId: string; kind?: 'userAssigned' | 'systemAssigned'; displayName?: string };
  /** The credential's audience (the official exchange audience of the cloud, or a federation app's URI). */
  audience: string;
  /** Authority host of the cloud, scheme included: `https://login.microsoftonline.com`. */
  authority: string;
  /** What the app token is for, e.g. `https://graph.microsoft.com/.default`. */
  resourceScope: string;
}

export interface SecretlessSnippet {
  stack: SecretlessStack;
  title: string;
  /** The language of the one code block (what the tests compile or parse). */
  codeLanguage: 'typescript' | 'csharp' | 'json' | 'shell';
  code: string;
  /** The whole Markdown document: values, the code block, what to remove. */
  document: string;
}

export const SECRETLESS_STACKS: ReadonlyArray<{ stack: SecretlessStack; label: string; description: string }> = [
  { stack: 'msalNode', label: 'Node.js: @azure/msal-node', description: 'TypeScript: a clientAssertion callback with the managed identity token' },
  { stack: 'msalNet', label: '.NET: MSAL.NET', description: 'C#: WithClientAssertion, as the original proof of concept' },
  { stack: 'identityWeb', label: 'ASP.NET Core: Microsoft.Identity.Web', description: 'appsettings.json: SignedAssertionFromManagedIdentity' },
  { stack: 'azureIdentity', label: 'Node.js: @azure/identity', description: 'TypeScript: ClientAssertionCredential over ManagedIdentityCredential' },
  { stack: 'appService', label: 'App Service authentication', description: 'the OVERRIDE_USE_MI_FIC_ASSERTION_CLIENTID app setting' },
];

const CLIENT_ID_PLACEHOLDER = '<client id of the managed identity>';

export function secretlessSnippet(stack: SecretlessStack, values: SecretlessValues): SecretlessSnippet {
  switch (stack) {
    case 'msalNode':
      return msalNode(values);
    case 'msalNet':
      return msalNet(values);
    case 'identityWeb':
      return identityWeb(values);
    case 'azureIdentity':
      return azureIdentity(values);
    case 'appService':
      return appService(values);
  }
}

// ---- the stacks ------------------------------------------------------------------------------

function msalNode(v: SecretlessValues): SecretlessSnippet {
  const identity = v.identity.kind === 'systemAssigned' ? '{}' : `{ managedIdentityIdParams: { userAssignedClientId: ${literal(miClientId(v))} } }`;
  const knownAuthorities = isMicrosoftAuthority(v.authority) ? [] : [`    knownAuthorities: [${literal(new URL(v.authority).host)}],`];
  const code = lines(
    'import { ConfidentialClientApplication, ManagedIdentityApplication } from "@azure/msal-node";',
    '',
    `// ${comment(identityLabel(v))}: its token for the credential's audience is the client assertion.`,
    `const managedIdentity = new ManagedIdentityApplication(${identity});`,
    '',
    'const app = new ConfidentialClientApplication({',
    '  auth: {',
    `    clientId: ${literal(v.appId)},`,
    `    authority: ${literal(authorityUrl(v))},`,
    ...knownAuthorities,
    `    clientAssertion: async () => (await managedIdentity.acquireToken({ resource: ${literal(audienceOf(v))} })).accessToken,`,
    '  },',
    '});',
    '',
    'export async function getAppToken(): Promise<string | undefined> {',
    `  const result = await app.acquireTokenByClientCredential({ scopes: [${literal(v.resourceScope)}] });`,
    '  return result?.accessToken;',
    '}',
  );
  return document(v, 'msalNode', 'typescript', code, {
    install: 'npm install @azure/msal-node',
    remove: ['`clientSecret` (or `clientCertificate`) in the `auth` options, and wherever its value was read from (environment variable, Key Vault reference, configuration file).'],
  });
}

function msalNet(v: SecretlessValues): SecretlessSnippet {
  const id = v.identity.kind === 'systemAssigned' ? 'ManagedIdentityId.SystemAssigned' : `ManagedIdentityId.WithUserAssignedClientId(${literal(miClientId(v))})`;
  const code = lines(
    'using Microsoft.Identity.Client;',
    'using Microsoft.Identity.Client.AppConfig;',
    '',
    `// ${comment(identityLabel(v))}: its token for the credential's audience is the client assertion.`,
    `IManagedIdentityApplication managedIdentity = ManagedIdentityApplicationBuilder.Create(${id}).Build();`,
    '',
    `IConfidentialClientApplication app = ConfidentialClientApplicationBuilder.Create(${literal(v.appId)})`,
    `    .WithAuthority(${literal(authorityUrl(v))})`,
    '    .WithClientAssertion(async (AssertionRequestOptions options) =>',
    '    {',
    `        var assertion = await managedIdentity.AcquireTokenForManagedIdentity(${literal(audienceOf(v))}).ExecuteAsync(options.CancellationToken);`,
    '        return assertion.AccessToken;',
    '    })',
    '    .Build();',
    '',
    `AuthenticationResult result = await app.AcquireTokenForClient(new[] { ${literal(v.resourceScope)} }).ExecuteAsync();`,
  );
  return document(v, 'msalNet', 'csharp', code, {
    install: 'dotnet add package Microsoft.Identity.Client',
    remove: ['`.WithClientSecret(...)` or `.WithCertificate(...)` on the builder, and the setting or Key Vault secret it read.'],
  });
}

function identityWeb(v: SecretlessValues): SecretlessSnippet {
  const source: Record<string, string> = { SourceType: 'SignedAssertionFromManagedIdentity' };
  if (v.identity.kind !== 'systemAssigned') source.ManagedIdentityClientId = miClientId(v);
  // Microsoft.Identity.Web asks for api://AzureADTokenExchange unless told otherwise.
  if (audienceOf(v) !== PUBLIC_EXCHANGE_AUDIENCE) source.TokenExchangeUrl = audienceOf(v);
  const settings = {
    AzureAd: {
      Instance: `${trimSlashes(v.authority)}/`,
      TenantId: v.tenantId,
      ClientId: v.appId,
      ClientCredentials: [source],
    },
  };
  return document(v, 'identityWeb', 'json', JSON.stringify(settings, null, 2), {
    install: 'dotnet add package Microsoft.Identity.Web',
    remove: ['Every other entry of `ClientCredentials` (`"SourceType": "ClientSecret"`, `"KeyVault"`, `"StoreWithThumbprint"`, …) and a `ClientSecret` beside `ClientId`, in every appsettings file and in the app settings of the host (`AzureAd__ClientSecret`).'],
  });
}

function azureIdentity(v: SecretlessValues): SecretlessSnippet {
  const identity = v.identity.kind === 'systemAssigned' ? '' : `{ clientId: ${literal(miClientId(v))} }`;
  const options = isMicrosoftAuthority(v.authority) ? '' : `, { authorityHost: ${literal(trimSlashes(v.authority))}, disableInstanceDiscovery: true }`;
  const code = lines(
    'import { ClientAssertionCredential, ManagedIdentityCredential } from "@azure/identity";',
    '',
    `// ${comment(identityLabel(v))}: its token for the credential's audience is the client assertion.`,
    `const managedIdentity = new ManagedIdentityCredential(${identity});`,
    '',
    'export const credential = new ClientAssertionCredential(',
    `  ${literal(v.tenantId)},`,
    `  ${literal(v.appId)},`,
    `  async () => (await managedIdentity.getToken(${literal(`${audienceOf(v)}/.default`)})).token${options},`,
    ');',
    '',
    '// Any Azure SDK client takes `credential`; for a token of your own:',
    'export async function getAppToken(): Promise<string> {',
    `  return (await credential.getToken(${literal(v.resourceScope)})).token;`,
    '}',
  );
  return document(v, 'azureIdentity', 'typescript', code, {
    install: 'npm install @azure/identity',
    note: 'Shown in TypeScript; C# has the same shape: `new ClientAssertionCredential(tenantId, clientId, async token => (await new ManagedIdentityCredential(...).GetTokenAsync(...)).Token)`.',
    remove: ['`ClientSecretCredential` or `ClientCertificateCredential` for this app, and `AZURE_CLIENT_SECRET` / `AZURE_CLIENT_CERTIFICATE_PATH` where `EnvironmentCredential` or `DefaultAzureCredential` read them.'],
  });
}

function appService(v: SecretlessValues): SecretlessSnippet {
  const code = lines(
    '# The managed identity must be assigned to the web app. Slot-sticky, as Microsoft asks:',
    `az webapp config appsettings set --name <web app> --resource-group <resource group> --slot-settings OVERRIDE_USE_MI_FIC_ASSERTION_CLIENTID=${shellWord(miClientId(v))}`,
    '',
    '# Then set the Microsoft provider\'s "Client secret setting name" to OVERRIDE_USE_MI_FIC_ASSERTION_CLIENTID',
    '# (portal: Authentication > Microsoft > Edit; REST: properties.identityProviders.azureActiveDirectory.registration.clientSecretSettingName).',
    '# Once a new sign-in works, remove the setting that held the secret:',
    'az webapp config appsettings delete --name <web app> --resource-group <resource group> --setting-names MICROSOFT_PROVIDER_AUTHENTICATION_SECRET',
  );
  const systemNote = v.identity.kind === 'systemAssigned' ? ' Microsoft documents this for a **user-assigned** identity; a system-assigned one may not work here.' : '';
  return document(v, 'appService', 'shell', code, {
    note: `The value is the managed identity's **client** id ${v.identity.clientId ? `(\`${v.identity.clientId}\`)` : ''}, not the app's. App Service authentication supports this as a preview, for workforce tenants.${systemNote}`,
    remove: ['The app setting `MICROSOFT_PROVIDER_AUTHENTICATION_SECRET` (or whatever the previous client secret setting name was), after the provider points at `OVERRIDE_USE_MI_FIC_ASSERTION_CLIENTID`.'],
  });
}

// ---- the document ----------------------------------------------------------------------------

function document(v: SecretlessValues, stack: SecretlessStack, codeLanguage: SecretlessSnippet['codeLanguage'], code: string, parts: { install?: string; note?: string; remove: string[] }): SecretlessSnippet {
  const { label } = SECRETLESS_STACKS.find((s) => s.stack === stack)!;
  const app = v.appDisplayName ? `${inline(v.appDisplayName)} (\`${v.appId}\`)` : `\`${v.appId}\``;
  const title = `Go secretless: ${v.appDisplayName ?? v.appId} with ${label}`;
  const text = [
    `# ${inline(title)}`,
    '',
    `The app ${app} now trusts the managed identity ${identityLabel(v)} through a federated credential. Change the code or configuration below and deploy it before the app's client secrets and certificates are removed: whatever still signs in with one of them stops working when it goes.`,
    '',
    '| value | |',
    '|---|---|',
    `| tenant | \`${v.tenantId}\` |`,
    `| app (client) id | \`${v.appId}\` |`,
    `| managed identity client id | \`${miClientId(v)}\` |`,
    `| audience | \`${audienceOf(v)}\` |`,
    `| authority | \`${trimSlashes(v.authority)}\` |`,
    '',
    ...(parts.install ? [`Install: \`${parts.install}\``, ''] : []),
    ...(parts.note ? [parts.note, ''] : []),
    '```' + codeLanguage,
    code,
    '```',
    '',
    '## Remove',
    '',
    ...parts.remove.map((r) => `- ${r}`),
    '- Then the secrets and certificates of the app registration itself (Go Secretless offers this once the exchange works).',
    '',
  ].join('\n');
  return { stack, title, codeLanguage, code, document: text };
}

// ---- text ------------------------------------------------------------------------------------

function identityLabel(v: SecretlessValues): string {
  const name = v.identity.displayName ? `"${inline(v.identity.displayName)}" ` : '';
  return `${name}(object id ${v.identity.objectId}${v.identity.clientId ? `, client id ${v.identity.clientId}` : ''})`;
}

function miClientId(v: SecretlessValues): string {
  return v.identity.clientId ?? CLIENT_ID_PLACEHOLDER;
}

function audienceOf(v: SecretlessValues): string {
  return trimSlashes(v.audience);
}

function authorityUrl(v: SecretlessValues): string {
  return `${trimSlashes(v.authority)}/${v.tenantId}`;
}

function trimSlashes(url: string): string {
  return url.replace(/\/+$/, '');
}

/** msal-node and azure-identity check authorities they do not know; Microsoft's hosts need no listing. */
function isMicrosoftAuthority(authority: string): boolean {
  return /^login\.(microsoftonline\.(com|us)|chinacloudapi\.cn)$/.test(new URL(authority).hostname);
}

// Control characters and the characters some languages end a line at (NEL, LS, PS).
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const LINE_BREAKING = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g;

/**
 * A double-quoted string literal that TypeScript and C# read alike: JSON's escapes are a subset
 * of both, and LS/PS (which C# ends a line at and JSON leaves raw) are escaped too.
 */
function literal(value: string): string {
  return JSON.stringify(value).replace(/[\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16)}`);
}

/** Text inside a `//` comment: a line break would end it and let the rest run as code. */
function comment(value: string): string {
  return value.replace(LINE_BREAKING, ' ');
}

/** Text inside one Markdown line (a heading, a table cell). */
function inline(value: string): string {
  return value.replace(LINE_BREAKING, ' ').replace(/[|`]/g, (c) => `\\${c}`);
}

/** A POSIX shell word: bare when it holds nothing a shell treats specially, else single-quoted. */
function shellWord(value: string): string {
  return /^[A-Za-z0-9._-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;
}

function lines(...text: string[]): string {
  return text.join('\n');
}
