// The booking's price changes on the server while the customer is on the
// page (PATCH /api/bookings/{id}: an extra night). The host calls
// checkout.refresh(); the component asks the server, calls
// elements.fetchUpdates() and shows the new amount without a remount,
// keeping what the customer typed. A confirmation never runs against an
// amount other than the one on screen.
import { test, expect, openCheckout, CARD } from './fixtures.mjs';

const LOCALSTRIPE = `http://127.0.0.1:${process.env.E2E_LOCALSTRIPE_PORT || 8421}`;

/** The PaymentIntent as localstripe (the Stripe API of this suite) holds it. */
async function atStripe(id) {
  const res = await fetch(`${LOCALSTRIPE}/v1/payment_intents/${id}`, {
    headers: { Authorization: `Basic ${Buffer.from('sk_test_e2e_only:').toString('base64')}` },
  });
  expect(res.status).toBe(200);
  return res.json();
}

/** Changes the stay to `nights` through the API, as the booking site would. */
const reprice = (page, id, nights) =>
  page.evaluate(async ([id, nights]) => {
    const res = await fetch(`/api/bookings/${id}`, {
      method: 'PATCH',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ nights }),
    });
    return { status: res.status, body: await res.json() };
  }, [id, nights]);

const refresh = (page) => page.evaluate(() => document.getElementById('checkout').refresh());
const typedCard = (page) =>
  page.frameLocator('iframe[title="Secure payment input frame"]').locator('[name=cardnumber]').inputValue();
const calls = (page, method) =>
  page.evaluate((m) => window.__stripeDouble.calls.filter((c) => c.method === m).length, method);
const booking = (page, id) => page.evaluate(async (id) => (await fetch(`/api/bookings/${id}`)).json(), id);

async function paidAt(page, id, amount) {
  await expect(page.locator('#booking-status')).toHaveText(`Booking ${id} is paid and confirmed.`, { timeout: 15_000 });
  const b = await booking(page, id);
  expect([b.status, b.amount]).toEqual(['paid', amount]);
  const history = await page.evaluate(async () => (await fetch('/api/payments/history')).json());
  const row = history.items.find((r) => r.booking_id === id);
  expect([row.status, row.amount]).toEqual(['succeeded', amount]);
}

test('refresh() shows the new price in place, keeps the typed card, and the payment is charged the new amount', async ({ page, checkout }) => {
  const id = await openCheckout(page);
  await checkout.ready();
  await expect(checkout.pay).toHaveText('Pay €125.00');
  await checkout.fillCard(CARD.ok);

  const changed = await reprice(page, id, 3);
  expect([changed.status, changed.body.amount]).toEqual([200, 18_750]);
  // The host shows the new stay with the new price, as a booking site would.
  await page.evaluate((d) => document.getElementById('checkout').setAttribute('description', d), changed.body.description);
  await refresh(page);
  await expect(page.locator('.bc-desc')).toHaveText('Sea-view room, 3 nights');
  await expect(page.getByTestId('amount')).toHaveText('€187.50');
  await expect(checkout.pay).toHaveText('Pay €187.50');
  await expect(checkout.pay).toBeEnabled();
  await page.screenshot({ path: test.info().outputPath('price-refreshed.png') });
  expect(await typedCard(page)).toBe(CARD.ok);
  expect(await calls(page, 'fetchUpdates')).toBe(1);
  expect(await calls(page, 'create')).toBe(1);
  expect(await page.evaluate(() => window.__stripeDouble.options.filter((o) => o.kind === 'elements').length)).toBe(1);

  await checkout.pay.click();
  await expect(checkout.success).toBeVisible();
  const pi = (await checkout.event('succeeded')).paymentIntentId;
  const intent = await atStripe(pi);
  expect([intent.status, intent.amount]).toEqual(['succeeded', 18_750]);
  await paidAt(page, id, 18_750);
  expect((await reprice(page, id, 1)).status).toBe(409);
});

test('a price changed without refresh() is refused before confirming, with a clear message and the new amount', async ({ page, checkout }) => {
  const id = await openCheckout(page);
  await checkout.ready();
  await checkout.fillCard(CARD.ok);
  expect((await reprice(page, id, 4)).status).toBe(200);

  await checkout.pay.click();
  await expect(checkout.error).toHaveText('The price of this booking has changed. Please check the new amount, then pay again.');
  await expect(page.getByTestId('amount')).toHaveText('€250.00');
  await expect(checkout.pay).toHaveText('Pay €250.00');
  expect((await checkout.event('failed')).code).toBe('price_changed');
  expect(await checkout.confirmCalls()).toBe(0);
  await page.screenshot({ path: test.info().outputPath('price-mismatch.png') });

  await expect(checkout.pay).toBeEnabled();
  expect(await typedCard(page)).toBe(CARD.ok);
  await checkout.pay.click();
  await expect(checkout.success).toBeVisible();
  const intent = await atStripe((await checkout.event('succeeded')).paymentIntentId);
  expect(intent.amount).toBe(25_000);
  await paidAt(page, id, 25_000);
});

test.describe('with a slow confirmation', () => {
  test.use({ doubleConfig: { apiBase: '/demo/stripe', confirmDelayMs: 1500 } });
  test('a change that arrives while paying is applied after the outcome', async ({ page, checkout }) => {
    const id = await openCheckout(page);
    await checkout.ready();
    await checkout.fillCard(CARD.declined);
    await checkout.pay.click();
    await expect(page.locator('.bc')).toHaveAttribute('data-state', 'paying');
    // The server refuses nothing yet: the intent is not processing.
    expect((await reprice(page, id, 3)).status).toBe(200);
    await refresh(page);
    await expect(page.getByTestId('amount')).toHaveText('€125.00');
    await expect(checkout.error).toHaveText('Your card was declined.');
    await expect(page.getByTestId('amount')).toHaveText('€187.50');
    await expect(checkout.pay).toHaveText('Pay €187.50');
    expect(await calls(page, 'fetchUpdates')).toBe(1);

    await checkout.fillCard(CARD.ok);
    await checkout.pay.click();
    await expect(checkout.success).toBeVisible();
    const intent = await atStripe((await checkout.event('succeeded')).paymentIntentId);
    expect(intent.amount).toBe(18_750);
    await paidAt(page, id, 18_750);
  });
});
