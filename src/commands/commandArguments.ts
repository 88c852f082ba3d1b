// How VS Code's arguments become a command call: the tree node(s) it was run on, parsed into
// model references, then what a caller passed after them. Pure, so it is unit-tested in Node.

/** What a handler is called with besides its context. */
export interface CommandCall<T> {
  /** The node it was run on, as a model reference (undefined from the palette). */
  target: T | undefined;
  /** Every selected node it was run on (multi-selection); `[target]` for one, `[]` for none. */
  targets: readonly T[];
  /** The arguments after the node(s): what a caller (a test, another command) passed. */
  args: readonly unknown[];
}

/** VS Code's arguments as a call: the node(s) the target parser accepts, then the rest. */
export function splitArguments<T>(parseTarget: ((arg: unknown) => T | undefined) | undefined, args: readonly unknown[]): CommandCall<T> {
  if (!parseTarget) return { target: undefined, targets: [], args };
  const [first, second] = args;
  const target = parseTarget(first);
  if (target === undefined) {
    // The palette passes nothing; a caller may pass its own first argument (a domain, a token).
    return { target: undefined, targets: [], args: first === undefined || first === null ? args.slice(1) : args };
  }
  if (Array.isArray(second)) {
    const selected = second.map((n) => parseTarget(n)).filter((t): t is T => t !== undefined);
    const targets = selected.length > 0 ? selected : [target];
    return { target, targets, args: args.slice(2) };
  }
  return { target, targets: [target], args: args.slice(1) };
}
