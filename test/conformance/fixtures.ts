// What the Python clients need beyond the SandboxInfo line: managed-identity tokens the checks
// use as client assertions (fresh, expired, tampered, chained, from another tenant) and a few
// app registrations shaped for one AADSTS answer each. Made with plain HTTPS calls that trust
// the sandbox CA. This is set-up, not a check: a fixture that cannot be made is recorded with
// the reason, and every check that needs it fails with that reason.
import * as https from 'node:https';
import { SEEDED_APPS, SEEDED_CREDENTIALS, type RunningSandbox, type SandboxInfo } from '../../src/sandbox';

export const EXCHANGE_AUDIENCE = 'api://AzureADTokenExchange';
const GRAPH_SCOPE = 'https://graph.microsoft.com/.default';

/** A value, or why it could not be made. */
export type Fixture<T> = { value: T } | { error: string };

export interface ConformanceFixtures {
  info: SandboxInfo;
  /** Seeded apps SandboxInfo does not name. */
  internalToolAppId: string;
  tokens: Record<'userAssigned' | 'systemAssigned' | 'federationApp' | 'expired' | 'tamperedSignature' | 'chained' | 'otherTenantIdentity', Fixture<string>>;
  /** App ids made for one exchange answer each (see makeFixtures). */
  apps: Record<'issuerMismatch' | 'onlyInHomeTenant' | 'noHomeServicePrincipal' | 'trustsChainedToken' | 'trustsOtherTenantIdentity', Fixture<string>>;
  /**
   * Secrets for the clients to sign in with: one from addPassword, one added and then removed
   * with removePassword (both on an app made for them), and Contoso Legacy Worker's seeded
   * expired and long-lived ones.
   */
  secrets: Fixture<{ appId: string; added: string; removed: string; legacyAppId: string; expired: string; longLived: string }>;
}

interface Answer {
  status: number;
  text: string;
}

function request(s: Pick<SandboxInfo, 'authority'> & { ca: string }, method: string, path: string, headers: Record<string, string>, body?: string): Promise<Answer> {
  if (body !== undefined) headers['content-length'] = String(Buffer.byteLength(body));
  return new Promise((resolve, reject) => {
    const req = https.request(`${s.authority}${path}`, { method, headers, ca: s.ca, agent: false, timeout: 15_000 }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('error', reject);
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('timeout', () => req.destroy(new Error(`${method} ${path}: no answer within 15 s`)));
    req.on('error', reject);
    req.end(body);
  });
}

function json(answer: Answer, what: string, expected: number): Record<string, unknown> {
  if (answer.status !== expected) throw new Error(`${what}: HTTP ${answer.status} ${answer.text.slice(0, 300)}`);
  return answer.text ? (JSON.parse(answer.text) as Record<string, unknown>) : {};
}

async function tokenRequest(s: RunningSandbox, tenant: string, form: Record<string, string>, what: string): Promise<string> {
  const body = new URLSearchParams({ grant_type: 'client_credentials', ...form }).toString();
  const answer = await request(s, 'POST', `/${tenant}/oauth2/v2.0/token`, { 'content-type': 'application/x-www-form-urlencoded' }, body);
  return json(answer, what, 200).access_token as string;
}

async function managedIdentityToken(s: RunningSandbox, resource: string, selector: string): Promise<string> {
  const query = `api-version=2019-08-01&resource=${encodeURIComponent(resource)}${selector ? `&${selector}` : ''}`;
  const answer = await request(s, 'GET', `${new URL(s.managedIdentity.endpoint).pathname}?${query}`, { 'x-identity-header': s.managedIdentity.header });
  return json(answer, `managed-identity token (${selector || 'system-assigned'})`, 200).access_token as string;
}

async function attempt<T>(make: () => Promise<T>): Promise<Fixture<T>> {
  try {
    return { value: await make() };
  } catch (error) {
    return { error: (error as Error).message };
  }
}

function payload(jwt: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(jwt.split('.')[1], 'base64url').toString('utf8')) as Record<string, unknown>;
}

/** The admin app's Graph calls in one tenant. */
function graphAs(s: RunningSandbox, tenant: string) {
  let token: Promise<string> | undefined;
  return async (method: string, path: string, body: unknown, expected: number) => {
    token ??= tokenRequest(s, tenant, { client_id: s.admin.clientId, client_secret: s.admin.clientSecret, scope: GRAPH_SCOPE }, `admin token in ${tenant}`);
    const headers = { authorization: `Bearer ${await token}`, 'content-type': 'application/json' };
    const answer = await request(s, method, `/v1.0${path}`, headers, body === undefined ? undefined : JSON.stringify(body));
    return json(answer, `${method} ${path}`, expected);
  };
}

/**
 * A multi-tenant Contoso app with one FIC and service principals where asked. Each app differs
 * from a working one in exactly one respect, so the exchange has one reason to fail.
 */
async function makeApp(s: RunningSandbox, name: string, fic: { issuer: string; subject: string }, servicePrincipalsIn: string[]): Promise<string> {
  const contoso = graphAs(s, s.tenants.home);
  const app = await contoso('POST', '/applications', { displayName: `Conformance ${name}`, signInAudience: 'AzureADMultipleOrgs' }, 201);
  await contoso('POST', `/applications/${app.id as string}/federatedIdentityCredentials`, {
    name: 'conformance', issuer: fic.issuer, subject: fic.subject, audiences: [EXCHANGE_AUDIENCE],
  }, 201);
  for (const tenant of servicePrincipalsIn) await graphAs(s, tenant)('POST', '/servicePrincipals', { appId: app.appId }, 201);
  return app.appId as string;
}

