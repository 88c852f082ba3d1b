// The token functions the user added, as data: the stored entries (names, URLs, discovered
// endpoints; keys in secret storage), whether each has a key, the state of each discovery, and
// the one place a TokenFunctionClient is built (with the current cloud's trust).
import type { Trust } from '../services/tokenFunction/trust';
import { TokenFunctionClient, type Discovery, type TokenFunctionEntry } from '../services/tokenFunction';
import { Emitter, type Disposable, type Event } from './emitter';

/** The store's surface (globalState + SecretStorage behind it). */
export interface TokenFunctionStorageModel {
  list(): TokenFunctionEntry[];
  get(id: string): TokenFunctionEntry | undefined;
  findByUrl(baseUrl: string): TokenFunctionEntry | undefined;
  add(input: { name: string; baseUrl: string; key?: string; discovery?: Discovery }): Promise<TokenFunctionEntry>;
  update(id: string, change: Partial<Pick<TokenFunctionEntry, 'name' | 'discovery'>>): Promise<TokenFunctionEntry | undefined>;
  remove(id: string): Promise<void>;
  key(id: string): Promise<string | undefined>;
  setKey(id: string, key: string): Promise<void>;
  onDidChange(listener: (entry: TokenFunctionEntry | undefined) => void): Disposable;
}

export interface DiscoveryState {
  status: 'idle' | 'loading' | 'failed' | 'done';
  error?: unknown;
}

/** Fires with the function that changed, or undefined when the list changed. */
export type TokenFunctionChange = { functionId?: string };

export class TokenFunctions implements Disposable {
  private readonly changed = new Emitter<TokenFunctionChange>();
  readonly onDidChange: Event<TokenFunctionChange> = this.changed.event;
  private readonly discoveries = new Map<string, { promise?: Promise<void>; error?: unknown }>();
  private readonly keys = new Map<string, boolean>();
  private readonly subscription: Disposable;

  constructor(
    private readonly store: TokenFunctionStorageModel,
    private readonly trust: () => Trust,
  ) {
    this.subscription = store.onDidChange((entry) => {
      if (entry) this.keys.delete(entry.id);
      else this.keys.clear();
      this.changed.fire(entry ? { functionId: entry.id } : {});
    });
  }

  list(): TokenFunctionEntry[] {
    return this.store.list();
  }

  get(id: string): TokenFunctionEntry | undefined {
    return this.store.get(id);
  }

  findByUrl(baseUrl: string): TokenFunctionEntry | undefined {
    return this.store.findByUrl(baseUrl);
  }

  async add(input: { name: string; baseUrl: string; key?: string; discovery?: Discovery }): Promise<TokenFunctionEntry> {
    const entry = await this.store.add(input);
    this.discoveries.delete(entry.id);
    return entry;
  }

  async remove(id: string): Promise<void> {
    this.discoveries.delete(id);
    await this.store.remove(id);
  }

  key(id: string): Promise<string | undefined> {
    return this.store.key(id);
  }

  async setKey(id: string, key: string): Promise<void> {
    await this.store.setKey(id, key);
    this.keys.delete(id);
    this.changed.fire({ functionId: id });
  }

  /** Whether a key is stored; undefined until asked once (`hasKey` asks). */
  knownHasKey(id: string): boolean | undefined {
    return this.keys.get(id);
  }

  async hasKey(id: string): Promise<boolean> {
    let known = this.keys.get(id);
    if (known === undefined) {
      known = (await this.store.key(id)) !== undefined;
      this.keys.set(id, known);
    }
    return known;
  }

  /** The client for a stored function (its key from secret storage), or for one being added. */
  async client(entry: Pick<TokenFunctionEntry, 'id' | 'baseUrl'> | { baseUrl: string; key?: string }): Promise<TokenFunctionClient> {
    const key = 'id' in entry ? await this.store.key(entry.id) : entry.key || undefined;
    return new TokenFunctionClient(entry.baseUrl, key, { ca: this.trust().ca });
  }

  discoveryState(id: string): DiscoveryState {
    const state = this.discoveries.get(id);
    if (state?.promise) return { status: 'loading' };
    if (state?.error !== undefined) return { status: 'failed', error: state.error };
    return { status: this.store.get(id)?.discovery ? 'done' : 'idle' };
  }

  /**
   * Finds the function's endpoints (once; `force` asks again) and remembers them. Resolves when
   * done, failed or not; the outcome is in `discoveryState` and the entry.
   */
  discover(id: string, options: { force?: boolean; signal?: AbortSignal } = {}): Promise<void> {
    const state = this.discoveries.get(id);
    if (state?.promise) return state.promise;
    if (!options.force && (state?.error !== undefined || this.store.get(id)?.discovery)) return Promise.resolve();
    const entry = this.store.get(id);
    if (!entry) return Promise.resolve();
    const running: { promise?: Promise<void>; error?: unknown } = {};
    running.promise = (async () => {
      try {
        const discovery = await (await this.client(entry)).discover(options.signal);
        await this.store.update(id, { discovery });
      } catch (e) {
        running.error = e;
      } finally {
        running.promise = undefined;
        this.changed.fire({ functionId: id });
      }
    })();
    this.discoveries.set(id, running);
    this.keys.delete(id);
    this.changed.fire({ functionId: id });
    return running.promise;
  }

  /** Remembers a discovery made elsewhere (Add Token Function, Invoke's endpoint pick). */
  async discovered(id: string, discovery: Discovery): Promise<void> {
    this.discoveries.delete(id);
    await this.store.update(id, { discovery });
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}
