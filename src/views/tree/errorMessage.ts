// One line for an error shown in a tree node: Graph's message with the permission hint a 403
// needs, or the network reason.
import type { GraphRequestError } from '../../services/graph/graphErrors';

export function treeErrorMessage(e: unknown, what: string): string {
  const error = e as Partial<GraphRequestError> & { message?: string };
  if (error?.status === 403) {
    return `Graph refused to list ${what} (403 ${error.code ?? ''}): the signed-in account needs Application.Read.All (or Application.ReadWrite.All) and a directory role that allows it in this tenant.`;
  }
  if (error?.status === 401) return `Graph did not accept the sign-in (401 ${error.code ?? ''}). Sign in again.`;
  if (error?.status === 0) return `Could not load ${what}: ${error.message ?? 'the service is unreachable'}`;
  if (typeof error?.status === 'number') return `Could not load ${what}: ${error.code ?? ''} ${error.message ?? ''} (HTTP ${error.status})`.replace(/\s+/g, ' ');
  return `Could not load ${what}: ${error?.message ?? String(e)}`;
}
