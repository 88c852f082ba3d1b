// The loading state of a paged Graph list shown in a tree: the first page is awaited so it is on
// screen at once, further pages stream in the background up to a budget, then "Load more"
// offers the rest. A failure keeps what was shown and adds an error; a refresh cancels the
// stream in flight and keeps the old items on screen until the new first page arrives.
export interface Page<T> {
  items: T[];
  nextLink?: string;
}

export type PageLoader<T> = (nextLink: string | undefined, signal: AbortSignal) => Promise<Page<T>>;

export type ListState = 'idle' | 'loading' | 'streaming' | 'partial' | 'complete' | 'failed';

export class PagedList<T> {
  private items: T[] = [];
  private nextLink: string | undefined;
  private state: ListState = 'idle';
  private failure: unknown;
  private controller: AbortController | undefined;
  private firstPage: Promise<void> | undefined;

  constructor(
    private readonly load: PageLoader<T>,
    /** Called after every change, to redraw the owner. */
    private readonly changed: () => void,
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

  /** The items as they stand; starts the first load when nothing was loaded yet. */
  async current(): Promise<T[]> {
    if (this.state === 'idle') this.firstPage = this.start(undefined, true);
    if (this.state === 'loading') await this.firstPage;
    return this.items;
  }

  /** Forgets the pages (keeping them on screen until replaced) and loads again. */
  reset(): void {
    this.controller?.abort();
    this.state = 'idle';
    this.failure = undefined;
  }

  /** Continues after "Load more" or after a failed page. */
  async loadMore(): Promise<void> {
    if (this.state === 'streaming' || this.state === 'loading') return;
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

  /** Puts a fresher copy of one item in place (e.g. one app fetched again). */
  replace(matches: (item: T) => boolean, fresh: T): void {
    this.items = this.items.map((item) => (matches(item) ? fresh : item));
  }

  /** Resolves when the stream in flight, if any, has stopped. */
  async settled(): Promise<void> {
    await this.firstPage;
    while (this.state === 'streaming' || this.state === 'loading') await new Promise((r) => setTimeout(r, 20));
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
    this.state = this.nextLink ? 'streaming' : 'complete';
    this.changed();
    if (this.nextLink) void this.stream(controller, loaded);
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
      this.changed();
    }
    if (controller.signal.aborted) return;
    this.state = this.nextLink ? 'partial' : 'complete';
    this.changed();
  }

  private fail(e: unknown): void {
    this.state = 'failed';
    this.failure = e;
    this.changed();
  }
}
