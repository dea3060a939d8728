// The booking's price changes on the server while the customer is on the
// page (PATCH /api/bookings/{id}: an extra night). The server never changes
// an intent's amount: it cancels the intent on screen, and the next
// create-intent makes one for the new price. Stripe decides which of the
// cancel and the customer's confirmation came first, so nobody is charged
// an amount they did not see, and Pay costs one Stripe round trip (no
// read of the intent before confirming).
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

const PRICE_CHANGED = 'The price of this booking has changed. Please check the new amount, then pay again.';
const elementsGroups = (page) =>
  page.evaluate(() => window.__stripeDouble.options.filter((o) => o.kind === 'elements').length);
/** The ids of the intents create-intent hands this page, in order. */
function handedOut(page) {
  const ids = [];
  page.on('response', async (r) => {
    if (r.url().endsWith('/api/payments/create-intent') && r.ok()) ids.push((await r.json()).client_secret.split('_secret_')[0]);
  });
  return ids;
}

test('refresh() after a price change shows a new form at the new price, says why, and charges the new amount', async ({ page, checkout }) => {
  const intents = handedOut(page);
  const id = await openCheckout(page);
  await checkout.ready();
  await expect(checkout.pay).toHaveText('Pay €125.00');
  await checkout.fillCard(CARD.ok);
  await expect.poll(() => intents.length).toBe(1);
  const shown = intents[0];

  const changed = await reprice(page, id, 3);
  expect([changed.status, changed.body.amount]).toEqual([200, 18_750]);
  const old = await atStripe(shown);
  expect([old.status, old.amount]).toEqual(['canceled', 12_500]);
  // The host shows the new stay with the new price, as a booking site would.
  await page.evaluate((d) => document.getElementById('checkout').setAttribute('description', d), changed.body.description);
  await refresh(page);
  await expect(page.locator('.bc-desc')).toHaveText('Sea-view room, 3 nights');
  await expect(page.getByTestId('amount')).toHaveText('€187.50');
  await expect(checkout.pay).toHaveText('Pay €187.50');
  await expect(checkout.error).toHaveText(PRICE_CHANGED);
  await checkout.ready();
  await expect(checkout.pay).toBeEnabled();
  await page.screenshot({ path: test.info().outputPath('price-refreshed.png') });
  expect(await elementsGroups(page)).toBe(2);
  expect(await typedCard(page)).toBe('');

  await checkout.fillCard(CARD.ok);
  await checkout.pay.click();
  await expect(checkout.success).toBeVisible();
  const pi = (await checkout.event('succeeded')).paymentIntentId;
  expect(pi).not.toBe(shown);
  expect(pi).toBe(intents.at(-1));
  const intent = await atStripe(pi);
  expect([intent.status, intent.amount]).toEqual(['succeeded', 18_750]);
  await paidAt(page, id, 18_750);
  expect(await calls(page, 'retrievePaymentIntent')).toBe(0);
  expect((await reprice(page, id, 1)).status).toBe(409);
});

test('a price changed without refresh(): Stripe refuses the old intent, nothing is charged, and the new price is shown', async ({ page, checkout }) => {
  const id = await openCheckout(page);
  await checkout.ready();
  await checkout.fillCard(CARD.ok);
  expect((await reprice(page, id, 4)).status).toBe(200);

  await checkout.pay.click();
  await expect(checkout.error).toHaveText(PRICE_CHANGED);
  await expect(page.getByTestId('amount')).toHaveText('€250.00');
  await expect(checkout.pay).toHaveText('Pay €250.00');
  expect((await checkout.event('failed')).code).toBe('payment_not_completed');
  expect(await checkout.confirmCalls()).toBe(1);
  expect(await calls(page, 'retrievePaymentIntent')).toBe(0);
  await checkout.ready();
  await page.screenshot({ path: test.info().outputPath('price-mismatch.png') });
  expect((await booking(page, id)).status).toBe('awaiting_payment');

  await expect(checkout.pay).toBeEnabled();
  await checkout.fillCard(CARD.ok);
  await checkout.pay.click();
  await expect(checkout.success).toBeVisible();
  const intent = await atStripe((await checkout.event('succeeded')).paymentIntentId);
  expect(intent.amount).toBe(25_000);
  await paidAt(page, id, 25_000);
});

test.describe('with the confirmation held on its way to Stripe', () => {
  test.use({ doubleConfig: { apiBase: '/demo/stripe', confirmGate: true } });

  /** Pays for a new booking with the confirmation held at the double; resolves with its id. */
  async function payHeld(page, checkout) {
    const id = await openCheckout(page);
    await checkout.ready();
    await checkout.fillCard(CARD.ok);
    await checkout.pay.click();
    await checkout.confirmationHeld();
    return id;
  }

  test('a price change that reaches Stripe first cancels the intent: the held confirmation charges nothing', async ({ page, checkout }) => {
    const id = await payHeld(page, checkout);
    expect((await reprice(page, id, 3)).status).toBe(200);
    await checkout.releaseConfirmation();

    await expect(checkout.error).toHaveText(PRICE_CHANGED);
    await expect(checkout.pay).toHaveText('Pay €187.50');
    await expect(checkout.success).toHaveCount(0);
    expect((await booking(page, id)).status).toBe('awaiting_payment');
    const history = await page.evaluate(async () => (await fetch('/api/payments/history')).json());
    expect(history.items.filter((r) => r.booking_id === id && r.status === 'succeeded')).toHaveLength(0);
  });

  test('a confirmation that reaches Stripe first is charged what was shown, and the change is refused', async ({ page, checkout }) => {
    const id = await payHeld(page, checkout);
    await checkout.releaseConfirmation();
    await expect(checkout.success).toBeVisible();
    const refused = await reprice(page, id, 3);
    expect([refused.status, refused.body.error.code]).toEqual([409, 'already_paid']);
    await paidAt(page, id, 12_500);
  });
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
    // The decline is said, then the new form at the new price says why it is new.
    await expect(page.getByTestId('amount')).toHaveText('€187.50');
    await expect(checkout.pay).toHaveText('Pay €187.50');
    await expect(checkout.error).toHaveText(PRICE_CHANGED);

    await checkout.ready();
    await checkout.fillCard(CARD.ok);
    await checkout.pay.click();
    await expect(checkout.success).toBeVisible();
    const intent = await atStripe((await checkout.event('succeeded')).paymentIntentId);
    expect(intent.amount).toBe(18_750);
    await paidAt(page, id, 18_750);
  });
});
