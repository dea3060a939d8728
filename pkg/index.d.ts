// Type declarations for booking-checkout, written by hand against the
// component's JS API (mountCheckout, CheckoutHandle, <booking-checkout>) and
// its events. tests/package checks them with `tsc --strict`, both ways.

/** Which Stripe Element collects the payment details. */
export type CheckoutElementKind = 'payment' | 'card';

/** When the PaymentIntent is created. */
export type CheckoutFlow = 'intent-first' | 'deferred';

/** Stripe Elements appearance theme. */
export type CheckoutTheme = 'stripe' | 'night' | 'flat';

/**
 * Language of every text: `en`, `fr`, `de`, `es`, `it` or `nl`, with or
 * without a region (`fr-CA`); any other tag gives English.
 */
export type CheckoutLocale = 'en' | 'fr' | 'de' | 'es' | 'it' | 'nl' | (string & {});

/** Options every checkout takes. */
interface CheckoutOptionsBase {
  /** Stripe publishable key, `pk_test_…` or `pk_live_…`. A secret key is refused before anything loads. */
  publishableKey: string;
  /** The booking to pay for: 1 to 64 of `A-Z a-z 0-9 _ -`. */
  bookingId: string;
  /** Your create-intent endpoint: an http(s) URL or a same-origin path. Default `/api/payments/create-intent`. */
  createIntentUrl?: string;
  /** Sent as `Authorization: Bearer …` instead of the session cookie. */
  authToken?: string;
  /** Where Stripe sends the customer back after a redirect-based method. Default: the current page. */
  returnUrl?: string;
  /** `payment` (default) or `card`. */
  element?: CheckoutElementKind;
  /** `stripe` (default), `night` or `flat`. */
  theme?: CheckoutTheme;
  /** Text language. */
  locale?: CheckoutLocale;
  /** Shown in the summary, e.g. "Sea-view room, 2 nights". */
  description?: string;
  /** Wallet buttons (Apple Pay, Google Pay, Link, …) above the Payment Element. Ignored with `element: 'card'`. */
  wallets?: boolean | 'true' | 'false';
}

/** A CSRF header sent with create-intent: both or neither. */
type CsrfOptions =
  | { csrfHeader?: undefined; csrfToken?: undefined }
  | {
      /** Header name, e.g. `X-CSRF-Token`. */
      csrfHeader: string;
      /** Its value. */
      csrfToken: string;
    };

/** None of the deferred terms' settings: intent-first, the server's answer says the terms. */
interface NoDeferredTerms {
  policy?: undefined;
  deposit?: undefined;
  balanceDue?: undefined;
  captureOn?: undefined;
  feeUpTo?: undefined;
}

/**
 * The deferred flow's terms, as your server will decide them (the `terms`
 * of its create-intent answer): Pay confirms only if they are the server's.
 */
type DeferredTerms =
  | (NoDeferredTerms & { policy?: 'pay_now' })
  | (Omit<NoDeferredTerms, 'policy' | 'deposit' | 'balanceDue'> & {
      policy: 'deposit';
      /** Charged now, in minor units; the rest of `amount` is the balance. */
      deposit: number | string;
      /** When the balance is charged to the saved card, `YYYY-MM-DD`. */
      balanceDue: string;
    })
  | (Omit<NoDeferredTerms, 'policy' | 'captureOn'> & {
      policy: 'hold';
      /** When the authorised `amount` is captured (the arrival day), `YYYY-MM-DD`. */
      captureOn: string;
    })
  | (Omit<NoDeferredTerms, 'policy' | 'feeUpTo'> & {
      policy: 'guarantee';
      /** The most the saved card may be charged (no-show or late cancellation), in minor units. */
      feeUpTo: number | string;
    });

/** Intent-first (default) or deferred with the price and terms to render. */
type FlowOptions =
  | (NoDeferredTerms & { flow?: 'intent-first'; amount?: undefined; currency?: undefined })
  | ({
      flow: 'deferred';
      /** The booking's price in minor units (an integer), as your server will price it. */
      amount: number | string;
      /** ISO currency code, e.g. `eur`. */
      currency: string;
    } & DeferredTerms);

