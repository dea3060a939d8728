// The Stripe.js double's setup mode, holds and confirmSetup, held to
// ../shared/STRIPE-JS.md on a bare page (no component), so the flows that
// save a card or authorise a hold have a faithful stand-in to run against.
import { test, expect, DOUBLE, CARD } from './fixtures.mjs';

const PAGE = '<!doctype html><html><head><title>double</title></head><body><div id="mount"></div></body></html>';
const SETI = 'seti_1DoubleSpec_secret_abc';

/** A bare page on the suite's origin with only the double loaded. */
async function bare(page, config = {}) {
  await page.route('**/double-page**', (route) => route.fulfill({ contentType: 'text/html', body: PAGE }));
  await page.addInitScript((cfg) => {
    window.__stripeDoubleConfig = cfg;
  }, config);
  await page.goto('/double-page');
  await page.addScriptTag({ content: DOUBLE });
}

/** Types `number` into the mounted element's frame. */
async function fill(page, number) {
  const frame = page.frameLocator('#mount iframe');
  await frame.locator('[name=cardnumber]').fill(number);
  await frame.locator('[name=exp-date]').fill('12/34');
  await frame.locator('[name=cvc]').fill('123');
}

/** Makes `window.t = {stripe, elements}` with `options`, mounting a Payment Element. */
async function group(page, options) {
  await page.evaluate((options) => {
    const stripe = window.Stripe('pk_test_doubleSpec');
    const elements = stripe.elements(options);
    const element = elements.create('payment');
    element.mount('#mount');
    window.t = { stripe, elements, element };
  }, options);
  await expect(page.frameLocator('#mount iframe').locator('[name=cardnumber]')).toBeVisible();
}

/** Runs `body` (a function of window.t) in the page; a throw comes back as {thrown}. */
function inPage(page, body) {
  return page.evaluate(async (src) => {
    try {
      return await new Function('t', `return (${src})(t);`)(window.t);
    } catch (e) {
      return { thrown: `${e.name}: ${e.message}` };
    }
  }, body.toString());
}

test('a SetupIntent is confirmed with confirmSetup and read back with retrieveSetupIntent', async ({ page }) => {
  await bare(page);
  await group(page, { clientSecret: SETI });
  await fill(page, CARD.ok);
  const out = await inPage(page, (t) => t.stripe.confirmSetup({ elements: t.elements, redirect: 'if_required' }));
  expect(out.setupIntent).toMatchObject({ id: 'seti_1DoubleSpec', object: 'setup_intent', status: 'succeeded' });
  expect(out.paymentIntent).toBeUndefined();
  const read = await inPage(page, (t) => t.stripe.retrieveSetupIntent('seti_1DoubleSpec_secret_abc'));
  expect(read.setupIntent.status).toBe('succeeded');
});

test('a declined card fails the SetupIntent with an error that carries it', async ({ page }) => {
  await bare(page);
  await group(page, { clientSecret: SETI });
  await fill(page, CARD.declined);
  const out = await inPage(page, (t) => t.stripe.confirmSetup({ elements: t.elements, redirect: 'if_required' }));
  expect(out.error).toMatchObject({ type: 'card_error', code: 'card_declined', message: 'Your card was declined.' });
  expect(out.error.setup_intent).toMatchObject({ object: 'setup_intent', status: 'requires_payment_method' });
  expect(out.error.payment_intent).toBeUndefined();
});

test('a 3D Secure card authenticates a SetupIntent', async ({ page }) => {
  await bare(page, { threeDS: 'complete' });
  await group(page, { clientSecret: SETI });
  await fill(page, CARD.threeDS);
  const out = await inPage(page, (t) => t.stripe.confirmSetup({ elements: t.elements, redirect: 'if_required' }));
  expect(out.setupIntent.status).toBe('succeeded');
});

test('deferred setup mode needs submit and the SetupIntent secret at confirmSetup', async ({ page }) => {
  await bare(page);
  await group(page, { mode: 'setup', currency: 'eur', setupFutureUsage: 'off_session' });
  await fill(page, CARD.ok);
  const early = await inPage(page, (t) => t.stripe.confirmSetup({ elements: t.elements, clientSecret: 'seti_1DoubleSpec_secret_abc', redirect: 'if_required' }));
  expect(early.thrown).toMatch(/^IntegrationError: elements.submit\(\) must be called before stripe.confirmSetup/);
  const out = await inPage(page, async (t) => {
    await t.elements.submit();
    return t.stripe.confirmSetup({ elements: t.elements, clientSecret: 'seti_1DoubleSpec_secret_abc', redirect: 'if_required' });
  });
  expect(out.setupIntent.status).toBe('succeeded');
  const recorded = await page.evaluate(() => window.__stripeDouble.options.find((o) => o.kind === 'elements'));
  expect(recorded).toMatchObject({ mode: 'setup', setupFutureUsage: 'off_session' });
  expect(recorded).not.toHaveProperty('captureMethod');
});

