// Load failures that say what happened: a blocked script, a slow or absent
// network, a script that is not Stripe.js, an element's loaderror by its
// type, and a key Stripe refuses each read differently, with their own
// `checkout:failed` code; network failures are retried on their own with a
// bounded back-off and at once when the browser comes back online. Time is
// Playwright's fake clock, so a 20 s time-out takes no 20 s.
import { test, expect, pageWith } from './fixtures.mjs';

const OK_BODY = JSON.stringify({ client_secret: 'pi_routed1_secret_abc', amount: 12500, currency: 'eur' });

/** create-intent answers 200 every time; returns the requests it saw. */
async function routeIntent(page) {
  const seen = [];
  await page.route('**/api/payments/create-intent', (route) => {
    seen.push(route.request());
    return route.fulfill({ status: 200, headers: { 'Content-Type': 'application/json' }, body: OK_BODY });
  });
  return seen;
}

/** The booking page with `locale` on the element. */
async function inLocale(page, locale) {
  await pageWith(page, (html) => html.replace('booking-id="bk_demo_1"', `booking-id="bk_demo_1" locale="${locale}"`));
}

const codes = (page) => page.evaluate(() => window.__checkoutEvents.filter((e) => e.name === 'failed').map((e) => e.detail.code));

/**
 * Waits until the component has started loading (its wasm is running), so
 * that its timers exist. While Stripe.js is on its way the early start holds
 * the wasm back, for at most 2 s (early.js FORMS_WAIT_MS): that wait is run
 * on the fake clock first. (Only for a Stripe.js that never answers: the
 * component cannot have started before.)
 */
async function started(page, traffic) {
  await expect.poll(() => traffic.stripeRequests).toBeGreaterThan(0);
  await page.clock.fastForward(2_000);
  // (The fake clock's `performance` keeps no marks: the element's definition tells instead.)
  await expect.poll(() => page.evaluate(() => !!customElements.get('booking-checkout'))).toBe(true);
  await expect(page.locator('booking-checkout .bc')).toHaveAttribute('data-state', 'loading');
  await page.waitForTimeout(300);
}

/** Lets the fake clock run `ms` and gives the page a moment to react. */
async function advance(page, ms) {
  await page.clock.fastForward(ms);
  await page.waitForTimeout(100);
}

const TEXT = {
  blocked: {
    en: 'The payment form could not be loaded: your browser or network blocked it. If you use an ad or content blocker, allow js.stripe.com, then try again.',
    fr: "Le formulaire de paiement n'a pas pu être chargé\u00a0: votre navigateur ou votre réseau l'a bloqué. Si vous utilisez un bloqueur de publicités ou de contenu, autorisez js.stripe.com, puis réessayez.",
  },
  slow: {
    en: 'The payment form could not be loaded in time: your connection seems slow. Please try again.',
    de: 'Das Zahlungsformular konnte nicht rechtzeitig geladen werden: Ihre Verbindung scheint langsam zu sein. Bitte versuchen Sie es erneut.',
  },
  offline: {
    en: 'The payment form could not be loaded because you are offline. It will load as soon as you are back online.',
    es: 'No se ha podido cargar el formulario de pago porque no tiene conexión. Se cargará en cuanto vuelva a estar en línea.',
  },
  altered: {
    en: 'The payment form could not be loaded correctly: something in your network or browser changed it. Please try again, or use another network.',
    it: "Impossibile caricare correttamente il modulo di pagamento: qualcosa nella rete o nel browser lo ha modificato. Riprova o usa un'altra rete.",
  },
  connection: {
    en: 'The payment form could not be loaded: the connection to Stripe was lost. Check your connection, then try again.',
    nl: 'Het betaalformulier kon niet worden geladen: de verbinding met Stripe is verbroken. Controleer uw verbinding en probeer het opnieuw.',
  },
  service: { en: 'The payment form could not be loaded: the payment service had a problem. Please try again in a moment.' },
  refused: { en: 'The payment form could not be loaded for this booking. Please try again; if it keeps failing, contact the site.' },
  misconfigured: { en: 'This checkout is not set up correctly. Please contact the site.' },
};
const RETRY = { en: 'Try again', fr: 'Réessayer', de: 'Erneut versuchen', es: 'Reintentar', it: 'Riprova', nl: 'Opnieuw proberen' };

test.describe('a blocked Stripe.js', () => {
  test.use({ stripeJs: 'abort', doubleConfig: {} });
  for (const locale of ['en', 'fr']) {
    test(`says it was blocked and what to allow (${locale}), and waits for Try again`, async ({ page, checkout, traffic }, info) => {
      await page.clock.install();
      await routeIntent(page);
      await inLocale(page, locale);
      await page.goto('/');
      await expect(checkout.error).toHaveText(TEXT.blocked[locale]);
      await expect(checkout.retry).toHaveText(RETRY[locale]);
      await expect(checkout.pay).toBeHidden();
      expect(await codes(page)).toEqual(['stripe_js_blocked']);
      await page.locator('booking-checkout').screenshot({ path: info.outputPath(`blocked-${locale}.png`) });
      // A blocker does not give way by itself: no automatic retry, ever.
      const tried = traffic.stripeRequests;
      await advance(page, 60_000);
      expect(traffic.stripeRequests).toBe(tried);
      traffic.setStripeJs('double');
      await checkout.retry.click();
      await checkout.ready();
      expect(traffic.stripeRequests).toBe(tried + 1);
    });
  }
});

