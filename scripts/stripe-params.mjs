// Every parameter name the reference server sent to Stripe, checked against
// Stripe's API as its Node library publishes it (npm `stripe`, whose
// `*Params` types are generated from Stripe's OpenAPI description).
//
// The server suite, run with STRIPE_REQUEST_LOG=FILE, logs each request its
// Stripe client made (server/tests/api/helpers.rs). This script maps each
// endpoint to its params type, writes every distinct parameter path as a
// TypeScript type lookup with its value (`metadata[booking_id]` becomes
// Exclude<NonNullable<Exclude<NonNullable<P>, ''>['metadata']>, ''>['booking_id']), and runs
// `tsc --strict`: a name Stripe does not have fails. A copy with one name
// turned to camelCase must fail too, so the check is shown to bite.
// An endpoint this table does not know fails: add its params type.
//
// usage: node scripts/stripe-params.mjs target/stripe-requests.jsonl
import fs from 'node:fs';
import path from 'node:path';
import { tscErrors as tsc } from './tsc.mjs';

const ID = '[A-Za-z0-9_]+';
/** [method, path pattern, params type of the `stripe` package], for every
 * endpoint the server calls; a new call adds its row. */
const ENDPOINTS = [
  ['POST', `^/v1/payment_intents$`, 'PaymentIntentCreateParams'],
  ['GET', `^/v1/payment_intents/${ID}$`, 'PaymentIntentRetrieveParams'],
  ['POST', `^/v1/payment_intents/${ID}$`, 'PaymentIntentUpdateParams'],
  ['POST', `^/v1/payment_intents/${ID}/confirm$`, 'PaymentIntentConfirmParams'],
  ['POST', `^/v1/payment_intents/${ID}/cancel$`, 'PaymentIntentCancelParams'],
  ['POST', `^/v1/payment_intents/${ID}/capture$`, 'PaymentIntentCaptureParams'],
  ['POST', `^/v1/refunds$`, 'RefundCreateParams'],
  ['POST', `^/v1/customers$`, 'CustomerCreateParams'],
  ['POST', `^/v1/setup_intents$`, 'SetupIntentCreateParams'],
  ['GET', `^/v1/setup_intents/${ID}$`, 'SetupIntentRetrieveParams'],
  ['POST', `^/v1/setup_intents/${ID}/cancel$`, 'SetupIntentCancelParams'],
].map(([method, re, type]) => ({ method, re: new RegExp(re), type }));

const log = process.argv[2];
if (!log || !fs.existsSync(log)) {
  console.error('usage: node scripts/stripe-params.mjs FILE (written by the server suite with STRIPE_REQUEST_LOG=FILE)');
  process.exit(2);
}

/** Distinct `type key=value` lookups, each with the request that showed it. */
const lookups = new Map();
const unknown = new Set();
let requests = 0;
for (const line of fs.readFileSync(log, 'utf8').split('\n')) {
  if (!line.trim()) continue;
  const r = JSON.parse(line);
  requests += 1;
  const endpoint = ENDPOINTS.find((e) => e.method === r.method && e.re.test(r.path));
  if (!endpoint) {
    unknown.add(`${r.method} ${r.path.replace(/\/(pi|pm|cus|seti|re|ch)_[A-Za-z0-9]+/g, '/{id}')}`);
    continue;
  }
  for (const params of [r.query, r.body]) {
    for (const [key, value] of new URLSearchParams(params || '')) {
      const id = `${endpoint.type} ${key}`;
      if (!lookups.has(id)) lookups.set(id, { type: endpoint.type, key, value, where: `${r.method} ${r.path}` });
    }
  }
}
if (unknown.size) {
  console.error(`stripe-params: endpoints without a params type here: ${[...unknown].join(', ')}`);
  process.exit(1);
}
if (requests === 0 || lookups.size === 0) {
  console.error(`stripe-params: ${log} holds no request with parameters: was the suite run with STRIPE_REQUEST_LOG?`);
  process.exit(1);
}

/** `a[b][0]` → ['a', 'b', 0]; `expand[]` (an array's next element) → ['expand', 0]. */
function segments(key) {
  const m = key.match(/^([^[\]]+)((?:\[[^[\]]*\])*)$/);
  if (!m) throw new Error(`not a form key: ${key}`);
  return [m[1], ...[...m[2].matchAll(/\[([^[\]]*)\]/g)].map((s) => (/^\d*$/.test(s[1]) ? Number(s[1]) : s[1]))];
}

/** The type of parameter `key` of `type`. A parameter Stripe lets you
 * unset with an empty string (`Emptyable<T>`, e.g. a customer's
 * `metadata`) is looked into as its `T`. */
function lookup(type, key) {
  const present = (t) => `Exclude<NonNullable<${t}>, ''>`;
  return segments(key).reduce(
    (t, s) => (typeof s === 'number' ? `${present(t)}[number]` : `${present(t)}[${JSON.stringify(s)}]`),
    `Stripe.${type}`,
  );
}

function literal(value) {
  if (/^-?\d+$/.test(value)) return value;
  if (value === 'true' || value === 'false') return value;
  return JSON.stringify(value);
}

function typescript(entries) {
  return [
    '// Written by scripts/stripe-params.mjs from the requests the server made to Stripe.',
    "import type Stripe from 'stripe';",
    ...entries.map((e, i) => `// ${e.where}\nexport const p${i}: ${lookup(e.type, e.key)} = ${literal(e.value)};`),
    '',
  ].join('\n');
}

const out = path.resolve('target', 'stripe-params');
fs.mkdirSync(out, { recursive: true });
const entries = [...lookups.values()];
const good = path.join(out, 'requests.ts');
fs.writeFileSync(good, typescript(entries));
const errors = tsc(good);
if (errors) {
  console.error(`stripe-params: a parameter the server sends is not in Stripe's API (${good}):\n${errors}`);
  process.exit(1);
}

// The control: `payment_intents` create's `currency` as `Currency` must fail.
const bad = path.join(out, 'mistaken.ts');
const mutated = entries.map((e) => (e.key === 'currency' ? { ...e, key: 'Currency' } : e));
if (!mutated.some((e) => e.key === 'Currency')) {
  console.error('stripe-params: no request sent `currency`, so the control has nothing to mutate');
  process.exit(1);
}
fs.writeFileSync(bad, typescript(mutated));
if (!tsc(bad).includes("'Currency'")) {
  console.error('stripe-params: the control with a mistaken name type-checked: the check does not bite');
  process.exit(1);
}
const names = entries.map((e) => `${e.type}.${e.key}`).join(', ');
console.log(`stripe-params: ${requests} requests, ${entries.length} parameter names, all in Stripe's API: ${names}`);
