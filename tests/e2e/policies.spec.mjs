// Every way a booking is paid, end to end against the reference server and
// localstripe: the server decides the terms from the room and the arrival
// day, the component shows them with the consent above Pay, records the
// consent before anything reaches Stripe, confirms with the call the terms
// need (confirmPayment, or confirmSetup for a guarantee), and the server's
// webhook settles the booking: deposit paid, held, or guaranteed.
import { test, expect, openRoom, day, CARD } from './fixtures.mjs';

/** What any payment received says. */
const PAID = 'Payment received. Your booking is confirmed.';

/** One room of the demo catalogue per policy (server/src/catalogue.rs), 2 nights each. */
const POLICIES = [
  {
    policy: 'deposit',
    room: 'garden',
    arrival: day(30),
    pay: 'Pay deposit €24.00',
    later: /^€72\.00 charged on /,
    status: 'deposit_paid',
    settled: 'is confirmed: the deposit is paid.',
    confirm: 'confirmPayment',
    success: 'Deposit received. Your booking is confirmed.',
  },
  {
    policy: 'hold',
    room: 'suite',
    arrival: day(2),
    pay: 'Authorise €298.00',
    later: /^Charged on arrival, /,
    status: 'held',
    settled: 'is confirmed: the price is held on your card until arrival.',
    confirm: 'confirmPayment',
    success: 'Payment authorised. Your booking is confirmed.',
  },
  {
    policy: 'guarantee',
    room: 'cabin',
    arrival: day(30),
    pay: 'Save card',
    later: /^No charge now · no-show or late-cancellation fee up to €39\.00$/,
    status: 'guaranteed',
    settled: 'is confirmed: your card guarantees it.',
    confirm: 'confirmSetup',
    success: 'Card saved. Your booking is guaranteed; nothing was charged.',
  },
];

const bookingOf = (page, id) => page.evaluate(async (b) => (await fetch(`/api/bookings/${b}`)).json(), id);
const confirmations = (page) => page.evaluate(() => window.__stripeDouble.confirmCalls.map((c) => c.method));

/** Where the page's requests to `suffix` fall among all it sent. */
const positions = (traffic, suffix) =>
  traffic.requests.flatMap((r, i) => (new URL(r.url).pathname.endsWith(suffix) ? [i] : []));

