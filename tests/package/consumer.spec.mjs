// The packed tarball as integrators get it: installed by npm into a plain
// HTML site and built into a Vite app, paying with the test kit's Stripe.js
// double; and the create-intent exchanges of docs/GUIDE.md replayed against
// the guide's own handler.
import { test, expect } from '@playwright/test';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { useStripeDouble, TEST_CARDS } from 'booking-checkout/testing';

const here = path.dirname(fileURLToPath(import.meta.url));

/** Records CSP violations and checkout events from the first script on. */
async function watch(page) {
  await page.addInitScript(() => {
    window.__violations = [];
    window.__events = [];
    document.addEventListener('securitypolicyviolation', (e) =>
      window.__violations.push({ directive: e.violatedDirective, source: e.sourceFile, sample: e.sample, disposition: e.disposition }),
    );
    for (const name of ['ready', 'succeeded', 'failed']) {
      document.addEventListener(`checkout:${name}`, (e) => window.__events.push({ name, detail: e.detail }));
    }
  });
  const requests = [];
  page.on('request', (r) => requests.push({ url: r.url(), body: r.postData() || '' }));
  return requests;
}

const events = (page) => page.evaluate(() => window.__events);
const pay = (page) => page.getByRole('button', { name: /^(Pay|Payer)/ }).click();

test('plain HTML page: the tarball from node_modules pays under the guide CSP and Trusted Types, sending only a booking id', async ({ page }) => {
  const requests = await watch(page);
  const stripe = await useStripeDouble(page);
  await page.goto('/element.html');
  await stripe.fillCard(TEST_CARDS.succeeds);
  await pay(page);
  await expect(page.locator('#outcome')).toHaveText(/^Paid: pi_\w+ \(succeeded\)$/);
  await expect(page.getByText('Payment received. Your booking is confirmed.')).toBeVisible();

  expect((await events(page)).map((e) => e.name)).toEqual(['ready', 'succeeded']);
  const intents = requests.filter((r) => r.url.endsWith('/api/payments/create-intent'));
  expect(intents.map((r) => JSON.parse(r.body))).toEqual([{ booking_id: 'bk_123' }]);
  expect(requests.some((r) => r.url.endsWith('/node_modules/booking-checkout/booking_checkout_bg.wasm'))).toBe(true);
  expect(stripe.scriptRequests()).toEqual(['https://js.stripe.com/v3/']);
  // The guide's CSP, Trusted Types enforced: not one violation, from the package or anyone.
  expect(await page.evaluate(() => window.__violations)).toEqual([]);
});

test('a card guarantee: the consent is posted first, the test kit saves the card through a SetupIntent, nothing is paid', async ({ page }) => {
  const requests = await watch(page);
  const stripe = await useStripeDouble(page);
  // A backend whose booking is guaranteed by the card: create-intent answers a
  // SetupIntent with the terms, and the consent endpoint keeps the consent.
  const guarantee = { policy: 'guarantee', total: { amount: 12500, currency: 'eur' }, up_to: { amount: 3900, currency: 'eur' } };
  await page.route('**/api/payments/create-intent', (route) =>
    route.fulfill({ contentType: 'application/json', body: JSON.stringify({ client_secret: 'seti_9Guarantee_secret_test', amount: 12500, currency: 'eur', terms: guarantee }) }),
  );
  await page.route('**/api/bookings/bk_123/consent', (route) => route.fulfill({ status: 204 }));
  await page.goto('/element.html');
  const save = page.getByRole('button', { name: 'Save card' });
  await expect(save).toBeEnabled();
  await expect(page.getByText('No charge now · no-show or late-cancellation fee up to €39.00')).toBeVisible();
  await stripe.fillCard(TEST_CARDS.succeeds);
  await save.click();
  await expect(page.locator('#outcome')).toHaveText('Card saved: seti_9Guarantee (succeeded)');
  await expect(page.getByText('Card saved. Your booking is guaranteed; nothing was charged.')).toBeVisible();
  const consent = requests.find((r) => r.url.endsWith('/api/bookings/bk_123/consent'));
  expect(JSON.parse(consent.body)).toMatchObject({ terms: guarantee, locale: 'en' });
  expect((await stripe.confirmCalls()).map((c) => c.method)).toEqual(['confirmSetup']);
  expect(await events(page)).toContainEqual({ name: 'succeeded', detail: { setupIntentId: 'seti_9Guarantee', status: 'succeeded', policy: 'guarantee' } });
});

test('JS API page: French, night theme, and retarget() loads the other booking in place', async ({ page }) => {
  const requests = await watch(page);
  const stripe = await useStripeDouble(page);
  await page.goto('/mount.html');
  await expect(page.locator('#checkout[data-ready]')).toBeAttached();
  await expect(page.getByTestId('amount')).toHaveText(/125,00\s€/);
  await page.getByRole('button', { name: 'Autre réservation' }).click();
  await expect(page.getByTestId('amount')).toHaveText(/80,00\s€/);
  const booked = requests.filter((r) => r.url.endsWith('/create-intent')).map((r) => JSON.parse(r.body).booking_id);
  expect(booked).toEqual(['bk_123', 'bk_456']);
  await stripe.fillCard(TEST_CARDS.succeeds);
  await pay(page);
  await expect(page.getByText('Paiement reçu. Votre réservation est confirmée.')).toBeVisible();
  const paid = (await events(page)).filter((e) => e.name === 'succeeded');
  expect(paid).toHaveLength(1);
  expect((await stripe.record()).options.filter((o) => o.kind === 'Stripe').map((o) => o.locale)).toContain('fr');
  expect(await page.evaluate(() => window.__violations)).toEqual([]);
});

