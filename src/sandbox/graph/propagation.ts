// How long a credential write takes to reach the token endpoint. Real tenants show seconds to
// a few minutes (public reports: about 60 s is typical), different for every write, so the
// sandbox draws each write's delay uniformly from a range (default 20–60 s).
export interface PropagationRange {
  minMs: number;
  maxMs: number;
}

export const DEFAULT_FIC_PROPAGATION: PropagationRange = { minMs: 20_000, maxMs: 60_000 };

export function drawPropagationMs(range: PropagationRange): number {
  if (range.maxMs <= range.minMs) return range.minMs;
  return range.minMs + Math.floor(Math.random() * (range.maxMs - range.minMs + 1));
}

/** Checks a range given by a test or the command line; ms, whole or not, min ≤ max. */
export function checkPropagationRange(range: PropagationRange): PropagationRange {
  const { minMs, maxMs } = range;
  if (!(Number.isFinite(minMs) && minMs >= 0 && Number.isFinite(maxMs) && maxMs >= minMs)) {
    throw new RangeError(`FIC propagation needs 0 <= minMs <= maxMs; got ${minMs}–${maxMs} ms`);
  }
  return { minMs, maxMs };
}

/** `N` or `MIN-MAX` in seconds (the CLI's --propagation-s), as a range in ms. */
export function parsePropagationSeconds(text: string): PropagationRange {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(?:-\s*(\d+(?:\.\d+)?))?\s*$/.exec(text);
  if (!m) throw new RangeError(`--propagation-s needs seconds as N or MIN-MAX, e.g. 0 or 20-60; got ${text || 'nothing'}`);
  const min = Number(m[1]) * 1000;
  const max = m[2] === undefined ? min : Number(m[2]) * 1000;
  if (max < min) throw new RangeError(`--propagation-s MIN-MAX needs MIN <= MAX; got ${text}`);
  return checkPropagationRange({ minMs: min, maxMs: max });
}
