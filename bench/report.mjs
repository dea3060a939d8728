#!/usr/bin/env node
// Turns a measure.mjs result file into the our/peer table: medians with
// (min–max) for each CPU rate, plus brotli/gzip bytes of each build.
//
//   node bench/report.mjs results.json <peer dist> <our dist>
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';

const [file, peerDist, ourDist] = process.argv.slice(2);
const data = JSON.parse(fs.readFileSync(file, 'utf8'));
const OURS = 'leptos';
const PEER = 'react';

const walk = (d) => fs.readdirSync(d, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(path.join(d, e.name)) : [path.join(d, e.name)]));
function sizes(dir) {
  const files = walk(dir).filter((f) => /\.(html|js|css|wasm)$/.test(f));
  const sum = (f) => files.reduce((n, x) => n + f(fs.readFileSync(x)), 0);
  return {
    raw: sum((b) => b.length),
    gzip: sum((b) => zlib.gzipSync(b, { level: 9 }).length),
    brotli: sum((b) => zlib.brotliCompressSync(b, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11 } }).length),
  };
}
const kb = (b) => (b / 1024).toFixed(1);
const rows = [];
const summary = { date: data.meta.date, host: data.meta.host, browser: data.meta.browser, sizes: {}, timings: {} };

summary.sizes[OURS] = sizes(ourDist);
summary.sizes[PEER] = sizes(peerDist);
rows.push('| build (all html/js/css/wasm) | ours | peer | ours/peer |', '|---|---|---|---|');
for (const k of ['raw', 'gzip', 'brotli']) {
  const [o, p] = [summary.sizes[OURS][k], summary.sizes[PEER][k]];
  rows.push(`| ${k} KB | ${kb(o)} | ${kb(p)} | ${(o / p).toFixed(2)} |`);
}
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
const cpus = Object.keys(data.results[OURS] || {});
for (const cpu of cpus) {
  const o = data.results[OURS][cpu];
  const p = data.results[PEER][cpu];
  summary.timings[cpu] = {};
  rows.push(`| ${cpu} CPU (${o.runs.length} loads each; failed ${o.failed}/${p.failed}, disturbed ${o.disturbed}/${p.disturbed}) | ours median (min–max) | peer median (min–max) | ours/peer |`, '|---|---|---|---|');
  for (const [k, label, f] of METRICS) {
    const [a, b] = [o.stats[k], p.stats[k]];
    if (!a || !b) continue;
    const ratio = b.median ? a.median / b.median : NaN;
    summary.timings[cpu][k] = { ours: a, peer: b, ratio };
    rows.push(`| ${label} | ${f(a.median)} (${f(a.min)}–${f(a.max)}) | ${f(b.median)} (${f(b.min)}–${f(b.max)}) | ${Number.isFinite(ratio) ? ratio.toFixed(2) : '–'} |`);
  }
  rows.push('');
}
console.log(`Machine: ${data.meta.host.cpus} × ${data.meta.host.cpuModel}, ${data.meta.host.memGiB} GiB; ${data.meta.browser}; ${data.meta.date}`);
console.log(`Network: create-intent latency ${data.meta.options.intentLatency} ms (both apps, same stub)\n`);
console.log(rows.join('\n'));
fs.writeFileSync(file.replace(/\.json$/, '.summary.json'), JSON.stringify(summary, null, 2));