test.describe('a Stripe.js that never answers', () => {
  test.use({ stripeJs: 'hang', doubleConfig: {} });

  test('times out as a slow connection and is retried on its own after 2 s', async ({ page, checkout, traffic }) => {
    await page.clock.install();
    await routeIntent(page);
    await page.goto('/', { waitUntil: 'domcontentloaded' });
    await started(page, traffic);
    await advance(page, 20_000);
    await expect(checkout.error).toHaveText(TEXT.slow.en);
    await expect(checkout.retry).toBeVisible();
    expect(await codes(page)).toEqual(['stripe_js_timeout']);
    traffic.setStripeJs('double');
    await advance(page, 1_000);
    expect(traffic.stripeRequests, 'not before the 2 s back-off').toBe(1);
    await advance(page, 1_100);
    await checkout.ready();
    expect(traffic.stripeUrls).toEqual(['https://js.stripe.com/v3/', 'https://js.stripe.com/v3/?retry=1']);
  });

  test('backs off 2 s, 4 s and 8 s, then stops and leaves Try again (German)', async ({ page, checkout, traffic }, info) => {
    await page.clock.install();
    await routeIntent(page);
    await inLocale(page, 'de');
    await page.goto('/', { waitUntil: 'domcontentloaded' });
    await started(page, traffic);
    for (const [n, wait] of [[2, 2_000], [3, 4_000], [4, 8_000]]) {
      await advance(page, 20_000);
      await expect(checkout.error).toHaveText(TEXT.slow.de);
      // The fake clock also runs on its own meanwhile: half the wait leaves a wide margin.
      await advance(page, wait / 2);
      expect(traffic.stripeRequests, `no try after ${wait / 2} of ${wait} ms`).toBe(n - 1);
      await advance(page, wait / 2 + 100);
      await expect.poll(() => traffic.stripeRequests).toBe(n);
    }
    await advance(page, 20_000);
    await expect(checkout.error).toHaveText(TEXT.slow.de);
    await page.locator('booking-checkout').screenshot({ path: info.outputPath('slow-de.png') });
    await advance(page, 120_000);
    expect(traffic.stripeRequests, 'three automatic tries, no more').toBe(4);
    expect(await codes(page)).toEqual(Array(4).fill('stripe_js_timeout'));
    await expect(checkout.retry).toHaveText(RETRY.de);
    traffic.setStripeJs('double');
    await checkout.retry.click();
    await checkout.ready();
  });

  test('offline it says so, waits without a timer, and loads as soon as the browser is back online (Spanish)', async ({ page, context, checkout, traffic }, info) => {
    await page.clock.install();
    await routeIntent(page);
    await inLocale(page, 'es');
    await page.goto('/', { waitUntil: 'domcontentloaded' });
    await started(page, traffic);
    await context.setOffline(true);
    await advance(page, 20_000);
    await expect(checkout.error).toHaveText(TEXT.offline.es);
    expect(await codes(page)).toEqual(['offline']);
    await page.locator('booking-checkout').screenshot({ path: info.outputPath('offline-es.png') });
    await advance(page, 60_000);
    expect(traffic.stripeRequests, 'no retry while offline').toBe(1);
    traffic.setStripeJs('double');
    await context.setOffline(false);
    await checkout.ready();
    expect(traffic.stripeRequests).toBe(2);
  });
});

test.describe('a script that is not Stripe.js', () => {
  test.use({ stripeJs: 'empty', doubleConfig: {} });
  for (const locale of ['en', 'it']) {
    test(`says something changed it (${locale}) and is not retried on its own`, async ({ page, checkout, traffic }, info) => {
      await page.clock.install();
      await routeIntent(page);
      await inLocale(page, locale);
      await page.goto('/');
      await expect(checkout.error).toHaveText(TEXT.altered[locale]);
      await expect(checkout.retry).toHaveText(RETRY[locale]);
      expect(await codes(page)).toEqual(['stripe_js_invalid']);
      await page.locator('booking-checkout').screenshot({ path: info.outputPath(`altered-${locale}.png`) });
      const tried = traffic.stripeRequests;
      await advance(page, 60_000);
      expect(traffic.stripeRequests).toBe(tried);
    });
  }
});

