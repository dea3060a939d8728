#!/usr/bin/env node
// Writes brotli-11 (.br) and gzip-9 (.gz) copies of the compressible files in
// dist/, so the server sends them precompressed with the right Content-Encoding
// instead of compressing per request (or not at all).
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { walk } from './files.mjs';

const dist = path.resolve(process.argv[2] || 'dist');
let n = 0;
for (const file of walk(dist)) {
  if (!/\.(wasm|js|css|html|svg|json)$/.test(file)) continue;
  const raw = fs.readFileSync(file);
  fs.writeFileSync(`${file}.br`, zlib.brotliCompressSync(raw, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: raw.length } }));
  fs.writeFileSync(`${file}.gz`, zlib.gzipSync(raw, { level: 9 }));
  n++;
}
console.log(`compress-dist: ${n} files precompressed (.br, .gz)`);
