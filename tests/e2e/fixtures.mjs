// Shared fixtures: the Stripe.js double served in place of js.stripe.com,
// a record of everything the page sent and logged, and a page object for
// the checkout.
import { test as base, expect } from '@playwright/test';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
export const DOUBLE = fs.readFileSync(path.join(here, '..', 'stripe-double', 'stripe.js'), 'utf8');
export const CARD = { ok: '4242424242424242', declined: '4000000000000002', threeDS: '4000002500003155' };

/** The checkout on the booking page. */
export class Checkout {
  constructor(page) {
    this.page = page;
    this.frame = page.frameLocator('iframe[title="Secure payment input frame"]');
    this.pay = page.getByTestId('pay-button');
    this.success = page.getByTestId('payment-success');
    this.error = page.getByTestId('payment-error');
    this.retry = page.getByTestId('retry-button');
    this.root = page.locator('booking-checkout');
  }

  async fillCard(number, exp = '12/34', cvc = '123') {
    await this.frame.locator('[name=cardnumber]').fill(number);
    await this.frame.locator('[name=exp-date]').fill(exp);
    await this.frame.locator('[name=cvc]').fill(cvc);
  }

  async ready() {
    await expect(this.root.locator('.bc')).toHaveAttribute('data-state', 'ready');
  }

  /** Resolves with the detail of the latest `checkout:<name>` event the page dispatched. */
  async event(name) {
    const handle = await this.page.waitForFunction(
      (n) => window.__checkoutEvents.filter((e) => e.name === n).pop(),
      name,
    );
    return (await handle.jsonValue()).detail;
  }

  /** Waits (bounded) until the double holds the confirmation at its gate (`confirmGate`). */
  async confirmationHeld() {
    await expect.poll(() => this.page.evaluate(() => typeof window.__stripeDouble.openGate), { timeout: 10_000 }).toBe('function');
  }

  /** Lets the held confirmation go on to Stripe. */
  async releaseConfirmation() {
    await this.page.evaluate(() => window.__stripeDouble.openGate());
  }

  async confirmCalls() {
    return this.page.evaluate(() => (window.__stripeDouble ? window.__stripeDouble.confirmCalls.length : 0));
  }
}

export const test = base.extend({
  // How js.stripe.com answers: 'double' (default), 'abort', 'empty', 'hang',
  // or {status, body, delayMs}.
  stripeJs: ['double', { option: true }],
  // Config for the double, set before any page script runs.
  doubleConfig: [{ apiBase: '/demo/stripe' }, { option: true }],
  traffic: async ({ page, stripeJs, doubleConfig }, use) => {
    const seen = { requests: [], console: [], stripeRequests: 0, stripeUrls: [] };
    let mode = stripeJs;
    await page.addInitScript((cfg) => {
      window.__stripeDoubleConfig = cfg;
      window.__checkoutEvents = [];
      for (const name of ['ready', 'succeeded', 'failed']) {
        document.addEventListener(`checkout:${name}`, (e) => window.__checkoutEvents.push({ name, detail: e.detail }));
      }
    }, doubleConfig);
    await page.route('https://js.stripe.com/**', (route) => {
      seen.stripeRequests += 1;
      seen.stripeUrls.push(route.request().url());
      // 'hang': never answered, as when js.stripe.com does not respond.
      if (mode === 'hang') return undefined;
      if (mode === 'abort') return route.abort('blockedbyclient');
      if (mode === 'empty') return route.fulfill({ contentType: 'text/javascript', body: '/* no Stripe here */' });
      // {status?, body?, delayMs?}: any other answer (a 404, a script that
      // throws, a hostile window.Stripe), optionally late.
      if (typeof mode === 'object') {
        const { status = 200, body = DOUBLE, delayMs = 0 } = mode;
        const answer = () => route.fulfill({ status, contentType: 'text/javascript', body }).catch(() => {});
        return delayMs ? new Promise((r) => setTimeout(r, delayMs)).then(answer) : answer();
      }
      return route.fulfill({ contentType: 'text/javascript', body: DOUBLE });
    });
    page.on('request', (r) => seen.requests.push({ url: r.url(), body: r.postData() || '', headers: r.headers() }));
    page.on('console', (m) => seen.console.push(m.text()));
    page.on('pageerror', (e) => seen.console.push(`pageerror: ${e.message}`));
    seen.setStripeJs = (m) => {
      mode = m;
    };
    await use(seen);
  },
  checkout: async ({ page, traffic }, use) => {
    void traffic;
    await use(new Checkout(page));
  },
});

export { expect };

/**
 * Serves the booking page rewritten by `edit` (called per request). With
 * `{ csp: false }` the page's CSP header is dropped, for a test that adds an
 * inline script of its own.
 */
export async function pageWith(page, edit, { csp = true } = {}) {
  const own = (url) => url.host.startsWith('127.0.0.1') && url.pathname === '/';
  await page.route(own, async (route) => {
    const res = await route.fetch();
    const headers = { ...res.headers() };
    if (!csp) delete headers['content-security-policy'];
    await route.fulfill({ response: res, body: edit(await res.text()), headers });
  });
}

/** Signs in as a seeded user through the real API (cookie lands in the browser). */
export async function signIn(page, email = 'alice@example.com', password = 'alice-demo-password') {
  // Any same-origin document will do to run fetch() from; this one needs no assets.
  await page.goto('/api/session');
  const status = await page.evaluate(
    async ([email, password]) =>
      (await fetch('/api/session', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ email, password }) })).status,
    [email, password],
  );
  expect(status).toBe(200);
}

/** A fresh unpaid booking of the signed-in user; returns its id. */
export async function newBooking(page) {
  return page.evaluate(async () => {
    const res = await fetch('/api/bookings', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ room: 'sea-view', nights: 2 }) });
    return (await res.json()).id;
  });
}

