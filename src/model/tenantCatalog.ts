// What the extension knows of one tenant: its app registrations with their federated
// credentials (paged, optionally narrowed by a server-side search), its managed identities, which
// apps trust an identity, and what is loading or failed. Views draw it; commands read it and
// report their writes to it, so the one app that changed redraws without a reload.
import type { FederatedIdentityCredential } from '@microsoft/microsoft-graph-types';
import type { KnownIdentity } from '../core/credentials';
import type { AppRegistration } from '../services/graph/applications';
import type { ManagedIdentity } from '../services/graph/managedIdentities';
import type { GraphService } from '../services/graph/graphService';
import type { TenantEntry } from '../services/session';
import { PagedList, type ListState } from './pagedList';

/** Apps brought in by one load before "Load more" is offered. */
export const appsPerLoad = 1000;

/** What changed, so a view redraws only that part. */
export type TenantChange =
  | { tenantId: string; what: 'apps' }
  | { tenantId: string; what: 'app'; objectId: string }
  | { tenantId: string; what: 'identities' }
  | { tenantId: string; what: 'trusting'; identityId: string };

/** The part of the session the catalog reads through. */
export interface CatalogSession {
  tenants(): TenantEntry[];
  graph(tenantId: string): Pick<GraphService, 'applications' | 'managedIdentities' | 'organization'>;
  rememberTenantName(id: string, displayName: string): Promise<void>;
}

export interface LoadState {
  status: ListState;
  error?: unknown;
}

const multiTenantAudiences = new Set(['AzureADMultipleOrgs', 'AzureADandPersonalMicrosoftAccount']);

export function isMultiTenant(app: Pick<AppRegistration, 'signInAudience'>): boolean {
  return multiTenantAudiences.has(app.signInAudience ?? '');
}

export class TenantCatalog {
  private filterText: string | undefined;
  private apps: PagedList<AppRegistration>;
  private identities: PagedList<ManagedIdentity>;
  private readonly trusting = new Map<string, { promise: Promise<AppRegistration[]>; apps?: AppRegistration[]; error?: unknown }>();
  /** When this extension last wrote each app's credentials (object id → ms since epoch). */
  private readonly writes = new Map<string, number>();
  private nameAsked = false;

  constructor(
    readonly tenantId: string,
    private readonly session: CatalogSession,
    private readonly fire: (change: TenantChange) => void,
    private readonly now: () => number = Date.now,
  ) {
    this.apps = this.createAppList();
    this.identities = new PagedList(async (_next, signal) => ({ items: await this.session.graph(this.tenantId).managedIdentities(signal) }), Infinity);
    this.identities.onDidChange(() => this.fire({ tenantId, what: 'identities' }));
  }

  /** The session's entry (home, display name), or a bare one once the tenant left the session. */
  get entry(): TenantEntry {
    return this.session.tenants().find((t) => t.id === this.tenantId) ?? { id: this.tenantId };
  }

  get displayName(): string {
    return this.entry.displayName ?? this.tenantId;
  }

  get filter(): string | undefined {
    return this.filterText;
  }

  // --- apps -------------------------------------------------------------------------------

  /** The apps loaded so far (no request). */
  loadedApps(): readonly AppRegistration[] {
    return this.apps.loaded;
  }

  appsState(): LoadState & { hasMore: boolean } {
    return { status: this.apps.status, error: this.apps.error, hasMore: this.apps.hasMore };
  }

  /** Starts the first load if none ran; resolves with the apps once the first page is in. */
  loadApps(): Promise<readonly AppRegistration[]> {
    return this.apps.current();
  }

  /** Resolves when the current load has stopped: every page up to the budget, or a failure. */
  async whenAppsLoaded(): Promise<readonly AppRegistration[]> {
    await this.apps.whenSettled();
    return this.apps.loaded;
  }

  loadMoreApps(): Promise<void> {
    return this.apps.loadMore();
  }

  /** Loads the apps again; what was loaded stays until the new first page arrives. */
  reloadApps(): void {
    this.nameAsked = false;
    this.apps.reset();
  }

  setFilter(text: string | undefined): void {
    this.filterText = text?.trim() || undefined;
    this.apps.dispose();
    this.apps = this.createAppList();
    this.fire({ tenantId: this.tenantId, what: 'apps' });
  }

  app(objectId: string): AppRegistration | undefined {
    return this.apps.loaded.find((a) => a.id === objectId);
  }

  appByClientId(appId: string): AppRegistration | undefined {
    const wanted = appId.toLowerCase();
    return this.apps.loaded.find((a) => a.appId.toLowerCase() === wanted);
  }

  /** Fetches one app and its credentials again; only that app redraws. */
  async refreshApp(objectId: string, signal?: AbortSignal): Promise<void> {
    let fresh: AppRegistration;
    try {
      fresh = await this.session.graph(this.tenantId).applications.getApp(objectId, signal);
    } catch {
      // Gone or unreachable: the tenant reload shows the list as it now is, or the error.
      this.reloadApps();
      return;
    }
    this.putApp(fresh);
  }

