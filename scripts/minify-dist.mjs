#!/usr/bin/env node
// Trunk post-build hook (Trunk.toml): minifies the JavaScript of the build
// with terser — the wasm-bindgen glue and snippets (ES modules), our classic
// scripts, the classic scripts inlined into index.html — and rewrites the
// `integrity` hashes index.html holds for files, so every script stays
// integrity-checked (inline ones are hashed for the CSP by the server when it
// reads the page). HTML and CSS are left as trunk wrote them: the server's
// page preparation reads the page's tags.
//
//   node scripts/minify-dist.mjs [dir]   # default: $TRUNK_STAGING_DIR
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { minify } from 'terser';
import { walk } from './files.mjs';

const dir = path.resolve(process.argv[2] || process.env.TRUNK_STAGING_DIR || 'dist');
const indexPath = path.join(dir, 'index.html');
let html = fs.readFileSync(indexPath, 'utf8');
const sri = (bytes) => `sha384-${crypto.createHash('sha384').update(bytes).digest('base64')}`;

// Classic scripts are the ones index.html loads with a plain <script src>; everything else is a module.
const classic = new Set([...html.matchAll(/<script\b(?![^>]*type="module")[^>]*\bsrc="\/([^"]+)"/g)].map((m) => m[1]));
let before = 0;
let after = 0;
for (const file of walk(dir).filter((f) => f.endsWith('.js'))) {
  const rel = path.relative(dir, file).split(path.sep).join('/');
  const source = fs.readFileSync(file, 'utf8');
  const module = !classic.has(rel);
  const out = await minify(source, { module, compress: { passes: 2 }, mangle: true, format: { comments: false } });
  const oldHash = sri(source);
  fs.writeFileSync(file, out.code);
  html = html.split(`integrity="${oldHash}"`).join(`integrity="${sri(out.code)}"`);
  before += Buffer.byteLength(source);
  after += Buffer.byteLength(out.code);
}
// Inline classic scripts are written by trunk as a bare `<script>` tag.
const inline = [...html.matchAll(/<script>([\s\S]*?)<\/script>/g)];
for (const [tag, source] of inline) {
  const out = await minify(source, { module: false, compress: { passes: 2 }, mangle: true, format: { comments: false } });
  html = html.replace(tag, () => `<script>${out.code}</script>`);
  before += Buffer.byteLength(source);
  after += Buffer.byteLength(out.code);
}
fs.writeFileSync(indexPath, html);
console.log(`minify-dist: JavaScript ${before} → ${after} B`);
