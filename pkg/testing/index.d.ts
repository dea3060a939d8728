// Types of booking-checkout/testing (Node side of Playwright tests).
import type { Page } from '@playwright/test';

/** URL pattern of Stripe.js, for `page.route`. */
export declare const STRIPE_JS_PATTERN: 'https://js.stripe.com/**';

/** Stripe's test cards, as the double answers them. */
export declare const TEST_CARDS: {
  /** Pays (Visa). */
  readonly succeeds: '4242424242424242';
  /** Pays (Mastercard). */
  readonly succeedsMastercard: '5555555555554444';
  /** `card_error`, `generic_decline`. */
  readonly declined: '4000000000000002';
  readonly insufficientFunds: '4000000000009995';
  readonly lostCard: '4000000000009987';
  readonly stolenCard: '4000000000009979';
  readonly expiredCard: '4000000000000069';
  readonly incorrectCvc: '4000000000000127';
  readonly processingError: '4000000000000119';
  /** Asks for 3D Secure; pays once the challenge is completed. */
  readonly threeDSecure: '4000002500003155';
  /** Asks for 3D Secure, then is declined. */
  readonly threeDSecureThenDeclined: '4000008400001629';
  readonly threeDSecureThenInsufficientFunds: '4000008260003178';
};

/** The double's source text, to serve yourself or add as a script before the component. */
export declare function stripeDoubleSource(): string;

/**
 * How `https://js.stripe.com/*` answers: `serve` the double (default), `hang`
 * (never answers), `network-error` (the request fails), `no-stripe` (loads
 * but defines no `window.Stripe`).
 */
export type StripeScriptMode = 'serve' | 'hang' | 'network-error' | 'no-stripe';

/** A Stripe.js error the double resolves with. */
export interface StripeDoubleError {
  type:
    | 'card_error'
    | 'validation_error'
    | 'invalid_request_error'
    | 'api_error'
    | 'api_connection_error'
    | 'authentication_error'
    | 'rate_limit_error'
    | 'idempotency_error';
  code?: string;
  message: string;
}

/** How the double behaves, whatever the card. Each field is read when the call runs. */
export interface StripeDoubleBehaviour {
  /** Elements fire `loaderror` instead of `ready`: an `api_error` with this message, or this error. */
  loadError?: string | StripeDoubleError;
  /** Elements fire `loaderror` as Stripe does for a publishable key it does not know. */
  rejectKey?: boolean;
  /** Elements load but never fire `ready` or `loaderror`. */
  neverReady?: boolean;
  /** Every confirm resolves with this error. */
  confirmError?: StripeDoubleError;
  /** Every confirm rejects with an `IntegrationError` of this message. */
  confirmThrows?: string;
  /** Every confirm settles after this many milliseconds. */
  confirmDelayMs?: number;
  /** Every confirm waits, before it reaches Stripe, until `openConfirmGate()`: a race made exact. */
  confirmGate?: boolean;
  /** Every confirm resolves with exactly this value (a malformed answer). */
  confirmResolves?: unknown;
  /** The confirmation reaches Stripe but its answer is lost (an `api_connection_error`). */
  confirmLosesAnswer?: boolean;
  /** `retrievePaymentIntent` and `retrieveSetupIntent` resolve with this error. */
  retrieveError?: StripeDoubleError;
  /** Answers the 3D Secure challenge by itself. */
  threeDS?: 'complete' | 'fail';
  /**
   * Where the double confirms and retrieves PaymentIntents and SetupIntents.
   * Default: the test kit itself, which learns each intent (amount,
   * currency, and `terms`: a hold ends authorised, a guarantee's SetupIntent
   * saved) from your page's create-intent answer. Set it to use an offline
   * Stripe API of your own.
   */
  apiBase?: string;
  /** Behaves like a redirect-based method: navigates to the return URL. */
  redirect?: boolean;
  /** The wallets the Express Checkout Element finds on this device (default none). */
  wallets?: Array<'apple_pay' | 'google_pay' | 'link' | 'paypal' | 'amazon_pay' | (string & {})>;
  /** The test card a wallet pays with (default `4242…`). */
  walletCard?: string;
  /** Answers the wallet's payment sheet by itself. */
  walletSheet?: 'approve' | 'cancel';
  /** The Express Checkout Element fires `loaderror` with this message. */
  walletLoadError?: string;
}

/** Options of {@link useStripeDouble}. */
export interface StripeDoubleOptions extends StripeDoubleBehaviour {
  /** How Stripe.js answers. Default `serve`. */
  script?: StripeScriptMode;
}

/** One call the page made to the double. */
export interface StripeCall {
  method: string;
  /** `performance.now()` in the page. */
  at: number;
  /** Element type, for `create`, `mount` and `destroy`. */
  type?: 'payment' | 'card';
  /** Option names, for `update` calls. */
  keys?: string[];
  [detail: string]: unknown;
}

/** One confirmation the page asked for. */
export interface ConfirmCall {
  method: 'confirmPayment' | 'confirmCardPayment' | 'confirmSetup' | 'confirmCardSetup';
  at: number;
  redirect?: string;
  resolvedAt?: number;
  /** The intent's status, or the error `type`. */
  outcome?: string;
}

/** Everything the double recorded on the current page. */
export interface StripeDoubleRecord {
  /** Every key passed to `Stripe()`. */
  keysSeen: string[];
  /** Options of `Stripe()` and `stripe.elements()`. */
  options: Array<Record<string, unknown>>;
  calls: StripeCall[];
  confirmCalls: ConfirmCall[];
  /** Element events emitted (`ready`, `change`, `loaderror`, …). */
  events: Array<{ at: number; type: string; name: string }>;
  /** Wallet clicks, approvals, failures and sheets closed, when the double has wallets. */
  wallet: { clicks: unknown[]; confirms: unknown[]; failed: unknown[]; cancels: number } | null;
}

/** Control of the double on one page. */
export interface StripeDouble {
  /** Changes how later Stripe.js requests are answered. */
  setScript(mode: StripeScriptMode): Promise<void>;
  /** Replaces the behaviour, on the open page at once and on later navigations. */
  configure(behaviour: StripeDoubleBehaviour): Promise<void>;
  /** URLs of every Stripe.js request so far. */
  scriptRequests(): string[];
  /** What the double recorded on the current page (empty lists before it loaded). */
  record(): Promise<StripeDoubleRecord>;
  calls(): Promise<StripeCall[]>;
  confirmCalls(): Promise<ConfirmCall[]>;
  /** Types a card into the double's card fields. Default expiry `12/34`, CVC `123`. */
  fillCard(number: string, exp?: string, cvc?: string): Promise<void>;
  /** The intents the test kit knows, by id: status, and a PaymentIntent's amount and currency. */
  intents(): Record<string, { id: string; status: string; amount?: number; currency?: string }>;
  /** Presses a wallet button of the Express Checkout Element (needs `wallets`). */
  clickWallet(kind: string): Promise<void>;
  /** Lets the confirmation held by `confirmGate` go on (waits until one is held). */
  openConfirmGate(): Promise<void>;
  /** Completes (default) or fails the 3D Secure challenge shown by the double. */
  answerThreeDSecure(complete?: boolean): Promise<void>;
}

/** Serves the double for every Stripe.js request of `page`. Call it before `page.goto`. */
export declare function useStripeDouble(page: Page, options?: StripeDoubleOptions): Promise<StripeDouble>;
