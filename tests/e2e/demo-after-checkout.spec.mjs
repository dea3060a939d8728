// After checkout, in the demo page as scripts/demo.sh serves it (the offline
// Stripe.js double in the page, "My booking" under the checkout), against the
// reference server and localstripe:
// - a deposit's balance that staff charge without the guest, to a card that
//   needs 3D Secure on every payment, fails with authentication_required;
//   the booking then needs the guest, and its checkout pays that same
//   intent (the guest authenticates), never a second one;
// - a cancel refunds what the booking's cancellation policy gives back, and
//   the refund shows once the server's webhook has recorded it.
import { test as base, expect } from '@playwright/test';
import { DOUBLE, CARD, day } from './fixtures.mjs';

const port = Number(process.env.E2E_PORT || 8181);
const demoPort = Number(process.env.E2E_DEMO_PORT || port + 20);
const origin = `http://127.0.0.1:${demoPort}`;
/** The demo stack's localstripe (scripts/e2e-server.sh), with its test-only keys. */
const stripeApi = `http://127.0.0.1:${demoPort + 1}/v1`;
const SECRET_KEY = 'sk_test_e2e_only';
const PUBLISHABLE_KEY = 'pk_test_bookingCheckoutDemo';
/** The demo's staff credential (server/src/config.rs, demo mode only). */
const STAFF_TOKEN = 'demo-staff-token';
/** A test card that needs authentication on every payment, on-session or off. */
const ALWAYS_AUTHENTICATE = '4000002760003184';

const test = base.extend({
  page: async ({ page }, use) => {
    // js.stripe.com cannot be reached here: the page's own double stands in.
    await page.route('https://js.stripe.com/**', (route) => route.fulfill({ contentType: 'text/javascript', body: DOUBLE }));
    const status = await page.request.post(`${origin}/api/session`, {
      data: { email: 'alice@example.com', password: 'alice-demo-password' },
    });
    expect(status.status()).toBe(200);
    await use(page);
  },
});

const api = (page, method, path, data) => page.request.fetch(`${origin}${path}`, { method, data });
const bookingOf = async (page, id) => (await (await api(page, 'GET', `/api/bookings/${id}`)).json());

/** A request to the demo's localstripe with its secret key (Stripe's own side). */
async function stripe(path, form = {}, key = SECRET_KEY) {
  const res = await fetch(`${stripeApi}/${path}`, {
    method: 'POST',
    headers: { authorization: `Basic ${Buffer.from(`${key}:`).toString('base64')}`, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(form),
  });
  return { status: res.status, body: await res.json() };
}

/**
 * A garden booking (€96.00: €24.00 now, €72.00 later) whose deposit the
 * guest paid earlier with a card that always needs 3D Secure, and
 * authenticated; its id once the webhook has made it deposit_paid.
 */
async function depositPaidWithAnAlwaysAuthenticateCard(page) {
  const booking = await (await api(page, 'POST', '/api/bookings', { room: 'garden', nights: 2, arrival: day(30) })).json();
  const consent = await api(page, 'POST', `/api/bookings/${booking.id}/consent`, { terms: booking.terms, locale: 'en', text: 'I agree.' });
  expect(consent.status()).toBe(204);
  const answer = await (await api(page, 'POST', '/api/payments/create-intent', { booking_id: booking.id })).json();
  const intent = answer.client_secret.split('_secret_')[0];
  const method = await stripe('payment_methods', {
    type: 'card', 'card[number]': ALWAYS_AUTHENTICATE, 'card[exp_month]': '12', 'card[exp_year]': '2034', 'card[cvc]': '123',
  });
  expect((await stripe(`payment_intents/${intent}`, { payment_method: method.body.id })).status).toBe(200);
  expect((await stripe(`payment_intents/${intent}/confirm`)).body.status).toBe('requires_action');
  const authenticated = await fetch(`${stripeApi}/payment_intents/${intent}/_authenticate?success=true`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ key: PUBLISHABLE_KEY, client_secret: answer.client_secret }),
  });
  expect(authenticated.ok).toBe(true);
  await expect.poll(async () => (await bookingOf(page, booking.id)).status, { timeout: 15_000 }).toBe('deposit_paid');
  return booking.id;
}

