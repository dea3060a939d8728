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
 * The files a page in `dir` loads before its Element can mount.
 *
 * Always index.html, its stylesheets and its classic scripts (both hold the
 * parser, or the first paint, until they are in). A page whose HTML carries
 * the early start (src/embed/early.js, inlined: it mounts the Element as
 * soon as Stripe.js and create-intent have answered) needs nothing else; a
 * page without it mounts from the wasm, so its module scripts, preloads and
 * the modules those import statically are in it too. What is fetched later
 * (dynamic imports, lazily loaded wasm) is never in it.
 */
export function firstLoad(dir) {
  const html = fs.readFileSync(path.join(dir, 'index.html'), 'utf8');
  const earlyMount = html.includes('__bookingCheckoutEarly');
  const seen = new Set();
  const add = (rel) => {
    const file = path.join(dir, rel.replace(/^\//, '').split(/[?#]/)[0]);
    if (seen.has(file) || !fs.existsSync(file) || !/\.(html|js|css|wasm)$/.test(file)) return;
    seen.add(file);
    const text = /\.(html|js)$/.test(file) ? fs.readFileSync(file, 'utf8') : '';
    const refs = file.endsWith('.html')
      ? [...text.matchAll(/<(?:script|link)\b[^>]*?\b(?:src|href)="([^"]+)"[^>]*>/g)]
          .filter((m) => !earlyMount || blocking(m[0]))
          .map((m) => m[1])
      : [...text.matchAll(/(?:^|[;\s}])(?:import|export)\s*(?:[\w*{}\s,$]+from\s*)?["']([^"']+)["']/g)].map((m) => m[1]);
    for (const ref of refs) {
      if (/^[a-z]+:/i.test(ref)) continue;
      add(ref.startsWith('/') ? ref : path.posix.join(path.posix.dirname(path.relative(dir, file)), ref));
    }
  };
  add('index.html');
  return [...seen];
}

/** Whether a `<script>` or `<link>` tag holds the parser or the first paint. */
function blocking(tag) {
  if (tag.startsWith('<link')) return /\brel="stylesheet"/.test(tag);
  return !/\b(async|defer)\b|\btype="module"/.test(tag);
}
