// Reads and writes the sandbox tenant's directory the way an administrator's script would: a
// client-credentials token for the sandbox's admin app, then plain HTTPS to its Graph. Tests use
// it to arrange state and to check what the extension's commands really did, independently of
// the extension's own Graph client.
import * as https from 'node:https';
import type { Application, FederatedIdentityCredential, ServicePrincipal } from '@microsoft/microsoft-graph-types';
import type { RunningSandbox } from '../../../src/sandbox/types';

export interface GraphAnswer {
  status: number;
  body: unknown;
}

export class SandboxAdmin {
  private readonly tokens = new Map<string, Promise<string>>();

  constructor(private readonly sandbox: RunningSandbox) {}

  async request(tenantId: string, method: string, path: string, body?: unknown): Promise<GraphAnswer> {
    const token = await this.token(tenantId);
    return this.send(method, `${this.sandbox.graph}${path}`, { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body === undefined ? undefined : JSON.stringify(body));
  }

  async credentials(tenantId: string, appObjectId: string): Promise<FederatedIdentityCredential[]> {
    const answer = await this.expect(200, tenantId, 'GET', `/applications/${appObjectId}/federatedIdentityCredentials`);
    return (answer as { value: FederatedIdentityCredential[] }).value;
  }

  async app(tenantId: string, objectId: string): Promise<Application | undefined> {
    const answer = await this.request(tenantId, 'GET', `/applications/${objectId}`);
    return answer.status === 404 ? undefined : (answer.body as Application);
  }

  async appsNamed(tenantId: string, displayName: string): Promise<Application[]> {
    const filter = encodeURIComponent(`displayName eq '${displayName.replace(/'/g, "''")}'`);
    return ((await this.expect(200, tenantId, 'GET', `/applications?$filter=${filter}`)) as { value: Application[] }).value;
  }

  async servicePrincipals(tenantId: string, appId: string): Promise<ServicePrincipal[]> {
    const filter = encodeURIComponent(`appId eq '${appId}'`);
    return ((await this.expect(200, tenantId, 'GET', `/servicePrincipals?$filter=${filter}`)) as { value: ServicePrincipal[] }).value;
  }

  /** A new app registration with no credentials: each test gets its own. */
  async createApp(tenantId: string, displayName: string): Promise<{ id: string; appId: string; displayName: string }> {
    const app = (await this.expect(201, tenantId, 'POST', '/applications', { displayName, signInAudience: 'AzureADMultipleOrgs' })) as Application;
    return { id: app.id ?? '', appId: app.appId ?? '', displayName };
  }

  async createCredential(tenantId: string, appObjectId: string, fic: Record<string, unknown>): Promise<FederatedIdentityCredential> {
    return (await this.expect(201, tenantId, 'POST', `/applications/${appObjectId}/federatedIdentityCredentials`, fic)) as FederatedIdentityCredential;
  }

  private async expect(status: number, tenantId: string, method: string, path: string, body?: unknown): Promise<unknown> {
    const answer = await this.request(tenantId, method, path, body);
    if (answer.status !== status) throw new Error(`${method} ${path}: expected ${status}, got ${answer.status}: ${JSON.stringify(answer.body)}`);
    return answer.body;
  }

  private token(tenantId: string): Promise<string> {
    let token = this.tokens.get(tenantId);
    if (!token) {
      const { clientId, clientSecret } = this.sandbox.admin;
      const form = new URLSearchParams({ grant_type: 'client_credentials', client_id: clientId, client_secret: clientSecret, scope: 'https://graph.microsoft.com/.default' });
      token = this.send('POST', `${this.sandbox.authority}/${tenantId}/oauth2/v2.0/token`, { 'content-type': 'application/x-www-form-urlencoded' }, form.toString()).then((answer) => {
        const accessToken = (answer.body as { access_token?: string }).access_token;
        if (answer.status !== 200 || !accessToken) throw new Error(`admin token for ${tenantId}: ${answer.status} ${JSON.stringify(answer.body)}`);
        return accessToken;
      });
      this.tokens.set(tenantId, token);
    }
    return token;
  }

  private send(method: string, url: string, headers: Record<string, string>, body: string | undefined): Promise<GraphAnswer> {
    return new Promise((resolve, reject) => {
      const request = https.request(url, { method, headers: { ...headers, ...(body ? { 'content-length': String(Buffer.byteLength(body)) } : {}) }, ca: this.sandbox.ca }, (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (c: Buffer) => chunks.push(c));
        response.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let parsed: unknown = text;
          try {
            parsed = text ? JSON.parse(text) : undefined;
          } catch {
            // Not JSON: keep the text.
          }
          resolve({ status: response.statusCode ?? 0, body: parsed });
        });
        response.on('error', reject);
      });
      request.on('error', reject);
      request.end(body);
    });
  }
}
