// Shared by the build scripts and the benchmark report.
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';

/** The brotli-11 bytes of `files` together, each compressed on its own (as served). */
export const brotliBytes = (files) =>
  files.reduce((n, f) => n + zlib.brotliCompressSync(fs.readFileSync(f), { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11 } }).length, 0);

/** Every file below `dir`, recursively. */
export const walk = (dir) =>
  fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : [path.join(dir, e.name)]));

/**
 * The files a page in `dir` loads before its Element can mount:
 * index.html, what it names (scripts, styles, preloads: the first wasm) and
 * the modules those scripts import statically. What is fetched later
 * (dynamic imports, lazily loaded wasm) is not in it.
 */
export function firstLoad(dir) {
  const seen = new Set();
  const add = (rel) => {
    const file = path.join(dir, rel.replace(/^\//, '').split(/[?#]/)[0]);
    if (seen.has(file) || !fs.existsSync(file) || !/\.(html|js|css|wasm)$/.test(file)) return;
    seen.add(file);
    const text = /\.(html|js)$/.test(file) ? fs.readFileSync(file, 'utf8') : '';
    const refs = file.endsWith('.html')
      ? [...text.matchAll(/<(?:script|link)\b[^>]*?\b(?:src|href)="([^"]+)"/g)].map((m) => m[1])
      : [...text.matchAll(/(?:^|[;\s}])(?:import|export)\s*(?:[\w*{}\s,$]+from\s*)?["']([^"']+)["']/g)].map((m) => m[1]);
    for (const ref of refs) {
      if (/^[a-z]+:/i.test(ref)) continue;
      add(ref.startsWith('/') ? ref : path.posix.join(path.posix.dirname(path.relative(dir, file)), ref));
    }
  };
  add('index.html');
  return [...seen];
}
