// Returning from a redirect-based payment method: the outcome is read from
// the retrieved PaymentIntent and the client secret leaves the address bar.
import { test, expect, openCheckout, newBooking, pageWith, CARD } from './fixtures.mjs';

test.use({ doubleConfig: { apiBase: '/demo/stripe', redirect: true } });

test('a redirect return shows the outcome and scrubs the client secret from the URL', async ({ page, checkout }) => {
  const id = await openCheckout(page);
  await checkout.ready();
  await checkout.fillCard(CARD.ok);
  const returned = page.waitForURL(/payment_intent_client_secret=/);
  await checkout.pay.click();
  await returned;
  await expect(checkout.success).toHaveText('Payment received. Your booking is confirmed.');
  const url = new URL(page.url());
  expect(url.searchParams.has('payment_intent_client_secret')).toBe(false);
  expect(url.searchParams.has('payment_intent')).toBe(false);
  expect(url.searchParams.has('redirect_status')).toBe(false);
  expect(url.searchParams.get('booking')).toBe(id);
  expect(await page.evaluate(() => location.href)).not.toContain('_secret_');
  expect((await checkout.event('succeeded')).status).toBe('succeeded');
  await expect(page.locator('#booking-status')).toContainText('paid', { timeout: 15_000 });
});

/**
 * Opens the current booking's page as a return that claims success: a real,
 * unconfirmed client secret, learnt the way the page holds it, with
 * `redirect_status=succeeded`.
 */
async function forgeSucceededReturn(page) {
  const secret = await page.evaluate(async () => {
    const res = await fetch('/api/payments/create-intent', {
      method: 'POST', headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ booking_id: new URLSearchParams(location.search).get('booking') }),
    });
    return (await res.json()).client_secret;
  });
  const pi = secret.split('_secret_')[0];
  const { pathname, search } = new URL(page.url());
  await page.goto(`${pathname}${search}&payment_intent=${pi}&payment_intent_client_secret=${secret}&redirect_status=succeeded`);
}

test('a forged redirect_status=succeeded for an unpaid intent is not believed', async ({ page, checkout }) => {
  await openCheckout(page);
  await checkout.ready();
  await forgeSucceededReturn(page);
  await expect(checkout.error).toHaveText('Your payment was not successful. Please try again or use another payment method.');
  await expect(checkout.success).toHaveCount(0);
  expect(page.url()).not.toContain('_secret_');
  await checkout.ready();
});

/** Pays a new booking through the redirect flow; the return's address as it arrived (with its secret). */
async function payByRedirect(page, checkout) {
  const booking = await openCheckout(page);
  await checkout.ready();
  await checkout.fillCard(CARD.ok);
  const returned = page.waitForURL(/payment_intent_client_secret=/);
  await checkout.pay.click();
  await returned;
  await expect(checkout.success).toBeVisible();
  const url = new URL(await page.evaluate(() => performance.getEntriesByType('navigation')[0].name));
  expect(url.searchParams.get('payment_intent_client_secret')).toContain('_secret_');
  return { booking, url };
}

// Regression: the page believed any client secret in its address. A link
// carrying the secret of another booking's successful payment showed
// "Payment received" for a booking that was not paid.
test('a return carrying another booking\'s successful payment shows this booking\'s form, not a success', async ({ page, checkout }) => {
  const { url: paid } = await payByRedirect(page, checkout);
  const stripeParams = ['payment_intent', 'payment_intent_client_secret', 'redirect_status']
    .map((k) => `${k}=${encodeURIComponent(paid.searchParams.get(k))}`).join('&');

  const other = await openCheckout(page);
  await checkout.ready();
  await page.goto(`/?booking=${other}&${stripeParams}`);
  await checkout.ready();
  await expect(checkout.success).toHaveCount(0);
  await expect(checkout.pay).toBeEnabled();
  expect(page.url()).not.toContain('_secret_');
  expect(await page.evaluate(() => window.__checkoutEvents.filter((e) => e.name === 'succeeded').length)).toBe(0);
  await expect(page.locator('#booking-status')).toBeHidden();
});

// Regression: when the check against the booking failed, Try again loaded
// the form afresh and the customer who had paid read "already paid".
test('a return whose check fails is checked again by Try again, and the customer who paid sees their success', async ({ page, checkout }) => {
  const { url: paid } = await payByRedirect(page, checkout);
  let calls = 0;
  await page.route('**/api/payments/create-intent', (route) => {
    calls += 1;
    return calls === 1 ? route.fulfill({ status: 503, contentType: 'application/json', body: '{}' }) : route.continue();
  });
  await page.goto(paid.pathname + paid.search);
  await expect(checkout.error).toHaveText('The payment service is not responding. Please try again.');
  await expect(checkout.success).toHaveCount(0);
  await checkout.retry.click();
  await expect(checkout.success).toHaveText('Payment received. Your booking is confirmed.');
  expect((await checkout.event('succeeded')).status).toBe('succeeded');
  expect(calls).toBe(2);
});

