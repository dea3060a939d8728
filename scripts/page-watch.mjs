#!/usr/bin/env node
// Payment-page change detection (PCI DSS 11.6.1): fetches the served payment
// page, reduces it to what matters for security — its security headers, its
// Content-Security-Policy directive by directive, and every script it
// references or inlines — and compares that with a committed snapshot.
// Prints the differences and exits 1 on any change (2 if the page cannot be
// fetched), so a scheduled job alerts on an unapproved change. After a
// reviewed change, `--update` writes the new snapshot.
//
// Build-specific values are normalised so the committed snapshot holds
// across releases: content hashes in file names become {hash}, and the
// CSP's 'sha256-…' sources become a count. What they protect is checked
// live instead: every same-origin script's body must match its `integrity`,
// and every inline script must be admitted by a sha256 in the CSP. With
// `--exact`, hashes are kept, for a byte-level baseline of one deployment.
//
//   node scripts/page-watch.mjs <page-url> [--snapshot file] [--update] [--exact]
//
// Only the page's own origin is fetched (its scripts); nothing else.
import crypto from 'node:crypto';
import fs from 'node:fs';

const HEADERS = [
  'content-security-policy',
  'content-security-policy-report-only',
  'reporting-endpoints',
  'x-content-type-options',
  'referrer-policy',
  'strict-transport-security',
  'x-frame-options',
  'permissions-policy',
  'cross-origin-opener-policy',
  'cross-origin-embedder-policy',
];

function usage(code) {
  console.log('usage: node scripts/page-watch.mjs <page-url> [--snapshot file] [--update] [--exact]');
  process.exit(code);
}

const args = process.argv.slice(2);
if (args.includes('--help')) usage(0);
const url = args.find((a) => /^https?:\/\//.test(a));
if (!url) usage(2);
const flag = (name) => args.includes(name);
const snapshotPath = args.includes('--snapshot') ? args[args.indexOf('--snapshot') + 1] : 'docs/page-snapshot.json';
const exact = flag('--exact');

const sha = (alg, bytes) => `${alg}-${crypto.createHash(alg).update(bytes).digest('base64')}`;
const normalise = (s) => (exact ? s : s.replace(/-[0-9a-f]{8,16}(?=(_bg)?\.|\/)/g, '-{hash}'));

/** The page reduced to its security-relevant facts, plus live problems found. */
async function observe(pageUrl) {
  const res = await fetch(pageUrl, { redirect: 'manual' });
  if (res.status !== 200) throw new Error(`GET ${pageUrl} answered ${res.status}`);
  const html = await res.text();
  const headers = {};
  for (const name of HEADERS) {
    const v = res.headers.get(name);
    if (v !== null && name !== 'content-security-policy') headers[name] = v;
  }
  const csp = {};
  const hashes = [];
  for (const directive of (res.headers.get('content-security-policy') || '').split(';')) {
    const [name, ...sources] = directive.trim().split(/\s+/);
    if (!name) continue;
    const kept = sources.filter((s) => !/^'sha(256|384|512)-/.test(s) || exact);
    hashes.push(...sources.filter((s) => /^'sha256-/.test(s)));
    const count = sources.length - kept.length;
    csp[name] = [...kept, ...(count ? [`'sha256-…' ×${count}`] : [])].join(' ');
  }
  const problems = [];
  const scripts = [];
  const origin = new URL(pageUrl).origin;
  for (const m of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)) {
    const src = /\bsrc="([^"]+)"/.exec(m[1])?.[1];
    if (src) {
      scripts.push(await external(src, /\bintegrity="([^"]+)"/.exec(m[1])?.[1], 'script'));
    } else {
      const hash = sha('sha256', m[2]);
      if (!hashes.includes(`'${hash}'`)) problems.push(`an inline script is not admitted by a CSP hash: ${m[2].slice(0, 60)}`);
      scripts.push({ inline: exact ? hash : `${m[2].length > 0 ? 'code' : 'empty'} (${firstWords(m[2])})` });
    }
  }
  for (const m of html.matchAll(/<link\b[^>]*rel="modulepreload"[^>]*>/g)) {
    scripts.push(await external(/\bhref="([^"]+)"/.exec(m[0])[1], /\bintegrity="([^"]+)"/.exec(m[0])?.[1], 'modulepreload'));
  }
  return { snapshot: { url: normalise(new URL(pageUrl).pathname), headers, csp, scripts }, problems };

  async function external(ref, integrity, kind) {
    const abs = new URL(ref, pageUrl);
    const entry = { [kind]: abs.origin === origin ? normalise(abs.pathname + abs.search) : abs.href };
    if (abs.origin !== origin) return entry;
    entry.integrity = integrity ? (exact ? integrity : 'present') : 'missing';
    if (!integrity) problems.push(`${abs.pathname} has no integrity hash`);
    else {
      const body = Buffer.from(await (await fetch(abs)).arrayBuffer());
      const alg = integrity.split('-')[0];
      if (sha(alg, body) !== integrity) problems.push(`${abs.pathname} does not match its integrity hash`);
    }
    return entry;
  }
}

/** A stable name for an inline script: its first identifiers, hashes excluded. */
function firstWords(code) {
  return (code.match(/[A-Za-z_$][\w$]{3,}/g) || []).filter((w) => !/[0-9a-f]{8}/.test(w)).slice(0, 4).join(' ');
}

/** Lines describing how `now` differs from `was`. */
function diff(was, now, at = '') {
  const out = [];
  const keys = new Set([...Object.keys(was || {}), ...Object.keys(now || {})]);
  for (const k of keys) {
    const a = was?.[k];
    const b = now?.[k];
    const here = Array.isArray(now) || Array.isArray(was) ? `${at}[${k}]` : at ? `${at}.${k}` : k;
    if (typeof a === 'object' && typeof b === 'object' && a && b) out.push(...diff(a, b, here));
    else if (JSON.stringify(a) !== JSON.stringify(b)) {
      if (a !== undefined) out.push(`- ${here}: ${JSON.stringify(a)}`);
      if (b !== undefined) out.push(`+ ${here}: ${JSON.stringify(b)}`);
    }
  }
  return out;
}

let observed;
try {
  observed = await observe(url);
} catch (e) {
  console.error(`page-watch: ${e.message}`);
  process.exit(2);
}
if (flag('--update')) {
  fs.writeFileSync(snapshotPath, `${JSON.stringify(observed.snapshot, null, 2)}\n`);
  console.log(`page-watch: snapshot written to ${snapshotPath}`);
}
const baseline = JSON.parse(fs.readFileSync(snapshotPath, 'utf8'));
const changes = diff(baseline, observed.snapshot);
for (const p of observed.problems) console.log(`! ${p}`);
for (const c of changes) console.log(c);
if (changes.length || observed.problems.length) {
  console.log(`page-watch: ${url} CHANGED (${changes.length} difference(s), ${observed.problems.length} problem(s)) against ${snapshotPath}`);
  process.exit(1);
}
console.log(`page-watch: ${url} matches ${snapshotPath} (${observed.snapshot.scripts.length} scripts, ${Object.keys(observed.snapshot.csp).length} CSP directives)`);
