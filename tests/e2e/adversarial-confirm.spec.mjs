// Faults around the confirmation itself, against the real server and its
// demo Stripe backend: the network lost while confirming (before or after
// the charge), rapid clicks, two tabs paying one booking, and a client
// secret for an intent that is not this one. Never a second charge.
import { test, expect, openCheckout, openCheckoutWith, hostile, expectSafeEnd, CARD, DOUBLE } from './fixtures.mjs';

const UNCONFIRMED = "We could not confirm whether your payment went through. Please don't pay again: check its status first.";
const NOT_SUCCESSFUL = 'Your payment was not successful. Please try again or use another payment method.';
const PAID = 'Payment received. Your booking is confirmed.';

/** Requests that reached the Stripe backend's confirm endpoint. */
const confirmsSent = (traffic) => traffic.requests.filter((r) => /\/payment_intents\/[^/]+\/confirm$/.test(r.url)).length;
const bookingStatus = (page, id) => page.evaluate(async (b) => (await (await fetch(`/api/bookings/${b}`)).json()).status, id);

test.describe('the network lost during a confirmation', () => {
  test.use({ doubleConfig: { apiBase: '/demo/stripe' } });

  test('before the charge: Check again after the network is back says not paid, and one Pay then pays once', async ({ page, context, checkout, traffic }) => {
    const id = await openCheckout(page);
    await checkout.ready();
    await checkout.fillCard(CARD.ok);
    await context.setOffline(true);
    await checkout.pay.click();
    await expect(checkout.error).toHaveText(UNCONFIRMED);
    await expect(checkout.pay).toBeHidden();
    await expect(checkout.retry).toHaveText('Check again');
    await expectSafeEnd(page, traffic);
    // Still offline: checking again changes nothing and charges nothing.
    await checkout.retry.click();
    await expect(checkout.error).toHaveText(UNCONFIRMED);
    await expect(checkout.retry).toBeEnabled();
    await context.setOffline(false);
    await checkout.retry.click();
    await expect(checkout.error).toHaveText(NOT_SUCCESSFUL);
    expect(confirmsSent(traffic)).toBe(0);
    await checkout.pay.click();
    await expect(checkout.success).toHaveText(PAID);
    expect(confirmsSent(traffic)).toBe(1);
    await expect.poll(() => bookingStatus(page, id), { timeout: 15_000 }).toBe('paid');
    hostile(2);
  });

  test('after the charge: the outcome is recovered by retrieving the intent, never by paying again', async ({ page, checkout, traffic }) => {
    const id = await openCheckout(page);
    await checkout.ready();
    await checkout.fillCard(CARD.ok);
    // The confirmation reaches Stripe; its answer and the first re-read are lost.
    let down = true;
    await page.route('**/demo/stripe/payment_intents/*/retrieve', (route) => {
      const n = traffic.requests.filter((r) => r.url.endsWith('/confirm')).length;
      return down && n > 0 ? route.abort('internetdisconnected') : route.continue();
    });
    await page.evaluate(() => { window.__stripeDoubleConfig.confirmLosesAnswer = true; });
    await checkout.pay.click();
    await expect(checkout.error).toHaveText(UNCONFIRMED);
    await expect(checkout.pay).toBeHidden();
    await expectSafeEnd(page, traffic);
    down = false;
    await checkout.retry.click();
    await expect(checkout.success).toHaveText(PAID);
    expect(await checkout.confirmCalls()).toBe(1);
    expect(confirmsSent(traffic)).toBe(1);
    const retrieved = await page.evaluate(() => window.__stripeDouble.calls.filter((c) => c.method === 'retrievePaymentIntent').length);
    expect(retrieved).toBeGreaterThanOrEqual(2);
    await expect.poll(() => bookingStatus(page, id), { timeout: 15_000 }).toBe('paid');
    hostile(2);
  });
});

test.describe('rapid clicks', () => {
  test.use({ doubleConfig: { apiBase: '/demo/stripe', confirmDelayMs: 300 } });

  test('twenty clicks and Enter presses confirm exactly once (intent first)', async ({ page, checkout, traffic }) => {
    await openCheckout(page);
    await checkout.ready();
    await checkout.fillCard(CARD.ok);
    await checkout.pay.focus();
    await Promise.all([
      ...Array.from({ length: 10 }, () => checkout.pay.click({ force: true, delay: 0 }).catch(() => {})),
      ...Array.from({ length: 10 }, () => page.keyboard.press('Enter').catch(() => {})),
    ]);
    await expect(checkout.success).toBeVisible();
    expect(await checkout.confirmCalls()).toBe(1);
    expect(confirmsSent(traffic)).toBe(1);
    hostile(20);
  });

  test('twenty clicks in the deferred flow create one intent and confirm once', async ({ page, checkout, traffic }) => {
    await openCheckoutWith(page, 'flow="deferred" amount="12500" currency="eur"');
    await checkout.ready();
    await checkout.fillCard(CARD.ok);
    await Promise.all(Array.from({ length: 20 }, () => checkout.pay.click({ force: true, delay: 0 }).catch(() => {})));
    await expect(checkout.success).toBeVisible();
    expect(traffic.requests.filter((r) => r.url.endsWith('/api/payments/create-intent'))).toHaveLength(1);
    expect(await checkout.confirmCalls()).toBe(1);
    hostile(20);
  });
});