test('setup and payment are not mixed, and confirmSetup needs a mounted Payment Element', async ({ page }) => {
  await bare(page);
  await group(page, { clientSecret: SETI });
  const pay = await inPage(page, (t) => t.stripe.confirmPayment({ elements: t.elements, redirect: 'if_required' }));
  expect(pay.thrown).toMatch(/^IntegrationError: .*use stripe.confirmSetup/);
  const retrieve = await inPage(page, (t) => t.stripe.retrievePaymentIntent('seti_1DoubleSpec_secret_abc'));
  expect(retrieve.thrown).toMatch(/^IntegrationError: .*retrieveSetupIntent/);
  // react-stripe-js #495: confirmSetup before the Payment Element is mounted.
  const unmounted = await inPage(page, (t) => {
    const elements = t.stripe.elements({ clientSecret: 'seti_2DoubleSpec_secret_abc' });
    elements.create('payment');
    return t.stripe.confirmSetup({ elements, redirect: 'if_required' });
  });
  expect(unmounted.thrown).toMatch(/^IntegrationError: stripe.confirmSetup\(\): the Payment Element is not mounted/);
  const payment = await inPage(page, (t) => {
    const elements = t.stripe.elements({ clientSecret: 'pi_2DoubleSpec_secret_abc' });
    return t.stripe.confirmSetup({ elements, redirect: 'if_required' });
  });
  expect(payment.thrown).toMatch(/^IntegrationError: .*use stripe.confirmPayment/);
});

test('deferred options are checked as Stripe.js checks them', async ({ page }) => {
  await bare(page);
  const made = (options) => inPage(page, new Function(`return (t) => { window.Stripe('pk_test_doubleSpec').elements(${JSON.stringify(options)}); return 'made'; }`)());
  expect(await made({ mode: 'payment', amount: 12500, currency: 'eur', captureMethod: 'manual', setupFutureUsage: 'off_session' })).toBe('made');
  expect(await made({ mode: 'setup', currency: 'eur' })).toBe('made');
  expect((await made({ mode: 'payment', amount: 12500, currency: 'eur', captureMethod: 'later' })).thrown).toMatch(/captureMethod should be one of/);
  expect((await made({ mode: 'payment', amount: 12500, currency: 'eur', setupFutureUsage: 'offsession' })).thrown).toMatch(/setupFutureUsage should be one of/);
  expect((await made({ mode: 'setup', currency: 'eur', captureMethod: 'manual' })).thrown).toMatch(/not supported in setup mode/);
  expect((await made({ mode: 'save', currency: 'eur' })).thrown).toMatch(/mode should be one of/);
});

test('a hold is authorised, not paid: requires_capture, deferred or intent-first', async ({ page }) => {
  await bare(page);
  await group(page, { mode: 'payment', amount: 12500, currency: 'eur', captureMethod: 'manual' });
  await fill(page, CARD.ok);
  const deferred = await inPage(page, async (t) => {
    await t.elements.submit();
    return t.stripe.confirmPayment({ elements: t.elements, clientSecret: 'pi_1DoubleSpec_secret_abc', redirect: 'if_required' });
  });
  expect(deferred.paymentIntent.status).toBe('requires_capture');

  await page.evaluate(() => window.t.element.destroy());
  await page.evaluate((secret) => window.__stripeDouble.serverIntent(secret, { capture_method: 'manual' }), 'pi_3DoubleSpec_secret_abc');
  await group(page, { clientSecret: 'pi_3DoubleSpec_secret_abc' });
  await fill(page, CARD.ok);
  const intentFirst = await inPage(page, (t) => t.stripe.confirmPayment({ elements: t.elements, redirect: 'if_required' }));
  expect(intentFirst.paymentIntent.status).toBe('requires_capture');
});

test('a SetupIntent redirect returns with setup_intent, its client secret and redirect_status', async ({ page }) => {
  await bare(page);
  await group(page, { clientSecret: SETI });
  await fill(page, CARD.ok);
  const returned = page.waitForURL(/setup_intent_client_secret=/);
  await inPage(page, (t) => {
    t.stripe.confirmSetup({ elements: t.elements, confirmParams: { return_url: `${location.origin}/double-page?booking=bk_1` } });
    return 'sent';
  });
  await returned;
  const url = new URL(page.url());
  expect(url.searchParams.get('setup_intent')).toBe('seti_1DoubleSpec');
  expect(url.searchParams.get('setup_intent_client_secret')).toBe(SETI);
  expect(url.searchParams.get('redirect_status')).toBe('succeeded');
  expect(url.searchParams.has('payment_intent')).toBe(false);
  await page.addScriptTag({ content: DOUBLE });
  const read = await page.evaluate((secret) => window.Stripe('pk_test_doubleSpec').retrieveSetupIntent(secret), SETI);
  expect(read.setupIntent.status).toBe('succeeded');
});

test('without a return_url and a redirect, confirmSetup refuses as Stripe.js does', async ({ page }) => {
  await bare(page);
  await group(page, { clientSecret: SETI });
  const out = await inPage(page, (t) => t.stripe.confirmSetup({ elements: t.elements }));
  expect(out.thrown).toMatch(/return_url` argument is required/);
});
