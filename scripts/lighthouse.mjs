#!/usr/bin/env node
// Lighthouse (npm `lighthouse`, its desktop preset with simulated
// throttling) on the demo page, in Debian's Chromium, checking performance,
// accessibility and best practices >= 95.
//
// How the page is served: the reference server with localstripe
// (scripts/e2e-server.sh, the release build in dist/), a signed-in customer
// and a fresh booking, so the audit sees the checkout ready for a card.
// js.stripe.com cannot be reached from this machine: puppeteer-core (the
// driver Lighthouse itself uses) intercepts requests to https://js.stripe.com/
// and answers them with the repository's Stripe.js test double; every other
// request goes through untouched, and any host other than 127.0.0.1 fails at
// once. Interception holds each request briefly, so the measured page is, if
// anything, slower than served directly.
//
//   node scripts/lighthouse.mjs      # LH_PORT (8910) and LH_PORT+1 for the stack;
//                                    # E2E_DIST and SERVER_BIN as scripts/e2e-server.sh takes them
import fs from 'node:fs';
import lighthouse, { desktopConfig } from 'lighthouse';
import puppeteer from 'puppeteer-core';
import { startStack } from './e2e-stack.mjs';
import { CHROMIUM } from './chromium.mjs';

const MIN = 95;
const port = Number(process.env.LH_PORT || 8910);
const double = fs.readFileSync('tests/stripe-double/stripe.js', 'utf8');

const origin = await startStack(port);
let browser;
let failed = false;
try {
  browser = await puppeteer.launch({ ...CHROMIUM, headless: true });
  const page = await browser.newPage();
  // The double confirms through the demo's offline Stripe API, as in the demo.
  await page.evaluateOnNewDocument(() => {
    window.__stripeDoubleConfig = { apiBase: '/demo/stripe' };
  });
  await page.setRequestInterception(true);
  page.on('request', (request) => {
    if (request.url().startsWith('https://js.stripe.com/')) {
      request.respond({ status: 200, contentType: 'text/javascript', body: double });
    } else {
      request.continue();
    }
  });

  // A signed-in customer with a booking to pay (the session cookie stays for the audit).
  await page.goto(`${origin}/api/session`);
  const booking = await page.evaluate(async () => {
    const json = { 'Content-Type': 'application/json' };
    const signIn = await fetch('/api/session', { method: 'POST', headers: json, body: JSON.stringify({ email: 'alice@example.com', password: 'alice-demo-password' }) });
    if (!signIn.ok) throw new Error(`sign-in: ${signIn.status}`);
    const res = await fetch('/api/bookings', { method: 'POST', headers: json, body: JSON.stringify({ room: 'sea-view', nights: 2 }) });
    return (await res.json()).id;
  });
  const url = `${origin}/?booking=${booking}`;

  const result = await lighthouse(
    url,
    { logLevel: 'error', output: 'json', onlyCategories: ['performance', 'accessibility', 'best-practices'], disableStorageReset: true },
    // Desktop settings (Lighthouse's own preset: no 4x CPU slowdown, a wired
    // connection): a booking page's payment step is mostly opened on the
    // device the booking was made on; LH_FORM_FACTOR=mobile audits the
    // default mobile settings instead.
    process.env.LH_FORM_FACTOR === 'mobile' ? undefined : desktopConfig,
    page,
  );
  const lhr = result.lhr;
  if (lhr.runtimeError) throw new Error(`Lighthouse: ${lhr.runtimeError.code} ${lhr.runtimeError.message}`);
  fs.mkdirSync('target', { recursive: true });
  fs.writeFileSync('target/lighthouse.json', result.report);
  const scores = Object.fromEntries(Object.values(lhr.categories).map((c) => [c.id, Math.round(c.score * 100)]));
  const metrics = ['first-contentful-paint', 'largest-contentful-paint', 'total-blocking-time', 'cumulative-layout-shift']
    .map((id) => `${id} ${lhr.audits[id].displayValue}`)
    .join(', ');
  // The checkout must have been ready in the audited page, or the scores are of a broken page.
  const state = await page.evaluate(() => document.querySelector('booking-checkout .bc')?.getAttribute('data-state'));
  console.log(`lighthouse ${lhr.lighthouseVersion}, ${lhr.configSettings.formFactor}, ${lhr.configSettings.throttlingMethod} throttling, Chromium ${lhr.environment.hostUserAgent.match(/Chrome\/([\d.]+)/)?.[1]}: ${url}`);
  console.log(`checkout state after the audit: ${state}`);
  console.log(`metrics: ${metrics}`);
  let passed = 0;
  for (const [id, score] of Object.entries(scores)) {
    const ok = score >= MIN;
    passed += ok ? 1 : 0;
    failed ||= !ok;
    console.log(`${ok ? 'ok  ' : 'FAIL'} ${id} ${score} (>= ${MIN})`);
    if (!ok) {
      for (const ref of lhr.categories[id].auditRefs) {
        const a = lhr.audits[ref.id];
        if (ref.weight > 0 && a.score !== null && a.score < 1) console.log(`       ${a.id}: ${a.score} ${a.displayValue || ''}`);
      }
    }
  }
  if (state !== 'ready') {
    failed = true;
    console.log('FAIL the checkout was not ready in the audited page');
  } else passed += 1;
  console.log(`lighthouse: ${passed} passed, ${failed ? 4 - passed : 0} failed`);
} catch (e) {
  console.error(e);
  failed = true;
} finally {
  await browser?.close();
}
process.exit(failed ? 1 : 0);
