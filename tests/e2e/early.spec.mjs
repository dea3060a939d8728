// The early start (src/embed/early.js): Stripe.js and create-intent begin
// while the wasm is still on its way, and the component uses what they
// brought instead of asking again, but only when it is what it would have
// asked for itself.
import { test, expect, openCheckout, openCheckoutWith, pageWith, withoutEarlyStart, CARD } from './fixtures.mjs';

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
  // Pages loaded before the second booking exists are served as they are,
  // so no request of theirs can land among the ones counted below.
  await pageWith(
    page,
    (html) =>
      other === undefined
        ? html
        : html.replace(
            '</body>',
            `<script>document.getElementById('checkout').setAttribute('booking-id', ${JSON.stringify(other)})</script></body>`,
          ),
    { csp: false },
  );
  const first = await openCheckout(page);
  other = await page.evaluate(async () => {
    const res = await fetch('/api/bookings', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ room: 'sea-view', nights: 1 }) });
    return (await res.json()).id;
  });
  traffic.requests.length = 0;
  await page.goto(`/?booking=${first}`);
  await checkout.ready();
  await expect(page.getByTestId('amount')).toContainText('62.50'); // the sea-view room, 1 night
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

// ------------------------------------------- the form mounted by the early start

/**
 * Holds the wasm until `until` (run in the page) is true or 10 s have
 * passed, then runs `meanwhile` and delivers it. Resolves with what
 * `meanwhile` returned, once the wasm is on its way.
 */
function holdWasm(page, until, meanwhile = async () => null) {
  let seen;
  const delivered = new Promise((resolve) => {
    page.route('**/*_bg.wasm', async (route) => {
      const response = await route.fetch();
      await page.waitForFunction(until, null, { timeout: 10_000 }).catch(() => {});
      seen = await meanwhile();
      await route.fulfill({ response });
      resolve();
    });
  });
  return { delivered, seen: () => seen };
}

const calls = (page, method) =>
  page.evaluate((m) => window.__stripeDouble.calls.filter((c) => c.method === m).map((c) => c.type || m), method);

test('the Element is ready and typed in before the wasm arrives, and the component takes that form over', async ({ page, checkout, traffic }) => {
  const held = holdWasm(
    page,
    () => window.__stripeDouble && window.__stripeDouble.readyAt !== null,
    async () => {
      // The customer sees the form and types the card while the component is still on its way.
      await expect(page.frameLocator('iframe[title="Secure payment input frame"]').locator('[name=cardnumber]')).toBeVisible();
      await checkout.fillCard(CARD.ok);
      return page.evaluate(() => ({
        started: performance.getEntriesByName('booking-checkout:start').length,
        pay: document.querySelectorAll('[data-testid=pay-button]').length,
        skeleton: getComputedStyle(document.querySelector('.bc-skeleton')).display,
      }));
    },
  );
  await openCheckout(page);
  await held.delivered;
  expect(held.seen()).toEqual({ started: 0, pay: 0, skeleton: 'none' });
  await checkout.ready();
  // One Stripe(pk), one group, one Payment Element mounted once: the early ones.
  expect(await calls(page, 'Stripe')).toHaveLength(1);
  expect(await calls(page, 'create')).toEqual(['payment']);
  expect(await calls(page, 'mount')).toEqual(['payment']);
  expect(await calls(page, 'destroy')).toEqual([]);
  expect(await page.evaluate(() => window.__stripeDouble.appInfo.map((i) => i.name))).toEqual(['booking-checkout']);
  // What was typed before the wasm arrived is paid with.
  await checkout.pay.click();
  await expect(checkout.success).toBeVisible();
  expect(intents(traffic)).toHaveLength(1);
  // The early start's listeners came off when the component took the form: none is left once it goes.
  await page.evaluate(() => document.getElementById('checkout').remove());
  expect(await page.evaluate(() => window.__stripeDouble.listenersLeft())).toBe(0);
});

