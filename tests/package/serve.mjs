#!/usr/bin/env node
// A booking site as an integrator would have it, on 127.0.0.1 only: static
// files (the installed package under /node_modules, the pages under test)
// and a create-intent endpoint. The endpoint is the integration guide's own
// handler (docs/GUIDE.md, extracted to <root>/create-intent.mjs), wired
// to an in-memory "Stripe" that hands out test client secrets; the double
// confirms them in memory. HTML is sent with the guide's CSP header.
//
//   node tests/package/serve.mjs <root> <port>
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const root = path.resolve(process.argv[2] || '.');
const port = Number(process.argv[3] || 8900);
const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.mjs': 'text/javascript', '.css': 'text/css', '.wasm': 'application/wasm', '.json': 'application/json', '.svg': 'image/svg+xml', '.png': 'image/png' };

// What the site knows: one signed-in customer (cookie `session=demo`, or the
// bearer token `demo-token`) and their bookings, priced by the server.
const BOOKINGS = {
  bk_123: { owner: 'alice', amount: 12500, currency: 'eur', status: 'unpaid' },
  bk_456: { owner: 'alice', amount: 8000, currency: 'eur', status: 'unpaid' },
  bk_paid: { owner: 'alice', amount: 9900, currency: 'eur', status: 'paid' },
  bk_bob: { owner: 'bob', amount: 5000, currency: 'eur', status: 'unpaid' },
};
const intents = new Map();
const seen = [];
const deps = {
  currentUser(req) {
    const cookie = /(?:^|;\s*)session=demo(?:;|$)/.test(req.headers.cookie || '');
    const bearer = req.headers.authorization === 'Bearer demo-token';
    return cookie || bearer ? 'alice' : null;
  },
  csrfOk: (req) => !('x-csrf-token' in req.headers) || req.headers['x-csrf-token'] === 'csrf-demo',
  findBooking: async (id) => BOOKINGS[id] || null,
  // The one open PaymentIntent per booking, as Stripe would keep it.
  async paymentIntentFor(id, booking) {
    if (!intents.has(id)) intents.set(id, { client_secret: `pi_${id.replace(/_/g, '')}${intents.size + 1}_secret_test`, amount: booking.amount, currency: booking.currency, status: 'requires_payment_method' });
    return intents.get(id);
  },
};
const { createIntentHandler } = await import(pathToFileURL(path.join(root, 'create-intent.mjs')).href);
const createIntent = createIntentHandler(deps);

const cspFile = path.join(root, 'csp.http');
const pageHeaders = {};
if (fs.existsSync(cspFile)) {
  for (const line of fs.readFileSync(cspFile, 'utf8').split('\n')) {
    const m = line.match(/^([A-Za-z-]+):\s*(.+)$/);
    if (m) pageHeaders[m[1]] = m[2].trim();
  }
}

const server = http.createServer(async (req, res) => {
  const url = new URL(req.url, `http://127.0.0.1:${port}`);
  if (url.pathname === '/api/payments/create-intent') {
    let body = '';
    for await (const chunk of req) body += chunk;
    seen.push({ method: req.method, headers: req.headers, body });
    return createIntent(req, body, res);
  }
  if (url.pathname === '/__seen') {
    res.writeHead(200, { 'Content-Type': 'application/json' });
    return res.end(JSON.stringify(seen));
  }
  let file = path.normalize(path.join(root, decodeURIComponent(url.pathname)));
  if (!file.startsWith(root)) return res.writeHead(403).end();
  if (fs.existsSync(file) && fs.statSync(file).isDirectory()) file = path.join(file, 'index.html');
  if (!fs.existsSync(file)) return res.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found');
  const type = TYPES[path.extname(file)] || 'application/octet-stream';
  const headers = { 'Content-Type': type, 'Cache-Control': 'no-store' };
  if (type.startsWith('text/html')) {
    Object.assign(headers, pageHeaders, { 'Set-Cookie': 'session=demo; Path=/; HttpOnly; SameSite=Lax' });
    if (url.searchParams.has('signed-out')) headers['Set-Cookie'] = 'session=; Path=/; Max-Age=0';
  }
  res.writeHead(200, headers);
  fs.createReadStream(file).pipe(res);
});
server.listen(port, '127.0.0.1', () => console.log(`booking site on http://127.0.0.1:${port}/ serving ${root}`));
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => server.close(() => process.exit(0)));
