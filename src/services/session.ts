// Who is signed in, where, and which tenants they work in. Views and commands read it; it
// fires onDidChange when any of that changes. Graph clients are built lazily, one per tenant.
import * as vscode from 'vscode';
import type { Environment } from './environment';
import type { Client } from '@microsoft/microsoft-graph-client';
import { createGraphClient } from './graph/graphClient';
import { GraphService } from './graph/graphService';
import { cachingCredential } from './auth/cachingCredential';
import type { SignInMethod, SignInOptions, SignedInAccount } from './auth/signInMethod';

/**
 * The globalState key of the sign-in method last used (signIn.ts writes it). Activation reads
 * it to tell whether there is a sign-in to restore before loading the code that restores it.
 */
export const LAST_SIGN_IN_METHOD_KEY = 'miFederation.lastSignInMethod';

export interface TenantEntry {
  id: string;
  displayName?: string;
  /** True for the signed-in account's own tenant, which cannot be removed. */
  home?: boolean;
}

export class Session implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  private current: { environment: Environment; method: SignInMethod; account: SignedInAccount } | undefined;
  private readonly graphs = new Map<string, GraphService>();

  constructor(private readonly state: vscode.Memento) {}

  get account(): SignedInAccount | undefined {
    return this.current?.account;
  }

  get environment(): Environment | undefined {
    return this.current?.environment;
  }

  get method(): SignInMethod | undefined {
    return this.current?.method;
  }

  async signIn(environment: Environment, method: SignInMethod, options?: SignInOptions): Promise<SignedInAccount> {
    const account = await method.signIn(options);
    this.use(environment, method, account);
    return account;
  }

  /** Restores an earlier sign-in without prompting; false when there is none. */
  async restore(environment: Environment, method: SignInMethod): Promise<boolean> {
    const account = await method.restore();
    if (account) this.use(environment, method, account);
    return account !== undefined;
  }

  async signOut(): Promise<void> {
    const method = this.current?.method;
    this.current = undefined;
    this.graphs.clear();
    this.changed.fire();
    await method?.signOut();
  }

  /** The home tenant first, then the tenants the user added, in the order added. */
  tenants(): TenantEntry[] {
    if (!this.current) return [];
    const home = this.current.account.homeTenantId;
    const added = this.addedTenants().filter((t) => t.id !== home);
    const homeEntry = this.addedTenants().find((t) => t.id === home);
    return [{ id: home, displayName: homeEntry?.displayName, home: true }, ...added];
  }

  async addTenant(entry: TenantEntry): Promise<void> {
    const list = this.addedTenants().filter((t) => t.id !== entry.id);
    await this.state.update(this.tenantsKey(), [...list, { id: entry.id, displayName: entry.displayName }]);
    this.changed.fire();
  }

  async removeTenant(id: string): Promise<void> {
    await this.state.update(this.tenantsKey(), this.addedTenants().filter((t) => t.id !== id));
    this.changed.fire();
  }

  /** Remembers a tenant's display name once Graph told it, for every view and the next start. */
  async rememberTenantName(id: string, displayName: string): Promise<void> {
    const list = this.addedTenants();
    const existing = list.find((t) => t.id === id);
    if (existing?.displayName === displayName) return;
    const next = existing ? list.map((t) => (t.id === id ? { ...t, displayName } : t)) : [...list, { id, displayName }];
    await this.state.update(this.tenantsKey(), next);
    this.changed.fire();
  }

  graph(tenantId: string): GraphService {
    if (!this.current) throw new Error('Not signed in. Run "MI Federation: Sign In".');
    let service = this.graphs.get(tenantId);
    if (!service) {
      const { environment, method } = this.current;
      let client: Promise<Client> | undefined;
      const endpoint = { baseUrl: environment.cloud.graph, scope: environment.cloud.graphScope, ca: environment.ca };
      const credential = cachingCredential(method.credential(tenantId));
      // A static import: graphClient.ts loads the SDK bundle itself, on the first client. (An
      // import() here made esbuild wrap it and all it imports in lazy initialisers that run at
      // start-up anyway, each module body parsed twice.)
      service = new GraphService(tenantId, () => (client ??= Promise.resolve().then(() => createGraphClient(endpoint, credential))));
      this.graphs.set(tenantId, service);
    }
    return service;
  }

  dispose(): void {
    this.changed.dispose();
  }

  private use(environment: Environment, method: SignInMethod, account: SignedInAccount): void {
    this.current = { environment, method, account };
    this.graphs.clear();
    this.changed.fire();
  }

  private addedTenants(): TenantEntry[] {
    return this.state.get<TenantEntry[]>(this.tenantsKey(), []);
  }

  private tenantsKey(): string {
    // Tenants are remembered per cloud: a sandbox's ids mean nothing in the public cloud.
    return `miFederation.tenants.${this.current?.environment.cloud.name ?? 'none'}`;
  }
}
