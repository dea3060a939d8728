// Prints Playwright's JSON report as one plain `N passed, N failed` line (CI reads that form).
import fs from 'node:fs';
const stats = JSON.parse(fs.readFileSync(process.argv[2], 'utf8')).stats;
const failed = stats.unexpected + (stats.flaky || 0);
console.log(`playwright: ${stats.expected} passed, ${failed} failed, ${stats.skipped} skipped`);
