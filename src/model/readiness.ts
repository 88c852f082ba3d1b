// Readiness of apps in every tenant of the session, cached per app: asked for on demand (the
// Tenants node of an app, Show Readiness…, Check Readiness on a tenant), answered by one batched
// look-up per tenant for every app asked in the same turn, and asked again when the app is
// refreshed. A change redraws the app (the model's `app` change).
import type { Client } from '@microsoft/microsoft-graph-client';
import type { Cloud } from '../core/clouds';
import { isCancellation } from '../core/errors';
import { assessReadiness, type ServicePrincipalLookup, type TenantReadiness } from '../core/readiness';
import type { AppRegistration } from '../services/graph/applications';
import { lookUpServicePrincipals, type ResourceRoles } from '../services/graph/readiness';
import type { TenantEntry } from '../services/session';
import type { Disposable, Event } from './emitter';
import type { TenantCatalog, TenantChange } from './tenantCatalog';

/** The model's change (catalog.ts), restated here so the two files do not import each other. */
type ModelChange = TenantChange | { what: 'tenants' };

/** What readiness needs of the session beyond the catalog's: each tenant's Graph client, the cloud. */
export interface ReadinessSession {
  tenants(): TenantEntry[];
  /** The tenant's Graph service; its `client` (the real session's) is what readiness calls. */
  graph(tenantId: string): object;
  readonly environment?: { readonly cloud: Cloud };
}

/** The part of the model readiness reads and fires through. */
export interface ReadinessModel {
  tenants(): TenantEntry[];
  tenant(tenantId: string): Pick<TenantCatalog, 'app'>;
  readonly onDidChange: Event<ModelChange>;
}

export interface AppReadiness {
  status: 'loading' | 'loaded';
  /** One verdict per tenant of the session, home first (empty while loading the first time). */
  tenants: TenantReadiness[];
}

export class Readiness implements Disposable {
  private readonly cache = new Map<string, AppReadiness>();
  /** Apps asked for in this turn, per home tenant: sent together as one batch per tenant. */
  private queue = new Map<string, Set<string>>();
  private flush: Promise<void> | undefined;
  /** Known resources (their roles) per tenant: Microsoft Graph's are asked once per tenant. */
  private readonly resources = new Map<string, Map<string, ResourceRoles>>();
  private readonly subscription: Disposable;
  private ownChange = false;

  constructor(
    private readonly model: ReadinessModel,
    private readonly session: ReadinessSession,
    private readonly fire: (change: ModelChange) => void,
  ) {
    this.subscription = model.onDidChange((change) => {
      if (this.ownChange) return;
      if (change.what === 'tenants') {
        // Another tenant list: every "n of m" is stale; ask again what was shown.
        const shown = [...this.cache.keys()];
        this.cache.clear();
        this.resources.clear();
        for (const key of shown) {
          const [tenantId, objectId] = key.split('/');
          void this.check(tenantId, [objectId]);
        }
      } else if (change.what === 'app' && this.cache.has(key(change.tenantId, change.objectId))) {
        // The app was refreshed (or its credentials written): its readiness is asked again.
        void this.check(change.tenantId, [change.objectId]);
      }
    });
  }

  /** The readiness known for an app (no request). */
  get(homeTenantId: string, objectId: string): AppReadiness | undefined {
    return this.cache.get(key(homeTenantId, objectId));
  }

  /**
   * Checks the apps in every tenant of the session. Calls made in the same turn share one look-up
   * per tenant; resolves when the answers are in the cache.
   */
  check(homeTenantId: string, objectIds: readonly string[]): Promise<void> {
    let set = this.queue.get(homeTenantId);
    if (!set) this.queue.set(homeTenantId, (set = new Set()));
    for (const id of objectIds) {
      set.add(id);
      const k = key(homeTenantId, id);
      const previous = this.cache.get(k);
      this.cache.set(k, { status: 'loading', tenants: previous?.tenants ?? [] });
    }
    this.flush ??= Promise.resolve().then(() => {
      const queued = this.queue;
      this.queue = new Map();
      this.flush = undefined;
      return this.run(queued);
    });
    return this.flush;
  }

  /** Resolves once the app's verdicts are in: on the model's change event, never by polling. */
  whenChecked(homeTenantId: string, objectId: string): Promise<AppReadiness> {
    const loaded = () => {
      const known = this.get(homeTenantId, objectId);
      return known?.status === 'loaded' ? known : undefined;
    };
    const now = loaded();
    if (now) return Promise.resolve(now);
    return new Promise((resolve) => {
      const subscription = this.model.onDidChange(() => {
        const known = loaded();
        if (!known) return;
        subscription.dispose();
        resolve(known);
      });
    });
  }

  /** Forgets the cached verdicts of every app (a new sign-in). */
  clear(): void {
    this.cache.clear();
    this.resources.clear();
  }

  dispose(): void {
    this.subscription.dispose();
    this.clear();
  }

  private async run(queued: Map<string, Set<string>>): Promise<void> {
    const cloud = this.session.environment?.cloud;
    const tenants = this.session.tenants();
    const apps: Array<{ homeTenantId: string; app: AppRegistration }> = [];
    for (const [homeTenantId, ids] of queued) {
      for (const id of ids) {
        const app = this.model.tenant(homeTenantId).app(id);
        if (app) apps.push({ homeTenantId, app });
        else this.cache.delete(key(homeTenantId, id));
      }
    }
    if (!cloud) {
      // Signed out meanwhile: nothing is loading any more.
      for (const { homeTenantId, app } of apps) this.cache.delete(key(homeTenantId, app.id));
      return;
    }
    if (apps.length === 0) return;
    const appIds = apps.map((a) => a.app.appId);
    // One look-up per tenant, all tenants at once: each tenant has its own token and its own Graph budget.
    const lookups = await Promise.all(tenants.map((t) => this.lookUp(t.id, appIds)));
    for (const { homeTenantId, app } of apps) {
      const verdicts = tenants.map((t, i) =>
        assessReadiness({
          app: { appId: app.appId, signInAudience: app.signInAudience, credentialIssuers: app.federatedIdentityCredentials.map((f) => f.issuer ?? '') },
          homeTenantId,
          tenantId: t.id,
          cloud,
          lookup: lookups[i].get(app.appId.toLowerCase()) ?? { kind: 'absent' },
        }),
      );
      this.cache.set(key(homeTenantId, app.id), { status: 'loaded', tenants: verdicts });
      this.ownChange = true;
      try {
        this.fire({ tenantId: homeTenantId, what: 'app', objectId: app.id });
      } finally {
        this.ownChange = false;
      }
    }
  }

  private async lookUp(tenantId: string, appIds: string[]): Promise<Map<string, ServicePrincipalLookup>> {
    let resources = this.resources.get(tenantId);
    if (!resources) this.resources.set(tenantId, (resources = new Map()));
    try {
      const client = (this.session.graph(tenantId) as { client?: () => Promise<Client> }).client;
      if (typeof client !== 'function') throw new Error('This session cannot reach Microsoft Graph.');
      return await lookUpServicePrincipals(await client(), appIds, resources);
    } catch (e) {
      // Whatever went wrong is said on each verdict of the tenant, never as a pop-up.
      const message = isCancellation(e) ? 'The check was cancelled.' : e instanceof Error ? e.message : String(e);
      const refused: ServicePrincipalLookup = { kind: 'unreadable', status: 0, code: 'Unreachable', message };
      return new Map(appIds.map((a) => [a.toLowerCase(), refused]));
    }
  }
}

function key(tenantId: string, objectId: string): string {
  return `${tenantId}/${objectId}`;
}
