#!/usr/bin/env node
// Checks on the release build and the repository that must fail CI when broken:
//  1. no secret-shaped string in any built file or any tracked file
//     (gitleaks' stripe-access-token pattern and whsec_ secrets);
//  2. the brotli size of the shipped wasm + js, and of the first load (what
//     the page needs before the Element can mount, html and css included:
//     scripts/files.mjs firstLoad), stay within 5 % of budget.json;
//  3. no built file names a path of the machine that built it (cargo's
//     registry, rustup's toolchains, this checkout, the home directory):
//     scripts/env.sh remaps them for the wasm build.
//
//   node scripts/check-dist.mjs            # dist/, the default build
//   node scripts/check-dist.mjs dist-std   # the opt-in build-std build, its own budget
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { brotliBytes, firstLoad, walk } from './files.mjs';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const which = process.argv[2] || 'dist';
const dist = path.join(root, which);
const budgetKey = which === 'dist-std' ? 'build_std_wasm_js_brotli_bytes' : 'wasm_js_brotli_bytes';
const SECRET = /\b(?:sk|rk)_(?:test|live|prod)_[A-Za-z0-9]{10,99}|whsec_[A-Za-z0-9]{10,}/;
let failed = 0;
const fail = (msg) => {
  console.error(`check-dist: FAIL ${msg}`);
  failed++;
};

const built = walk(dist);
const tracked = execFileSync('git', ['ls-files', '-z'], { cwd: root }).toString().split('\0').filter(Boolean)
  .map((f) => path.join(root, f)).filter((f) => fs.existsSync(f) && !f.endsWith('.lock') && !f.endsWith('package-lock.json'));
const leaky = [...built, ...tracked].filter((file) => SECRET.test(fs.readFileSync(file).toString('latin1')));
for (const file of leaky) fail(`secret-shaped string in ${path.relative(root, file)}`);
if (!leaky.length) console.log(`check-dist: secret scan: ${built.length} built + ${tracked.length} tracked files clean`);

const budget = JSON.parse(fs.readFileSync(path.join(root, 'budget.json'), 'utf8'));
/** Fails when the brotli bytes of `files` are more than 5 % over `budget[key]`. */
function withinBudget(what, files, key) {
  const bytes = brotliBytes(files);
  const limit = Math.floor(budget[key] * 1.05);
  console.log(`check-dist: ${which} ${what} brotli ${bytes} B (budget ${budget[key]} B, limit +5 % = ${limit} B)`);
  if (bytes > limit) fail(`${what} brotli ${bytes} B exceeds ${limit} B; shrink it or raise budget.json with a reason`);
}
withinBudget('wasm+js', built.filter((f) => /\.(wasm|js)$/.test(f)), budgetKey);
// The first load (html, js, css and wasm the page needs before the Element can mount) has a budget of its own.
withinBudget('first load', firstLoad(dist), which === 'dist-std' ? 'build_std_first_load_brotli_bytes' : 'first_load_brotli_bytes');

const home = process.env.HOME || '/root';
const machinePaths = [
  process.env.CARGO_HOME || path.join(home, '.cargo'),
  process.env.RUSTUP_HOME || path.join(home, '.rustup'),
  root,
  home,
].filter((p) => p && p !== '/');
const naming = built.flatMap((file) => {
  const text = fs.readFileSync(file).toString('latin1');
  return machinePaths.filter((p) => text.includes(`${p}/`)).map((p) => `${path.relative(root, file)} names ${p}/`);
});
for (const hit of naming) fail(hit);
if (!naming.length) console.log(`check-dist: no build machine path in ${built.length} built files`);

if (failed) process.exit(1);
console.log('check-dist: 4 checks passed, 0 failed');
