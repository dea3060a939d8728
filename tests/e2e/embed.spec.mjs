// Embedding options: the JS API, the Card Element, the deferred flow, the
// French locale and a booking changed by the host page.
import { test, expect, signIn, newBooking, pageWith, openCheckoutWith, CARD } from './fixtures.mjs';

test('mountCheckout() mounts, reports ready, and destroy() removes everything (twice is fine)', async ({ page, checkout }) => {
  await signIn(page);
  await pageWith(page, (html) => html.replace(/<booking-checkout[\s\S]*?<\/booking-checkout>/, '<div id="host"></div>'));
  await page.goto('/');
  await page.waitForFunction(() => window.wasmBindings && window.wasmBindings.mountCheckout);
  await page.evaluate(() => {
    window.handle = window.wasmBindings.mountCheckout(document.getElementById('host'), {
      publishableKey: 'pk_test_bookingCheckoutDemo', bookingId: 'bk_demo_1',
    });
  });
  await expect(page.locator('#host .bc')).toHaveAttribute('data-state', 'ready');
  await checkout.event('ready');
  await page.evaluate(() => { window.handle.destroy(); window.handle.destroy(); });
  await expect(page.locator('#host iframe')).toHaveCount(0);
  await expect(page.locator('#host .bc')).toHaveCount(0);
});

test('the Card Element pays through confirmCardPayment', async ({ page, checkout }) => {
  await openCheckoutWith(page, 'element="card"');
  await checkout.ready();
  await checkout.fillCard(CARD.ok);
  await checkout.pay.click();
  await expect(checkout.success).toBeVisible();
  expect(await page.evaluate(() => window.__stripeDouble.confirmCalls.map((c) => c.method))).toEqual(['confirmCardPayment']);
});

test('the deferred flow renders before any intent exists and creates it only at Pay', async ({ page, checkout, traffic }) => {
  await openCheckoutWith(page, 'flow="deferred" amount="12500" currency="eur"');
  await checkout.ready();
  const intents = () => traffic.requests.filter((r) => r.url.endsWith('/api/payments/create-intent')).length;
  expect(intents()).toBe(0);
  await checkout.fillCard(CARD.ok);
  await checkout.pay.click();
  await expect(checkout.success).toBeVisible();
  expect(intents()).toBe(1);
  const calls = await page.evaluate(() => window.__stripeDouble.calls.map((c) => c.method));
  expect(calls.indexOf('submit')).toBeLessThan(calls.indexOf('confirmPayment'));
});

test('French locale formats the amount and speaks French', async ({ page, checkout }) => {
  await signIn(page);
  await pageWith(page, (html) => html.replace('booking-id="bk_demo_1"', 'booking-id="bk_demo_1" locale="fr"'));
  await page.goto('/');
  await checkout.ready();
  await expect(page.getByTestId('amount')).toHaveText('125,00\u00a0€');
  await expect(checkout.pay).toHaveText('Payer 125,00\u00a0€');
  await checkout.fillCard(CARD.declined);
  await checkout.pay.click();
  await expect(checkout.error).toHaveText('Your card was declined.');
});

test('a booking changed by the host rebuilds the form and pays the new booking, never the old intent', async ({ page, checkout, traffic }) => {
  await signIn(page);
  const first = await newBooking(page);
  const second = await newBooking(page);
  await page.goto(`/?booking=${first}`);
  await checkout.ready();
  await page.evaluate((id) => document.getElementById('checkout').setAttribute('booking-id', id), second);
  await expect.poll(() => traffic.requests.filter((r) => r.url.endsWith('/create-intent')).map((r) => JSON.parse(r.body).booking_id))
    .toEqual([first, second]);
  await checkout.ready();
  await checkout.fillCard(CARD.ok);
  await checkout.pay.click();
  await expect(checkout.success).toBeVisible();
  const status = (id) => page.evaluate(async (b) => (await (await fetch(`/api/bookings/${b}`)).json()).status, id);
  await expect.poll(() => status(second), { timeout: 15_000 }).toBe('paid');
  expect(await status(first)).toBe('awaiting_payment');
});

test('the component leaves one start mark for real-user monitoring: after the early form is mounted, before it is ready to pay', async ({ page, checkout }) => {
  await page.addInitScript(() => document.addEventListener('checkout:ready', () => (window.__readyAt = performance.now())));
  await signIn(page);
  const id = await newBooking(page);
  await page.goto(`/?booking=${id}`);
  await checkout.ready();
  const marks = await page.evaluate(() => performance.getEntriesByName('booking-checkout:start').map((m) => m.startTime));
  expect(marks).toHaveLength(1);
  // The page's loader starts the wasm once the early start has mounted the Element
  // (scripts/wasm-after-early.mjs); the component then takes the form over.
  const mounted = await page.evaluate(() => window.__stripeDouble.calls.find((c) => c.method === 'mount').at);
  expect(marks[0]).toBeGreaterThan(mounted);
  expect(await page.evaluate(() => window.__readyAt)).toBeGreaterThan(marks[0]);
});

