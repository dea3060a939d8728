// Every failure shows one clear, fixed message: server answers, Stripe.js
// load failures, Stripe errors whose own text must not be shown, and a
// secret key given to the component.
import { test, expect, openCheckout, pageWith, CARD } from './fixtures.mjs';

const INTERNAL = 'SQL error near "bookings": constraint failed for user 7 (alice@example.com)';
const OK_BODY = JSON.stringify({ client_secret: 'pi_routed1_secret_abc', amount: 12500, currency: 'eur' });

/** Answers create-intent with `answers` in turn (the last one repeats). */
async function routeIntent(page, ...answers) {
  let n = 0;
  const seen = [];
  await page.route('**/api/payments/create-intent', (route) => {
    seen.push(route.request());
    const a = answers[Math.min(n++, answers.length - 1)];
    if (a === 'abort') return route.abort('connectionreset');
    return route.fulfill({
      status: a.status,
      headers: { 'Content-Type': a.type || 'application/json', ...(a.headers || {}) },
      body: a.body ?? JSON.stringify({ error: { code: 'x', message: INTERNAL }, request_id: 'r' }),
    });
  });
  return seen;
}

const CASES = [
  [401, 'Please sign in to pay for this booking.'],
  [403, "This booking can't be paid here."],
  [404, "This booking can't be paid here."],
  [409, 'This booking is already complete.'],
  [422, 'This payment request is not valid. Please reload the page.'],
  [500, 'The payment service is not responding. Please try again.'],
  [503, 'The payment service is not responding. Please try again.'],
];

test.describe('create-intent answers', () => {
  test.use({ doubleConfig: {} });
  for (const [status, text] of CASES) {
    test(`HTTP ${status} shows its fixed message and never the server's`, async ({ page, checkout }) => {
      await routeIntent(page, { status });
      await page.goto('/');
      await expect(checkout.error).toHaveText(text);
      await expect(page.locator('body')).not.toContainText('SQL error');
    });
  }

  test('a failed load shows no Pay button, no empty total and no retry that cannot help', async ({ page, checkout }) => {
    // Regression: a 401 showed "Total" with no amount, a disabled Pay that
    // still read "Loading the secure payment form…" and a useless Try again.
    await routeIntent(page, { status: 401 });
    await page.goto('/');
    await expect(checkout.error).toHaveText('Please sign in to pay for this booking.');
    await expect(checkout.pay).toBeHidden();
    await expect(checkout.retry).toBeHidden();
    await expect(page.locator('.bc-total')).toBeHidden();
    await expect(page.locator('.bc-skeleton')).toBeHidden();
    expect((await checkout.event('failed')).code).toBe('unauthenticated');
  });

  test('429 holds the retry for Retry-After seconds, then retrying works', async ({ page, checkout }) => {
    await routeIntent(page, { status: 429, headers: { 'Retry-After': '2' } }, { status: 200, body: OK_BODY });
    await page.goto('/');
    await expect(checkout.error).toHaveText('Too many attempts. Please wait a moment, then try again.');
    await expect(checkout.retry).toBeDisabled();
    await expect(checkout.retry).toBeEnabled({ timeout: 5_000 });
    await checkout.retry.click();
    await checkout.ready();
  });

  test('a network failure offers a retry that reuses the same idempotency key', async ({ page, checkout }) => {
    const seen = await routeIntent(page, 'abort', { status: 200, body: OK_BODY });
    await page.goto('/');
    await expect(checkout.error).toHaveText('The payment service is not responding. Please try again.');
    await checkout.retry.click();
    await checkout.ready();
    const keys = seen.map((r) => r.headers()['idempotency-key']);
    expect(keys).toHaveLength(2);
    expect(keys[0]).toBeTruthy();
    expect(keys[1]).toBe(keys[0]);
    expect(JSON.parse(seen[0].postData())).toEqual({ booking_id: 'bk_demo_1' });
  });

  for (const [name, answer] of [
    ['a non-JSON 200', { status: 200, type: 'text/html', body: '<html>oops</html>' }],
    ['a wrong-shape 200', { status: 200, body: JSON.stringify({ secret: 'x', amount: '12' }) }],
  ]) {
    test(`${name} shows the generic message`, async ({ page, checkout }) => {
      await routeIntent(page, answer);
      await page.goto('/');
      await expect(checkout.error).toHaveText('Something went wrong. Please try again.');
    });
  }
});

test.describe('Stripe.js blocked', () => {
  test.use({ stripeJs: 'abort', doubleConfig: {} });
  test('shows a message, and retry loads it once it is reachable', async ({ page, checkout, traffic }) => {
    await routeIntent(page, { status: 200, body: OK_BODY });
    await page.goto('/');
    await expect(checkout.error).toHaveText(/could not be loaded/);
    // One request when the component joins the early start's tag, two when
    // that tag had already failed and been removed before the wasm ran.
    const tried = traffic.stripeRequests;
    expect([1, 2]).toContain(tried);
    traffic.setStripeJs('double');
    await checkout.retry.click();
    await checkout.ready();
    expect(traffic.stripeRequests, 'Try again fetches once more').toBe(tried + 1);
  });
});