/** Options of {@link mountCheckout}: the custom element's attributes in camelCase. */
export type CheckoutOptions = CheckoutOptionsBase & CsrfOptions & FlowOptions;

/** Where the wasm comes from, for pages that serve it elsewhere. */
export interface LoadOptions {
  /** URL of `booking_checkout_bg.wasm`. Default: next to the module (bundlers rewrite it). */
  wasmUrl?: string | URL;
}

/** A mounted checkout. */
export declare class CheckoutHandle {
  private constructor();
  /** Unmounts the checkout and destroys the Stripe element. Safe to call twice and from a `checkout:*` listener. */
  destroy(): void;
  /**
   * Changes the booking (a new Elements group and one new create-intent) or, in
   * the deferred flow, the amount (in place, keeping what the customer typed).
   * Pass `''` for amount and currency in the intent-first flow.
   */
  retarget(bookingId: string, amount: string, currency: string): void;
  /** Loads again after a failure the page has fixed, e.g. a sign-in after `unauthenticated`. */
  refresh(): void;
  /** Changes the language of every text, in place. */
  setLocale(locale: CheckoutLocale): void;
  /** Changes the Stripe element's theme in place; an unknown name is ignored. */
  setTheme(theme: CheckoutTheme): void;
  /** Changes the summary's description in place; an empty one is removed. */
  setDescription(description: string): void;
  /**
   * Whether the options were refused: the configuration error is shown and the
   * other methods do nothing; mount again with fixed options.
   */
  readonly refused: boolean;
  /** Releases the handle's wasm memory (after `destroy()`, if you keep no reference). */
  free(): void;
}

/** Starts the wasm once (later calls share the first). Registers `<booking-checkout>`. */
export declare function load(options?: LoadOptions): Promise<void>;

/** Registers the `<booking-checkout>` custom element. */
export declare function defineCheckoutElement(options?: LoadOptions): Promise<void>;

/**
 * Renders the checkout inside `element` (light DOM: Stripe Elements cannot
 * mount in a shadow root). A bad configuration renders an error state and
 * fires `checkout:failed` with code `config`; it never rejects for that.
 */
export declare function mountCheckout(
  element: HTMLElement,
  options: CheckoutOptions,
  loadOptions?: LoadOptions,
): Promise<CheckoutHandle>;

/** A code from Stripe.js's error `type`. */
export type StripeErrorCode =
  | 'card_error'
  | 'validation_error'
  | 'invalid_request_error'
  | 'api_error'
  | 'api_connection_error'
  | 'authentication_error'
  | 'rate_limit_error'
  | 'idempotency_error'
  | 'stripe_error';

/** Why the payment form did not load. */
export type LoadErrorCode =
  | 'stripe_js_blocked'
  | 'offline'
  | 'stripe_js_timeout'
  | 'stripe_js_invalid'
  | 'stripe_key_rejected'
  | 'element_api_connection_error'
  | 'element_api_error'
  | 'element_rate_limit_error'
  | 'element_invalid_request_error'
  | 'element_load_error';

/** A code from the create-intent answer (HTTP status). */
export type ServerErrorCode =
  | 'unauthenticated'
  | 'not_payable'
  | 'already_paid'
  | 'invalid_request'
  | 'rate_limited'
  | 'server_unavailable'
  | 'bad_response'
  | 'terms_changed'
  | 'booking_cancelled'
  | 'booking_refunded'
  | 'booking_disputed'
  | 'payment_in_progress';

/** Every code `checkout:failed` carries. Stable: match on it, never on text. */
export type CheckoutErrorCode =
  | 'config'
  | 'stripe_unavailable'
  | 'integration_error'
  | 'payment_not_completed'
  | 'payment_unconfirmed'
  | 'price_changed'
  | LoadErrorCode
  | StripeErrorCode
  | ServerErrorCode;

/** The same codes at run time. */
export declare const CHECKOUT_ERROR_CODES: readonly CheckoutErrorCode[];