// Regression: a checkout that started refused dropped the return it had
// scrubbed from the address bar, so the one mounted once the page set its
// key read "already paid" instead of the customer's success.
test('a return reaching a checkout that starts refused is finished once the page sets the key', async ({ page, checkout }) => {
  const { url: paid } = await payByRedirect(page, checkout);
  await pageWith(page, (html) => html.replace(/publishable-key="[^"]*"/, ''));
  await page.goto(paid.pathname + paid.search);
  await expect(page.getByTestId('config-error')).toBeVisible();
  expect(page.url()).not.toContain('_secret_');
  await page.evaluate(() => document.getElementById('checkout').setAttribute('publishable-key', 'pk_test_bookingCheckoutDemo'));
  await expect(checkout.success).toHaveText('Payment received. Your booking is confirmed.');
  expect((await checkout.event('succeeded')).status).toBe('succeeded');
});

// Regression: a return checked for one booking while the page switched to
// another showed "Payment received" for the new, unpaid booking.
test('a booking changed while the return is being checked gets its own form, not the return\'s success', async ({ page, checkout }) => {
  const { url: paid } = await payByRedirect(page, checkout);
  const other = await newBooking(page);
  // Each create-intent call waits until the test lets it go: the return's
  // check first, then the new booking's load.
  const waiting = [];
  await page.route('**/api/payments/create-intent', (route) => new Promise((go) => waiting.push(() => go(route.continue()))));
  const next = async () => {
    await expect.poll(() => waiting.length).toBeGreaterThan(0);
    waiting.shift()();
  };
  await page.goto(paid.pathname + paid.search);
  await expect.poll(() => waiting.length).toBe(1);
  await page.evaluate((id) => document.getElementById('checkout').setAttribute('booking-id', id), other);
  const checked = page.waitForResponse((r) => r.url().endsWith('/api/payments/create-intent') && r.status() === 409);
  await next(); // the check: the paid booking answers 409, which vouches for the return
  await checked;
  await next(); // the new booking's own create-intent
  await checkout.ready();
  await expect(checkout.success).toHaveCount(0);
  expect(await page.evaluate(() => window.__checkoutEvents.filter((e) => e.name === 'succeeded').length)).toBe(0);
});

test.describe('a return while Stripe.js cannot load', () => {
  test.use({ stripeJs: 'abort' });
  // Regression: the return's own failure was kept as a notice, so once
  // Try again had loaded the form, "could not be loaded" stood beside it.
  test('says why, and Try again reads the return again and tells its outcome beside the form', async ({ page, checkout, traffic }) => {
    await openCheckout(page);
    await expect(checkout.error).toHaveText(/could not be loaded/);
    await forgeSucceededReturn(page);
    await expect(checkout.error).toHaveText(/could not be loaded/);
    expect(page.url()).not.toContain('_secret_');
    traffic.setStripeJs('double');
    await checkout.retry.click();
    await checkout.ready();
    await expect(checkout.error).toHaveText('Your payment was not successful. Please try again or use another payment method.');
    await expect(checkout.success).toHaveCount(0);
  });
});

// Regression: when Stripe.js failed on the return, the form loaded afresh
// and the customer who had paid read "This booking is already paid."
test('a paid return whose Stripe.js fails says why, and Try again finishes it as a success', async ({ page, checkout, traffic }) => {
  const { url: paid } = await payByRedirect(page, checkout);
  traffic.setStripeJs('abort');
  await page.goto(paid.pathname + paid.search);
  await expect(checkout.error).toHaveText(/could not be loaded/);
  expect(page.url()).not.toContain('_secret_');
  traffic.setStripeJs('double');
  await checkout.retry.click();
  await expect(checkout.success).toHaveText('Payment received. Your booking is confirmed.');
  expect((await checkout.event('succeeded')).status).toBe('succeeded');
});

// Regression: a checkout destroyed before it had finished its return (a
// framework moving its element) dropped it; the one mounted in its place
// read "already paid" instead of the customer's success.
test('an element moved while its return is being checked finishes the return after the move', async ({ page, checkout }) => {
  const { url: paid } = await payByRedirect(page, checkout);
  const waiting = [];
  await page.route('**/api/payments/create-intent', (route) => new Promise((go) => waiting.push(() => go(route.continue()))));
  await page.goto(paid.pathname + paid.search);
  await expect.poll(() => waiting.length).toBe(1);
  await page.evaluate(() => {
    const el = document.getElementById('checkout');
    const parent = el.parentNode;
    el.remove();
    parent.append(el);
  });
  await expect.poll(() => waiting.length).toBe(2);
  for (const go of waiting.splice(0)) go();
  await expect(checkout.success).toHaveText('Payment received. Your booking is confirmed.');
  expect((await checkout.event('succeeded')).status).toBe('succeeded');
});
