// One line for an error shown in a tree node: for a 403 the permission the operation needs,
// otherwise the extension's one-sentence description.
import { describeError, GraphError } from '../../core/errors';

export function treeErrorMessage(e: unknown, what: string): string {
  if (e instanceof GraphError && e.status === 403) {
    return `Graph refused to list ${what} (403 ${e.code}): the signed-in account needs Application.Read.All or Application.ReadWrite.All in this tenant, with a directory role that grants it.`;
  }
  return `Could not load ${what}: ${describeError(e)}`;
}