/** Signs in, creates a booking, opens the checkout for it. */
export async function openCheckout(page, query = '') {
  await signIn(page);
  const id = await newBooking(page);
  await page.goto(`/?booking=${id}${query}`);
  return id;
}

/** Serves the booking page without the early start (src/embed/early.js, inlined), CSP kept. */
export async function withoutEarlyStart(page) {
  const early = /<script>(?:(?!<\/script>)[\s\S])*__bookingCheckoutEarly(?:(?!<\/script>)[\s\S])*<\/script>/;
  await pageWith(page, (html) => {
    if (!early.test(html)) throw new Error('the early start is not in the page');
    return html.replace(early, '');
  });
}

/**
 * Signs in, creates a booking, and opens the page with the checkout set to
 * that booking and given `attributes` as well (`flow="deferred" …`).
 */
export async function openCheckoutWith(page, attributes) {
  await signIn(page);
  const id = await newBooking(page);
  await pageWith(page, (html) => html.replace('booking-id="bk_demo_1"', `booking-id="${id}" ${attributes}`));
  await page.goto('/');
  return id;
}

// ------------------------------------------------ adversarial helpers

/** Markup that would run script if any text we show were parsed as HTML. */
export const INJECTED = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=1</script><b id="bc-injected">bold</b>';

/** Secret-shaped strings that must never reach the DOM, the console or a request URL. */
export const SECRET_RE = /_secret_|\bsk_(test|live)_|\brk_(test|live)_|whsec_/;

/** Records how many hostile inputs a test tried (summed over the run by the report). */
export function hostile(n) {
  base.info().annotations.push({ type: 'hostile inputs', description: String(n) });
}

/**
 * The end state every hostile input must reach: no injected script ran, no
 * injected markup was parsed, none of `leaks` (nor anything secret-shaped)
 * is in the DOM, the console or a request URL, and the customer has a way
 * forward (Pay, Try again / Check again, a success, or a final sentence).
 */
export async function expectSafeEnd(page, traffic, leaks = [], root = page.locator('booking-checkout')) {
  const forward = root.locator(
    '[data-testid=payment-success], [data-testid=config-error], .bc-pay:not([hidden]):enabled, .bc-retry:not([hidden]), ' +
      '[data-testid=payment-error]',
  );
  await expect(forward.first()).toBeVisible();
  expect(await page.evaluate(() => window.__pwned)).toBeUndefined();
  await expect(page.locator('#bc-injected')).toHaveCount(0);
  const html = await page.evaluate(() => document.documentElement.outerHTML);
  const text = await root.innerText();
  expect(html).not.toMatch(SECRET_RE);
  for (const leak of leaks) {
    expect(text).not.toContain(leak);
    for (const line of traffic.console) expect(line).not.toContain(leak);
  }
  for (const line of traffic.console) expect(line).not.toMatch(SECRET_RE);
  for (const r of traffic.requests) expect(r.url).not.toMatch(SECRET_RE);
  // Only Stripe (here: the double's backend) is sent the client secret.
  for (const r of traffic.requests.filter((q) => !q.url.includes('/demo/stripe/'))) expect(r.body).not.toMatch(SECRET_RE);
  // A message that announces no way forward must be one that needs none.
  const retryShown = await root.locator('.bc-retry:not([hidden])').count();
  const payShown = await root.locator('.bc-pay:not([hidden])').count();
  if (!retryShown && !payShown) {
    await expect(root.locator('[data-testid=payment-success], [data-testid=config-error], [data-testid=payment-error]')).toHaveText(
      new RegExp(FINAL_SENTENCES.map((s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')),
    );
  }
}

/** Sentences that end a checkout without a button, because each names what to do instead. */
export const FINAL_SENTENCES = [
  'Payment received. Your booking is confirmed.',
  'Please sign in to pay for this booking.',
  "This booking can't be paid here.",
  'This booking is already complete.',
  'This booking has been cancelled.',
  'This payment request is not valid. Please reload the page.',
  'This checkout is not set up correctly. Please contact the site.',
];

/** The UTC day `days` from now, as the server's clock reads today. */
export const day = (days) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

/**
 * The deferred flow's attributes for `terms` as the server decided them:
 * the page renders them before any intent exists.
 */
function deferredAttributes(terms) {
  const a = { flow: 'deferred', amount: terms.total.amount, currency: terms.total.currency, policy: terms.policy };
  if (terms.policy === 'deposit') Object.assign(a, { deposit: terms.now.amount, 'balance-due': terms.balance_due });
  if (terms.policy === 'hold') a['capture-on'] = terms.capture_on;
  if (terms.policy === 'guarantee') a['fee-up-to'] = terms.up_to.amount;
  return Object.entries(a).map(([k, v]) => `${k}="${v}"`).join(' ');
}

/**
 * Signs in, books `room` for two nights from `arrival` and opens its
 * checkout, in `flow`: deferred, the page passes the terms the server
 * gives for the booking (GET /api/bookings/{id}), or `edit`ed ones.
 */
export async function openRoom(page, room, arrival, flow = 'intent-first', edit = (t) => t) {
  await signIn(page);
  const booking = await page.evaluate(
    async ([room, arrival]) => {
      const body = JSON.stringify({ room, nights: 2, arrival });
      const res = await fetch('/api/bookings', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body });
      return res.json();
    },
    [room, arrival],
  );
  if (flow === 'deferred') {
    const attributes = `booking-id="${booking.id}" ${deferredAttributes(edit(booking.terms))}`;
    await pageWith(page, (html) => html.replace('booking-id="bk_demo_1"', attributes));
  }
  await page.goto(`/?booking=${booking.id}`);
  return booking.id;
}

