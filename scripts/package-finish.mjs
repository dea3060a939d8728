#!/usr/bin/env node
// Second half of scripts/package.sh: minifies the wasm-bindgen glue and its
// snippets (terser, as the release build does), writes the package's
// version, and prints what a page downloads (wasm + JS, brotli).
//
//   node scripts/package-finish.mjs <package dir> <version>
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { minify } from 'terser';
import { walk } from './files.mjs';

const [dir, version] = process.argv.slice(2);
if (!dir || !version) throw new Error('usage: package-finish.mjs <package dir> <version>');

// The glue and the snippets it imports; the entry and the testing kit stay readable.
const shipped = [path.join(dir, 'booking_checkout.js'), ...walk(path.join(dir, 'snippets')).filter((f) => f.endsWith('.js'))];
for (const file of shipped) {
  const out = await minify(fs.readFileSync(file, 'utf8'), { module: true, compress: { passes: 2 }, mangle: true, format: { comments: false } });
  fs.writeFileSync(file, out.code);
}

const manifest = path.join(dir, 'package.json');
fs.copyFileSync('pkg/package.json', manifest);
const json = JSON.parse(fs.readFileSync(manifest, 'utf8'));
json.version = version;
fs.writeFileSync(manifest, `${JSON.stringify(json, null, 2)}\n`);

const brotli = (file) => zlib.brotliCompressSync(fs.readFileSync(file), { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
const wasm = path.join(dir, 'booking_checkout_bg.wasm');
const js = [path.join(dir, 'index.js'), ...shipped];
const wasmBr = brotli(wasm);
const jsBr = js.reduce((n, f) => n + brotli(f), 0);
const report = { wasmBytes: fs.statSync(wasm).size, wasmBrotli: wasmBr, jsBrotli: jsBr, totalBrotli: wasmBr + jsBr };
fs.writeFileSync(path.join(dir, '..', 'size.json'), `${JSON.stringify(report, null, 2)}\n`);
console.error(`package: wasm ${report.wasmBytes} B (${wasmBr} B brotli), JS ${jsBr} B brotli; a page downloads ${report.totalBrotli} B brotli`);