test.describe('an element loaderror', () => {
  const CASES = [
    ['api_connection_error', 'connection', 'element_api_connection_error'],
    ['api_error', 'service', 'element_api_error'],
    ['invalid_request_error', 'refused', 'element_invalid_request_error'],
  ];
  for (const [type, text, code] of CASES) {
    test.describe(type, () => {
      test.use({ doubleConfig: { loadError: { type, message: 'Internal: elements session 4f2 for pk_test_x failed' } } });
      test(`shows its own sentence and code ${code}, never Stripe's message`, async ({ page, checkout }) => {
        await routeIntent(page);
        await page.goto('/');
        await expect(checkout.error).toHaveText(TEXT[text].en);
        expect(await codes(page)).toEqual([code]);
        await expect(checkout.retry).toBeVisible();
        await expect(page.locator('body')).not.toContainText('elements session');
      });
    });
  }

  test.describe('api_connection_error, retried', () => {
    test.use({ doubleConfig: { loadError: { type: 'api_connection_error', message: 'x' } } });
    test('is retried on its own once the back-off has passed (Dutch)', async ({ page, checkout }, info) => {
      await page.clock.install();
      const seen = await routeIntent(page);
      await inLocale(page, 'nl');
      await page.goto('/');
      await expect(checkout.error).toHaveText(TEXT.connection.nl);
      await expect(checkout.retry).toHaveText(RETRY.nl);
      await page.locator('booking-checkout').screenshot({ path: info.outputPath('connection-nl.png') });
      await page.evaluate(() => { window.__stripeDoubleConfig.loadError = null; });
      await advance(page, 2_100);
      await checkout.ready();
      expect(seen.length, 'one more create-intent, same idempotency key').toBe(2);
      expect(seen[1].headers()['idempotency-key']).toBe(seen[0].headers()['idempotency-key']);
    });
  });
});

test.describe('a publishable key Stripe refuses', () => {
  test.use({ doubleConfig: { rejectKey: true } });
  test('tells the customer to contact the site, offers no retry, and tells the integrator without the key', async ({ page, checkout, traffic }) => {
    await page.clock.install();
    await routeIntent(page);
    await page.goto('/');
    await expect(checkout.error).toHaveText(TEXT.misconfigured.en);
    await expect(checkout.retry).toBeHidden();
    await expect(checkout.pay).toBeHidden();
    expect(await codes(page)).toEqual(['stripe_key_rejected']);
    expect(traffic.console.some((l) => l.includes('Stripe refused the publishable key'))).toBe(true);
    for (const line of traffic.console) expect(line).not.toContain('pk_test_');
    await advance(page, 60_000);
    expect(await codes(page)).toHaveLength(1);
  });
});

test.describe('a destroyed checkout', () => {
  test.use({ stripeJs: 'hang', doubleConfig: {} });
  test('leaves no retry behind: no timer fires and going online does nothing', async ({ page, context, checkout, traffic }) => {
    await page.clock.install();
    await routeIntent(page);
    await page.goto('/', { waitUntil: 'domcontentloaded' });
    await started(page, traffic);
    await advance(page, 20_000);
    await expect(checkout.error).toHaveText(TEXT.slow.en);
    await page.evaluate(() => document.getElementById('checkout').remove());
    traffic.setStripeJs('double');
    await advance(page, 30_000);
    await context.setOffline(true);
    await context.setOffline(false);
    await page.waitForTimeout(300);
    expect(traffic.stripeRequests).toBe(1);
  });
});

test.describe('every language', () => {
  test.use({ doubleConfig: {} });
  const PAY = {
    en: ['Pay €125.00', 'Total €125.00'],
    fr: ['Payer 125,00\u00a0€', 'Total 125,00\u00a0€'],
    de: ['125,00\u00a0€ bezahlen', 'Gesamt 125,00\u00a0€'],
    es: ['Pagar 125,00\u00a0€', 'Total 125,00\u00a0€'],
    it: ['Paga 125,00\u00a0€', 'Totale 125,00\u00a0€'],
    nl: ['Betaal €\u00a0125,00', 'Totaal €\u00a0125,00'],
  };
  for (const [locale, [pay, total]] of Object.entries(PAY)) {
    test(`${locale}: the Pay label and the total write the amount as ${locale} does`, async ({ page, checkout }) => {
      await routeIntent(page);
      await inLocale(page, locale);
      await page.goto('/');
      await checkout.ready();
      await expect(checkout.pay).toHaveText(pay);
      await expect(page.locator('.bc-total')).toHaveText(total);
      const intl = await page.evaluate((l) => new Intl.NumberFormat(l, { style: 'currency', currency: 'EUR' }).format(125), locale);
      expect(total.endsWith(intl) || total.includes(intl), `${total} shows ${intl}`).toBe(true);
    });
  }

  test('an unknown or regional tag falls back as documented: fr-CA is French, pt-BR English', async ({ page, checkout }) => {
    await routeIntent(page);
    await inLocale(page, 'fr-CA');
    await page.goto('/');
    await checkout.ready();
    await expect(checkout.pay).toHaveText(PAY.fr[0]);
    await page.evaluate(() => document.getElementById('checkout').setAttribute('locale', 'pt-BR'));
    await expect(checkout.pay).toHaveText(PAY.en[0]);
  });
});
