// One Graph call with the extension's conventions: cancellable, optionally sent once (a create
// whose connection drops must be looked up, not resent), errors typed as GraphError.
import type { Client } from '@microsoft/microsoft-graph-client';
import { toGraphError } from './graphErrors';
import { SendOnce } from './retryHandler';

export type GraphMethod = 'GET' | 'POST' | 'PATCH' | 'DELETE';

export async function sendGraphRequest(
  client: Client,
  method: GraphMethod,
  url: string,
  options: { body?: unknown; signal?: AbortSignal; once?: boolean } = {},
): Promise<unknown> {
  try {
    let request = client.api(url);
    if (options.signal) request = request.option('signal', options.signal);
    if (options.once) request = request.middlewareOptions([new SendOnce()]);
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
    throw toGraphError(e);
  }
}