test.describe('two tabs paying the same booking', () => {
  test.use({ doubleConfig: { apiBase: '/demo/stripe' } });

  test('one charge; the second tab is told the booking is paid', async ({ page, context, checkout, traffic }) => {
    const id = await openCheckout(page);
    await checkout.ready();
    const tab = async () => {
      const p = await context.newPage();
      await p.addInitScript(() => { window.__stripeDoubleConfig = { apiBase: '/demo/stripe' }; });
      await p.route('https://js.stripe.com/**', (r) => r.fulfill({ contentType: 'text/javascript', body: DOUBLE }));
      return p;
    };
    const second = await tab();
    const other = new checkout.constructor(second);
    await second.goto(`/?booking=${id}`);
    await other.ready();
    await checkout.fillCard(CARD.ok);
    await other.fillCard(CARD.ok);
    await checkout.pay.click();
    await expect(checkout.success).toHaveText(PAID);
    await other.pay.click();
    await expect(second.locator('booking-checkout .bc-msg')).toHaveText(/^(Payment received\. Your booking is confirmed\.|This booking is already paid\.)$/);
    await expect(other.pay).toBeHidden();
    // Both tabs share one PaymentIntent, confirmed once.
    const secrets = traffic.requests.filter((r) => r.url.endsWith('/confirm'));
    expect(secrets).toHaveLength(1);
    await expect.poll(() => bookingStatus(page, id), { timeout: 15_000 }).toBe('paid');
    // A third tab opened now is told at once, without a form.
    const third = await tab();
    await third.goto(`/?booking=${id}`);
    await expect(third.getByTestId('payment-error')).toHaveText('This booking is already complete.');
    await expect(third.getByTestId('pay-button')).toBeHidden();
    hostile(2);
  });

  // Regression: the second tab checked the intent (unpaid), the first tab's
  // payment then went through, and the second tab's confirmation was refused
  // with payment_intent_unexpected_state carrying the paid intent: it said
  // "Something went wrong. Please try again." and offered a retry.
  test('a second tab whose confirmation Stripe refuses because the first tab paid says the booking is paid', async ({ page, context, checkout, traffic }) => {
    const id = await openCheckout(page);
    await checkout.ready();
    const second = await context.newPage();
    await second.addInitScript(() => { window.__stripeDoubleConfig = { apiBase: '/demo/stripe', confirmGate: true }; });
    await second.route('https://js.stripe.com/**', (r) => r.fulfill({ contentType: 'text/javascript', body: DOUBLE }));
    const confirms = [];
    for (const p of [page, second]) p.on('request', (r) => { if (/\/payment_intents\/[^/]+\/confirm$/.test(r.url())) confirms.push(r.url()); });
    const other = new checkout.constructor(second);
    await second.goto(`/?booking=${id}`);
    await other.ready();
    await other.fillCard(CARD.ok);
    await checkout.fillCard(CARD.ok);
    // The second tab presses Pay first: its check finds the intent unpaid,
    // and its confirmation is held at the double until the first tab has paid.
    await other.pay.click();
    await other.confirmationHeld();
    await checkout.pay.click();
    await expect(checkout.success).toHaveText(PAID);
    await other.releaseConfirmation();
    await expect(second.getByTestId('payment-success')).toHaveText(PAID);
    await expect(other.pay).toBeHidden();
    await expect(second.getByTestId('payment-error')).toHaveCount(0);
    expect(confirms).toHaveLength(1);
    await expect.poll(() => bookingStatus(page, id), { timeout: 15_000 }).toBe('paid');
    await expectSafeEnd(second, traffic);
    hostile(1);
  });
});

test.describe('a client secret for another intent', () => {
  test.use({ doubleConfig: { apiBase: '/demo/stripe' } });

  test('Pay charges nothing, shows a fixed sentence and leaves a way forward', async ({ page, checkout, traffic }) => {
    const id = await openCheckout(page);
    await checkout.ready();
    // From now on the server hands out a well-formed secret of an intent that is not this booking's.
    await page.route('**/api/payments/create-intent', (route) =>
      route.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify({ client_secret: 'pi_NotThisOne_secret_f00', amount: 12500, currency: 'eur' }) }));
    await page.goto(`/?booking=${id}`);
    await checkout.ready();
    await checkout.fillCard(CARD.ok);
    await checkout.pay.click();
    await expect(checkout.error).toHaveText(/^(Something went wrong\. Please try again\.|We could not confirm whether your payment went through\..*)$/);
    await expect(checkout.success).toHaveCount(0);
    await expectSafeEnd(page, traffic, ['pi_NotThisOne', 'No such payment_intent']);
    expect(confirmsSent(traffic)).toBe(0);
    expect(await bookingStatus(page, id)).toBe('awaiting_payment');
    hostile(1);
  });
});
