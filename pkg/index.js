// booking-checkout: the Stripe checkout component for booking pages, as an
// ES module. The wasm module starts once, on the first call that needs it
// (not at import), so importing this file costs nothing until the page
// mounts a checkout. Starting it registers <booking-checkout>.
import init, { mountCheckout as mountStarted, CheckoutHandle } from './booking_checkout.js';

let started = null;

/**
 * Fetches, compiles and starts the wasm once; later calls share the first.
 * A failed start (offline, blocked by CSP) is forgotten, so a later call
 * tries again instead of failing forever.
 */
export function load(options) {
  if (!started) {
    const wasm = options && options.wasmUrl;
    started = init(wasm ? { module_or_path: wasm } : undefined).then(
      () => undefined,
      (error) => {
        started = null;
        throw error;
      },
    );
  }
  return started;
}

/** Registers the `<booking-checkout>` custom element (by starting the wasm). */
export function defineCheckoutElement(options) {
  return load(options);
}

/**
 * Renders the checkout inside `element` and resolves with its handle. A bad
 * configuration renders the component's error state and fires
 * `checkout:failed` with code `config`; it never rejects for that.
 */
export async function mountCheckout(element, options, loadOptions) {
  await load(loadOptions);
  return mountStarted(element, options);
}

export { CheckoutHandle };

/** Every code `checkout:failed` can carry (`detail.code`). */
export const CHECKOUT_ERROR_CODES = Object.freeze([
  'config',
  'stripe_unavailable',
  'stripe_js_blocked',
  'offline',
  'stripe_js_timeout',
  'stripe_js_invalid',
  'stripe_key_rejected',
  'element_api_connection_error',
  'element_api_error',
  'element_rate_limit_error',
  'element_invalid_request_error',
  'element_load_error',
  'card_error',
  'validation_error',
  'invalid_request_error',
  'api_error',
  'api_connection_error',
  'authentication_error',
  'rate_limit_error',
  'idempotency_error',
  'stripe_error',
  'integration_error',
  'unauthenticated',
  'not_payable',
  'already_paid',
  'invalid_request',
  'rate_limited',
  'server_unavailable',
  'bad_response',
  'terms_changed',
  'booking_cancelled',
  'booking_refunded',
  'booking_disputed',
  'payment_in_progress',
  'payment_not_completed',
  'payment_unconfirmed',
  'price_changed',
]);
