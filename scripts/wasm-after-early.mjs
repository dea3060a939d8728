#!/usr/bin/env node
// Trunk post-build hook (Trunk.toml): on a page that carries the early start
// (src/embed/early.js, which mounts the Element before the wasm is needed),
// the wasm is fetched only once the early start's forms are mounted or it has
// given up (`window.__bookingCheckoutFormsMounted`, bounded by early.js). Until
// then Stripe.js, create-intent and the Element's frame have the network and
// the main thread to themselves: on a phone they are what the customer waits
// for, and the wasm is needed only for Pay. Trunk's preload of the wasm is
// dropped for the same reason; the fetch that replaces it keeps its sha384.
//
//   node scripts/wasm-after-early.mjs [dir]   # default: $TRUNK_STAGING_DIR
import fs from 'node:fs';
import path from 'node:path';

const dir = path.resolve(process.argv[2] || process.env.TRUNK_STAGING_DIR || 'dist');
const indexPath = path.join(dir, 'index.html');
let html = fs.readFileSync(indexPath, 'utf8');
if (!html.includes('__bookingCheckoutEarly')) {
  console.log('wasm-after-early: no early start in the page; left as trunk wrote it');
  process.exit(0);
}
const fail = (what) => {
  console.error(`wasm-after-early: ${what} not found in ${indexPath}; trunk's loader has changed`);
  process.exit(1);
};
const preload = /<link rel="preload" href="([^"]+_bg\.wasm)"[^>]*\bintegrity="(sha384-[^"]+)"[^>]*>/.exec(html) || fail('the wasm preload');
const [tag, wasm, integrity] = preload;
html = html.replace(tag, '');
const init = `const wasm = await init({ module_or_path: '${wasm}' });`;
if (!html.includes(init)) fail('the wasm init call');
html = html.replace(
  init,
  () =>
    `await window.__bookingCheckoutFormsMounted;\n` +
    `const wasm = await init({ module_or_path: fetch('${wasm}', { integrity: '${integrity}' }) });`,
);
fs.writeFileSync(indexPath, html);
console.log(`wasm-after-early: ${wasm} starts after the early forms`);
