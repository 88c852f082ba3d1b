// App registrations with their federated identity credentials, in as few round trips as
// Graph allows. Graph caps `$expand` pages at 100 objects and refuses `$expand` together with
// `$search`, so: plain listing → `$expand` pages of 100; search → bare pages, FICs by `$batch`;
// a server that rejects `$expand` → bare pages of 999, FICs by `$batch` from then on.
import type { Client } from '@microsoft/microsoft-graph-client';
import type { Application, FederatedIdentityCredential } from '@microsoft/microsoft-graph-types';
import type { CertificateInfo, SecretInfo } from '../../core/federationReportTypes';
import type { RetryClock } from '../http/retryPolicy';
import { loadCredentialsInBatches } from './batchCredentials';
import { toGraphError } from './graphErrors';
import { getGraphPage, graphPages, sendGraphRequest } from './graphRequest';

export type AppRegistration = Pick<Application, 'id' | 'appId' | 'displayName' | 'signInAudience' | 'identifierUris' | 'api'> & {
  id: string;
  appId: string;
  federatedIdentityCredentials: FederatedIdentityCredential[];
  /** Client secrets as Graph lists them (hint and dates, never the value). */
  passwordCredentials: SecretInfo[];
  /** Certificates as Graph lists them (dates and type, never the key). */
  keyCredentials: CertificateInfo[];
};

export interface AppPage {
  apps: AppRegistration[];
  /** Graph's @odata.nextLink, followed verbatim for the next page. */
  nextLink?: string;
}

export interface ListAppsOptions {
  /** Server-side search on the display name (Graph `$search`). */
  search?: string;
  nextLink?: string;
  signal?: AbortSignal;
}

const appFields = 'id,appId,displayName,signInAudience,identifierUris,api,passwordCredentials,keyCredentials';
const expandPageSize = 100;
const barePageSize = 999;

export class ApplicationsApi {
  /** Set when the server refused `$expand=federatedIdentityCredentials`. */
  private expandRefused = false;

  constructor(
    private readonly client: () => Promise<Client>,
    /** Waits of the `$batch` loader; tests pass a recording clock. */
    private readonly clock?: RetryClock,
  ) {}

  async listPage(options: ListAppsOptions = {}): Promise<AppPage> {
    const { search, nextLink, signal } = options;
    const expanding = !search && !this.expandRefused && !(nextLink && !nextLink.includes('$expand'));
    const url = nextLink ?? firstPageUrl(search, expanding);
    let page: { value: AppRegistration[]; nextLink?: string };
    try {
      page = await getGraphPage<AppRegistration>(await this.client(), url, { signal, advanced: search !== undefined });
    } catch (e) {
      if (expanding && !nextLink && isExpandRefusal(e)) {
        this.expandRefused = true;
        return this.listPage(options);
      }
      throw e;
    }
    const apps = page.value.map(normalizeApp);
    const missing = apps.filter((a) => !hasExpandedCredentials(page.value.find((p) => p.id === a.id)));
    if (missing.length > 0) {
      const loaded = await loadCredentialsInBatches(await this.client(), missing.map((a) => a.id), signal, this.clock);
      for (const app of missing) app.federatedIdentityCredentials = loaded.get(app.id) ?? [];
    }
    return { apps, nextLink: page.nextLink };
  }

  async getApp(objectId: string, signal?: AbortSignal): Promise<AppRegistration> {
    const app = await this.get<AppRegistration>(`/applications/${encodeURIComponent(objectId)}?$select=${appFields}`, signal);
    const loaded = await this.listCredentials(objectId, signal);
    return { ...normalizeApp(app), federatedIdentityCredentials: loaded };
  }

  async listCredentials(appObjectId: string, signal?: AbortSignal): Promise<FederatedIdentityCredential[]> {
    const page = await getGraphPage<FederatedIdentityCredential>(await this.client(), `/applications/${encodeURIComponent(appObjectId)}/federatedIdentityCredentials`, { signal });
    return page.value;
  }