for (const flow of ['intent-first', 'deferred']) for (const p of POLICIES) {
  test.describe(`${p.policy}, ${flow}`, () => {
    test('the terms and the consent before Pay, the consent recorded first, the booking settled by the webhook', async ({ page, checkout, traffic }) => {
      const id = await openRoom(page, p.room, p.arrival, flow);
      await checkout.ready();
      await expect(checkout.pay).toHaveText(p.pay);
      await expect(page.getByTestId('later')).toHaveText(p.later);
      const consent = page.getByTestId('consent');
      await expect(consent).toBeVisible();
      const shown = await consent.textContent();

      await checkout.fillCard(CARD.ok);
      await checkout.pay.click();
      await expect(checkout.success).toHaveText(p.success);
      await expect(consent).toBeHidden();
      const done = await checkout.event('succeeded');
      expect(done.policy).toBe(p.policy);
      expect(done[p.policy === 'guarantee' ? 'setupIntentId' : 'paymentIntentId']).toMatch(/^(pi|seti)_/);
      expect(await confirmations(page)).toEqual([p.confirm]);

      const recorded = positions(traffic, `/api/bookings/${id}/consent`);
      expect(recorded).toHaveLength(1);
      const sent = JSON.parse(traffic.requests[recorded[0]].body);
      expect(sent.text).toBe(shown);
      expect(sent.locale).toBe('en');
      expect(sent.terms.policy).toBe(p.policy);
      // Intent-first, create-intent's answer brings the cancellation policy,
      // shown above the consent; the consent names the version shown.
      if (flow === 'intent-first') expect(sent.cancellation_version).toMatch(/^cxl-[0-9a-f]{16}$/);
      else expect(sent.cancellation_version).toBeUndefined();
      const confirmed = positions(traffic, '/confirm');
      expect(confirmed.length).toBe(1);
      expect(recorded[0]).toBeLessThan(confirmed[0]);

      await expect.poll(async () => (await bookingOf(page, id)).status, { timeout: 15_000 }).toBe(p.status);
      // The page says what the server's webhook settled.
      await expect(page.locator('#booking-status')).toHaveText(`Booking ${id} ${p.settled}`, { timeout: 15_000 });
    });

    test('3D Secure: the challenge, then the same outcome', async ({ page, checkout }) => {
      const id = await openRoom(page, p.room, p.arrival, flow);
      await checkout.ready();
      await checkout.fillCard(CARD.threeDS);
      await checkout.pay.click();
      await page.frameLocator('iframe[title="3D Secure authentication"]').locator('#test-source-authorize-3ds').click();
      await expect(checkout.success).toHaveText(p.success);
      await expect.poll(async () => (await bookingOf(page, id)).status, { timeout: 15_000 }).toBe(p.status);
    });

    test('a decline keeps the form and the terms; another card then goes through once', async ({ page, checkout }) => {
      const id = await openRoom(page, p.room, p.arrival, flow);
      await checkout.ready();
      await checkout.fillCard(CARD.declined);
      await checkout.pay.click();
      await expect(checkout.error).toHaveText('Your card was declined.');
      await expect(checkout.pay).toHaveText(p.pay);
      await expect(page.getByTestId('consent')).toBeVisible();
      expect((await bookingOf(page, id)).status).toBe('awaiting_payment');

      await checkout.fillCard(CARD.ok);
      await checkout.pay.click();
      await expect(checkout.success).toHaveText(p.success);
      await expect.poll(async () => (await bookingOf(page, id)).status, { timeout: 15_000 }).toBe(p.status);
    });

    test.describe('returning from a redirect', () => {
      test.use({ doubleConfig: { apiBase: '/demo/stripe', redirect: true } });
      test('the outcome is read from Stripe, vouched for by the server, and the address bar scrubbed', async ({ page, checkout }) => {
        const id = await openRoom(page, p.room, p.arrival, flow);
        await checkout.ready();
        await checkout.fillCard(CARD.ok);
        const kind = p.policy === 'guarantee' ? 'setup_intent' : 'payment_intent';
        const returned = page.waitForURL(new RegExp(`${kind}_client_secret=`));
        await checkout.pay.click();
        await returned;
        // The booking's answer vouches for the returned intent. Before the
        // webhook it still carries the terms, and the success names them;
        // once the webhook has settled the booking it says already_paid,
        // and a deposit's success is the payment's (a saved card is still
        // named as saved, from the SetupIntent itself).
        const exact = (t) => t.replace(/[.]/g, '\\.');
        const said = p.policy === 'deposit' ? new RegExp(`^(${exact(p.success)}|${exact(PAID)})$`) : p.success;
        await expect(checkout.success).toHaveText(said);
        expect(page.url()).not.toMatch(/_client_secret|redirect_status|setup_intent|payment_intent/);
        expect(page.url()).toContain(`booking=${id}`);
        const read = await page.evaluate(() => window.__stripeDouble.calls.map((c) => c.method));
        expect(read).toContain(p.policy === 'guarantee' ? 'retrieveSetupIntent' : 'retrievePaymentIntent');
        await expect.poll(async () => (await bookingOf(page, id)).status, { timeout: 15_000 }).toBe(p.status);
      });
    });
  });
}