test.describe('Stripe.js that never answers', () => {
  test.use({ stripeJs: 'hang', doubleConfig: {} });
  test('times out with a message, and retry asks again instead of joining the hung request', async ({ page, checkout, traffic }) => {
    // Regression: after the 20 s time-out, Try again waited on the same
    // pending request (the early start's tag, or the same URL again).
    test.setTimeout(60_000);
    await routeIntent(page, { status: 200, body: OK_BODY });
    // The hung script would hold back the load event.
    await page.goto('/', { waitUntil: 'domcontentloaded' });
    await expect(checkout.error).toHaveText(/could not be loaded/, { timeout: 30_000 });
    await expect(page.locator('script[src^="https://js.stripe.com/"]')).toHaveCount(0);
    traffic.setStripeJs('double');
    await checkout.retry.click();
    await checkout.ready();
    expect(traffic.stripeUrls).toEqual(['https://js.stripe.com/v3/', 'https://js.stripe.com/v3/?retry=1']);
  });
});

test.describe('Stripe.js without window.Stripe', () => {
  test.use({ stripeJs: 'empty', doubleConfig: {} });
  test('shows the load failure message', async ({ page, checkout }) => {
    await routeIntent(page, { status: 200, body: OK_BODY });
    await page.goto('/');
    await expect(checkout.error).toHaveText(/could not be loaded/);
  });
});

test.describe('element loaderror', () => {
  test.use({ doubleConfig: { loadError: 'Internal: elements session 4f2 failed' } });
  test('shows the load failure message, not the internal one', async ({ page, checkout }) => {
    await routeIntent(page, { status: 200, body: OK_BODY });
    await page.goto('/');
    await expect(checkout.error).toHaveText(/could not be loaded/);
    await expect(page.locator('body')).not.toContainText('elements session');
  });
});

test.describe('an invalid_request_error with an internal message', () => {
  test.use({
    doubleConfig: { confirmError: { type: 'invalid_request_error', code: 'resource_missing', message: 'No such payment_intent: pi_123; the client_secret does not match' } },
  });
  test('shows only the generic text', async ({ page, checkout }) => {
    await openCheckout(page);
    await checkout.ready();
    await checkout.fillCard(CARD.ok);
    await checkout.pay.click();
    await expect(checkout.error).toHaveText('Something went wrong. Please try again.');
    await expect(page.locator('body')).not.toContainText('client_secret');
    await expect(page.locator('body')).not.toContainText('resource_missing');
  });
});

test.describe('a confirmation whose answer is lost and whose intent cannot be read', () => {
  test.use({
    doubleConfig: {
      confirmError: { type: 'api_connection_error', message: 'Network error: socket hang up (10.0.0.7)' },
      retrieveError: { type: 'api_connection_error', message: 'Network error' },
    },
  });
  test('says the outcome is unknown, offers a check instead of Pay, and pays only once it is known', async ({ page, checkout }) => {
    // Regression: this ended with "Something went wrong" and no button at all.
    await openCheckout(page);
    await checkout.ready();
    await checkout.fillCard(CARD.ok);
    await checkout.pay.click();
    await expect(checkout.error).toHaveText("We could not confirm whether your payment went through. Please don't pay again: check its status first.");
    await expect(checkout.pay).toBeHidden();
    await expect(checkout.retry).toHaveText('Check again');
    expect((await checkout.event('failed')).code).toBe('payment_unconfirmed');
    expect(await checkout.confirmCalls()).toBe(1);
    // Still unreadable: the same answer, and still no second confirmation.
    await checkout.retry.click();
    await expect(checkout.retry).toBeEnabled();
    await expect(checkout.error).toHaveText(/could not confirm/);
    // Readable again: the intent did not go through, so paying again is safe.
    await page.evaluate(() => { window.__stripeDoubleConfig.retrieveError = null; window.__stripeDoubleConfig.confirmError = null; });
    await checkout.retry.click();
    await expect(checkout.error).toHaveText('Your payment was not successful. Please try again or use another payment method.');
    await expect(checkout.pay).toBeEnabled();
    await expect(checkout.frame.locator('[name=cardnumber]')).toHaveValue(CARD.ok);
    expect(await checkout.confirmCalls()).toBe(1);
    await checkout.pay.click();
    await expect(checkout.success).toBeVisible();
    expect(await checkout.confirmCalls()).toBe(2);
    await expect(page.locator('body')).not.toContainText('10.0.0.7');
  });
});

// Both gates, early.js and the component, must refuse each of these.
const REFUSED_KEYS = ['sk_test_', 'rk_live_', 'whsec_', 'pk_test_with-dash', 'pk_prod_', 'mk_test_'];
for (const prefix of REFUSED_KEYS) {
  test(`a key like ${prefix}… is refused without any request to Stripe or the server`, async ({ page, checkout, traffic }) => {
    const key = prefix + 'refusedInTheBrowser';
    await pageWith(page, (html) => html.replace('pk_test_bookingCheckoutDemo', key));
    await page.goto('/');
    await expect(page.getByTestId('config-error')).toHaveText('This checkout is not set up correctly. Please contact the site.');
    expect((await checkout.event('failed')).code).toBe('config');
    await page.waitForTimeout(300);
    expect(traffic.stripeRequests).toBe(0);
    expect(traffic.requests.filter((r) => r.url.includes('create-intent'))).toHaveLength(0);
    for (const line of traffic.console) expect(line).not.toContain('refusedInTheBrowser');
    await expect(page.locator('body')).not.toContainText('refusedInTheBrowser');
  });
}