  /** Apps whose credentials name `subject`; Graph's `any()` filter, else a full scan. */
  async findTrusting(subject: string, signal?: AbortSignal): Promise<AppRegistration[]> {
    const literal = subject.replace(/'/g, "''");
    const filter = `federatedIdentityCredentials/any(f:f/subject eq '${literal}')`;
    try {
      const found: AppRegistration[] = [];
      const url = `/applications?$filter=${encodeURIComponent(filter)}&$count=true&$select=${appFields}&$top=${barePageSize}`;
      for await (const page of graphPages<AppRegistration>(await this.client(), url, { signal, advanced: true })) found.push(...page.value.map(normalizeApp));
      const loaded = await loadCredentialsInBatches(await this.client(), found.map((a) => a.id), signal, this.clock);
      for (const app of found) app.federatedIdentityCredentials = loaded.get(app.id) ?? [];
      return found;
    } catch (e) {
      if (toGraphError(e).status !== 400) throw e;
    }
    const all: AppRegistration[] = [];
    for await (const page of this.pages({ signal })) all.push(...page.apps.filter((a) => a.federatedIdentityCredentials.some((f) => f.subject === subject)));
    return all;
  }

  /** Every page of the listing (or of a search), each with its apps' credentials loaded. */
  async *pages(options: Omit<ListAppsOptions, 'nextLink'> = {}): AsyncGenerator<AppPage> {
    let nextLink: string | undefined;
    do {
      const page: AppPage = await this.listPage({ ...options, nextLink });
      yield page;
      nextLink = page.nextLink;
    } while (nextLink);
  }

  private async get<T>(url: string, signal: AbortSignal | undefined): Promise<T> {
    return (await sendGraphRequest(await this.client(), 'GET', url, { signal })) as T;
  }
}

function firstPageUrl(search: string | undefined, expanding: boolean): string {
  if (search !== undefined) {
    const term = search.replace(/"/g, '');
    return `/applications?$search=${encodeURIComponent(`"displayName:${term}"`)}&$count=true&$select=${appFields}&$top=${barePageSize}`;
  }
  if (expanding) return `/applications?$select=${appFields}&$expand=federatedIdentityCredentials&$top=${expandPageSize}`;
  return `/applications?$select=${appFields}&$top=${barePageSize}`;
}

function hasExpandedCredentials(app: AppRegistration | undefined): boolean {
  return Array.isArray(app?.federatedIdentityCredentials);
}

function normalizeApp(app: AppRegistration): AppRegistration {
  return {
    id: app.id,
    appId: app.appId,
    displayName: app.displayName ?? null,
    signInAudience: app.signInAudience ?? null,
    identifierUris: app.identifierUris ?? [],
    api: app.api,
    federatedIdentityCredentials: Array.isArray(app.federatedIdentityCredentials) ? app.federatedIdentityCredentials : [],
    passwordCredentials: (app.passwordCredentials ?? []).map(toSecretInfo),
    keyCredentials: (app.keyCredentials ?? []).map(toCertificateInfo),
  };
}

function isExpandRefusal(e: unknown): boolean {
  const status = toGraphError(e).status;
  return status === 400 || status === 501;
}

// Only what the report and Go Secretless read: a secret's text or a certificate's key, should a
// server send one, is never kept.
function toSecretInfo(p: SecretInfo): SecretInfo {
  return { keyId: p.keyId, displayName: p.displayName ?? null, hint: p.hint ?? null, startDateTime: p.startDateTime ?? null, endDateTime: p.endDateTime ?? null };
}

function toCertificateInfo(k: CertificateInfo): CertificateInfo {
  return { keyId: k.keyId, displayName: k.displayName ?? null, type: k.type ?? null, usage: k.usage ?? null, startDateTime: k.startDateTime ?? null, endDateTime: k.endDateTime ?? null };
}
