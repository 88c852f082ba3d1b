// The closing line every layer prints, exactly `N passed, N failed`, last, after cleanup, and
// the exit code that goes with it: non-zero on any failure and when no test ran at all.

const startedAt = Date.now();

export interface TestCounts {
  passed: number;
  failed: number;
}

export function finish(layer: string, counts: TestCounts, problems: string[] = []): never {
  const allProblems = [...problems];
  if (counts.failed === 0 && counts.passed === 0 && problems.length === 0) {
    allProblems.push(`no ${layer} test ran (is there a compiled *.test.js file, or does MI_TEST_GREP match nothing?)`);
  }
  for (const problem of allProblems) console.error(`${layer}: ${problem}`);
  console.log(`${layer}: ${Math.round((Date.now() - startedAt) / 1000)} s in all (setup included)`);
  const failed = counts.failed + (allProblems.length > 0 && counts.failed === 0 ? 1 : 0);
  console.log(`${counts.passed} passed, ${failed} failed`);
  process.exit(failed > 0 ? 1 : 0);
}
