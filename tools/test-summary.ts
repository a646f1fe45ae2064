// Sums the JSON reports that every package's vitest run writes (vitest.shared.ts) and prints
// one closing line for the whole tree, `tests: N passed, N failed, N skipped`, so CI can read
// the outcome of a run that spans many packages.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

interface Report {
  numPassedTests: number;
  numFailedTests: number;
  numPendingTests: number;
  numTodoTests: number;
}

const root = join(import.meta.dirname, '..');
const totals = { passed: 0, failed: 0, skipped: 0, packages: 0 };
for (const group of ['packages', 'apps']) {
  let names: string[] = [];
  try {
    names = readdirSync(join(root, group));
  } catch {
    continue;
  }
  for (const name of names) {
    const dir = join(root, group, name);
    const reports = readdirSync(dir).filter((file) => /^test-results(\.[\w-]+)?\.json$/.test(file));
    if (reports.length > 0) totals.packages += 1;
    for (const file of reports) {
      const report = JSON.parse(readFileSync(join(dir, file), 'utf8')) as Report;
      totals.passed += report.numPassedTests;
      totals.failed += report.numFailedTests;
      totals.skipped += report.numPendingTests + report.numTodoTests;
    }
  }
}
console.log(`\n${totals.packages} packages tested`);
console.log(`tests: ${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
process.exit(totals.failed > 0 || totals.packages === 0 ? 1 : 0);
