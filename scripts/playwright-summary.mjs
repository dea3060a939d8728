// Prints Playwright's JSON report as one plain `N passed, N failed` line (CI
// reads that form), then how many hostile inputs the run tried: the sum of the
// `hostile inputs` annotations the adversarial specs record (fixtures.mjs).
import fs from 'node:fs';
const report = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
const { stats } = report;
const failed = stats.unexpected + (stats.flaky || 0);
console.log(`playwright: ${stats.expected} passed, ${failed} failed, ${stats.skipped} skipped`);

// A retried test counts once: its last attempt's annotations.
function annotationsOf(test) {
  const last = test.results?.[test.results.length - 1];
  return last?.annotations?.length ? last.annotations : test.annotations || [];
}
let inputs = 0;
let tests = 0;
const walk = (suite) => {
  for (const spec of suite.specs || []) {
    for (const test of spec.tests || []) {
      const counts = annotationsOf(test).filter((a) => a.type === 'hostile inputs');
      if (counts.length) tests += 1;
      for (const a of counts) inputs += Number(a.description) || 0;
    }
  }
  for (const child of suite.suites || []) walk(child);
};
for (const suite of report.suites || []) walk(suite);
if (tests) console.log(`playwright: ${inputs} hostile inputs tried in ${tests} tests`);
