// Stable GUIDs derived from a name: seeded and generated objects keep their ids across runs.
import * as crypto from 'node:crypto';

export function stableGuid(name: string): string {
  const h = crypto.createHash('sha1').update(`mi-federation-sandbox:${name}`).digest('hex');
  const variant = ((parseInt(h[16], 16) & 0x3) | 0x8).toString(16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}
