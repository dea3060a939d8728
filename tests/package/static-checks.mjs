#!/usr/bin/env node
// The package's types as a consumer sees them, and their agreement with the
// component's source:
// - `tsc --strict` passes over types/consumer.ts (every option, handle
//   method and event), the guide's TypeScript snippet and types/testing.ts;
// - `tsc --strict` fails over types/must-fail.ts with exactly the errors
//   marked there (a wrong option name, a misspelt event, …);
// - every option, error code and event of the source is declared (and the
//   error codes listed at run time and in the guide);
// - the guide's Leptos snippet is the one the browser tests compile and run.
//
//   node tests/package/static-checks.mjs    (after prepare.mjs)
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, '..', '..');
const site = path.join(repo, 'target', 'pkg-consumer');
const pkg = path.join(site, 'node_modules', 'booking-checkout');
const tsc = path.join(repo, 'node_modules', '.bin', 'tsc');
const read = (...p) => fs.readFileSync(path.join(...p), 'utf8');
let passed = 0;
const failures = [];
const check = (name, ok, why = '') => {
  if (ok) passed += 1;
  else failures.push(`${name}${why ? `: ${why}` : ''}`);
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${name}${ok || !why ? '' : `\n     ${why}`}`);
};

function runTsc(config) {
  try {
    execFileSync(tsc, ['-p', path.join(site, 'types', config)], { encoding: 'utf8', stdio: 'pipe' });
    return { ok: true, out: '' };
  } catch (e) {
    return { ok: false, out: `${e.stdout}${e.stderr}` };
  }
}

for (const config of ['tsconfig.json', 'tsconfig.testing.json']) {
  const r = runTsc(config);
  check(`tsc --strict passes: ${config}`, r.ok, r.out.trim().split('\n').slice(0, 5).join('\n     '));
}

// The must-fail file: every marked line fails with its code, nothing else fails.
{
  const r = runTsc('tsconfig.fail.json');
  const source = read(site, 'types', 'must-fail.ts').split('\n');
  const expected = new Set();
  source.forEach((line, i) => {
    const m = line.match(/\/\/ error: (TS\d+)$/);
    if (m) expected.add(`${i + 1} ${m[1]}`);
  });
  const got = new Set([...r.out.matchAll(/must-fail\.ts\((\d+),\d+\): error (TS\d+)/g)].map((m) => `${m[1]} ${m[2]}`));
  const missing = [...expected].filter((e) => !got.has(e));
  const extra = [...got].filter((e) => !expected.has(e));
  check('tsc --strict fails over must-fail.ts', !r.ok);
  check(`each of the ${expected.size} marked mistakes is an error`, missing.length === 0, `not reported (line code): ${missing.join(', ')}`);
  check('no error on an unmarked line', extra.length === 0, `unexpected (line code): ${extra.join(', ')}`);
}

const dts = read(pkg, 'index.d.ts');
const consumer = read(site, 'types', 'consumer.ts');

// Options and attributes: OPTIONS in src/config/attributes.rs (whose own
// tests hold index.d.ts, element.js and early.js to it; here, consumer.ts).
{
  const fields = [...read(repo, 'src', 'config', 'attributes.rs').matchAll(/attribute: "([a-z-]+)", option: "([A-Za-z]+)"/g)].map((m) => ({ attr: m[1], opt: m[2] }));
  check('the source lists the options', fields.length >= 14, `found ${fields.length}`);
  const attrsBlock = dts.slice(dts.indexOf('interface BookingCheckoutAttributes'), dts.indexOf('interface BookingCheckoutElement'));
  const undeclaredOpt = fields.filter((f) => !new RegExp(`\\b${f.opt}\\??:`).test(dts)).map((f) => f.opt);
  const undeclaredAttr = fields.filter((f) => !attrsBlock.includes(f.attr.includes('-') ? `'${f.attr}'` : `${f.attr}`)).map((f) => f.attr);
  const unused = fields.filter((f) => !new RegExp(`\\b${f.opt}:`).test(consumer) || !consumer.includes(f.attr.includes('-') ? `'${f.attr}'` : `${f.attr}:`)).map((f) => f.opt);
  check('every option is declared', undeclaredOpt.length === 0, undeclaredOpt.join(', '));
  check('every attribute is declared', undeclaredAttr.length === 0, undeclaredAttr.join(', '));
  check('consumer.ts uses every option and attribute', unused.length === 0, unused.join(', '));
}

// The handle: the `pub fn`s of `impl CheckoutHandle` in src/embed.rs,
// under their JS names (`js_name`, else the Rust name as wasm-bindgen keeps
// it), against the members the declaration names outside its comments.
{
  const src = read(repo, 'src', 'embed.rs');
  const block = src.slice(src.indexOf('impl CheckoutHandle'), src.indexOf('\n}\n', src.indexOf('impl CheckoutHandle')));
  const members = new Set([...block.matchAll(/(?:js_name = (\w+)\)\]\s*)?pub fn (\w+)/g)].map((m) => m[1] || m[2]));
  const decl = dts.slice(dts.indexOf('class CheckoutHandle'), dts.indexOf('\n}\n', dts.indexOf('class CheckoutHandle')));
  const code = decl.replace(/\/\*[\s\S]*?\*\//g, '').replace(/\/\/.*$/gm, '');
  // wasm-bindgen adds `free()` (and the private constructor) to every exported class.
  const declared = new Set([...code.matchAll(/^\s*(?:readonly\s+)?(\w+)\s*[(:]/gm)].map((m) => m[1]).filter((m) => m !== 'free' && m !== 'constructor'));
  const undeclared = [...members].filter((m) => !declared.has(m));
  const stale = [...declared].filter((m) => !members.has(m));
  const unused = [...members].filter((m) => !new RegExp(`handle\\.${m}\\b`).test(consumer));
  check(`the source has handle methods (${members.size})`, members.size >= 7, [...members].join(', '));
  check('CheckoutHandle declares every method and property of the source', undeclared.length === 0, undeclared.join(', '));
  check('CheckoutHandle declares nothing the source lacks', stale.length === 0, stale.join(', '));
  check('consumer.ts uses every handle method and property', unused.length === 0, unused.join(', '));
}

// Error codes: the `code()` functions of src/errors.rs and src/errors/.
{
  const dir = path.join(repo, 'src', 'errors');
  const files = [path.join(repo, 'src', 'errors.rs'), ...(fs.existsSync(dir) ? fs.readdirSync(dir).map((f) => path.join(dir, f)) : [])];
  const errors = files.map((f) => fs.readFileSync(f, 'utf8')).join('\n');
  const codeFns = [...errors.matchAll(/fn code\(&?self\) -> &'static str \{([\s\S]*?)\n    \}/g)].map((m) => m[1]);
  const source = new Set(codeFns.flatMap((body) => [...body.matchAll(/=> (?:[^"\n]*?)"([a-z_]+)"/g)].map((m) => m[1])));
  const declared = new Set(
    [...dts.matchAll(/export type (?:CheckoutErrorCode|LoadErrorCode|StripeErrorCode|ServerErrorCode) =([\s\S]*?);/g)].flatMap((m) => [...m[1].matchAll(/'([a-z_]+)'/g)].map((x) => x[1])),
  );
  const { CHECKOUT_ERROR_CODES } = await import(pathToFileURL(path.join(pkg, 'index.js')).href).catch(() => ({}));
  const runtime = new Set(CHECKOUT_ERROR_CODES || read(pkg, 'index.js').match(/CHECKOUT_ERROR_CODES = Object\.freeze\(\[([\s\S]*?)\]\)/)[1].match(/[a-z_]+/g));
  const guide = read(repo, 'docs', 'GUIDE.md');
  const same = (a, b) => a.size === b.size && [...a].every((x) => b.has(x));
  check(`the source has error codes (${source.size})`, source.size >= 20);
  check('the declared CheckoutErrorCode union is exactly the source codes', same(source, declared), `source only: ${[...source].filter((c) => !declared.has(c))}; declared only: ${[...declared].filter((c) => !source.has(c))}`);
  check('CHECKOUT_ERROR_CODES is exactly the source codes', same(source, runtime));
  const unlisted = [...source].filter((c) => !guide.includes(`\`${c}\``));
  check('the guide names every error code', unlisted.length === 0, unlisted.join(', '));
}

