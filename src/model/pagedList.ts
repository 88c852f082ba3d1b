// The loading state of a paged Graph list: the first page is awaited so it is on screen at once,
// further pages stream in the background up to a budget, then "Load more" offers the rest. A
// failure keeps what was loaded and adds an error; a reset cancels the stream in flight and keeps
// the old items until the new first page arrives. Every change fires `onDidChange`; waiting for
// the list to settle listens to that event (no timer).
import { Emitter, type Event } from './emitter';

export interface Page<T> {
  items: T[];
  nextLink?: string;
}

export type PageLoader<T> = (nextLink: string | undefined, signal: AbortSignal) => Promise<Page<T>>;

export type ListState = 'idle' | 'loading' | 'streaming' | 'partial' | 'complete' | 'failed';

const inFlight = (state: ListState) => state === 'loading' || state === 'streaming';

export class PagedList<T> {
  private items: T[] = [];
  private nextLink: string | undefined;
  private state: ListState = 'idle';
  private failure: unknown;
  private controller: AbortController | undefined;
  private firstPage: Promise<void> | undefined;
  private readonly changed = new Emitter<ListState>();
  readonly onDidChange: Event<ListState> = this.changed.event;

  constructor(
    private readonly load: PageLoader<T>,
    /** How many items one load (the first, or each "Load more") brings in at most. */
    private readonly budget: number,
  ) {}

  get status(): ListState {
    return this.state;
  }

  get error(): unknown {
    return this.failure;
  }

  get hasMore(): boolean {
    return this.nextLink !== undefined;
  }

  /** The items as they stand now, without starting anything. */
  get loaded(): readonly T[] {
    return this.items;
  }

  /** The items as they stand; starts the first load when nothing was loaded yet. */
  async current(): Promise<T[]> {
    if (this.state === 'idle') this.firstPage = this.start(undefined, true);
    if (this.state === 'loading') await this.firstPage;
    return this.items;
  }

  /**
   * Resolves once the load in flight (starting it when nothing was loaded) has stopped: every
   * page up to the budget arrived, or one failed. Waits on the change event, never polls.
   */
  async whenSettled(): Promise<void> {
    await this.current();
    while (inFlight(this.state) || this.state === 'idle') {
      if (this.state === 'idle') await this.current();
      else await this.changed.next();
    }
  }

  /** Forgets the pages (keeping them until replaced) and loads again on the next read. */
  reset(): void {
    this.controller?.abort();
    this.state = 'idle';
    this.failure = undefined;
    this.changed.fire(this.state);
  }

  /** Continues after "Load more" or after a failed page. */
  async loadMore(): Promise<void> {
    if (inFlight(this.state)) return;
    // After a reset the old next link belongs to the old pages: start over instead.
    if (this.state === 'idle') {
      await this.current();
      return;
    }
    if (this.state === 'failed' && this.items.length === 0) {
      this.reset();
      await this.current();
      return;
    }
    if (this.nextLink === undefined) return;
    await this.start(this.nextLink, false);
  }

  /** Puts a fresher copy of one item in place (e.g. one app fetched again, or written). */
  replace(matches: (item: T) => boolean, fresh: T): boolean {
    let found = false;
    this.items = this.items.map((item) => (matches(item) ? ((found = true), fresh) : item));
    return found;
  }

  /** Adds an item made by this extension, so it shows before the next reload. */
  add(item: T): void {
    this.items = [...this.items, item];
  }

  /** Drops items (e.g. an app deleted by this extension). */
  remove(matches: (item: T) => boolean): void {
    this.items = this.items.filter((item) => !matches(item));
  }

  dispose(): void {
    this.controller?.abort();
    this.changed.dispose();
  }

  private async start(from: string | undefined, replace: boolean): Promise<void> {
    this.controller?.abort();
    const controller = new AbortController();
    this.controller = controller;
    this.state = 'loading';
    this.failure = undefined;
    let loaded = 0;
    try {
      const first = await this.load(from, controller.signal);
      if (controller.signal.aborted) return;
      this.items = replace ? first.items : [...this.items, ...first.items];
      this.nextLink = first.nextLink;
      loaded += first.items.length;
    } catch (e) {
      if (controller.signal.aborted) return;
      this.fail(e);
      return;
    }
    this.state = this.nextLink && loaded < this.budget ? 'streaming' : this.nextLink ? 'partial' : 'complete';
    this.changed.fire(this.state);
    if (this.state === 'streaming') void this.stream(controller, loaded);
  }

  private async stream(controller: AbortController, loaded: number): Promise<void> {
    while (this.nextLink && loaded < this.budget) {
      try {
        const page = await this.load(this.nextLink, controller.signal);
        if (controller.signal.aborted) return;
        this.items = [...this.items, ...page.items];
        this.nextLink = page.nextLink;
        loaded += page.items.length;
      } catch (e) {
        if (controller.signal.aborted) return;
        this.fail(e);
        return;
      }
      if (this.nextLink && loaded < this.budget) this.changed.fire(this.state);
    }
    if (controller.signal.aborted) return;
    this.state = this.nextLink ? 'partial' : 'complete';
    this.changed.fire(this.state);
  }

  private fail(e: unknown): void {
    this.state = 'failed';
    this.failure = e;
    this.changed.fire(this.state);
  }
}
