#!/usr/bin/env node
// Turns a measure.mjs result file into our/peer tables: medians with
// (min–max) for each CPU rate, plus brotli/gzip bytes of each build. The
// first NAME=DIR is the peer; each further one is one of our builds.
//
//   node bench/report.mjs results.json react=<peer dist> ours=<dist> [ours-std=<dist-std>]
import fs from 'node:fs';
import zlib from 'node:zlib';
import { brotliBytes, firstLoad, walk } from '../scripts/files.mjs';

const [file, ...targets] = process.argv.slice(2);
const data = JSON.parse(fs.readFileSync(file, 'utf8'));
const dirs = Object.fromEntries(targets.map((t) => [t.slice(0, t.indexOf('=')), t.slice(t.indexOf('=') + 1)]));
const [PEER, ...OURS] = Object.keys(dirs);

function sizes(dir) {
  const files = walk(dir).filter((f) => /\.(html|js|css|wasm)$/.test(f));
  const sum = (list, f) => list.reduce((n, x) => n + f(fs.readFileSync(x)), 0);
  return {
    raw: sum(files, (b) => b.length),
    gzip: sum(files, (b) => zlib.gzipSync(b, { level: 9 }).length),
    brotli: brotliBytes(files),
    first: brotliBytes(firstLoad(dir)),
  };
}
const kb = (b) => (b / 1024).toFixed(1);
const rows = [];
const summary = { date: data.meta.date, host: data.meta.host, browser: data.meta.browser, sizes: {}, timings: {} };

for (const name of Object.keys(dirs)) summary.sizes[name] = sizes(dirs[name]);
rows.push(
  `| build (all html/js/css/wasm) | ${PEER} | ${OURS.map((o) => `${o} | ${o}/${PEER}`).join(' | ')} |`,
  `|---|---|${OURS.map(() => '---|---|').join('')}`,
);
for (const k of ['raw', 'gzip', 'brotli']) {
  const p = summary.sizes[PEER][k];
  rows.push(`| ${k} KB | ${kb(p)} | ${OURS.map((o) => `${kb(summary.sizes[o][k])} | ${(summary.sizes[o][k] / p).toFixed(2)}`).join(' | ')} |`);
}
// Against the peer's every byte (brotli): what must load before the Element can mount.
const peerAll = summary.sizes[PEER].brotli;
rows.push(`| first load, brotli KB (before the Element can mount) / peer's all | ${kb(summary.sizes[PEER].first)} | ${OURS.map((o) => `${kb(summary.sizes[o].first)} | ${(summary.sizes[o].first / peerAll).toFixed(2)}`).join(' | ')} |`);
rows.push('');

