// The closing line every layer prints, last, after cleanup: exactly `N passed, N failed` (the CI
// reads that form), then `, N skipped` and `, N not matching MI_TEST_GREP` when there are any, so
// a green line says how much did not run. And the exit code that goes with it: non-zero on any
// failure and when no test ran at all.

const startedAt = Date.now();

export interface TestCounts {
  passed: number;
  failed: number;
  /** Pending tests (`this.skip()` where a layer allows it). */
  skipped?: number;
  /** Tests left out by MI_TEST_GREP. */
  filtered?: number;
}

/** `12 passed, 0 failed`, `12 passed, 0 failed, 2 skipped, 300 not matching MI_TEST_GREP`. */
export function closingLine(counts: TestCounts, failed = counts.failed): string {
  let line = `${counts.passed} passed, ${failed} failed`;
  if (counts.skipped) line += `, ${counts.skipped} skipped`;
  if (counts.filtered) line += `, ${counts.filtered} not matching MI_TEST_GREP`;
  return line;
}

export function finish(layer: string, counts: TestCounts, problems: string[] = []): never {
  const allProblems = [...problems];
  if (counts.failed === 0 && counts.passed === 0 && problems.length === 0) {
    allProblems.push(`no ${layer} test ran (is there a compiled *.test.js file, or does MI_TEST_GREP match nothing?)`);
  }
  for (const problem of allProblems) console.error(`${layer}: ${problem}`);
  console.log(`${layer}: ${Math.round((Date.now() - startedAt) / 1000)} s in all (setup included)`);
  const failed = counts.failed + (allProblems.length > 0 && counts.failed === 0 ? 1 : 0);
  console.log(closingLine(counts, failed));
  process.exit(failed > 0 ? 1 : 0);
}
