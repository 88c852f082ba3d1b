// The extension's model: one TenantCatalog per tenant of the session, the token functions, and
// one change event for the views. Built once in extension.ts; commands and the test API query
// it, and report their writes to it. It makes no UI calls.
import type { AppRegistration } from '../services/graph/applications';
import type { TenantEntry } from '../services/session';
import { Emitter, type Disposable, type Event } from './emitter';
import { Readiness, type ReadinessSession } from './readiness';
import { TenantCatalog, type CatalogSession, type TenantChange } from './tenantCatalog';
import type { TokenFunctions } from './tokenFunctions';

/** How long after a credential write an exchange failure may be propagation, not a mismatch. */
export const PROPAGATION_WINDOW_MS = 5 * 60_000;

export type ModelChange = TenantChange | { what: 'tenants' };

export interface ModelSession extends CatalogSession, Pick<ReadinessSession, 'environment'> {
  readonly account: unknown;
  onDidChange(listener: () => void): Disposable;
}

export class Model implements Disposable {
  private readonly changed = new Emitter<ModelChange>();
  /** Fires with what changed: a tenant's apps, one app, identities, or the list of tenants. */
  readonly onDidChange: Event<ModelChange> = this.changed.event;
  private readonly catalogs = new Map<string, TenantCatalog>();
  private readonly subscription: Disposable;
  private account: unknown;
  /** Per app × tenant readiness verdicts, asked for on demand. */
  readonly readiness: Readiness;

  constructor(
    private readonly session: ModelSession,
    readonly tokenFunctions: TokenFunctions,
    private readonly now: () => number = Date.now,
  ) {
    this.account = session.account;
    this.readiness = new Readiness(this, session, (change) => this.changed.fire(change));
    this.subscription = session.onDidChange(() => {
      // Another sign-in (or none): nothing loaded for the last one holds, even for the same
      // tenant ids (a restarted sandbox, another cloud). A tenant removed: forget it alone.
      if (session.account !== this.account) {
        this.account = session.account;
        this.forgetAll();
        this.readiness.clear();
      }
      const keep = new Set(session.account ? session.tenants().map((t) => t.id) : []);
      for (const [id, catalog] of this.catalogs) {
        if (keep.has(id)) continue;
        catalog.dispose();
        this.catalogs.delete(id);
      }
      this.changed.fire({ what: 'tenants' });
    });
  }

  /** The tenants of the session, home first. */
  tenants(): TenantEntry[] {
    return this.session.tenants();
  }

  /** The catalog of a tenant (made on first use). */
  tenant(tenantId: string): TenantCatalog {
    let catalog = this.catalogs.get(tenantId);
    if (!catalog) {
      catalog = new TenantCatalog(tenantId, this.session, (change) => this.changed.fire(change), this.now);
      this.catalogs.set(tenantId, catalog);
    }
    return catalog;
  }

  /** Every tenant's apps, each load settled (starting the loads that never ran). */
  async whenLoaded(tenantId?: string): Promise<void> {
    const ids = tenantId ? [tenantId] : this.tenants().map((t) => t.id);
    await Promise.all(ids.map((id) => this.tenant(id).whenAppsLoaded()));
  }

  /** An app already loaded in any tenant, by its client id. */
  findByClientId(appId: string): { tenantId: string; app: AppRegistration } | undefined {
    for (const entry of this.tenants()) {
      const app = this.tenant(entry.id).appByClientId(appId);
      if (app) return { tenantId: entry.id, app };
    }
    return undefined;
  }

  /**
   * Minutes since this extension changed the app's credentials, when that was recent enough for
   * Entra to still be propagating it; undefined otherwise.
   */
  recentCredentialChange(tenantId: string, objectId: string): { minutesAgo: number } | undefined {
    const at = this.catalogs.get(tenantId)?.lastCredentialWrite(objectId);
    if (at === undefined) return undefined;
    const elapsed = this.now() - at;
    if (elapsed > PROPAGATION_WINDOW_MS) return undefined;
    return { minutesAgo: Math.max(0, Math.round(elapsed / 60_000)) };
  }

  dispose(): void {
    this.subscription.dispose();
    this.readiness.dispose();
    this.forgetAll();
    this.changed.dispose();
  }

  private forgetAll(): void {
    for (const catalog of this.catalogs.values()) catalog.dispose();
    this.catalogs.clear();
  }
}
