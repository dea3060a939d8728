// Stripe.js that fails to load or behaves badly: a 404, a script that
// throws, a hostile window.Stripe, elements that never become ready, a load
// that answers only after the time-out, `loaderror`, a confirmation that
// rejects, and resolved `{error}`s of every type with internal-looking or
// marked-up text. Each ends in a fixed sentence with a way forward.
import { test, expect, openCheckout, hostile, expectSafeEnd, INJECTED, CARD } from './fixtures.mjs';

const UNAVAILABLE = /could not be loaded/;
const GENERIC = 'Something went wrong. Please try again.';
const NOT_SUCCESSFUL = 'Your payment was not successful. Please try again or use another payment method.';
const NOT_COMPLETED = 'The payment was not completed. Please try again.';
const INTERNAL = `No such payment_intent: pi_3Mx; the client_secret does not match (req_8Hq, 10.0.0.7) ${INJECTED}`;
const LEAKS = ['No such payment_intent', 'req_8Hq', '10.0.0.7', 'client_secret', 'bold'];
const OK_BODY = JSON.stringify({ client_secret: 'pi_hostile2_secret_abc', amount: 12500, currency: 'eur' });

async function routeIntent(page) {
  await page.route('**/api/payments/create-intent', (route) =>
    route.fulfill({ status: 200, contentType: 'application/json', body: OK_BODY }));
}

// How js.stripe.com answers in each case. A failed fetch or a script that
// defines no Stripe is retried for real; a hostile window.Stripe that loaded
// stays in the page until it is reloaded, so there the test stops at the
// fixed sentence and the offered retry.
const LOADS = [
  ['a 404 page', { status: 404, body: `<html>Not Found ${INJECTED}</html>` }, true],
  ['a 500', { status: 500, body: '' }, true],
  ['a script that throws', { body: 'throw new Error("Stripe.js failed to initialise");' }, true],
  ['a script with a syntax error', { body: 'function Stripe( {' }, true],
  // Regression: the early start kept this tag (window.Stripe was truthy), and
  // the loader waited on it for 20 s before failing with "slow connection".
  ['a window.Stripe that is not a function', { body: 'window.Stripe = { elements: 1 };' }, true],
  ['a window.Stripe that throws', { body: `window.Stripe = function () { throw new Error(${JSON.stringify(INTERNAL)}); };` }, false],
  ['a window.Stripe that returns null', { body: 'window.Stripe = function () { return null; };' }, false],
  ['a Stripe whose elements() throws', { body: `window.Stripe = function () { return { registerAppInfo() {}, elements() { throw new Error(${JSON.stringify(INTERNAL)}); } }; };` }, false],
  ['a Stripe whose elements() returns junk', { body: 'window.Stripe = function () { return { registerAppInfo() {}, elements() { return 42; } }; };' }, false],
];

for (const [name, answer, refetches] of LOADS) {
  test.describe(`Stripe.js answering with ${name}`, () => {
    test.use({ stripeJs: answer, doubleConfig: {} });
    test(`shows a fixed failure, leaks nothing${refetches ? ', and Try again loads the real thing' : ''}`, async ({ page, checkout, traffic }) => {
      await routeIntent(page);
      await page.goto('/');
      await expect(checkout.error).toHaveText(refetches ? UNAVAILABLE : new RegExp(`could not be loaded|^${GENERIC}$`));
      await expect(checkout.retry).toBeEnabled();
      await expect(checkout.pay).toBeHidden();
      await expectSafeEnd(page, traffic, LEAKS);
      hostile(1);
      if (!refetches) return;
      traffic.setStripeJs('double');
      await checkout.retry.click();
      await checkout.ready();
    });
  });
}

test.describe('Stripe.js that answers only after the time-out', () => {
  // The component starts at most 2 s in (the early start holds the wasm
  // while Stripe.js is on its way) and gives up 20 s later; the script comes after.
  test.use({ stripeJs: { delayMs: 26_000 }, doubleConfig: {} });
  test('shows the failure at 20 s; the late script does no harm and Try again becomes ready once', async ({ page, checkout, traffic }) => {
    test.setTimeout(70_000);
    await routeIntent(page);
    await page.goto('/', { waitUntil: 'domcontentloaded' });
    await expect(checkout.error).toHaveText(UNAVAILABLE, { timeout: 25_000 });
    await expectSafeEnd(page, traffic);
    // The late answer arrives; the checkout may already be retrying by itself.
    traffic.setStripeJs('double');
    await page.waitForTimeout(2_500);
    if (await checkout.retry.isVisible()) await checkout.retry.click();
    await checkout.ready();
    await expect(page.locator('iframe[title="Secure payment input frame"]')).toHaveCount(1);
    await expectSafeEnd(page, traffic);
    hostile(1);
  });
});