// Languages: Locale::stripe_tag in src/i18n/locale.rs.
{
  const i18n = read(repo, 'src', 'i18n', 'locale.rs');
  const body = i18n.slice(i18n.indexOf('fn stripe_tag'), i18n.indexOf('\n    }\n', i18n.indexOf('fn stripe_tag')));
  const tags = [...body.matchAll(/=> "([a-z-]+)"/g)].map((m) => m[1]);
  const union = dts.match(/export type CheckoutLocale =([^;]*);/)[1];
  const guide = read(repo, 'docs', 'GUIDE.md');
  check(`the source has languages (${tags.length})`, tags.length >= 2);
  const missing = tags.filter((t) => !union.includes(`'${t}'`));
  check('CheckoutLocale names every language', missing.length === 0, missing.join(', '));
  const unlisted = tags.filter((t) => !guide.includes(`\`${t}\``));
  check('the guide names every language', unlisted.length === 0, unlisted.join(', '));
}

// Events: src/checkout/host_events.rs.
{
  const events = new Set([...read(repo, 'src', 'checkout', 'host_events.rs').matchAll(/"(checkout:[a-z]+)"/g)].map((m) => m[1]));
  const map = dts.slice(dts.indexOf('interface CheckoutEventMap'), dts.indexOf('interface BookingCheckoutAttributes'));
  const missing = [...events].filter((e) => !map.includes(`'${e}'`));
  check(`every event is in CheckoutEventMap (${events.size})`, events.size === 3 && missing.length === 0, missing.join(', '));
  // The succeeded detail's fields: the keys its JsObject builder sets.
  const hostEvents = read(repo, 'src', 'checkout', 'host_events.rs');
  const builder = hostEvents.slice(hostEvents.indexOf('fn succeeded_detail'), hostEvents.indexOf('\n}\n', hostEvents.indexOf('fn succeeded_detail')));
  const fields = [...builder.matchAll(/\.set(?:_some)?\("(\w+)"/g)].map((m) => m[1]);
  const detailDecl = dts.slice(dts.indexOf('type CheckoutSucceededDetail'), dts.indexOf('interface CheckoutFailedDetail'));
  const undeclared = fields.filter((f) => !new RegExp(`\\b${f}\\??:`).test(detailDecl));
  check(`CheckoutSucceededDetail declares every field (${fields.join(', ')})`, fields.length >= 2 && undeclared.length === 0, undeclared.join(', '));
  const unused = [...events].filter((e) => !consumer.includes(`'${e}'`));
  check('consumer.ts listens to every event', unused.length === 0, unused.join(', '));
}

// The test kit: every knob the shipped double documents can be set through
// useStripeDouble (typed), so the kit keeps up with the double it copies.
{
  const header = read(pkg, 'testing', 'stripe.js').split('*/')[0];
  const knobs = [...header.matchAll(/^ \*   ([a-zA-Z]+) /gm)].map((m) => m[1]);
  const kit = read(pkg, 'testing', 'index.js').match(/BEHAVIOUR_KEYS = \[([\s\S]*?)\];/)[1];
  const kitTypes = read(pkg, 'testing', 'index.d.ts');
  const behaviourBlock = kitTypes.slice(kitTypes.indexOf('interface StripeDoubleBehaviour'), kitTypes.indexOf('interface StripeDoubleOptions'));
  check(`the double documents its knobs (${knobs.length})`, knobs.length >= 8);
  const unsettable = knobs.filter((k) => !kit.includes(`'${k}'`));
  check('useStripeDouble accepts every knob of the double', unsettable.length === 0, unsettable.join(', '));
  const untyped = knobs.filter((k) => !new RegExp(`\\b${k}\\?:`).test(behaviourBlock));
  check('StripeDoubleBehaviour types every knob of the double', untyped.length === 0, untyped.join(', '));
}

// The guide's Leptos snippet: compiled and run by tests/leptos.rs.
{
  const { checks } = JSON.parse(read(site, 'guide-checks.json'));
  for (const c of checks) {
    const target = read(repo, c.against);
    const lines = c.code.split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('use '));
    let at = 0;
    const lost = lines.filter((l) => {
      const i = target.indexOf(l, at);
      if (i < 0) return true;
      at = i + l.length;
      return false;
    });
    check(`docs/GUIDE.md:${c.line} is the code ${c.against} runs`, lost.length === 0, `not found in order: ${lost.join(' | ')}`);
  }
}

// The package's own README: every line of its code blocks is a line of a
// snippet the tests run (the guide's pages and specs, the README's test).
{
  const { codeBlocks } = await import('./snippets.mjs');
  const tested = [...codeBlocks(path.join(repo, 'docs', 'GUIDE.md')), ...codeBlocks(path.join(repo, 'README.md'))]
    .filter((b) => b.attrs.file)
    .flatMap((b) => b.code.split('\n').map((l) => l.trim()));
  const lines = codeBlocks(path.join(repo, 'pkg', 'README.md')).flatMap((b) => b.code.split('\n').map((l) => l.trim()).filter(Boolean));
  const untested = lines.filter((l) => !tested.some((t) => t === l || t.includes(l)));
  check(`pkg/README.md: its ${lines.length} lines of code are tested snippets`, untested.length === 0, untested.join(' | '));
}

console.log(`\nstatic checks: ${passed} passed, ${failures.length} failed`);
if (failures.length) process.exit(1);
