// Returning from a redirect-based payment method: the outcome is read from
// the retrieved PaymentIntent and the client secret leaves the address bar.
import { test, expect, openCheckout, CARD } from './fixtures.mjs';

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

test('a forged redirect_status=succeeded for an unpaid intent is not believed', async ({ page, checkout }) => {
  await openCheckout(page);
  await checkout.ready();
  // Learn a real, unconfirmed client secret the way the page holds it, then forge a return.
  const secret = await page.evaluate(async () => {
    const res = await fetch('/api/payments/create-intent', {
      method: 'POST', headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ booking_id: new URLSearchParams(location.search).get('booking') }),
    });
    return (await res.json()).client_secret;
  });
  const pi = secret.split('_secret_')[0];
  await page.goto(`${new URL(page.url()).pathname}${new URL(page.url()).search}&payment_intent=${pi}&payment_intent_client_secret=${secret}&redirect_status=succeeded`);
  await expect(checkout.error).toHaveText('Your payment was not successful. Please try again or use another payment method.');
  await expect(checkout.success).toHaveCount(0);
  expect(page.url()).not.toContain('_secret_');
  await checkout.ready();
});

// Regression: the page believed any client secret in its address. A link
// carrying the secret of another booking's successful payment showed
// "Payment received" for a booking that was not paid.
test('a return carrying another booking\'s successful payment shows this booking\'s form, not a success', async ({ page, checkout }) => {
  await openCheckout(page);
  await checkout.ready();
  await checkout.fillCard(CARD.ok);
  const returned = page.waitForURL(/payment_intent_client_secret=/);
  await checkout.pay.click();
  await returned;
  await expect(checkout.success).toBeVisible();
  const paid = new URL(await page.evaluate(() => performance.getEntriesByType('navigation')[0].name));
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

test.describe('a return while Stripe.js cannot load', () => {
  test.use({ stripeJs: 'abort' });
  // Regression: the return's own failure was kept as a notice, so once
  // Try again had loaded the form, "could not be loaded" stood beside it.
  test('says why the form failed, and the form that loads on Try again carries no stale message', async ({ page, checkout, traffic }) => {
    await openCheckout(page);
    await expect(checkout.error).toHaveText(/could not be loaded/);
    const secret = await page.evaluate(async () => {
      const res = await fetch('/api/payments/create-intent', {
        method: 'POST', headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ booking_id: new URLSearchParams(location.search).get('booking') }),
      });
      return (await res.json()).client_secret;
    });
    const pi = secret.split('_secret_')[0];
    await page.goto(`${new URL(page.url()).pathname}${new URL(page.url()).search}&payment_intent=${pi}&payment_intent_client_secret=${secret}&redirect_status=succeeded`);
    await expect(checkout.error).toHaveText(/could not be loaded/);
    expect(page.url()).not.toContain('_secret_');
    traffic.setStripeJs('double');
    await checkout.retry.click();
    await checkout.ready();
    await expect(checkout.error).toHaveCount(0);
    await expect(checkout.success).toHaveCount(0);
  });
});
