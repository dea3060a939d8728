// Every call the component makes to Stripe.js, held against Stripe.js's own
// published types. js.stripe.com cannot be reached here, so the double
// records each call's arguments as plain data (window.__stripeDouble.args);
// the flows below collect them, write them out as TypeScript calls on
// @stripe/stripe-js's `Stripe`, `StripeElements` and Element types, and
// `tsc --strict` checks them: an unknown option, a wrong enum value or a
// missing required field fails here before it fails on a real page (what
// react-stripe-js #391 hit with `captureMethod`). A mutated copy with two
// such mistakes must fail, so the check is shown to bite.
import fs from 'node:fs';
import path from 'node:path';
import { tscErrors as tsc } from '../../scripts/tsc.mjs';
import { test, expect, openCheckout, openCheckoutWith, openRoom, day, pageWith, CARD } from './fixtures.mjs';

const OUT = path.resolve('target', 'stripe-types');
/** Recorded calls of every flow, in order, without repeats. */
const recorded = new Map();

async function collect(page) {
  const args = await page.evaluate(() => (window.__stripeDouble ? window.__stripeDouble.args : []));
  for (const call of args) recorded.set(JSON.stringify(call), call);
  return args.map((c) => c.method);
}

test.describe.serial('Stripe.js calls match @stripe/stripe-js', () => {
  test('intent-first, Payment Element, 3D Secure', async ({ page, checkout }) => {
    await openCheckout(page);
    await checkout.ready();
    await checkout.fillCard(CARD.threeDS);
    await checkout.pay.click();
    await page.frameLocator('iframe[title="3D Secure authentication"]').locator('#test-source-authorize-3ds').click();
    await expect(checkout.success).toBeVisible();
    expect(await collect(page)).toEqual(expect.arrayContaining(['Stripe', 'elements', 'create', 'confirmPayment']));
  });

  test('intent-first, Card Element, in French', async ({ page, checkout }) => {
    await openCheckoutWith(page, 'element="card" locale="fr" theme="night"');
    await checkout.ready();
    await checkout.fillCard(CARD.ok);
    await checkout.pay.click();
    await expect(checkout.success).toBeVisible();
    expect(await collect(page)).toEqual(expect.arrayContaining(['create', 'confirmCardPayment']));
  });

  test('deferred flow', async ({ page, checkout }) => {
    await openCheckoutWith(page, 'flow="deferred" amount="12500" currency="eur"');
    await checkout.ready();
    await checkout.fillCard(CARD.ok);
    await checkout.pay.click();
    await expect(checkout.success).toBeVisible();
    expect(await collect(page)).toEqual(expect.arrayContaining(['elements', 'confirmPayment']));
  });

  // Every policy, in both flows: the groups made for a hold (manual
  // capture), a deposit (saving the card) and a guarantee (setup mode),
  // and the confirmations and reads of a SetupIntent.
  for (const [room, arrival] of [['garden', day(30)], ['suite', day(2)], ['cabin', day(30)]]) {
    for (const flow of ['intent-first', 'deferred']) {
      test(`${room}, ${flow}`, async ({ page, checkout }) => {
        await openRoom(page, room, arrival, flow);
        await checkout.ready();
        await checkout.fillCard(CARD.ok);
        await checkout.pay.click();
        await expect(checkout.success).toBeVisible();
        expect((await collect(page)).length).toBeGreaterThan(3);
      });
    }
  }

  test('a guarantee with the Card Element', async ({ page, checkout }) => {
    const id = await openRoom(page, 'cabin', day(30));
    await pageWith(page, (html) => html.replace('booking-id="bk_demo_1"', 'booking-id="bk_demo_1" element="card"'));
    await page.goto(`/?booking=${id}`);
    await checkout.ready();
    await checkout.fillCard(CARD.ok);
    await checkout.pay.click();
    await expect(checkout.success).toBeVisible();
    expect(await collect(page)).toContain('confirmCardSetup');
  });

  test.describe('with a wallet and a redirect return', () => {
    test.use({ doubleConfig: { apiBase: '/demo/stripe', wallets: ['google_pay'], redirect: true } });
    test('wallet row, then a payment that returns from a redirect', async ({ page, checkout }) => {
      await openCheckoutWith(page, 'wallets');
      await checkout.ready();
      await expect(page.locator('.bc-wallets')).toBeVisible();
      await collect(page);
      await checkout.fillCard(CARD.ok);
      const returned = page.waitForURL(/payment_intent_client_secret=/);
      await checkout.pay.click();
      await returned;
      await expect(checkout.success).toBeVisible();
      expect(await collect(page)).toContain('retrievePaymentIntent');
    });

    test('a guarantee that returns from a redirect', async ({ page, checkout }) => {
      await openRoom(page, 'cabin', day(30));
      await checkout.ready();
      await checkout.fillCard(CARD.ok);
      const returned = page.waitForURL(/setup_intent_client_secret=/);
      await checkout.pay.click();
      await returned;
      await expect(checkout.success).toBeVisible();
      expect(await collect(page)).toContain('retrieveSetupIntent');
    });
  });

  test('the recorded calls type-check, and a mistaken option does not', async () => {
    const calls = [...recorded.values()];
    const methods = new Set(calls.map((c) => c.method));
    for (const m of ['Stripe', 'elements', 'create', 'confirmPayment', 'confirmCardPayment', 'retrievePaymentIntent', 'confirmSetup', 'confirmCardSetup', 'retrieveSetupIntent']) {
      expect(methods, `a flow made no ${m} call`).toContain(m);
    }
    fs.mkdirSync(OUT, { recursive: true });
    const good = path.join(OUT, 'calls.ts');
    fs.writeFileSync(good, typescript(calls));
    expect(tsc(good), 'the component\'s calls break @stripe/stripe-js\'s types').toBe('');

    // The same calls with a snake_case option (react-stripe-js #391) and a
    // redirect value Stripe.js does not have.
    const bad = path.join(OUT, 'mistaken.ts');
    const mutated = calls.map((c) => {
      if (c.method === 'elements' && c.args[0]) return { ...c, args: [{ ...c.args[0], capture_method: 'manual' }] };
      if (c.method === 'confirmPayment') return { ...c, args: [{ ...c.args[0], redirect: 'if_needed' }] };
      return c;
    });
    fs.writeFileSync(bad, typescript(mutated));
    const errors = tsc(bad);
    expect(errors).toContain('capture_method');
    expect(errors).toContain('if_needed');
  });
});