export async function makeFixtures(s: RunningSandbox): Promise<ConformanceFixtures> {
  const { home, customer } = s.tenants;
  const issuer = `${s.authority}/${home}/v2.0`;
  const ua = s.managedIdentity.userAssigned;
  const userAssigned = await attempt(() => managedIdentityToken(s, EXCHANGE_AUDIENCE, `client_id=${ua.clientId}`));
  const systemAssigned = await attempt(() => managedIdentityToken(s, EXCHANGE_AUDIENCE, ''));
  // The federation-app pattern (2022): the identity's token for the federation app's URI.
  const federationApp = await attempt(() => managedIdentityToken(s, s.apps.federation.identifierUri, `client_id=${ua.clientId}`));

  // An assertion that expired a day ago: minted with the sandbox clock set back, so its
  // lifetime and the skew allowance are both long past when the exchange runs.
  const expired = await attempt(async () => {
    s.control.clock.set(s.control.clock.now() - 3 * 24 * 3600 * 1000);
    try {
      return await managedIdentityToken(s, EXCHANGE_AUDIENCE, `client_id=${ua.clientId}`);
    } finally {
      s.control.clock.reset();
    }
  });
  const tamperedSignature = await attempt(async () => {
    const [h, p, sig] = (await managedIdentityToken(s, EXCHANGE_AUDIENCE, `client_id=${ua.clientId}`)).split('.');
    const bytes = Buffer.from(sig, 'base64url');
    bytes[0] ^= 0xff;
    return `${h}.${p}.${bytes.toString('base64url')}`;
  });
  // Contoso Sync's own token for the exchange audience, obtained through its FIC: using it as
  // an assertion again would chain federations, which Entra refuses (700231).
  const chained = await attempt(async () => {
    if (!('value' in userAssigned)) throw new Error(`no managed-identity token: ${userAssigned.error}`);
    return tokenRequest(s, home, {
      client_id: s.apps.contosoSync.appId, scope: `${EXCHANGE_AUDIENCE}/.default`,
      client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer', client_assertion: userAssigned.value,
    }, 'Contoso Sync token for the exchange audience');
  });
  // A managed identity homed in Fabrikam, found the way a client would: Graph lists it, its
  // host's endpoint issues its token.
  const otherTenantIdentity = await attempt(async () => {
    const list = await graphAs(s, customer)('GET', `/servicePrincipals?$filter=${encodeURIComponent("servicePrincipalType eq 'ManagedIdentity'")}`, undefined, 200);
    const mi = (list.value as { appId: string }[])[0];
    if (!mi) throw new Error('Fabrikam holds no managed identity (the sandbox seeds none there yet)');
    return managedIdentityToken(s, EXCHANGE_AUDIENCE, `client_id=${mi.appId}`);
  });

  const subjectOf = (t: Fixture<string>) => {
    if (!('value' in t)) throw new Error(`its assertion could not be made: ${t.error}`);
    return { issuer: payload(t.value).iss as string, subject: payload(t.value).sub as string };
  };
  const apps: ConformanceFixtures['apps'] = {
    issuerMismatch: await attempt(() => makeApp(s, 'Issuer Mismatch', { issuer: `${issuer}/`, subject: ua.objectId }, [home])),
    onlyInHomeTenant: await attempt(() => makeApp(s, 'Home Tenant Only', { issuer, subject: ua.objectId }, [home])),
    noHomeServicePrincipal: await attempt(() => makeApp(s, 'No Home Principal', { issuer, subject: ua.objectId }, [customer])),
    trustsChainedToken: await attempt(() => makeApp(s, 'Trusts Chained Token', subjectOf(chained), [home])),
    trustsOtherTenantIdentity: await attempt(() => makeApp(s, 'Trusts Fabrikam Identity', subjectOf(otherTenantIdentity), [home])),
  };
  const secrets = await attempt(async () => {
    const contoso = graphAs(s, home);
    const app = await contoso('POST', '/applications', { displayName: 'Conformance Secrets', signInAudience: 'AzureADMyOrg' }, 201);
    await contoso('POST', '/servicePrincipals', { appId: app.appId }, 201);
    const added = await contoso('POST', `/applications/${app.id as string}/addPassword`, { passwordCredential: { displayName: 'kept' } }, 200);
    const removed = await contoso('POST', `/applications/${app.id as string}/addPassword`, { passwordCredential: { displayName: 'removed' } }, 200);
    await contoso('POST', `/applications/${app.id as string}/removePassword`, { keyId: removed.keyId }, 204);
    const lw = SEEDED_CREDENTIALS.legacyWorker;
    return {
      appId: app.appId as string, added: added.secretText as string, removed: removed.secretText as string,
      legacyAppId: SEEDED_APPS.legacyWorker.appId, expired: lw.expiredSecret.secret, longLived: lw.longLivedSecret.secret,
    };
  });
  return {
    info: sandboxInfoOf(s),
    internalToolAppId: SEEDED_APPS.internalTool.appId,
    tokens: { userAssigned, systemAssigned, federationApp, expired, tamperedSignature, chained, otherTenantIdentity },
    apps,
    secrets,
  };
}

/** The SandboxInfo part of a running sandbox (what `npm run sandbox` prints). */
function sandboxInfoOf(s: RunningSandbox): SandboxInfo {
  const { ca: _ca, port: _port, control: _control, close: _close, ...info } = s;
  return info;
}
