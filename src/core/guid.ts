// GUID helpers. Entra writes object ids, client ids and tenant ids as lowercase GUIDs, and FIC
// subjects are compared case-sensitively, so "the same GUID" and "the same string" differ.

const GUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
const LOWERCASE_GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** True for a GUID in its plain 8-4-4-4-12 form, any case, no braces, no whitespace. */
export function isGuid(value: unknown): boolean {
  return typeof value === 'string' && GUID.test(value);
}

/** True for a GUID exactly as Entra writes it (lowercase). */
export function isLowercaseGuid(value: unknown): boolean {
  return typeof value === 'string' && LOWERCASE_GUID.test(value);
}

/**
 * The canonical (lowercase, bare) form of something a person pasted as a GUID: surrounding
 * whitespace, quotes and braces are dropped. Undefined when it is not a GUID at all.
 */
export function normalizeGuid(value: string): string | undefined {
  let s = value.trim();
  if (s.length >= 2 && (s[0] === '"' || s[0] === "'") && s[s.length - 1] === s[0]) s = s.slice(1, -1).trim();
  if (s.startsWith('{') && s.endsWith('}')) s = s.slice(1, -1);
  return GUID.test(s) ? s.toLowerCase() : undefined;
}

/** GUID equality ignoring case; false unless both are GUIDs. */
export function sameGuid(a: unknown, b: unknown): boolean {
  return typeof a === 'string' && typeof b === 'string' && isGuid(a) && isGuid(b) && a.toLowerCase() === b.toLowerCase();
}
