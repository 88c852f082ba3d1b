// Edit distance with an upper bound, to tell a typo ("AzureADTokenExchnage") from a different
// value. Bounded so that comparing two 600-character strings stays cheap: the doctor runs it
// against every credential of an app on each call.

// Two rows reused across calls: the doctor calls this many times per diagnosis.
let scratchA = new Int32Array(256);
let scratchB = new Int32Array(256);

/**
 * Levenshtein distance if it is at most `max`, otherwise `max + 1`. Only the diagonal band of
 * width 2·max+1 is computed, so the cost is O(length · max).
 */
export function boundedEditDistance(a: string, b: string, max: number): number {
  if (a === b) return 0;
  if (Math.abs(a.length - b.length) > max) return max + 1;
  const n = a.length;
  const m = b.length;
  const big = max + 1;
  if (scratchA.length <= m) {
    scratchA = new Int32Array(m + 1);
    scratchB = new Int32Array(m + 1);
  }
  let prev = scratchA;
  let cur = scratchB;
  for (let j = 0; j <= m; j++) prev[j] = j <= max ? j : big;
  for (let i = 1; i <= n; i++) {
    const lo = Math.max(1, i - max);
    const hi = Math.min(m, i + max);
    // Only the band is computed; its two neighbours are set to "too far" for the next row to read.
    cur[0] = i <= max ? i : big;
    if (lo > 1) cur[lo - 1] = big;
    if (hi < m) cur[hi + 1] = big;
    let rowMin = lo === 1 ? cur[0] : big;
    for (let j = lo; j <= hi; j++) {
      const cost = a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1;
      const v = Math.min(prev[j - 1] + cost, prev[j] + 1, cur[j - 1] + 1);
      cur[j] = v > big ? big : v;
      if (cur[j] < rowMin) rowMin = cur[j];
    }
    if (rowMin > max) return big;
    [prev, cur] = [cur, prev];
  }
  return prev[m] > max ? big : prev[m];
}