const METRICS = [
  ['assetEncoded', 'wire bytes KB (gzip -9 stub)', (v) => kb(v)],
  ['fcp', 'first contentful paint ms', (v) => v.toFixed(0)],
  ['intentResponse', 'create-intent response ms', (v) => v.toFixed(0)],
  ['readyAt', 'Element ready ms', (v) => v.toFixed(0)],
  ['heapUsed', 'JS heap MB', (v) => (v / 1048576).toFixed(2)],
  ['wasmMemory', 'wasm memory MB', (v) => (v / 1048576).toFixed(2)],
  ['heapPlusWasm', 'JS heap + wasm MB', (v) => (v / 1048576).toFixed(2)],
  ['payToSuccess', 'click → success ms', (v) => v.toFixed(1)],
];
const cpus = Object.keys(data.results[PEER] || {});
const cell = (f, st) => `${f(st.median)} (${f(st.min)}–${f(st.max)})`;
for (const cpu of cpus) {
  const p = data.results[PEER][cpu];
  const ours = OURS.map((o) => data.results[o][cpu]);
  summary.timings[cpu] = {};
  const counts = [p, ...ours].map((r) => `${r.failed}`).join('/');
  const disturbed = [p, ...ours].map((r) => `${r.disturbed}`).join('/');
  rows.push(
    `| ${cpu} CPU (${p.runs.length} loads each; failed ${counts}, disturbed ${disturbed}) | ${PEER} median (min–max) | ${OURS.map((o) => `${o} median (min–max) | ${o}/${PEER}`).join(' | ')} |`,
    `|---|---|${OURS.map(() => '---|---|').join('')}`,
  );
  for (const [k, label, f] of METRICS) {
    const b = p.stats[k];
    if (!b || ours.some((r) => !r.stats[k])) continue;
    summary.timings[cpu][k] = { [PEER]: b };
    const cols = ours.map((r, i) => {
      const a = r.stats[k];
      const ratio = b.median ? a.median / b.median : NaN;
      summary.timings[cpu][k][OURS[i]] = { ...a, ratio };
      return `${cell(f, a)} | ${Number.isFinite(ratio) ? ratio.toFixed(2) : '–'}`;
    });
    rows.push(`| ${label} | ${cell(f, b)} | ${cols.join(' | ')} |`);
  }
  rows.push('');
}
// The critical path of each build: medians, in ms from navigation start. The
// harness's own statistics where it keeps them; the rest from each run's
// asset timings and marks (bench/harness-timing.mjs).
const pathname = (url) => new URL(url).pathname;
const asset = (run, test) => (run.assets || []).filter((a) => test(pathname(a.url)));
const lastEnd = (list) => (list.length ? Math.max(...list.map((a) => a.end)) : NaN);
const PATH = [
  ['HTML answered', (r) => lastEnd(asset(r, (p) => p === '/' || p === '/index.html'))],
  ['first contentful paint', 'fcp'],
  ['create-intent sent', 'intentStart'],
  ['create-intent answered', 'intentResponse'],
  ['Stripe.js requested', (r) => r.stripeRequested ?? NaN],
  ['Stripe.js evaluated', 'standinLoadedAt'],
  ['DOMContentLoaded', 'domContentLoaded'],
  ['own JS and wasm fetched', (r) => lastEnd(asset(r, (p) => /\.(js|wasm)$/.test(p)))],
  ['wasm instantiated (element defined)', (r) => r.marks?.['booking-checkout:start'] ?? NaN],
  ['Stripe(key) called', 'stripeInitAt'],
  ['Element mounted', 'mountedAt'],
  ['Element ready', 'readyAt'],
];
// The network model's floor: the HTML (one round trip plus its bytes), then
// the slower of Stripe.js and create-intent (a round trip plus the server's
// latency), then the Element's own mount-to-ready (the stand-in's, the least
// of any build). Our own code's time is what lies above it.
const PROFILES = { slow4g: { rtt: 150, down: (1.6 * 1024 * 1024) / 8 }, fast3g: { rtt: 562.5, down: (1.44 * 1024 * 1024) / 8 } };
const o = data.meta.options;
const profile = PROFILES[o.network];
summary.network = { profile: o.network, scriptLatency: o.scriptLatency, intentLatency: o.intentLatency };
const median = (xs) => {
  const v = xs.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  return v.length ? v[Math.floor(v.length / 2)] : NaN;
};
for (const cpu of cpus) {
  const names = [PEER, ...OURS];
  const res = names.map((n) => data.results[n][cpu]);
  rows.push(`| critical path, ${cpu} CPU (median ms) | ${names.join(' | ')} |`, `|---|${names.map(() => '---|').join('')}`);
  for (const [label, k] of PATH) {
    const at = (r) => (typeof k === 'string' ? (r.stats[k] ? r.stats[k].median : NaN) : median(r.runs.filter((x) => !x.error).map(k)));
    rows.push(`| ${label} | ${res.map((r) => (Number.isFinite(at(r)) ? at(r).toFixed(0) : '–')).join(' | ')} |`);
  }
  if (profile) {
    const mountToReady = Math.min(...res.map((r) => median(r.runs.map((x) => x.readyAt - x.mountedAt))));
    const htmlBytes = median(res[1].runs.map((x) => (x.assets.find((a) => new URL(a.url).pathname === '/') || {}).encoded));
    const limit = profile.rtt + ((htmlBytes || 0) / profile.down) * 1000 + Math.max(o.scriptLatency, profile.rtt + o.intentLatency) + mountToReady;
    summary.timings[cpu].limit = limit;
    rows.push(`| **physical limit** (HTML ${kb(htmlBytes || 0)} KB + max(Stripe.js, create-intent) + mount→ready ${mountToReady.toFixed(0)}) | ${limit.toFixed(0)} |`);
    rows.push(`| Element ready / limit | ${res.map((r) => (r.stats.readyAt.median / limit).toFixed(2)).join(' | ')} |`);
  }
  rows.push('');
}
console.log(`Machine: ${data.meta.host.cpus} × ${data.meta.host.cpuModel}, ${data.meta.host.memGiB} GiB; ${data.meta.browser}; ${data.meta.date}`);
console.log(
  `Network: ${o.network === 'none' ? 'loopback (no model)' : `${o.network} (CDP emulation of the apps' own requests)`}; ` +
    `Stripe.js latency ${o.scriptLatency} ms; create-intent latency ${o.intentLatency} ms (both apps, same stub)\n`,
);
console.log(rows.join('\n'));
fs.writeFileSync(file.replace(/\.json$/, '.summary.json'), JSON.stringify(summary, null, 2));