test('deferred terms the server does not answer are shown as changed, never confirmed, then the server\'s are paid', async ({ page, checkout, traffic }) => {
  // The page renders a deposit of €20.00; the server decides €24.00.
  const id = await openRoom(page, 'garden', day(30), 'deferred', (t) => ({
    ...t,
    now: { ...t.now, amount: 2000 },
    balance: { ...t.balance, amount: t.total.amount - 2000 },
  }));
  await checkout.ready();
  await expect(checkout.pay).toHaveText('Pay deposit €20.00');
  await checkout.fillCard(CARD.ok);
  await checkout.pay.click();
  await expect(checkout.error).toHaveText('The payment terms of this booking have changed. Please read them again before you continue.');
  await expect(checkout.pay).toHaveText('Pay deposit €24.00');
  expect(await confirmations(page)).toEqual([]);
  expect(positions(traffic, '/consent')).toHaveLength(0);
  await checkout.pay.click();
  await expect(checkout.success).toHaveText('Deposit received. Your booking is confirmed.');
  expect(await confirmations(page)).toEqual(['confirmPayment']);
  await expect.poll(async () => (await bookingOf(page, id)).status, { timeout: 15_000 }).toBe('deposit_paid');
});

test('a hold for an arrival past the authorisation window is a guarantee for the whole price', async ({ page, checkout }) => {
  await openRoom(page, 'suite', day(20));
  await checkout.ready();
  await expect(checkout.pay).toHaveText('Save card');
  await expect(page.getByTestId('later')).toHaveText('No charge now · no-show or late-cancellation fee up to €298.00');
});

test('the whole price now shows no consent and pays as before', async ({ page, checkout, traffic }) => {
  await openRoom(page, 'sea-view', day(30));
  await checkout.ready();
  await expect(checkout.pay).toHaveText('Pay €125.00');
  await expect(page.getByTestId('consent')).toBeHidden();
  await expect(page.getByTestId('cancellation')).toHaveText(
    'Free cancellation until 7 days before arrival. Less than 7 days before: 50% kept. Less than 1 day before: 100% kept.',
  );
  await expect(page.getByTestId('later')).toBeHidden();
  await checkout.fillCard(CARD.ok);
  await checkout.pay.click();
  await expect(checkout.success).toHaveText(PAID);
  await expect(page.getByTestId('cancellation')).toBeHidden();
  expect(positions(traffic, '/consent')).toHaveLength(0);
  expect((await checkout.event('succeeded')).policy).toBe('pay_now');
});

test('a cancelled booking says so, in the guest\'s language, with nothing to pay or retry', async ({ page, checkout }) => {
  const id = await openRoom(page, 'sea-view', day(30));
  await checkout.ready();
  const cancelled = await page.evaluate(async (b) => (await fetch(`/api/bookings/${b}/cancel`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' })).status, id);
  expect(cancelled).toBe(200);
  await page.reload();
  await expect(checkout.error).toHaveText('This booking has been cancelled.');
  await page.evaluate(() => document.getElementById('checkout').setAttribute('locale', 'fr'));
  await expect(checkout.error).toHaveText('Cette réservation a été annulée.');
  await expect(checkout.pay).toBeHidden();
  await expect(checkout.retry).toBeHidden();
  expect((await checkout.event('failed')).code).toBe('booking_cancelled');
});

/** Regression: the consent went to the booking the checkout started with, not the one being paid. */
test('a booking the page switches to is the one whose consent is recorded and whose card is saved', async ({ page, checkout, traffic }) => {
  const first = await openRoom(page, 'sea-view', day(30));
  await checkout.ready();
  const second = await page.evaluate(async () => {
    const res = await fetch('/api/bookings', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ room: 'cabin', nights: 2 }) });
    return (await res.json()).id;
  });
  await page.evaluate((id) => document.getElementById('checkout').setAttribute('booking-id', id), second);
  await expect(checkout.pay).toHaveText('Save card');
  await checkout.ready();
  await checkout.fillCard(CARD.ok);
  await checkout.pay.click();
  await expect(checkout.success).toHaveText('Card saved. Your booking is guaranteed; nothing was charged.');
  expect(positions(traffic, `/api/bookings/${second}/consent`)).toHaveLength(1);
  expect(positions(traffic, `/api/bookings/${first}/consent`)).toHaveLength(0);
  await expect.poll(async () => (await bookingOf(page, second)).status, { timeout: 15_000 }).toBe('guaranteed');
});
