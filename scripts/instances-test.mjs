#!/usr/bin/env node
// Several instances of the reference server, as an operator runs them: two
// `booking-server` processes on one PostgreSQL database, haproxy (Debian's)
// in front of them on loopback, and Stripe (localstripe behind
// scripts/run_localstripe.py, which keeps Stripe's idempotency rules)
// answering 300 ms late. Checks, each bounded in count and time:
//
//  1. 20 concurrent create-intents for one booking, through the balancer
//     (so split across both): every answer 200 with one client secret, and
//     exactly one intent created at Stripe;
//  2. one webhook event delivered 5 times to each instance: applied once;
//  3. SIGTERM to one instance while create-intents for 10 bookings run:
//     the other keeps answering, and no booking has two intents;
//  4. logs an operator can ship: written to a file, the text format has no
//     colour codes, and LOG_FORMAT=json (instance b) writes one JSON
//     object per line, with the request id.
//
// Everything started is stopped by PID at the end, whatever happens.
//
//   node scripts/instances-test.mjs     # INSTANCES_PORT (8700) to INSTANCES_PORT+5;
//                                       # SERVER_BIN as scripts/e2e-server.sh takes it
import { spawn, execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const base = Number(process.env.INSTANCES_PORT || 8700);
const ports = { balancer: base, a: base + 1, b: base + 2, stripe: base + 3, postgres: base + 4, stats: base + 5 };
const SECRET_KEY = 'sk_test_instances_only';
const WEBHOOK_SECRET = 'whsec_instances_only';
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'booking-instances-'));
// PostgreSQL runs as its own user (scripts/postgres.sh) and must reach its data directory.
fs.chmodSync(dir, 0o755);
const started = [];
let postgresDir;
let failed = 0;
let passed = 0;

const check = (ok, what) => {
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${what}`);
  if (ok) passed++;
  else failed++;
};

/** Starts `cmd`, logging to a file; stopped by PID at the end. */
function start(name, cmd, args, env = {}) {
  const log = fs.openSync(path.join(dir, `${name}.log`), 'w');
  const child = spawn(cmd, args, { env: { ...process.env, ...env }, stdio: ['pipe', log, log] });
  started.push({ name, child });
  return child;
}

/** Waits (bounded) until `url` answers at all. */
async function reachable(url, what, ms = 20_000) {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    try {
      await fetch(url, { signal: AbortSignal.timeout(1000) });
      return;
    } catch {
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  throw new Error(`${what} did not answer at ${url} within ${ms} ms`);
}

/** A client that keeps its session cookie, talking to `origin`. */
function client(origin) {
  let cookie = '';
  return async (method, p, body, extra = {}) => {
    const res = await fetch(origin + p, {
      method,
      headers: { 'Content-Type': 'application/json', ...(cookie && { cookie }), ...extra },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(30_000),
    });
    const set = res.headers.get('set-cookie');
    if (set) cookie = set.split(';')[0];
    const text = await res.text();
    let json = null;
    try { json = JSON.parse(text); } catch { /* not JSON */ }
    return { status: res.status, json };
  };
}

/** The intents localstripe holds for `booking`. */
async function intentsAtStripe(booking) {
  const res = await fetch(`http://127.0.0.1:${ports.stripe}/v1/payment_intents?limit=100`, {
    headers: { Authorization: `Bearer ${SECRET_KEY}` },
  });
  const list = await res.json();
  return list.data.filter((pi) => pi.metadata && pi.metadata.booking_id === booking);
}

function signed(event) {
  const payload = JSON.stringify(event);
  const t = Math.floor(Date.now() / 1000);
  const v1 = crypto.createHmac('sha256', WEBHOOK_SECRET).update(`${t}.${payload}`).digest('hex');
  return { payload, header: `t=${t},v1=${v1}` };
}

