// Every Graph call of the extension goes through here: cancellable, with a deadline, optionally
// sent once (a create whose outcome is unknown is looked up, never resent), errors typed as
// GraphError; and `graphPages` for collections, following @odata.nextLink exactly as given.
import type { Client } from '@microsoft/microsoft-graph-client';
import { toGraphError } from './graphErrors';
import { GraphCallOptions } from './transportHandler';

export type GraphMethod = 'GET' | 'POST' | 'PATCH' | 'DELETE';

export interface GraphRequestOptions {
  body?: unknown;
  signal?: AbortSignal;
  /** A create: resent only after a 429; any other failure leaves the outcome to a look-up. */
  once?: boolean;
  /** Deadline of each try, connect to the last byte (Graph's default is 60 s). */
  deadlineMs?: number;
  /** Advanced queries ($search, $count, lambda filters) need `ConsistencyLevel: eventual`. */
  advanced?: boolean;
  /** A cap on the answer's size, for callers that know it is small. */
  maxBodyBytes?: number;
}

export async function sendGraphRequest(client: Client, method: GraphMethod, url: string, options: GraphRequestOptions = {}): Promise<unknown> {
  // An absolute URL is an @odata.nextLink: sent verbatim, not re-encoded by the SDK.
  const verbatimUrl = /^https:\/\//i.test(url) ? url : undefined;
  const call = new GraphCallOptions({ sendOnce: options.once, deadlineMs: options.deadlineMs, maxBodyBytes: options.maxBodyBytes, verbatimUrl });
  try {
    let request = client.api(url);
    if (options.signal) request = request.option('signal', options.signal);
    if (options.advanced) request = request.header('ConsistencyLevel', 'eventual');
    request = request.middlewareOptions([call]);
    switch (method) {
      case 'GET':
        return await request.get();
      case 'POST':
        return await request.post(options.body);
      case 'PATCH':
        return await request.patch(options.body);
      case 'DELETE':
        return await request.delete();
    }
  } catch (e) {
    // The transport's own error (timeout, reset, cancel), not the SDK's flattened copy of it.
    throw toGraphError(call.failure ?? e);
  }
}

/** One page of a Graph collection. */
export interface GraphPage<T> {
  value: T[];
  /** Graph's @odata.nextLink, to be followed verbatim. */
  nextLink?: string;
  /** `@odata.count`, on the first page of a `$count=true` query only. */
  count?: number;
}

/** GETs one page of a collection. */
export async function getGraphPage<T>(client: Client, url: string, options: Omit<GraphRequestOptions, 'body' | 'once'> = {}): Promise<GraphPage<T>> {
  const page = (await sendGraphRequest(client, 'GET', url, options)) as { value?: T[]; '@odata.nextLink'?: string; '@odata.count'?: number } | undefined;
  return {
    value: Array.isArray(page?.value) ? page.value : [],
    ...(typeof page?.['@odata.nextLink'] === 'string' ? { nextLink: page['@odata.nextLink'] } : {}),
    ...(typeof page?.['@odata.count'] === 'number' ? { count: page['@odata.count'] } : {}),
  };
}

/** The pages of a collection, first to last; stop iterating to stop fetching. */
export async function* graphPages<T>(client: Client, url: string, options: Omit<GraphRequestOptions, 'body' | 'once'> = {}): AsyncGenerator<GraphPage<T>> {
  let next: string | undefined = url;
  while (next) {
    const page: GraphPage<T> = await getGraphPage<T>(client, next, options);
    yield page;
    next = page.nextLink;
  }
}

/** Every item of a collection, all pages. */
export async function graphCollect<T>(client: Client, url: string, options: Omit<GraphRequestOptions, 'body' | 'once'> = {}): Promise<T[]> {
  const all: T[] = [];
  for await (const page of graphPages<T>(client, url, options)) all.push(...page.value);
  return all;
}