test('an off-session balance that needs authentication is paid by the guest in recovery, on the same intent', async ({ page }) => {
  const id = await depositPaidWithAnAlwaysAuthenticateCard(page);
  const charged = await page.request.post(`${origin}/api/staff/bookings/${id}/charge`, {
    headers: { authorization: `Bearer ${STAFF_TOKEN}` },
    data: { kind: 'balance' },
  });
  expect(charged.status()).toBe(200);
  const outcome = await charged.json();
  expect(outcome.status).toBe('action_required');
  const owed = outcome.payment_intent_id;

  await page.goto(`${origin}/?booking=${id}`);
  const panel = page.locator('#my-booking');
  await expect(panel.locator('#my-booking-status')).toHaveText('A payment needs you: pay it in the checkout above');
  const pay = page.getByTestId('pay-button');
  await expect(pay).toHaveText('Pay €72.00');
  await expect(page.getByTestId('later')).toHaveText(
    'The balance of €72.00: your saved card could not be charged without you. Pay it here; your bank may ask you to confirm.',
  );
  await expect(page.getByTestId('consent')).toBeHidden();
  await expect(panel.locator('#my-booking-payments li')).toHaveText(['Payment €72.00 · needs you', 'Payment €24.00 · succeeded']);
  await expect(panel.getByRole('button', { name: 'Cancel booking' }), 'a cancel is refused while a charge is owed').toBeHidden();

  const frame = page.frameLocator('iframe[title="Secure payment input frame"]');
  await frame.locator('[name=cardnumber]').fill(CARD.threeDS);
  await frame.locator('[name=exp-date]').fill('12/34');
  await frame.locator('[name=cvc]').fill('123');
  await pay.click();
  await page.frameLocator('iframe[title="3D Secure authentication"]').locator('#test-source-authorize-3ds').click();
  await expect(page.getByTestId('payment-success')).toHaveText('Payment received. Your booking is confirmed.');
  await expect(page.getByTestId('later')).toBeHidden();
  await expect.poll(async () => (await bookingOf(page, id)).status, { timeout: 15_000 }).toBe('paid');
  await expect(panel.locator('#my-booking-status')).toHaveText('Paid', { timeout: 15_000 });
  // Every intent the server made for the booking: the deposit and the one balance.
  const history = await (await api(page, 'GET', '/api/payments/history?limit=100')).json();
  const charges = history.items.filter((i) => i.booking_id === id && i.movement === 'charge');
  expect(charges.map((c) => [c.payment_intent_id === owed, c.amount, c.status]).sort()).toEqual([
    [false, 2400, 'succeeded'],
    [true, 7200, 'succeeded'],
  ]);
  const balance = await fetch(`${stripeApi}/payment_intents/${owed}`, {
    headers: { authorization: `Basic ${Buffer.from(`${SECRET_KEY}:`).toString('base64')}` },
  });
  expect((await balance.json()).status).toBe('succeeded');
});

test('a cancel refunds what the policy gives back, and the refund shows once the webhook has it', async ({ page }) => {
  // Sea-view, 2 nights (€125.00), arriving in 5 days: inside its 7-day tier, which keeps half.
  const booking = await (await api(page, 'POST', '/api/bookings', { room: 'sea-view', nights: 2, arrival: day(5) })).json();
  await page.goto(`${origin}/?booking=${booking.id}`);
  const panel = page.locator('#my-booking');
  await expect(panel.locator('#my-booking-status')).toHaveText('Awaiting payment');
  await expect(panel.locator('#my-booking-terms')).toHaveText('The whole price, €125.00, at checkout');
  await expect(panel.locator('#my-booking-cancellation')).toHaveText(
    'Free until 7 days before arrival; then 50 % kept within 7 days, 100 % kept within 1 day',
  );

  const frame = page.frameLocator('iframe[title="Secure payment input frame"]');
  await frame.locator('[name=cardnumber]').fill(CARD.ok);
  await frame.locator('[name=exp-date]').fill('12/34');
  await frame.locator('[name=cvc]').fill('123');
  await page.getByTestId('pay-button').click();
  await expect(page.getByTestId('payment-success')).toHaveText('Payment received. Your booking is confirmed.');
  await expect(panel.locator('#my-booking-status')).toHaveText('Paid', { timeout: 15_000 });
  await expect(panel.locator('#my-booking-payments li')).toHaveText(['Payment €125.00 · succeeded']);

  await panel.getByRole('button', { name: 'Cancel booking' }).click();
  await expect(panel.locator('#my-booking-said')).toHaveText(
    'Booking cancelled. €62.50 is refunded to your card; the cancellation policy keeps €62.50.',
  );
  await expect(panel.locator('#my-booking-status')).toHaveText('Cancelled');
  await expect(panel.getByRole('button', { name: 'Cancel booking' })).toBeHidden();
  // The refund is on record once Stripe's charge.refunded has reached the server.
  await expect(panel.locator('#my-booking-payments li[data-movement="refund"]')).toHaveText('Refund €62.50 · succeeded', { timeout: 20_000 });
  // The checkout beside it says so too: nothing left to pay.
  await expect(page.getByTestId('payment-error')).toHaveText('This booking has been cancelled.');
  await expect(page.getByTestId('pay-button')).toBeHidden();
  await expect(page.locator('#booking-status'), 'no "paid and confirmed" beside it').toBeHidden();

  // Cancelling again moves no money.
  const again = await api(page, 'POST', `/api/bookings/${booking.id}/cancel`, {});
  expect(again.status()).toBe(200);
  expect((await again.json()).refunded).toBe(6250);
  const history = await (await api(page, 'GET', '/api/payments/history?limit=100')).json();
  expect(history.items.filter((i) => i.booking_id === booking.id && i.movement === 'refund')).toHaveLength(1);
});
