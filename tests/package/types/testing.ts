// The test kit's types, as a Playwright test uses them. Must type-check.
import type { Page } from '@playwright/test';
import {
  STRIPE_JS_PATTERN,
  TEST_CARDS,
  stripeDoubleSource,
  useStripeDouble,
  type StripeDoubleRecord,
  type StripeScriptMode,
} from 'booking-checkout/testing';

export async function kit(page: Page): Promise<number> {
  const stripe = await useStripeDouble(page, {
    script: 'serve',
    loadError: 'An error occurred.',
    confirmError: { type: 'card_error', code: 'card_declined', message: 'Your card was declined.' },
    confirmThrows: 'boom',
    confirmDelayMs: 100,
    confirmGate: false,
    retrieveError: { type: 'api_connection_error', message: 'offline' },
    threeDS: 'complete',
    apiBase: '/demo/stripe',
    redirect: false,
    rejectKey: false,
    neverReady: false,
    confirmResolves: { paymentIntent: null },
    confirmLosesAnswer: false,
    wallets: ['apple_pay', 'link'],
    walletCard: TEST_CARDS.threeDSecure,
    walletSheet: 'approve',
    walletLoadError: 'wallets unavailable',
  });
  await stripe.configure({ loadError: { type: 'api_connection_error', message: 'offline' } });
  const modes: StripeScriptMode[] = ['serve', 'hang', 'network-error', 'no-stripe'];
  for (const mode of modes) await stripe.setScript(mode);
  await stripe.configure({ threeDS: 'fail' });
  await stripe.fillCard(TEST_CARDS.declined);
  await stripe.fillCard(TEST_CARDS.succeeds, '12/34', '123');
  await stripe.answerThreeDSecure(false);
  await stripe.clickWallet('apple_pay');
  await stripe.openConfirmGate();
  const record: StripeDoubleRecord = await stripe.record();
  const outcomes = (await stripe.confirmCalls()).map((c) => c.outcome);
  const methods = (await stripe.calls()).map((c) => c.method);
  const urls: string[] = stripe.scriptRequests();
  const paid = Object.values(stripe.intents()).filter((pi) => pi.status === 'succeeded' && (pi.amount ?? 0) > 0);
  urls.push(...paid.map((pi) => pi.id));
  const clicks = record.wallet ? record.wallet.clicks.length : 0;
  return clicks + record.keysSeen.length + outcomes.length + methods.length + urls.length + STRIPE_JS_PATTERN.length + stripeDoubleSource().length;
}
