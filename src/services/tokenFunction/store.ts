// The token functions the user added. Names, URLs and discovered endpoints are remembered in
// globalState; each function key only in SecretStorage (encrypted by VS Code, synced nowhere),
// and every key is handed to the log's redactor the moment it is known.
import * as vscode from 'vscode';
import type { Discovery, TokenFunctionEntry } from './types';

const LIST_KEY = 'miFederation.tokenFunctions';
const SECRET_PREFIX = 'miFederation.tokenFunctionKey.';

/** What the store needs from the extension: the two storages and the redacting log. */
export interface TokenFunctionStorage {
  globalState: vscode.Memento;
  secrets: vscode.SecretStorage;
  addSecret(secret: string): void;
}

export class TokenFunctionStore implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<TokenFunctionEntry | undefined>();
  /** Fires with the entry that changed, or undefined when the list changed. */
  readonly onDidChange = this.changed.event;
  /** Resolves once the stored keys are registered with the redactor. */
  readonly ready: Promise<void>;

  constructor(private readonly storage: TokenFunctionStorage) {
    this.ready = this.registerStoredKeys();
  }

  list(): TokenFunctionEntry[] {
    return this.storage.globalState.get<TokenFunctionEntry[]>(LIST_KEY, []);
  }

  get(id: string): TokenFunctionEntry | undefined {
    return this.list().find((f) => f.id === id);
  }

  findByUrl(baseUrl: string): TokenFunctionEntry | undefined {
    return this.list().find((f) => f.baseUrl.toLowerCase() === baseUrl.toLowerCase());
  }

  /** Adds a function (or, for a URL already known, renames it and replaces its key). */
  async add(input: { name: string; baseUrl: string; key?: string; discovery?: Discovery }): Promise<TokenFunctionEntry> {
    const existing = this.findByUrl(input.baseUrl);
    const entry: TokenFunctionEntry = {
      id: existing?.id ?? globalThis.crypto.randomUUID(),
      name: input.name,
      baseUrl: input.baseUrl,
      addedAt: existing?.addedAt ?? new Date().toISOString(),
      ...(input.discovery ? { discovery: input.discovery } : existing?.discovery ? { discovery: existing.discovery } : {}),
    };
    if (input.key !== undefined) await this.setKey(entry.id, input.key, false);
    await this.save(existing ? this.list().map((f) => (f.id === entry.id ? entry : f)) : [...this.list(), entry]);
    this.changed.fire(undefined);
    return entry;
  }

  async update(id: string, change: Partial<Pick<TokenFunctionEntry, 'name' | 'discovery'>>): Promise<TokenFunctionEntry | undefined> {
    const current = this.get(id);
    if (!current) return undefined;
    const next = { ...current, ...change };
    await this.save(this.list().map((f) => (f.id === id ? next : f)));
    this.changed.fire(next);
    return next;
  }

  async remove(id: string): Promise<void> {
    await this.storage.secrets.delete(SECRET_PREFIX + id);
    await this.save(this.list().filter((f) => f.id !== id));
    this.changed.fire(undefined);
  }

  async key(id: string): Promise<string | undefined> {
    const key = await this.storage.secrets.get(SECRET_PREFIX + id);
    if (key) this.storage.addSecret(key);
    return key || undefined;
  }

  /** An empty key removes it (a function with anonymous endpoints needs none). */
  async setKey(id: string, key: string, announce = true): Promise<void> {
    const trimmed = key.trim();
    if (trimmed) {
      this.storage.addSecret(trimmed);
      await this.storage.secrets.store(SECRET_PREFIX + id, trimmed);
    } else {
      await this.storage.secrets.delete(SECRET_PREFIX + id);
    }
    if (announce) this.changed.fire(this.get(id));
  }

  dispose(): void {
    this.changed.dispose();
  }

  private async save(list: TokenFunctionEntry[]): Promise<void> {
    await this.storage.globalState.update(LIST_KEY, list);
  }

  private async registerStoredKeys(): Promise<void> {
    for (const entry of this.list()) {
      try {
        await this.key(entry.id);
      } catch {
        // An unreadable secret (keyring unavailable) is asked for again on first use.
      }
    }
  }
}
