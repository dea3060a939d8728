#!/usr/bin/env node
// Adds timing fields to the run's working copy of the shared harness: each
// asset's start and response end, when Stripe.js was asked for, and the
// page's performance marks. Only what a run records grows; nothing it
// measures or how it loads the page changes, for the peer or for us. Fails
// when an anchor is gone, so a new harness cannot silently lose the rows.
//
//   node bench/harness-timing.mjs <copy of measure.mjs>
import fs from 'node:fs';

const file = process.argv[2];
let src = fs.readFileSync(file, 'utf8');
const PATCHES = [
  [
    'assets: assets.map((e) => ({ url: e.name, encoded: e.encodedBodySize, decoded: e.decodedBodySize })),',
    'assets: assets.map((e) => ({ url: e.name, encoded: e.encodedBodySize, decoded: e.decodedBodySize, start: e.startTime, end: e.responseEnd })),',
  ],
  [
    '    stripeScripts,\n',
    "    stripeScripts,\n    stripeRequested: (resources.find((e) => e.name.startsWith('https://js.stripe.com/')) || {}).startTime ?? null,\n" +
      "    marks: Object.fromEntries(performance.getEntriesByType('mark').map((m) => [m.name, m.startTime])),\n",
  ],
  ['      stripeScripts: t.stripeScripts,\n', '      stripeScripts: t.stripeScripts,\n      stripeRequested: t.stripeRequested,\n      marks: t.marks,\n'],
];
if (src.includes('stripeRequested')) process.exit(0); // already added
for (const [from, to] of PATCHES) {
  if (src.split(from).length !== 2) {
    console.error(`harness-timing: anchor not found once in ${file}: ${from.trim()}`);
    process.exit(1);
  }
  src = src.replace(from, () => to);
}
fs.writeFileSync(file, src);