test('3D Secure under enforced Trusted Types: the challenge, then paid, without a violation', async ({ page }) => {
  await watch(page);
  const stripe = await useStripeDouble(page);
  await page.goto('/element.html');
  await stripe.fillCard(TEST_CARDS.threeDSecure);
  await pay(page);
  await stripe.answerThreeDSecure(true);
  await expect(page.locator('#outcome')).toHaveText(/^Paid: pi_\w+ \(succeeded\)$/);
  expect(await page.evaluate(() => window.__violations)).toEqual([]);
  expect(await page.evaluate(() => window.trustedTypes.defaultPolicy?.name)).toBe('default');
});

test('theming: the page overrides the component custom properties', async ({ page }) => {
  await useStripeDouble(page);
  await page.goto('/theme.html');
  const root = page.locator('booking-checkout .bc');
  await expect(root).toHaveAttribute('data-state', 'ready');
  expect(await root.evaluate((el) => getComputedStyle(el).getPropertyValue('--bc-accent').trim())).toBe('#0b6e4f');
});

test('wallets: the test kit offers Apple Pay, the sheet approves, checkout:succeeded names the wallet', async ({ page }) => {
  await watch(page);
  const stripe = await useStripeDouble(page, { wallets: ['apple_pay', 'link'], walletSheet: 'approve' });
  await page.goto('/wallets.html');
  await stripe.clickWallet('apple_pay');
  await expect(page.locator('#outcome')).toHaveText(/^Paid: pi_\w+ \(succeeded\) with apple_pay$/);
  expect(Object.values(stripe.intents()).map((pi) => [pi.amount, pi.currency, pi.status])).toEqual([[12500, 'eur', 'succeeded']]);
  expect((await stripe.record()).wallet.clicks).toHaveLength(1);
  expect(await page.evaluate(() => window.__violations)).toEqual([]);
});

test('a signed-out visitor is asked to sign in: checkout:failed unauthenticated', async ({ page }) => {
  await watch(page);
  await useStripeDouble(page);
  await page.goto('/element.html?signed-out');
  await expect(page.getByText('Please sign in to pay for this booking.')).toBeVisible();
  await expect(page.locator('#outcome')).toHaveAttribute('data-last-error', 'unauthenticated');
});

test('Vite app: the bundled module finds its wasm among the built assets and pays', async ({ page }) => {
  const requests = await watch(page);
  const stripe = await useStripeDouble(page);
  await page.goto('/vite-dist/index.html');
  await stripe.fillCard(TEST_CARDS.succeeds);
  await pay(page);
  await expect(page.getByText('Payment received. Your booking is confirmed.')).toBeVisible();
  await expect(page).toHaveTitle(/^Paid: pi_\w+$/);
  const wasm = requests.map((r) => new URL(r.url).pathname).filter((p) => p.endsWith('.wasm'));
  expect(wasm).toHaveLength(1);
  expect(wasm[0]).toMatch(/^\/vite-dist\/assets\/booking_checkout_bg-[\w-]+\.wasm$/);
  // The CSS came through the bundle too.
  const css = await page.locator('booking-checkout, #checkout').first().evaluate((el) => getComputedStyle(el.querySelector('.bc')).display);
  expect(css).toBe('grid');
  expect(await page.evaluate(() => window.__violations)).toEqual([]);
});

// docs/GUIDE.md's ```http exchange blocks: request as written, answer as written (`…` = any value).
const { exchanges } = JSON.parse(fs.readFileSync(path.join(here, 'guide-checks.json'), 'utf8'));

function parseExchange(text) {
  const [request, response] = text.split(/\n(?=HTTP\/1\.1 )/);
  const [head, ...body] = request.trim().split('\n\n');
  const [line, ...headerLines] = head.split('\n');
  const [method, url] = line.split(' ');
  const headers = Object.fromEntries(headerLines.map((h) => h.split(/:\s*/, 2).map((x, i) => (i === 0 ? x.toLowerCase() : x))));
  const [rhead, ...rbody] = response.trim().split('\n\n');
  return { method, url, headers, body: body.join('\n\n').trim(), status: Number(rhead.split('\n')[0].split(' ')[1]), expected: JSON.parse(rbody.join('\n\n')) };
}

function matches(actual, expected, where = 'body') {
  if (typeof expected === 'string' && expected.includes('…')) {
    const pattern = new RegExp(`^${expected.split('…').map((s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('.+')}$`);
    expect(actual, where).toMatch(pattern);
  } else if (expected && typeof expected === 'object') {
    expect(Object.keys(actual).sort(), where).toEqual(Object.keys(expected).sort());
    for (const k of Object.keys(expected)) matches(actual[k], expected[k], `${where}.${k}`);
  } else {
    expect(actual, where).toEqual(expected);
  }
}

for (const { text, line } of exchanges) {
  const x = parseExchange(text);
  test(`docs/GUIDE.md:${line}: ${x.method} ${x.url} with ${x.body} answers ${x.status}`, async ({ request }) => {
    const res = await request.fetch(x.url, { method: x.method, headers: x.headers, data: x.body });
    expect(res.status()).toBe(x.status);
    expect(res.headers()['content-type']).toMatch(/^application\/json/);
    matches(await res.json(), x.expected);
  });
}
