// The early start (src/embed/early.js): Stripe.js and create-intent begin
// while the wasm is still on its way, and the component uses what they
// brought instead of asking again, but only when it is what it would have
// asked for itself.
import { test, expect, openCheckout, pageWith, CARD } from './fixtures.mjs';

const intents = (traffic) => traffic.requests.filter((r) => r.url.endsWith('/api/payments/create-intent'));

test('Stripe.js and create-intent start before the wasm arrives, and the answer is used once', async ({ page, checkout, traffic }) => {
  const order = [];
  page.on('request', (r) => {
    if (r.url().startsWith('https://js.stripe.com/')) order.push('stripe.js');
    if (r.url().endsWith('/api/payments/create-intent')) order.push('create-intent');
  });
  // Hold the wasm back, so "before" cannot be a race the test happens to win.
  await page.route('**/*_bg.wasm', async (route) => {
    const response = await route.fetch();
    await new Promise((resolve) => setTimeout(resolve, 700));
    order.push('wasm delivered');
    await route.fulfill({ response });
  });
  const id = await openCheckout(page);
  await checkout.ready();
  expect(order.indexOf('stripe.js')).toBeGreaterThanOrEqual(0);
  expect(order.indexOf('stripe.js')).toBeLessThan(order.indexOf('wasm delivered'));
  expect(order.indexOf('create-intent')).toBeLessThan(order.indexOf('wasm delivered'));
  // One Stripe.js load and one create-intent for the whole page: the component adopted both.
  expect(order.filter((o) => o === 'stripe.js')).toHaveLength(1);
  expect(intents(traffic).map((r) => JSON.parse(r.body))).toEqual([{ booking_id: id }]);

  await checkout.fillCard(CARD.ok);
  await checkout.pay.click();
  await expect(checkout.success).toBeVisible();
  expect(intents(traffic)).toHaveLength(1);
});

test('a booking changed after the early start is paid as changed; the early answer is not used', async ({ page, checkout, traffic }) => {
  let other;
  // The host page switches the booking after early.js ran and before the
  // component starts. (The test drops the CSP to add that inline script.)
  await pageWith(
    page,
    (html) =>
      html.replace(
        '</body>',
        `<script>document.getElementById('checkout').setAttribute('booking-id', ${JSON.stringify(other)})</script></body>`,
      ),
    { csp: false },
  );
  const first = await openCheckout(page);
  other = await page.evaluate(async () => {
    const res = await fetch('/api/bookings', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ room: 'garden', nights: 1 }) });
    return (await res.json()).id;
  });
  traffic.requests.length = 0;
  await page.goto(`/?booking=${first}`);
  await checkout.ready();
  await expect(page.getByTestId('amount')).toContainText('48'); // the garden room, 1 night
  const sent = intents(traffic);
  expect(sent.map((r) => JSON.parse(r.body).booking_id)).toEqual([first, other]);
  // The component's own request has its own idempotency key.
  expect(sent[1].headers['idempotency-key']).not.toBe(sent[0].headers['idempotency-key']);

  await checkout.fillCard(CARD.ok);
  await checkout.pay.click();
  const done = await checkout.event('succeeded');
  expect(done.status).toBe('succeeded');
  const status = async (id) => (await page.evaluate(async (b) => (await fetch(`/api/bookings/${b}`)).json(), id)).status;
  await expect.poll(() => status(other)).toBe('paid');
  expect(await status(first)).not.toBe('paid');
});
