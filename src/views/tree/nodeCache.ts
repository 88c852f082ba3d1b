// What every tree node is given: the model it presents, and the cache that keeps one node
// object per id. VS Code redraws a node by the object it was given, so a change in the model is
// mapped to the cached node of that id and only that node is drawn again.
import type { Model } from '../../model';
import type { TreeNode } from './treeNode';

export class NodeCache {
  private readonly nodes = new Map<string, TreeNode>();

  /** The node with this id, made by `create` the first time. */
  get<T extends TreeNode>(id: string, create: () => T): T {
    let node = this.nodes.get(id) as T | undefined;
    if (!node) {
      node = create();
      this.nodes.set(id, node);
    }
    return node;
  }

  /** The node with this id if it was drawn. */
  find(id: string): TreeNode | undefined {
    return this.nodes.get(id);
  }

  /** Forgets the nodes under `prefix` (a tenant that left the session). */
  forget(prefix: string): void {
    for (const id of [...this.nodes.keys()]) if (id === prefix || id.startsWith(`${prefix}/`)) this.nodes.delete(id);
  }

  clear(): void {
    this.nodes.clear();
  }
}

export interface TreeContext {
  readonly model: Model;
  readonly nodes: NodeCache;
  /** Authorities (with scheme) that count as Entra for the credential warnings. */
  knownAuthorities(): readonly string[];
}