test('the custom element follows a locale attribute change in place', async ({ page, checkout, traffic }) => {
  await signIn(page);
  const id = await newBooking(page);
  await page.goto(`/?booking=${id}`);
  await checkout.ready();
  await checkout.fillCard(CARD.ok);
  await page.evaluate(() => document.getElementById('checkout').setAttribute('locale', 'fr'));
  await expect(checkout.pay).toHaveText('Payer 125,00\u00a0€');
  await expect(page.getByTestId('amount')).toHaveText('125,00\u00a0€');
  // In place: one create-intent, the same iframe, the typed card still there.
  expect(traffic.requests.filter((r) => r.url.endsWith('/create-intent'))).toHaveLength(1);
  await expect(checkout.frame.locator('[name=cardnumber]')).toHaveValue(CARD.ok);
  const updates = await page.evaluate(() => window.__stripeDouble.calls.filter((c) => c.method === 'elements.update').map((c) => c.keys));
  expect(updates).toEqual([['locale']]);
  await checkout.pay.click();
  await expect(checkout.success).toHaveText('Paiement reçu. Votre réservation est confirmée.');
});

test('a visitor who is not signed in is asked to, and the checkout loads once they have, without a reload', async ({ page, checkout }) => {
  await page.goto('/');
  await expect(checkout.error).toHaveText('Please sign in to pay for this booking.');
  await expect(checkout.retry).toBeHidden();
  await expect(page.locator('#sign-in')).toBeVisible();
  await page.evaluate(() => { window.__samePage = true; });
  await page.locator('#email').fill('alice@example.com');
  await page.locator('#password').fill('alice-demo-password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await checkout.ready();
  await expect(checkout.error).toHaveCount(0);
  await expect(page.locator('#sign-in')).toBeHidden();
  expect(await page.evaluate(() => window.__samePage)).toBe(true);
  await expect(checkout.pay).toBeEnabled();
});

// Regression: an element started without a usable key kept its error for
// good; a page (or framework) that set the attributes after inserting the
// element had to re-insert it.
test('a refused configuration is read again when the page sets its attributes', async ({ page, checkout, traffic }) => {
  const refused = page.getByTestId('config-error');
  await signIn(page);
  await pageWith(page, (html) => html.replace(/publishable-key="[^"]*"/, ''));
  await page.goto('/');
  await expect(refused).toBeVisible();
  await expect(checkout.pay).toHaveCount(0);
  const setKey = (key) => page.evaluate((k) => document.getElementById('checkout').setAttribute('publishable-key', k), key);
  // Still refused: the error stays (once), refresh() changes nothing, nothing is requested.
  await setKey('sk_test_x');
  await page.evaluate(() => document.getElementById('checkout').refresh());
  await expect(refused).toHaveCount(1);
  expect(traffic.stripeRequests).toBe(0);
  expect(traffic.requests.filter((r) => r.url.endsWith('/api/payments/create-intent'))).toHaveLength(0);
  await setKey('pk_test_bookingCheckoutDemo');
  await checkout.ready();
  await expect(refused).toHaveCount(0);
  await expect(page.locator('booking-checkout .bc')).toHaveCount(1);
});

// Regression: the first attribute that made the configuration valid started
// the checkout at once, and the ones set right after it were ignored.
test('attributes set one after another in one task start the checkout with all of them', async ({ page, checkout, traffic }) => {
  await signIn(page);
  const id = await newBooking(page);
  await pageWith(page, (html) => html.replace(/publishable-key="[^"]*"/, '').replace('booking-id="bk_demo_1"', `booking-id="${id}"`));
  await page.goto('/');
  await expect(page.getByTestId('config-error')).toBeVisible();
  await page.evaluate(() => {
    const el = document.getElementById('checkout');
    el.setAttribute('publishable-key', 'pk_test_bookingCheckoutDemo');
    el.setAttribute('flow', 'deferred');
    el.setAttribute('amount', '12500');
    el.setAttribute('currency', 'eur');
  });
  await checkout.ready();
  const intents = () => traffic.requests.filter((r) => r.url.endsWith('/api/payments/create-intent')).length;
  expect(intents(), 'the deferred flow creates no intent before Pay').toBe(0);
  await checkout.fillCard(CARD.ok);
  await checkout.pay.click();
  await expect(checkout.success).toBeVisible();
  expect(intents()).toBe(1);
});
