// The one way to name what a tree node shows. A node's id *is* its reference
// (`tenant/<tid>/app/<objectId>/fic/<name>`): views build ids with `idOf`, commands read the
// node they were run on with `refOf`. Reading the id, not the node's class or fields, works for
// nodes from any bundle (tests load the sources, the extension runs its bundle) and leaves the
// data where it belongs, in the model.
export type ModelRef =
  | { kind: 'tenant'; tenantId: string }
  | { kind: 'app'; tenantId: string; objectId: string }
  | { kind: 'credential'; tenantId: string; objectId: string; name: string }
  | { kind: 'identities'; tenantId: string }
  | { kind: 'identity'; tenantId: string; identityId: string }
  | { kind: 'trustedBy'; tenantId: string; identityId: string; objectId: string; name: string }
  | { kind: 'tokenFunction'; functionId: string }
  | { kind: 'endpoint'; functionId: string; endpoint: string };

export type RefOfKind<K extends ModelRef['kind']> = Extract<ModelRef, { kind: K }>;

export function idOf(ref: ModelRef): string {
  switch (ref.kind) {
    case 'tenant':
      return `tenant/${ref.tenantId}`;
    case 'app':
      return `tenant/${ref.tenantId}/app/${ref.objectId}`;
    case 'credential':
      return `tenant/${ref.tenantId}/app/${ref.objectId}/fic/${ref.name}`;
    case 'identities':
      return `mi/tenant/${ref.tenantId}`;
    case 'identity':
      return `mi/tenant/${ref.tenantId}/identity/${ref.identityId}`;
    case 'trustedBy':
      return `mi/tenant/${ref.tenantId}/identity/${ref.identityId}/trustedBy/${ref.objectId}/${ref.name}`;
    case 'tokenFunction':
      return `tokenFunction/${ref.functionId}`;
    case 'endpoint':
      return `tokenFunction/${ref.functionId}/endpoint/${ref.endpoint}`;
  }
}

// Ids and names never hold a slash except a credential's name may in theory: it is the rest.
const patterns: Array<[RegExp, (m: string[]) => ModelRef]> = [
  [/^tenant\/([^/]+)$/, ([, tenantId]) => ({ kind: 'tenant', tenantId })],
  [/^tenant\/([^/]+)\/app\/([^/]+)$/, ([, tenantId, objectId]) => ({ kind: 'app', tenantId, objectId })],
  [/^tenant\/([^/]+)\/app\/([^/]+)\/fic\/(.+)$/, ([, tenantId, objectId, name]) => ({ kind: 'credential', tenantId, objectId, name })],
  [/^mi\/tenant\/([^/]+)$/, ([, tenantId]) => ({ kind: 'identities', tenantId })],
  [/^mi\/tenant\/([^/]+)\/identity\/([^/]+)$/, ([, tenantId, identityId]) => ({ kind: 'identity', tenantId, identityId })],
  [
    /^mi\/tenant\/([^/]+)\/identity\/([^/]+)\/trustedBy\/([^/]+)\/(.+)$/,
    ([, tenantId, identityId, objectId, name]) => ({ kind: 'trustedBy', tenantId, identityId, objectId, name }),
  ],
  [/^tokenFunction\/([^/]+)$/, ([, functionId]) => ({ kind: 'tokenFunction', functionId })],
  [/^tokenFunction\/([^/]+)\/endpoint\/(.+)$/, ([, functionId, endpoint]) => ({ kind: 'endpoint', functionId, endpoint })],
];

/** The reference a node (any object with a string `id`) stands for; undefined otherwise. */
export function refOf(value: unknown): ModelRef | undefined {
  // Only objects: a string argument is a command's own parameter (a tenant domain, an object id).
  const id = typeof value === 'object' && value !== null ? (value as { id?: unknown }).id : undefined;
  if (typeof id !== 'string') return undefined;
  for (const [pattern, build] of patterns) {
    const match = pattern.exec(id);
    if (match) return build(match);
  }
  return undefined;
}

/** A guard-and-parse for command arguments: the reference if it is of one of `kinds`. */
export function refOfKind<K extends ModelRef['kind']>(...kinds: K[]): (value: unknown) => RefOfKind<K> | undefined {
  return (value) => {
    const ref = refOf(value);
    return ref && (kinds as string[]).includes(ref.kind) ? (ref as RefOfKind<K>) : undefined;
  };
}
