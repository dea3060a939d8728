// Fifty mounts and destroys, half of them in the middle of loading: nothing
// stays behind — no iframe, no listener on the page or on Stripe's
// elements, no pending timer — and a last mount still pays.
import { test, expect, pageWith, hostile, CARD } from './fixtures.mjs';

const OK_BODY = JSON.stringify({ client_secret: 'pi_cycle_secret_abc', amount: 12500, currency: 'eur' });

/** Counts window/document listeners and pending timers the page holds. */
function instrument() {
  const pending = new Set();
  const listeners = new Map();
  const key = (target, type, fn, options) =>
    [target === window ? 'w' : 'd', type, typeof options === 'boolean' ? options : !!(options && options.capture)];
  const ids = new WeakMap();
  let seq = 0;
  const idOf = (fn) => {
    if (!ids.has(fn)) ids.set(fn, ++seq);
    return ids.get(fn);
  };
  const add = EventTarget.prototype.addEventListener;
  const remove = EventTarget.prototype.removeEventListener;
  EventTarget.prototype.addEventListener = function (type, fn, options) {
    if ((this === window || this === document) && fn) {
      listeners.set(JSON.stringify([...key(this, type, fn, options), idOf(fn)]), type);
    }
    return add.call(this, type, fn, options);
  };
  EventTarget.prototype.removeEventListener = function (type, fn, options) {
    if ((this === window || this === document) && fn) {
      listeners.delete(JSON.stringify([...key(this, type, fn, options), idOf(fn)]));
    }
    return remove.call(this, type, fn, options);
  };
  const setT = window.setTimeout;
  const clearT = window.clearTimeout;
  const setI = window.setInterval;
  const clearI = window.clearInterval;
  window.setTimeout = function (fn, ms, ...rest) {
    const id = setT.call(window, (...a) => {
      pending.delete(id);
      if (typeof fn === 'function') fn(...a);
    }, ms, ...rest);
    pending.add(id);
    return id;
  };
  window.clearTimeout = (id) => {
    pending.delete(id);
    clearT.call(window, id);
  };
  window.setInterval = function (...a) {
    const id = setI.apply(window, a);
    pending.add(id);
    return id;
  };
  window.clearInterval = (id) => {
    pending.delete(id);
    clearI.call(window, id);
  };
  window.__held = () => ({ timers: pending.size, listeners: [...listeners.values()].sort() });
}

test.describe('mount and destroy', () => {
  test.use({ doubleConfig: {} });

  test('fifty cycles leave no iframe, listener or timer behind', async ({ page, checkout }) => {
    test.setTimeout(90_000);
    await page.addInitScript(instrument);
    await page.route('**/api/payments/create-intent', (route) =>
      route.fulfill({ status: 200, contentType: 'application/json', body: OK_BODY }));
    await pageWith(page, (html) => html.replace(/<booking-checkout[\s\S]*?<\/booking-checkout>/, '<div id="host"></div>'));
    await page.goto('/');
    await page.waitForFunction(() => window.wasmBindings && window.wasmBindings.mountCheckout);
    const mount = () => page.evaluate(() => {
      window.handle = window.wasmBindings.mountCheckout(document.getElementById('host'), {
        publishableKey: 'pk_test_bookingCheckoutDemo', bookingId: 'bk_cycle',
      });
    });
    const destroy = () => page.evaluate(() => window.handle.destroy());
    // One full cycle first, so Stripe.js and the page's own one-time work are in the baseline.
    await mount();
    await expect(page.locator('#host .bc')).toHaveAttribute('data-state', 'ready');
    await destroy();
    await page.waitForTimeout(300);
    const before = await page.evaluate(() => window.__held());

    for (let i = 0; i < 50; i++) {
      await mount();
      // Every other cycle is torn down in the middle of loading.
      if (i % 2 === 0) await expect(page.locator('#host .bc')).toHaveAttribute('data-state', 'ready');
      await destroy();
    }
    await page.waitForTimeout(500);
    await expect(page.locator('iframe')).toHaveCount(0);
    await expect(page.locator('#host *')).toHaveCount(0);
    expect(await page.evaluate(() => window.__stripeDouble.listenersLeft())).toBe(0);
    const after = await page.evaluate(() => window.__held());
    expect(after.listeners).toEqual(before.listeners);
    expect(after.timers).toBeLessThanOrEqual(before.timers);
    const created = await page.evaluate(() => window.__stripeDouble.calls.filter((c) => c.method === 'create').length);
    const destroyed = await page.evaluate(() => window.__stripeDouble.calls.filter((c) => c.method === 'destroy').length);
    expect(destroyed).toBe(created);

    // Still fully usable afterwards.
    await mount();
    await expect(page.locator('#host .bc')).toHaveAttribute('data-state', 'ready');
    await checkout.fillCard(CARD.ok);
    await expect(page.getByTestId('pay-button')).toBeEnabled();
    await expect(page.locator('iframe')).toHaveCount(1);
    hostile(50);
  });

  test('fifty custom elements added and removed leave nothing behind', async ({ page, traffic }) => {
    void traffic; // js.stripe.com answered by the double
    test.setTimeout(90_000);
    await page.addInitScript(instrument);
    await page.route('**/api/payments/create-intent', (route) =>
      route.fulfill({ status: 200, contentType: 'application/json', body: OK_BODY }));
    await page.goto('/');
    await expect(page.locator('booking-checkout .bc')).toHaveAttribute('data-state', 'ready');
    const cycle = (waitReady) => page.evaluate(async (wait) => {
      const el = document.createElement('booking-checkout');
      el.setAttribute('publishable-key', 'pk_test_bookingCheckoutDemo');
      el.setAttribute('booking-id', 'bk_cycle');
      document.querySelector('main').append(el);
      if (wait) {
        await new Promise((resolve) => el.addEventListener('checkout:ready', resolve, { once: true }));
      }
      el.remove();
    }, waitReady);
    await cycle(true);
    await page.waitForTimeout(300);
    const before = await page.evaluate(() => window.__held());
    for (let i = 0; i < 50; i++) await cycle(i % 2 === 0);
    await page.waitForTimeout(500);
    // Only the page's own checkout remains.
    await expect(page.locator('iframe')).toHaveCount(1);
    await expect(page.locator('booking-checkout')).toHaveCount(1);
    const after = await page.evaluate(() => window.__held());
    expect(after.listeners).toEqual(before.listeners);
    expect(after.timers).toBeLessThanOrEqual(before.timers);
    hostile(50);
  });
});