/** Identifiers the written calls use for the double's references. */
const REFS = {
  elements: 'elements',
  'element:payment': 'paymentElement',
  'element:card': 'cardElement',
  'element:expressCheckout': 'expressCheckoutElement',
  function: '(() => {})',
};

/** Each recorded method as the call on @stripe/stripe-js's types. */
const RECEIVER = {
  Stripe: 'StripeCtor',
  registerAppInfo: 'stripe.registerAppInfo',
  elements: 'stripe.elements',
  create: 'elements.create',
  'elements.update': 'elements.update',
  'element.update:payment': 'paymentElement.update',
  'element.update:card': 'cardElement.update',
  'element.update:expressCheckout': 'expressCheckoutElement.update',
  confirmPayment: 'stripe.confirmPayment',
  confirmCardPayment: 'stripe.confirmCardPayment',
  confirmSetup: 'stripe.confirmSetup',
  confirmCardSetup: 'stripe.confirmCardSetup',
  retrieveSetupIntent: 'stripe.retrieveSetupIntent',
  retrievePaymentIntent: 'stripe.retrievePaymentIntent',
  handleNextAction: 'stripe.handleNextAction',
};

function literal(v) {
  if (v === undefined) return 'undefined';
  if (v === null || typeof v !== 'object') return JSON.stringify(v);
  if (v.__ref) {
    if (!(v.__ref in REFS)) throw new Error(`no identifier for ${v.__ref}`);
    return REFS[v.__ref];
  }
  if (Array.isArray(v)) return `[${v.map(literal).join(', ')}]`;
  return `{ ${Object.entries(v).map(([k, x]) => `${JSON.stringify(k)}: ${literal(x)}`).join(', ')} }`;
}

function typescript(calls) {
  const lines = calls.map((c) => {
    const receiver = RECEIVER[c.method];
    if (!receiver) throw new Error(`the double recorded ${c.method}, which this check does not know`);
    return `${receiver}(${c.args.map(literal).join(', ')});`;
  });
  return [
    '// Written by tests/e2e/stripe-types.spec.mjs from the calls the component made.',
    "import type { Stripe, StripeConstructor, StripeElements, StripeCardElement, StripePaymentElement, StripeExpressCheckoutElement } from '@stripe/stripe-js';",
    'declare const StripeCtor: StripeConstructor;',
    'declare const stripe: Stripe;',
    'declare const elements: StripeElements;',
    'declare const paymentElement: StripePaymentElement;',
    'declare const cardElement: StripeCardElement;',
    'declare const expressCheckoutElement: StripeExpressCheckoutElement;',
    'export async function calls(): Promise<void> {',
    ...lines.map((l) => `  ${l}`),
    '}',
    '',
  ].join('\n');
}
