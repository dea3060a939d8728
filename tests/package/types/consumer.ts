// A consumer of booking-checkout under `tsc --strict`: every option, every
// handle method, the custom element and every event. Must type-check.
import {
  CHECKOUT_ERROR_CODES,
  defineCheckoutElement,
  load,
  mountCheckout,
  type AnsweredPolicy,
  type BookingCheckoutAttributes,
  type BookingCheckoutElement,
  type CheckoutErrorCode,
  type CheckoutFailedDetail,
  type CheckoutHandle,
  type CheckoutOptions,
  type CheckoutSucceededDetail,
  type PaymentPolicy,
  type PaymentTerms,
  type SucceededStatus,
} from 'booking-checkout';

/** A backend's create-intent answer for a deposit, typed as the component reads it. */
export const depositAnswer: { client_secret: string; amount: number; currency: string; terms: PaymentTerms } = {
  client_secret: 'pi_1_secret_a',
  amount: 12500,
  currency: 'eur',
  terms: {
    policy: 'deposit',
    total: { amount: 12500, currency: 'eur' },
    now: { amount: 3125, currency: 'eur' },
    balance: { amount: 9375, currency: 'eur' },
    balance_due: '2027-03-05',
  },
};

export async function everyOption(target: HTMLElement): Promise<CheckoutHandle> {
  const intentFirst: CheckoutOptions = {
    publishableKey: 'pk_test_51Example',
    bookingId: 'bk_123',
    createIntentUrl: '/api/payments/create-intent',
    authToken: 'token',
    csrfHeader: 'X-CSRF-Token',
    csrfToken: 'csrf',
    returnUrl: 'https://hotel.example/pay',
    element: 'card',
    flow: 'intent-first',
    theme: 'night',
    locale: 'fr',
    description: 'Sea-view room, 2 nights',
    wallets: true,
  };
  const deferred: CheckoutOptions = {
    publishableKey: 'pk_live_51Example',
    bookingId: 'bk_456',
    element: 'payment',
    flow: 'deferred',
    amount: 12500,
    currency: 'eur',
    theme: 'flat',
    locale: 'en-GB',
  };
  // The deferred terms as the server will answer them, one per policy.
  const deposit: CheckoutOptions = { ...deferred, policy: 'deposit', deposit: 3125, balanceDue: '2027-03-05' };
  const hold: CheckoutOptions = { ...deferred, policy: 'hold', captureOn: '2026-12-09' };
  const guarantee: CheckoutOptions = { ...deferred, policy: 'guarantee', feeUpTo: '3900' };
  for (const terms of [deposit, hold, guarantee]) (await mountCheckout(target, terms)).destroy();
  await load({ wasmUrl: new URL('/assets/booking_checkout_bg.wasm', location.href) });
  await defineCheckoutElement();
  const first = await mountCheckout(target, intentFirst);
  first.destroy();
  first.free();
  const handle = await mountCheckout(target, deferred, { wasmUrl: '/booking_checkout_bg.wasm' });
  handle.retarget('bk_789', '9900', 'eur');
  handle.refresh();
  handle.setLocale('fr');
  handle.setTheme('stripe');
  handle.setDescription('2 nights, breakfast included');
  const refused: boolean = handle.refused;
  if (refused) handle.destroy();
  return handle;
}

export function everyEvent(): void {
  const element: BookingCheckoutElement | null = document.querySelector('booking-checkout');
  if (!element) return;
  element.refresh();
  element.addEventListener('checkout:ready', (event) => {
    const nothing: null = event.detail;
    void nothing;
  });
  element.addEventListener('checkout:succeeded', (event) => {
    const detail: CheckoutSucceededDetail = event.detail;
    const status: SucceededStatus = detail.status;
    const policy: AnsweredPolicy | undefined = detail.policy;
    // `owed`: a charge owed after checkout was paid; otherwise the booking's own policy.
    const booked: PaymentPolicy | undefined = policy === 'owed' ? undefined : policy;
    // A guarantee saves the card: its detail names a SetupIntent, never a payment.
    const id: string = detail.setupIntentId === undefined ? detail.paymentIntentId : detail.setupIntentId;
    console.log(id, policy, booked, status, detail.expressPaymentType ?? 'pay button');
  });
  element.addEventListener('checkout:failed', (event) => {
    const detail: CheckoutFailedDetail = event.detail;
    const code: CheckoutErrorCode = detail.code;
    switch (code) {
      case 'unauthenticated':
        element.refresh();
        break;
      case 'payment_unconfirmed':
      case 'config':
        break;
      default:
        console.log(CHECKOUT_ERROR_CODES.includes(code));
    }
  });
  // The events bubble: typed on the document and the window too.
  document.addEventListener('checkout:succeeded', (event) => console.log(event.detail.status));
  window.addEventListener('checkout:failed', (event) => console.log(event.detail.code));
  const created = document.createElement('booking-checkout');
  const attributes: BookingCheckoutAttributes = {
    'publishable-key': 'pk_test_51Example',
    'booking-id': 'bk_123',
    'create-intent-url': '/api/payments/create-intent',
    'auth-token': 'token',
    'csrf-header': 'X-CSRF-Token',
    'csrf-token': 'csrf',
    'return-url': '/pay',
    element: 'payment',
    flow: 'deferred',
    amount: '12500',
    currency: 'eur',
    policy: 'deposit',
    deposit: '3125',
    'balance-due': '2027-03-05',
    theme: 'stripe',
    locale: 'fr',
    description: 'Sea-view room',
    wallets: '',
  };
  for (const [name, value] of Object.entries(attributes)) created.setAttribute(name, value);
  const { deposit: _deposit, 'balance-due': _due, ...base } = attributes;
  const later: BookingCheckoutAttributes = { ...base, policy: 'hold', 'capture-on': '2026-12-09' };
  const fee: BookingCheckoutAttributes = { ...base, policy: 'guarantee', 'fee-up-to': '3900' };
  console.log(_deposit, _due, later, fee);
  created.refresh();
}