/** The intent status a successful checkout ends in: `requires_capture` for a hold. */
export type SucceededStatus = 'succeeded' | 'processing' | 'requires_capture';

/**
 * How the booking is paid, as the server's create-intent answer said:
 * the whole price now, a deposit now and the balance later, the price held
 * on the card until arrival, or the card saved as a guarantee.
 */
export type PaymentPolicy = 'pay_now' | 'deposit' | 'hold' | 'guarantee';

/**
 * The policy an answer or an event names: one of {@link PaymentPolicy}, or
 * `owed` when the booking owes a charge your backend made without the guest
 * (a balance, a no-show or cancellation fee) that the bank refused or wants
 * authenticated, and the checkout pays that same intent.
 */
export type AnsweredPolicy = PaymentPolicy | 'owed';

/** What an `owed` charge is for. */
export type OwedCharge = 'balance' | 'no_show_fee' | 'cancellation_fee';

/** Chargeable money in minor units: `{amount: 12500, currency: 'eur'}`. */
export interface Money {
  amount: number;
  currency: string;
}

/**
 * `terms` in create-intent's answer (`{client_secret, amount, currency,
 * terms?}`): what the guest agrees to. Dates are `YYYY-MM-DD`. Absent, the
 * whole price is paid now. A `guarantee` comes with a SetupIntent's secret
 * (`seti_…`), every other policy with a PaymentIntent's (`pi_…`).
 */
export type PaymentTerms =
  | { policy: 'pay_now'; total: Money }
  | { policy: 'deposit'; total: Money; now: Money; balance: Money; balance_due: string }
  | { policy: 'hold'; total: Money; capture_on: string }
  | { policy: 'guarantee'; total: Money; up_to: Money }
  /**
   * Only in create-intent's answer for a booking that owes a charge made
   * without the guest: `total` is that charge's amount and the secret is its
   * PaymentIntent's, handed out again, never a new one. No consent is posted.
   */
  | { policy: 'owed'; total: Money; charge: OwedCharge };

/**
 * Create-intent's 200 answer, as your backend writes it. `amount` and
 * `currency` are the whole price (for `owed` terms, the owed charge).
 */
export interface CreateIntentAnswer {
  client_secret: string;
  amount: number;
  currency: string;
  terms?: PaymentTerms;
  /** What a cancellation keeps; shown beside the consent, its version sent with it. */
  cancellation?: CancellationTerms;
}

/**
 * A booking's cancellation policy: free until the longest notice of its
 * tiers, then each tier's share of the price (`basis_points`, 5000 = 50 %)
 * or a fixed amount in minor units; or non-refundable.
 */
export interface CancellationTerms {
  version: string;
  policy:
    | { cancellation: 'non_refundable' }
    | {
        cancellation: 'tiered';
        tiers: { within_days: number; retained: { basis_points: number } | { fixed: number } }[];
      };
}

/**
 * What the component posts to `/api/bookings/{booking_id}/consent` before it
 * confirms terms other than `pay_now`: the terms on screen, the language and
 * the consent sentence the guest read. Store it with the booking; answer 409
 * `terms_changed` when `terms` are no longer the booking's.
 */
export interface ConsentRequest {
  terms: PaymentTerms;
  locale: 'en' | 'fr' | 'de' | 'es' | 'it' | 'nl';
  text: string;
  /** The version of the cancellation policy shown beside the consent, when your answer had one. */
  cancellation_version?: string;
}

/** `checkout:succeeded` detail. Holds no secret. */
export type CheckoutSucceededDetail = {
  status: SucceededStatus;
  /**
   * The booking's policy, from the server's answer; absent on a redirect
   * return to a booking your backend already settled (`already_paid`), but
   * for a saved card (`guarantee`).
   */
  policy?: AnsweredPolicy;
  /** The wallet the customer paid with (`apple_pay`, `google_pay`, `link`, …); absent for the Pay button. */
  expressPaymentType?: string;
} & (
  | {
      /** The PaymentIntent id (`pi_…`). Confirm the booking from your webhook, not from this. */
      paymentIntentId: string;
      setupIntentId?: never;
    }
  | {
      /** A guarantee's SetupIntent id (`seti_…`): the card was saved, nothing charged. */
      setupIntentId: string;
      paymentIntentId?: never;
    }
);

