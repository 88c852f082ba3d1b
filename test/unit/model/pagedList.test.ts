import * as assert from 'node:assert/strict';
import { PagedList, type Page } from '../../../src/model/pagedList';

/** A loader over `total` numbered items, `size` per page; fails where told. */
function pages(total: number, size: number, failAt?: Set<number>) {
  const calls: Array<string | undefined> = [];
  const load = async (next: string | undefined): Promise<Page<number>> => {
    calls.push(next);
    await new Promise((r) => setTimeout(r, 5)); // a page takes a moment, as over the network
    const start = next ? Number(next) : 0;
    if (failAt?.has(start)) {
      failAt.delete(start);
      throw new Error(`page at ${start} failed`);
    }
    const items = Array.from({ length: Math.min(size, total - start) }, (_, i) => start + i);
    const end = start + items.length;
    return { items, nextLink: end < total ? String(end) : undefined };
  };
  return { load, calls };
}

describe('PagedList', () => {
  it('returns the first page at once and streams the rest up to the budget', async () => {
    const { load, calls } = pages(250, 100);
    let changes = 0;
    const list = new PagedList(load, 1000);
    list.onDidChange(() => changes++);
    const first = await list.current();
    assert.equal(first.length, 100);
    await list.whenSettled();
    assert.equal((await list.current()).length, 250);
    assert.equal(list.status, 'complete');
    assert.deepEqual(calls, [undefined, '100', '200']);
    assert.ok(changes >= 3);
  });

  it('stops at the budget and offers more', async () => {
    const { load } = pages(350, 100);
    const list = new PagedList(load, 200);
    await list.current();
    await list.whenSettled();
    assert.equal((await list.current()).length, 200);
    assert.equal(list.status, 'partial');
    assert.equal(list.hasMore, true);
    await list.loadMore();
    await list.whenSettled();
    assert.equal((await list.current()).length, 350);
    assert.equal(list.status, 'complete');
  });

  it('keeps what it had when a later page fails, and continues from there', async () => {
    const { load, calls } = pages(300, 100, new Set([200]));
    const list = new PagedList(load, 1000);
    await list.current();
    await list.whenSettled();
    assert.equal(list.status, 'failed');
    assert.match(String((list.error as Error).message), /page at 200 failed/);
    assert.equal((await list.current()).length, 200);
    await list.loadMore();
    await list.whenSettled();
    assert.equal((await list.current()).length, 300);
    assert.deepEqual(calls, [undefined, '100', '200', '200']);
  });

  it('keeps the old items on screen across a failed reload', async () => {
    const failAt = new Set<number>();
    const { load } = pages(50, 100, failAt);
    const list = new PagedList(load, 1000);
    assert.equal((await list.current()).length, 50);
    failAt.add(0);
    list.reset();
    assert.equal((await list.current()).length, 50);
    assert.equal(list.status, 'failed');
    list.reset();
    assert.equal((await list.current()).length, 50);
    assert.equal(list.status, 'complete');
  });
});