test.describe('elements that never become ready', () => {
  test.use({ doubleConfig: { neverReady: true } });
  // Regression: a frame that fired neither ready nor loaderror left a
  // disabled Pay under the card fields forever, with no message and no retry.
  test('the form does not wait forever: the load fails with a retry', async ({ page, checkout, traffic }) => {
    test.setTimeout(60_000);
    await routeIntent(page);
    await page.goto('/');
    await expect(checkout.error).toHaveText(UNAVAILABLE, { timeout: 35_000 });
    await expectSafeEnd(page, traffic);
    await page.evaluate(() => { window.__stripeDoubleConfig.neverReady = false; });
    // Try again, unless the automatic retry after a slow load got there first.
    await checkout.retry.click({ timeout: 2_000 }).catch(() => {});
    await checkout.ready();
    hostile(1);
  });
});

test.describe('loaderror with markup and internals', () => {
  test.use({ doubleConfig: { loadError: INTERNAL } });
  test('shows the load failure only', async ({ page, checkout, traffic }) => {
    await routeIntent(page);
    await page.goto('/');
    await expect(checkout.error).toHaveText(UNAVAILABLE);
    await expectSafeEnd(page, traffic, LEAKS);
    hostile(1);
  });
});

// Each confirmation answer, with what the customer must then read.
// `null` text: Stripe's own customer-facing text, shown as text.
const TYPES = ['invalid_request_error', 'authentication_error', 'idempotency_error', 'something_new'];
const RECONCILED = ['api_error', 'api_connection_error', 'rate_limit_error'];
const ANSWERS = [
  ...TYPES.map((type) => [`a resolved ${type}`, { confirmError: { type, code: 'resource_missing', message: INTERNAL } }, GENERIC]),
  ...RECONCILED.map((type) => [`a resolved ${type}`, { confirmError: { type, message: INTERNAL } }, NOT_SUCCESSFUL]),
  ['a card_error with markup', { confirmError: { type: 'card_error', code: 'card_declined', decline_code: 'stolen_card', message: `Your card was declined. ${INJECTED}` } }, null],
  ['a validation_error with markup', { confirmError: { type: 'validation_error', message: `Your card number is incomplete. ${INJECTED}` } }, null],
  ['a rejected IntegrationError', { confirmThrows: INTERNAL }, GENERIC],
  ['an error without a type', { confirmResolves: { error: { message: INTERNAL } } }, GENERIC],
  ['an error that is a string', { confirmResolves: { error: INTERNAL } }, GENERIC],
  ['a numeric error type', { confirmResolves: { error: { type: 42, message: INTERNAL } } }, GENERIC],
  ['an empty object', { confirmResolves: {} }, GENERIC],
  ['null', { confirmResolves: null }, GENERIC],
  ['a paymentIntent of unknown status', { confirmResolves: { paymentIntent: { id: 'pi_hostile2', status: `<b>${INTERNAL}</b>` } } }, NOT_COMPLETED],
  ['a paymentIntent that is null', { confirmResolves: { paymentIntent: null } }, GENERIC],
  ['a paymentIntent without status', { confirmResolves: { paymentIntent: { id: 'pi_hostile2' } } }, GENERIC],
];

test.describe('confirmation answers that attack or break', () => {
  // The real server and the demo Stripe backend: the intent exists, so its re-reads answer for real.
  test.use({ doubleConfig: { apiBase: '/demo/stripe' } });
  test('each shows a fixed sentence (or Stripe\'s customer text as text), never the internals, with a way forward', async ({ page, checkout, traffic }) => {
    test.setTimeout(90_000);
    await openCheckout(page);
    await checkout.ready();
    const honest = { apiBase: '/demo/stripe' };
    for (const [name, cfg, expected] of ANSWERS) {
      await page.evaluate((c) => { window.__stripeDoubleConfig = c; }, { ...honest, ...cfg });
      await checkout.fillCard(CARD.ok);
      await checkout.pay.click();
      await expect(checkout.error, name).toHaveText(expected ?? /^Your card (was declined|number is incomplete)\. <img src=x/);
      await expect(page.locator('booking-checkout .bc-msg b, booking-checkout img'), name).toHaveCount(0);
      await expect(checkout.success, name).toHaveCount(0);
      await expectSafeEnd(page, traffic, expected === null ? ['stolen_card', 'card_declined'] : [...LEAKS, 'stolen_card']);
      // The way forward: Try again (a fresh form), or Pay again; never a disabled Pay beside Try again.
      if (await checkout.retry.isVisible()) {
        await expect(checkout.pay, name).toBeHidden();
        await page.evaluate((c) => { window.__stripeDoubleConfig = c; }, honest);
        await checkout.retry.click();
        await checkout.ready();
      } else {
        await expect(checkout.pay, name).toBeEnabled();
      }
    }
    // After all that, an honest card still pays, once.
    await page.evaluate((c) => { window.__stripeDoubleConfig = c; }, honest);
    await checkout.fillCard(CARD.ok);
    await checkout.pay.click();
    await expect(checkout.success).toBeVisible();
    expect(traffic.requests.filter((r) => r.url.endsWith('/confirm'))).toHaveLength(1);
    hostile(ANSWERS.length);
  });
});