test('an early form made with other options than the component would pass is destroyed and replaced', async ({ page, checkout }) => {
  // The page changes the theme after the early form is mounted and before the component starts.
  const held = holdWasm(
    page,
    () => window.__stripeDouble && window.__stripeDouble.readyAt !== null,
    () => page.evaluate(() => document.getElementById('checkout').setAttribute('theme', 'night')),
  );
  await openCheckout(page);
  await held.delivered;
  await checkout.ready();
  expect(await calls(page, 'create')).toEqual(['payment', 'payment']);
  expect(await calls(page, 'destroy')).toEqual(['payment']);
  const groups = await page.evaluate(() => window.__stripeDouble.args.filter((a) => a.method === 'elements').map((a) => a.args[0].appearance.theme));
  expect(groups).toEqual(['stripe', 'night']);
  await expect(page.locator('iframe[title="Secure payment input frame"]')).toHaveCount(1);
  await checkout.fillCard(CARD.ok);
  await checkout.pay.click();
  await expect(checkout.success).toBeVisible();
});

test('a Card Element in French is taken over too, its validation replayed', async ({ page, checkout }) => {
  const held = holdWasm(
    page,
    () => window.__stripeDouble && window.__stripeDouble.readyAt !== null,
    async () => {
      // Typed and left invalid before the component exists: its message shows once it does.
      await checkout.frame.locator('[name=cardnumber]').fill('4242424242424241');
      await checkout.frame.locator('[name=cvc]').focus();
    },
  );
  await openCheckoutWith(page, 'element="card" locale="fr"');
  await held.delivered;
  await expect(checkout.root.locator('.bc')).toHaveAttribute('data-state', 'ready');
  expect(await calls(page, 'create')).toEqual(['card']);
  expect(await calls(page, 'destroy')).toEqual([]);
  await expect(checkout.error).toBeVisible();
  await checkout.fillCard(CARD.ok);
  await expect(checkout.error).toHaveCount(0);
  await checkout.pay.click();
  await expect(checkout.success).toBeVisible();
});

/** The shell in the page (src/shell.rs): tag, attributes and children, without the view or Stripe's nodes. */
const shellOf = (page) =>
  page.evaluate(() => {
    const walk = (node) => ({
      tag: node.tagName,
      attributes: [...node.attributes].map((a) => `${a.name}=${a.value}`).sort(),
      children: node.classList.contains('bc-element')
        ? []
        : [...node.children].filter((c) => !node.classList.contains('bc') || c.classList.contains('bc-payarea')).map(walk),
    });
    return walk(document.querySelector('booking-checkout > .bc'));
  });

test('the early start makes the same shell, in the same loading state, as the component makes without it', async ({ page }) => {
  // The create-intent answer is held, so both shells are caught loading.
  let release;
  const held = new Promise((resolve) => (release = resolve));
  await page.route('**/api/payments/create-intent', async (route) => {
    await held;
    await route.continue().catch(() => {});
  });
  // Caught before the wasm is delivered: the early start's own shell.
  const wasm = holdWasm(page, () => !!document.querySelector('booking-checkout > .bc'), () => shellOf(page));
  await openCheckout(page);
  await wasm.delivered;
  const early = wasm.seen();
  expect(early.attributes).toEqual(['aria-busy=true', 'class=bc', 'data-early=', 'data-state=loading']);
  early.attributes = early.attributes.filter((a) => a !== 'data-early=');
  release();

  await page.unrouteAll({ behavior: 'ignoreErrors' });
  let again;
  const stillHeld = new Promise((resolve) => (again = resolve));
  await page.route('**/api/payments/create-intent', async (route) => {
    await stillHeld;
    await route.continue().catch(() => {});
  });
  await withoutEarlyStart(page);
  await page.goto('/');
  await expect(page.getByTestId('pay-button')).toBeVisible();
  expect(await shellOf(page)).toEqual(early);
  again();
});