/** `checkout:failed` detail. Holds no message: the component shows its own text. */
export interface CheckoutFailedDetail {
  code: CheckoutErrorCode;
  /** The booking's policy, once the server's answer said it. */
  policy?: AnsweredPolicy;
}

/** The events the checkout dispatches; they bubble and cross shadow roots. */
export interface CheckoutEventMap {
  /** The payment form is ready for input. */
  'checkout:ready': CustomEvent<null>;
  /** The payment went through (or is processing / authorised). */
  'checkout:succeeded': CustomEvent<CheckoutSucceededDetail>;
  /** Something failed; the component already shows the customer what to do. */
  'checkout:failed': CustomEvent<CheckoutFailedDetail>;
}

/** The attributes of `<booking-checkout>` (kebab-case names of {@link CheckoutOptions}). */
export interface BookingCheckoutAttributes {
  'publishable-key': string;
  'booking-id': string;
  'create-intent-url'?: string;
  'auth-token'?: string;
  'csrf-header'?: string;
  'csrf-token'?: string;
  'return-url'?: string;
  element?: CheckoutElementKind;
  flow?: CheckoutFlow;
  amount?: string;
  currency?: string;
  /** Deferred flow only: `pay_now` (default), `deposit`, `hold` or `guarantee`. */
  policy?: PaymentPolicy;
  /** Deferred `deposit`: charged now, minor units. */
  deposit?: string;
  /** Deferred `deposit`: when the balance is charged, `YYYY-MM-DD`. */
  'balance-due'?: string;
  /** Deferred `hold`: when the authorisation is captured, `YYYY-MM-DD`. */
  'capture-on'?: string;
  /** Deferred `guarantee`: the most the saved card may be charged, minor units. */
  'fee-up-to'?: string;
  theme?: CheckoutTheme;
  locale?: CheckoutLocale;
  description?: string;
  /** Present (or `true`): wallet buttons. */
  wallets?: '' | 'wallets' | 'true' | 'false';
}

/**
 * `<booking-checkout>`: follows `booking-id`, `amount`, `currency`, `locale`, `theme` and
 * `description` after mounting. A refused configuration is read again when any attribute
 * changes or on `refresh()`.
 */
export interface BookingCheckoutElement extends HTMLElement {
  /** Loads again after a failure the page has fixed, e.g. a sign-in. */
  refresh(): void;
  addEventListener<K extends keyof CheckoutEventMap>(
    type: K,
    listener: (this: BookingCheckoutElement, event: CheckoutEventMap[K]) => void,
    options?: boolean | AddEventListenerOptions,
  ): void;
  addEventListener<K extends keyof HTMLElementEventMap>(
    type: K,
    listener: (this: BookingCheckoutElement, event: HTMLElementEventMap[K]) => void,
    options?: boolean | AddEventListenerOptions,
  ): void;
  removeEventListener<K extends keyof CheckoutEventMap>(
    type: K,
    listener: (this: BookingCheckoutElement, event: CheckoutEventMap[K]) => void,
    options?: boolean | EventListenerOptions,
  ): void;
  removeEventListener<K extends keyof HTMLElementEventMap>(
    type: K,
    listener: (this: BookingCheckoutElement, event: HTMLElementEventMap[K]) => void,
    options?: boolean | EventListenerOptions,
  ): void;
}

declare global {
  interface HTMLElementTagNameMap {
    'booking-checkout': BookingCheckoutElement;
  }
  // The events bubble: listeners on any ancestor, the document or the window see them typed.
  interface HTMLElementEventMap extends CheckoutEventMap {}
  interface DocumentEventMap extends CheckoutEventMap {}
  interface WindowEventMap extends CheckoutEventMap {}
}
