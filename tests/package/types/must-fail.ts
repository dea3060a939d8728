// Mistakes the declarations must catch. Each marked line must fail with the
// marked error, and nothing else may fail (tests/package/static-checks.mjs).
import { mountCheckout, type BookingCheckoutAttributes, type CheckoutOptions } from 'booking-checkout';
import { useStripeDouble } from 'booking-checkout/testing';
import type { Page } from '@playwright/test';

export async function mistakes(target: HTMLElement, page: Page): Promise<void> {
  // A wrong option name.
  await mountCheckout(target, { publishableKey: 'pk_test_1', bookingID: 'bk_1' }); // error: TS2561
  // A required option missing.
  const noBooking: CheckoutOptions = { publishableKey: 'pk_test_1' }; // error: TS2322
  void noBooking;
  // The deferred flow without its amount.
  await mountCheckout(target, { publishableKey: 'pk_test_1', bookingId: 'bk_1', flow: 'deferred', currency: 'eur' }); // error: TS2345
  // An unknown element kind and theme.
  await mountCheckout(target, { publishableKey: 'pk_test_1', bookingId: 'bk_1', element: 'iban' }); // error: TS2322
  const handle = await mountCheckout(target, { publishableKey: 'pk_test_1', bookingId: 'bk_1' });
  handle.setTheme('dark'); // error: TS2345
  // A CSRF header without its token.
  await mountCheckout(target, { publishableKey: 'pk_test_1', bookingId: 'bk_1', csrfHeader: 'X-CSRF' }); // error: TS2345
  // A misspelt event, on the element (only its events are accepted) and on the document (no typed detail).
  document.querySelector('booking-checkout')?.addEventListener('checkout:succeded', () => {}); // error: TS2769
  document.addEventListener('checkout:succeded', (event) => console.log(event.detail)); // error: TS2339
  // A misspelt detail field.
  document.addEventListener('checkout:succeeded', (event) => console.log(event.detail.paymentIntentID)); // error: TS2551
  // An error code that does not exist.
  document.addEventListener('checkout:failed', (event) => {
    if (event.detail.code === 'card_declined') return; // error: TS2367
  });
  // A wrong attribute name.
  const attributes: BookingCheckoutAttributes = { 'publishable-key': 'pk_test_1', booking_id: 'bk_1' }; // error: TS2561
  void attributes;
  // The test kit: an unknown script mode and a wrong option name.
  await useStripeDouble(page, { script: 'slow' }); // error: TS2322
  await useStripeDouble(page, { loadErrror: 'x' }); // error: TS2561
}
