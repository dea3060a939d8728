// booking-checkout/testing: the Stripe.js test double for integrators'
// browser tests. It is served in place of https://js.stripe.com/* (by
// Playwright's page.route), renders card fields inside an iframe like
// Stripe's, decides outcomes by Stripe's test card numbers, can be told to
// fail in each of the ways real Stripe.js fails, and records every call the
// page made to it. No network, no Stripe account.
import fs from 'node:fs';

/** URL pattern of Stripe.js, for `page.route`. */
export const STRIPE_JS_PATTERN = 'https://js.stripe.com/**';

/** Stripe's test cards, as the double answers them. */
export const TEST_CARDS = Object.freeze({
  succeeds: '4242424242424242',
  succeedsMastercard: '5555555555554444',
  declined: '4000000000000002',
  insufficientFunds: '4000000000009995',
  lostCard: '4000000000009987',
  stolenCard: '4000000000009979',
  expiredCard: '4000000000000069',
  incorrectCvc: '4000000000000127',
  processingError: '4000000000000119',
  threeDSecure: '4000002500003155',
  threeDSecureThenDeclined: '4000008400001629',
  threeDSecureThenInsufficientFunds: '4000008260003178',
});

let source = null;
/** The double's source text (served for Stripe.js, or added as a script before the component). */
export function stripeDoubleSource() {
  if (source === null) source = fs.readFileSync(new URL('./stripe.js', import.meta.url), 'utf8');
  return source;
}

const SCRIPT_MODES = ['serve', 'hang', 'network-error', 'no-stripe'];
const BEHAVIOUR_KEYS = [
  'loadError', 'rejectKey', 'neverReady', 'confirmError', 'confirmThrows', 'confirmDelayMs', 'confirmGate', 'confirmResolves',
  'confirmLosesAnswer', 'retrieveError', 'threeDS', 'apiBase', 'redirect', 'wallets', 'walletCard', 'walletSheet',
  'walletLoadError',
];

function behaviourOf(options) {
  const out = {};
  for (const key of BEHAVIOUR_KEYS) if (options[key] !== undefined) out[key] = options[key];
  for (const key of Object.keys(options)) {
    if (key !== 'script' && !BEHAVIOUR_KEYS.includes(key)) throw new TypeError(`useStripeDouble: unknown option ${key}`);
  }
  return out;
}

function checkMode(mode) {
  if (!SCRIPT_MODES.includes(mode)) throw new TypeError(`useStripeDouble: script must be one of ${SCRIPT_MODES.join(', ')}`);
  return mode;
}

// Stripe's side of an intent, kept here in the test (the double runs in
// the page): what the page's own create-intent endpoint answered (client
// secret, amount, currency, and the terms: a hold is authorised, a
// guarantee's SetupIntent saves the card) and the status confirmations give
// it. The double reaches it at a same-origin path (so the page's
// `connect-src 'self'` admits it) that Playwright answers before any network.
const STRIPE_API = '/__booking-checkout-stripe-double';
const SECRET = /^((?:pi|seti)_[A-Za-z0-9]+)_secret_[A-Za-z0-9]+$/;

function withStripeApi(behaviour) {
  return behaviour.apiBase ? behaviour : { ...behaviour, apiBase: STRIPE_API };
}

async function serveStripeApi(page) {
  const intents = new Map();
  // Learn each intent from the page's create-intent answer, whatever its URL.
  page.on('response', async (response) => {
    if (response.request().method() !== 'POST' || !/^application\/json/.test(response.headers()['content-type'] || '')) return;
    const body = await response.json().catch(() => null);
    const id = body && typeof body.client_secret === 'string' && body.client_secret.match(SECRET);
    if (!id || !Number.isInteger(body.amount) || typeof body.currency !== 'string' || intents.has(id[1])) return;
    const setup = id[1].startsWith('seti_');
    const held = Boolean(body.terms && body.terms.policy === 'hold');
    const intent = setup
      ? { id: id[1], status: 'requires_payment_method' }
      : { id: id[1], amount: body.amount, currency: body.currency, status: 'requires_payment_method' };
    intents.set(id[1], { intent, done: held ? 'requires_capture' : 'succeeded' });
  });
  await page.route(new RegExp(`${STRIPE_API}/(payment|setup)_intents/`), async (route) => {
    const m = new URL(route.request().url()).pathname.match(/\/(?:payment|setup)_intents\/([^/]+)\/(confirm|retrieve)$/);
    const known = m && intents.get(m[1]);
    if (!known) return route.fulfill({ status: 404, contentType: 'application/json', body: '{"error":{"type":"invalid_request_error"}}' });
    // The double decides declines and 3D Secure itself; what reaches here
    // is paid, authorised (a hold) or saved (a SetupIntent).
    if (m[2] === 'confirm') known.intent.status = known.done;
    return route.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify(known.intent) });
  });
  return intents;
}