try {
  // --- the stack --------------------------------------------------------------
  postgresDir = path.join(dir, 'pg');
  const admin = execFileSync('scripts/postgres.sh', ['start', postgresDir, String(ports.postgres)], { encoding: 'utf8' }).trim();
  start('localstripe', 'python3', ['scripts/run_localstripe.py', String(ports.stripe), '--exit-with-stdin', '--latency', '300']);
  await reachable(`http://127.0.0.1:${ports.stripe}/`, 'localstripe');
  execFileSync('curl', ['-sf', '-X', 'POST', `http://127.0.0.1:${ports.stripe}/_config/webhooks/instances`,
    '-d', `url=http://127.0.0.1:${ports.balancer}/api/payments/webhook`, '-d', `secret=${WEBHOOK_SECRET}`,
    '-d', 'events[]=payment_intent.succeeded'], { stdio: 'ignore' });

  const dist = path.join(dir, 'dist');
  fs.mkdirSync(dist);
  fs.writeFileSync(path.join(dist, 'index.html'), '<!doctype html><html><head></head><body><booking-checkout publishable-key="pk_test_bookingCheckoutDemo"></booking-checkout></body></html>');
  const server = process.env.SERVER_BIN || 'target/debug/booking-server';
  const env = (port) => ({
    DEMO: '1', BIND: `127.0.0.1:${port}`, DATABASE_URL: admin, DIST_DIR: dist,
    STRIPE_SECRET_KEY: SECRET_KEY, STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET,
    STRIPE_PUBLISHABLE_KEY: 'pk_test_bookingCheckoutDemo', STRIPE_API_BASE: `http://127.0.0.1:${ports.stripe}`,
    CREATE_INTENT_BURST: '1000', RUST_LOG: 'info',
  });
  // One after the other: the first runs the migrations.
  const a = start('instance-a', server, [], env(ports.a));
  await reachable(`http://127.0.0.1:${ports.a}/api/session`, 'instance a');
  start('instance-b', server, [], { ...env(ports.b), LOG_FORMAT: 'json' });
  await reachable(`http://127.0.0.1:${ports.b}/api/session`, 'instance b');

  fs.writeFileSync(path.join(dir, 'haproxy.cfg'), `global
  maxconn 512
defaults
  mode http
  timeout connect 2s
  timeout client 30s
  timeout server 30s
  retries 3
  option redispatch
  # A new connection to an instance per request, and a request that a
  # stopping instance accepted but never answered (it was still in its
  # listen queue) is sent to the other: every route is safe to repeat
  # (create-intent hands out the booking's one intent, webhooks are
  # deduplicated).
  option http-server-close
  retry-on conn-failure empty-response
frontend booking
  bind 127.0.0.1:${ports.balancer}
  default_backend instances
backend instances
  balance roundrobin
  server a 127.0.0.1:${ports.a} check inter 500ms fall 1 rise 1
  server b 127.0.0.1:${ports.b} check inter 500ms fall 1 rise 1
`);
  start('haproxy', 'haproxy', ['-db', '-f', path.join(dir, 'haproxy.cfg')]);
  await reachable(`http://127.0.0.1:${ports.balancer}/api/session`, 'haproxy');

  const api = client(`http://127.0.0.1:${ports.balancer}`);
  const signIn = await api('POST', '/api/session', { email: 'alice@example.com', password: 'alice-demo-password' });
  if (signIn.status !== 200) throw new Error(`sign-in through the balancer: ${signIn.status}`);
  const book = async () => {
    const made = await api('POST', '/api/bookings', { room: 'sea-view', nights: 2 });
    if (made.status !== 201) throw new Error(`booking: ${made.status} ${JSON.stringify(made.json)}`);
    return made.json.id;
  };

  // --- 1. one intent for 20 concurrent create-intents --------------------------
  const booking = await book();
  const answers = await Promise.all(Array.from({ length: 20 }, () => api('POST', '/api/payments/create-intent', { booking_id: booking })));
  const secrets = new Set(answers.map((r) => r.json && r.json.client_secret));
  check(answers.every((r) => r.status === 200), `20 concurrent create-intents through the balancer: all 200 (${answers.map((r) => r.status).join(' ')})`);
  check(secrets.size === 1, `one client secret for all 20 (${secrets.size} seen)`);
  const intents = await intentsAtStripe(booking);
  check(intents.length === 1, `exactly one intent created at Stripe (${intents.length})`);

  // --- 2. a webhook event delivered 5 times to each instance: applied once ----
  const pi = intents[0];
  const event = {
    id: `evt_instances_${crypto.randomBytes(6).toString('hex')}`,
    type: 'payment_intent.succeeded',
    created: Math.floor(Date.now() / 1000),
    data: { object: { id: pi.id, object: 'payment_intent', status: 'succeeded', amount: pi.amount, currency: pi.currency } },
  };
  const deliveries = [];
  for (let i = 0; i < 5; i++) {
    for (const port of [ports.a, ports.b]) {
      const { payload, header } = signed(event);
      deliveries.push(fetch(`http://127.0.0.1:${port}/api/payments/webhook`, {
        method: 'POST', headers: { 'Content-Type': 'application/json', 'Stripe-Signature': header }, body: payload,
        signal: AbortSignal.timeout(15_000),
      }).then((r) => r.status));
    }
  }
  const statuses = await Promise.all(deliveries);
  check(statuses.every((s) => s === 200), `10 deliveries answered 200 (${statuses.join(' ')})`);
  const logs = ['instance-a', 'instance-b'].map((n) => fs.readFileSync(path.join(dir, `${n}.log`), 'utf8')).join('\n');
  const applied = (logs.match(/webhook_applied/g) || []).length;
  const duplicates = (logs.match(/webhook_duplicate/g) || []).length;
  check(applied === 1 && duplicates === 9, `applied once, 9 duplicates (applied ${applied}, duplicates ${duplicates})`);
  const paid = await api('GET', `/api/bookings/${booking}`);
  check(paid.json && paid.json.status === 'paid', `the booking is paid (${paid.status} ${JSON.stringify(paid.json)})`);

  // --- 3. SIGTERM to one instance under load -----------------------------------
  const bookings = [];
  for (let i = 0; i < 10; i++) bookings.push(await book());
  const stopped = new Promise((r) => a.once('exit', () => r(true)));
  // Four rounds, one after the other; SIGTERM while the second is in flight.
  const underLoad = [];
  for (let round = 0; round < 4; round++) {
    const batch = bookings.map((id) => api('POST', '/api/payments/create-intent', { booking_id: id }));
    if (round === 1) a.kill('SIGTERM');
    underLoad.push(...(await Promise.all(batch)));
  }
  const exited = await Promise.race([stopped, new Promise((r) => setTimeout(() => r(false), 15_000))]);
  check(exited, 'instance a stopped on SIGTERM');
  check(underLoad.every((r) => r.status === 200), `40 create-intents while instance a stopped: all 200 (${underLoad.map((r) => r.status).join(' ')})`);
  const after = await Promise.all(bookings.map((id) => api('POST', '/api/payments/create-intent', { booking_id: id })));
  check(after.every((r) => r.status === 200), 'instance b answers alone');
  const counts = await Promise.all(bookings.map(async (id) => (await intentsAtStripe(id)).length));
  check(counts.every((n) => n === 1), `no booking has two intents (${counts.join(' ')})`);

  // --- 4. logs ---------------------------------------------------------------
  const text = fs.readFileSync(path.join(dir, 'instance-a.log'), 'utf8');
  check(text.length > 0 && !text.includes('\x1b['), 'text logs in a file carry no colour codes');
  const lines = fs.readFileSync(path.join(dir, 'instance-b.log'), 'utf8').split('\n').filter(Boolean);
  const parsed = lines.map((l) => { try { return JSON.parse(l); } catch { return null; } });
  check(lines.length > 0 && parsed.every((o) => o && o.timestamp && o.level), `LOG_FORMAT=json: every line a JSON object (${lines.length} lines)`);
  const served = parsed.filter((o) => o && o.span && o.span.request_id);
  check(served.length > 0 && served.every((o) => /^[0-9a-f]{16}$/.test(o.span.request_id)), `JSON lines keep the request id (${served.length})`);
} catch (e) {
  console.error(e);
  failed++;
} finally {
  for (const { child } of started.reverse()) {
    if (child.exitCode === null) child.kill('SIGKILL');
  }
  if (postgresDir) {
    try { execFileSync('scripts/postgres.sh', ['stop', postgresDir]); } catch { /* already stopped */ }
  }
  if (failed) console.log(`logs kept in ${dir}`);
  else fs.rmSync(dir, { recursive: true, force: true });
}
console.log(`instances: ${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