  /** An app a command has just read from Graph: the model takes it as it is, and only it redraws. */
  appRead(app: AppRegistration): void {
    this.putApp(app);
  }

  /** A write of this extension: the app now holds `credentials` (known from the write itself). */
  credentialsWritten(objectId: string, credentials: FederatedIdentityCredential[]): void {
    this.writes.set(objectId, this.now());
    const app = this.app(objectId);
    if (!app) return;
    this.putApp({ ...app, federatedIdentityCredentials: credentials });
  }

  /** An app this extension created (the federation app), shown before the next reload. */
  appCreated(app: AppRegistration): void {
    if (!this.apps.replace((a) => a.id === app.id, app)) this.apps.add(app);
    this.fire({ tenantId: this.tenantId, what: 'apps' });
  }

  appDeleted(objectId: string): void {
    this.apps.remove((a) => a.id === objectId);
    this.fire({ tenantId: this.tenantId, what: 'apps' });
  }

  /** When this extension last changed the app's credentials, if it did in this session. */
  lastCredentialWrite(objectId: string): number | undefined {
    return this.writes.get(objectId);
  }

  // --- identities -------------------------------------------------------------------------

  loadedIdentities(): readonly ManagedIdentity[] {
    return this.identities.loaded;
  }

  identitiesState(): LoadState {
    return { status: this.identities.status, error: this.identities.error };
  }

  loadIdentities(): Promise<readonly ManagedIdentity[]> {
    return this.identities.current();
  }

  /** The identities, once listed; a list that failed before is asked for again first. */
  async whenIdentitiesLoaded(): Promise<readonly ManagedIdentity[]> {
    if (this.identities.status === 'failed') this.identities.reset();
    await this.identities.whenSettled();
    return this.identities.loaded;
  }

  reloadIdentities(): void {
    this.trusting.clear();
    this.identities.reset();
  }

  /** The identities in the form the credential rules take (empty until listed, or when refused). */
  knownIdentities(): KnownIdentity[] {
    return this.identities.loaded.map((i) => ({ id: i.id, appId: i.appId, displayName: i.displayName }));
  }

  /** The apps whose credentials name the identity; asked once, again after `forgetTrusting`. */
  trustingApps(identityId: string): Promise<AppRegistration[]> {
    let entry = this.trusting.get(identityId);
    if (!entry) {
      const promise = this.session.graph(this.tenantId).applications.findTrusting(identityId);
      const created: { promise: Promise<AppRegistration[]>; apps?: AppRegistration[]; error?: unknown } = { promise };
      entry = created;
      this.trusting.set(identityId, created);
      promise.then(
        (apps) => (created.apps = apps),
        (error: unknown) => {
          created.error = error;
          // The next expansion or Retry asks again.
          if (this.trusting.get(identityId) === created) this.trusting.delete(identityId);
        },
      );
    }
    return entry.promise;
  }

  /** The apps found trusting the identity, once the search answered (no request). */
  loadedTrusting(identityId: string): readonly AppRegistration[] | undefined {
    return this.trusting.get(identityId)?.apps;
  }

  forgetTrusting(identityId: string): void {
    this.trusting.delete(identityId);
    this.fire({ tenantId: this.tenantId, what: 'trusting', identityId });
  }

  dispose(): void {
    this.apps.dispose();
    this.identities.dispose();
  }

  private putApp(app: AppRegistration): void {
    this.apps.replace((a) => a.id === app.id, app);
    this.fire({ tenantId: this.tenantId, what: 'app', objectId: app.id });
  }

  private createAppList(): PagedList<AppRegistration> {
    const list = new PagedList<AppRegistration>(async (nextLink, signal) => {
      if (!nextLink) {
        // Identities flag a client id used as a subject; the name labels the tenant. Both best effort.
        if (this.identities.status === 'idle') void this.identities.current();
        void this.loadTenantName(signal);
      }
      const page = await this.session.graph(this.tenantId).applications.listPage({ search: this.filterText, nextLink, signal });
      return { items: page.apps, nextLink: page.nextLink };
    }, appsPerLoad);
    list.onDidChange(() => {
      if (list === this.apps) this.fire({ tenantId: this.tenantId, what: 'apps' });
    });
    return list;
  }

  /** The tenant's display name, remembered by the session for every view and the next start. */
  private async loadTenantName(signal: AbortSignal): Promise<void> {
    if (this.entry.displayName || this.nameAsked) return;
    this.nameAsked = true;
    try {
      const { displayName } = await this.session.graph(this.tenantId).organization(signal);
      if (displayName) await this.session.rememberTenantName(this.tenantId, displayName);
    } catch {
      // The id stands in for the name.
    }
  }
}
