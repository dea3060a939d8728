// Accessibility of every state of the checkout: axe-core (WCAG 2.2 A/AA and
// best practices) over our own markup, outcomes announced through the live
// region and given focus, and a whole payment and a retry by keyboard only.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { test, expect, openCheckout, pageWith, CARD } from './fixtures.mjs';

const AXE = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'node_modules', 'axe-core', 'axe.min.js');
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'];
const OK_BODY = JSON.stringify({ client_secret: 'pi_a11y_secret_abc', amount: 12500, currency: 'eur' });

/**
 * Runs axe over the checkout (Stripe's frames excluded: not our markup) and
 * expects no violation; records the counts on the test for the report.
 */
async function expectAccessible(page, state) {
  await page.addScriptTag({ path: AXE });
  const r = await page.evaluate(async (tags) => {
    const res = await window.axe.run(
      { include: [['booking-checkout']], exclude: [['iframe']] },
      { runOnly: { type: 'tag', values: tags }, iframes: false, resultTypes: ['violations'] },
    );
    return {
      violations: res.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`),
      passes: res.passes.length,
      incomplete: res.incomplete.map((v) => v.id),
    };
  }, TAGS);
  test.info().annotations.push({ type: 'axe', description: `${state}: ${r.violations.length} violations, ${r.passes} rules passed, incomplete: ${r.incomplete.join(' ') || 'none'}` });
  expect(r.violations, state).toEqual([]);
}

/** The message is inside the polite live region, and focus is on it. */
async function expectAnnouncedAndFocused(page, testid) {
  const msg = page.locator(`.bc-live[role=status][aria-live=polite] [data-testid=${testid}]`);
  await expect(msg).toBeVisible();
  await expect(msg).toBeFocused();
}

// Our markup only: axe is injected as an inline script, which the page's CSP would refuse.
test.use({ bypassCSP: true });

test.describe('axe over every state', () => {
  test.use({ doubleConfig: { apiBase: '/demo/stripe' } });

  test('loading, ready, paying and success', async ({ page, checkout }) => {
    await openCheckout(page);
    // Loading: the form is held until create-intent answers.
    let release;
    const held = new Promise((r) => { release = r; });
    await page.route('**/api/payments/create-intent', async (route) => { await held; await route.continue(); });
    await page.reload();
    await expect(page.locator('booking-checkout .bc')).toHaveAttribute('data-state', 'loading');
    await expect(page.locator('booking-checkout .bc')).toHaveAttribute('aria-busy', 'true');
    await expectAccessible(page, 'loading');
    release();
    await checkout.ready();
    await expectAccessible(page, 'ready');
    await page.evaluate(() => { window.__stripeDoubleConfig.confirmDelayMs = 1_500; });
    await checkout.fillCard(CARD.ok);
    await checkout.pay.click();
    await expect(page.locator('booking-checkout .bc')).toHaveAttribute('data-state', 'paying');
    await expectAccessible(page, 'paying');
    await expect(checkout.success).toBeVisible();
    await expectAnnouncedAndFocused(page, 'payment-success');
    await expectAccessible(page, 'succeeded');
  });

  test('a decline, an unknown outcome and a failure only Try again can fix', async ({ page, checkout }) => {
    await openCheckout(page);
    await checkout.ready();
    await checkout.fillCard(CARD.declined);
    await checkout.pay.click();
    await expect(checkout.error).toHaveText('Your card was declined.');
    await expectAnnouncedAndFocused(page, 'payment-error');
    await expectAccessible(page, 'failed: card declined (Pay again)');

    await page.evaluate(() => Object.assign(window.__stripeDoubleConfig, {
      confirmError: { type: 'api_connection_error', message: 'x' }, retrieveError: { type: 'api_connection_error', message: 'x' },
    }));
    await checkout.fillCard(CARD.ok);
    await checkout.pay.click();
    await expect(checkout.retry).toHaveText('Check again');
    await expectAnnouncedAndFocused(page, 'payment-error');
    await expectAccessible(page, 'failed: outcome unknown (Check again)');

    await page.evaluate(() => Object.assign(window.__stripeDoubleConfig, { retrieveError: null, confirmError: null, confirmThrows: 'internal' }));
    await checkout.retry.click();
    await expect(checkout.pay).toBeEnabled();
    await checkout.pay.click();
    await expect(checkout.error).toHaveText('Something went wrong. Please try again.');
    await expectAnnouncedAndFocused(page, 'payment-error');
    await expectAccessible(page, 'failed: integration (Try again)');
  });
});

test.describe('axe over load failures', () => {
  test.use({ doubleConfig: {} });
  const LOAD_FAILURES = [
    ['signed out (401)', { status: 401 }],
    ['not payable (404)', { status: 404 }],
    ['already paid (409)', { status: 409 }],
    ['invalid (422)', { status: 422 }],
    ['rate limited (429, retry held)', { status: 429, headers: { 'Retry-After': '30' } }],
    ['server down (503)', { status: 503 }],
    ['bad answer (200 HTML)', { status: 200, type: 'text/html', body: '<p>oops</p>' }],
  ];
  test('each create-intent failure, announced, focused and accessible', async ({ page, checkout }) => {
    let current;
    await page.route('**/api/payments/create-intent', (route) => route.fulfill({
      status: current.status, headers: { 'Content-Type': current.type || 'application/json', ...(current.headers || {}) }, body: current.body ?? '{}',
    }));
    for (const [state, answer] of LOAD_FAILURES) {
      current = answer;
      await page.goto('/');
      await expect(checkout.error, state).toBeVisible();
      await expectAnnouncedAndFocused(page, 'payment-error');
      await expectAccessible(page, `failed: ${state}`);
    }
  });

  test.describe('', () => {
    test.use({ stripeJs: 'abort' });
    test('Stripe.js blocked', async ({ page, checkout }) => {
      await page.route('**/api/payments/create-intent', (route) => route.fulfill({ status: 200, contentType: 'application/json', body: OK_BODY }));
      await page.goto('/');
      await expect(checkout.error).toHaveText(/could not be loaded/);
      await expectAnnouncedAndFocused(page, 'payment-error');
      await expectAccessible(page, 'failed: Stripe.js blocked');
    });
  });

  test('the configuration error is an alert and accessible', async ({ page }) => {
    await pageWith(page, (html) => html.replace('pk_test_bookingCheckoutDemo', 'sk_test_not_a_key'));
    await page.goto('/');
    await expect(page.locator('[data-testid=config-error][role=alert]')).toBeVisible();
    await expectAccessible(page, 'config error');
  });
});

test.describe('focus', () => {
  test.use({ doubleConfig: {} });
  test('an error arriving while the customer types elsewhere on the page does not take their focus', async ({ page, checkout }) => {
    await pageWith(page, (html) => html.replace('<booking-checkout', '<label>Notes <input id="elsewhere"></label><booking-checkout'));
    let answer;
    const late = new Promise((r) => { answer = r; });
    await page.route('**/api/payments/create-intent', async (route) => { await late; await route.fulfill({ status: 503, body: '' }); });
    await page.goto('/');
    await page.locator('#elsewhere').focus();
    await page.keyboard.type('late check-in');
    answer();
    await expect(checkout.error).toBeVisible();
    await expect(page.locator('#elsewhere')).toBeFocused();
    await expect(page.locator('#elsewhere')).toHaveValue('late check-in');
  });
});

test.describe('keyboard only', () => {
  test.use({ doubleConfig: { apiBase: '/demo/stripe' } });

  test('Tab into the card fields, type, Tab to Pay, Enter: paid', async ({ page, checkout }) => {
    await openCheckout(page);
    await checkout.ready();
    // From the top of the page to Stripe's frame by Tab alone (bounded).
    for (let i = 0; i < 15 && !(await page.evaluate(() => document.activeElement?.tagName === 'IFRAME')); i++) {
      await page.keyboard.press('Tab');
    }
    expect(await page.evaluate(() => document.activeElement?.tagName)).toBe('IFRAME');
    await page.keyboard.type(CARD.ok);
    await page.keyboard.press('Tab');
    await page.keyboard.type('1234');
    await page.keyboard.press('Tab');
    await page.keyboard.type('123');
    await page.keyboard.press('Tab');
    await expect(checkout.pay).toBeFocused();
    await page.keyboard.press('Enter');
    await expect(checkout.success).toBeVisible();
    await expect(checkout.success).toBeFocused();
  });

  test('after a failed load, Tab reaches Try again and Enter loads the form', async ({ page, checkout, traffic }) => {
    void traffic;
    let n = 0;
    await page.route('**/api/payments/create-intent', (route) => (++n === 1
      ? route.fulfill({ status: 503, body: '' })
      : route.fulfill({ status: 200, contentType: 'application/json', body: OK_BODY })));
    await page.goto('/');
    await expect(checkout.error).toBeFocused();
    await page.keyboard.press('Tab');
    await expect(checkout.retry).toBeFocused();
    await page.keyboard.press('Enter');
    await checkout.ready();
  });
});