/**
 * Serves the double for every Stripe.js request of `page` and returns a
 * control to change its behaviour and read what the page asked of it. Call
 * it before `page.goto`.
 */
export async function useStripeDouble(page, options = {}) {
  let mode = checkMode(options.script || 'serve');
  let behaviour = withStripeApi(behaviourOf(options));
  const scriptUrls = [];
  const intents = await serveStripeApi(page);
  // The double reads window.__stripeDoubleConfig whenever a call runs. Each
  // change adds an init script (they run in order, so the latest wins on
  // every later navigation) and updates the page already open.
  const apply = async () => {
    const json = JSON.stringify(behaviour);
    await page.addInitScript((j) => {
      window.__stripeDoubleConfig = JSON.parse(j);
    }, json);
    await page.evaluate((j) => {
      window.__stripeDoubleConfig = JSON.parse(j);
    }, json).catch(() => {});
  };
  await apply();
  await page.route(STRIPE_JS_PATTERN, (route) => {
    scriptUrls.push(route.request().url());
    if (mode === 'hang') return undefined; // never answered, as when js.stripe.com does not respond
    if (mode === 'network-error') return route.abort('internetdisconnected');
    if (mode === 'no-stripe') return route.fulfill({ contentType: 'text/javascript', body: '/* loads, defines no Stripe */' });
    return route.fulfill({ contentType: 'text/javascript', body: stripeDoubleSource() });
  });
  const record = () =>
    page.evaluate(() => {
      const r = window.__stripeDouble;
      if (!r) return null;
      return { keysSeen: r.keysSeen, options: r.options, calls: r.calls, confirmCalls: r.confirmCalls, events: r.events, wallet: r.wallet || null };
    });
  const empty = { keysSeen: [], options: [], calls: [], confirmCalls: [], events: [], wallet: null };
  return {
    async setScript(next) {
      mode = checkMode(next);
    },
    async configure(next) {
      behaviour = withStripeApi(behaviourOf(next));
      await apply();
    },
    scriptRequests: () => scriptUrls.slice(),
    async record() {
      return (await record()) || empty;
    },
    async calls() {
      return ((await record()) || empty).calls;
    },
    async confirmCalls() {
      return ((await record()) || empty).confirmCalls;
    },
    async fillCard(number, exp = '12/34', cvc = '123') {
      const frame = page.frameLocator('iframe[title="Secure payment input frame"]').first();
      await frame.locator('[name=cardnumber]').fill(number);
      await frame.locator('[name=exp-date]').fill(exp);
      await frame.locator('[name=cvc]').fill(cvc);
    },
    intents: () => Object.fromEntries([...intents].map(([id, known]) => [id, { ...known.intent }])),
    async clickWallet(kind) {
      await page.frameLocator('iframe[title="Secure express checkout frame"]').locator(`[data-wallet="${kind}"]`).click();
    },
    async openConfirmGate() {
      await page.waitForFunction(() => window.__stripeDouble && typeof window.__stripeDouble.openGate === 'function');
      await page.evaluate(() => window.__stripeDouble.openGate());
    },
    async answerThreeDSecure(complete = true) {
      const frame = page.frameLocator('iframe[title="3D Secure authentication"]');
      await frame.locator(complete ? '#test-source-authorize-3ds' : '#test-source-fail-3ds').click();
    },
  };
}
