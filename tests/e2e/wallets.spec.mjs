// Wallet buttons: the Express Checkout Element above the Payment Element,
// in the same Elements group, behind the `wallets` attribute. Its events
// follow Stripe.js's documentation as the double implements them: 'ready'
// with availablePaymentMethods, 'click' with resolve (within 1 s), 'confirm'
// with paymentFailed, and 'cancel'.
import { test, expect, openCheckout, pageWith, CARD } from './fixtures.mjs';

const WALLETS = ['apple_pay', 'google_pay', 'link'];
const buttons = (page) => page.frameLocator('iframe[title="Secure express checkout frame"]');
const sheet = (page, name) => page.frameLocator(`iframe[title="${name} payment sheet"]`);

/** The booking page with `wallets` on the checkout, for a fresh booking. */
async function openWithWallets(page) {
  await pageWith(page, (html) => html.replace('<booking-checkout', '<booking-checkout wallets'));
  return openCheckout(page);
}

const wallet = (page) => page.evaluate(() => window.__stripeDouble.wallet);
const created = (page) => page.evaluate(() => window.__stripeDouble.calls.filter((c) => c.method === 'create').map((c) => c.type));
const groups = (page) => page.evaluate(() => window.__stripeDouble.options.filter((o) => o.kind === 'elements').length);

test('without the attribute no Express Checkout Element is made', async ({ page, checkout }) => {
  await openCheckout(page);
  await checkout.ready();
  expect(await created(page)).toEqual(['payment']);
  await expect(page.locator('.bc-wallets')).toBeHidden();
});

test('with no wallet on the device the buttons stay hidden and the form pays as before', async ({ page, checkout }) => {
  await openWithWallets(page);
  await checkout.ready();
  expect(await created(page)).toEqual(['payment', 'expressCheckout']);
  expect(await groups(page)).toBe(1);
  await expect(page.locator('.bc-wallets')).toBeHidden();
  await checkout.fillCard(CARD.ok);
  await checkout.pay.click();
  await expect(checkout.success).toBeVisible();
  const detail = await checkout.event('succeeded');
  expect(detail.expressPaymentType).toBeUndefined();
});

test.describe('with wallets on the device', () => {
  test.use({ doubleConfig: { apiBase: '/demo/stripe', wallets: WALLETS } });

  test('Apple Pay pays from the same group and intent, checkout:succeeded names it, the webhook marks the booking paid', async ({ page, checkout }) => {
    const id = await openWithWallets(page);
    await checkout.ready();
    await expect(page.locator('.bc-wallets')).toBeVisible();
    const box = (sel) => page.locator(sel).boundingBox();
    expect((await box('.bc-wallets')).y).toBeLessThan((await box('.bc-element')).y);
    expect(await groups(page)).toBe(1);
    await page.screenshot({ path: test.info().outputPath('wallets-ready.png') });

    await buttons(page).locator('[data-wallet=apple_pay]').click();
    await expect(sheet(page, 'Apple Pay').locator('#wallet-total')).toHaveText('Pay 125.00 EUR');
    await page.screenshot({ path: test.info().outputPath('wallets-sheet.png') });
    await sheet(page, 'Apple Pay').locator('#wallet-approve').click();
    await expect(checkout.success).toHaveText('Payment received. Your booking is confirmed.');
    const detail = await checkout.event('succeeded');
    expect(detail.expressPaymentType).toBe('apple_pay');
    expect(detail.status).toBe('succeeded');
    const w = await wallet(page);
    expect(w.clicks).toHaveLength(1);
    expect(w.clicks[0].shown).toBe(true);
    expect(w.clicks[0].resolvedAfterMs).toBeLessThan(1000);
    expect(w.failed).toEqual([]);
    const confirms = await page.evaluate(() => window.__stripeDouble.confirmCalls);
    expect(confirms.map((c) => [c.method, c.wallet])).toEqual([['confirmPayment', 'apple_pay']]);
    await expect(page.locator('#booking-status')).toHaveText(`Booking ${id} is paid and confirmed.`, { timeout: 15_000 });
    await expect(page.locator('.bc-wallets')).toBeHidden();
  });

  test.describe('a wallet card that needs 3D Secure', () => {
    test.use({ doubleConfig: { apiBase: '/demo/stripe', wallets: WALLETS, walletCard: CARD.threeDS } });
    test('authenticates, then succeeds like the Pay button would', async ({ page, checkout }) => {
      const id = await openWithWallets(page);
      await checkout.ready();
      await buttons(page).locator('[data-wallet=google_pay]').click();
      await sheet(page, 'Google Pay').locator('#wallet-approve').click();
      await expect(checkout.pay).toBeDisabled();
      await page.frameLocator('iframe[title="3D Secure authentication"]').locator('#test-source-authorize-3ds').click();
      await expect(checkout.success).toBeVisible();
      expect((await checkout.event('succeeded')).expressPaymentType).toBe('google_pay');
      await expect(page.locator('#booking-status')).toHaveText(`Booking ${id} is paid and confirmed.`, { timeout: 15_000 });
    });
  });

  test.describe('a wallet card whose 3D Secure fails', () => {
    test.use({ doubleConfig: { apiBase: '/demo/stripe', wallets: WALLETS, walletCard: CARD.threeDS } });
    test('tells the wallet with paymentFailed and keeps the form', async ({ page, checkout }) => {
      await openWithWallets(page);
      await checkout.ready();
      await buttons(page).locator('[data-wallet=link]').click();
      await sheet(page, 'Link').locator('#wallet-approve').click();
      await page.frameLocator('iframe[title="3D Secure authentication"]').locator('#test-source-fail-3ds').click();
      await expect(checkout.error).toContainText('unable to authenticate');
      expect((await wallet(page)).failed).toEqual([{ kind: 'link', reason: 'fail' }]);
      await expect(checkout.pay).toBeEnabled();
    });
  });

  test.describe('a declined wallet card', () => {
    test.use({ doubleConfig: { apiBase: '/demo/stripe', wallets: WALLETS, walletCard: CARD.declined } });
    test('shows the decline, calls paymentFailed, reports card_error, and the customer can pay by card', async ({ page, checkout }) => {
      await openWithWallets(page);
      await checkout.ready();
      await buttons(page).locator('[data-wallet=apple_pay]').click();
      await sheet(page, 'Apple Pay').locator('#wallet-approve').click();
      await expect(checkout.error).toHaveText('Your card was declined.');
      expect((await checkout.event('failed')).code).toBe('card_error');
      expect((await wallet(page)).failed).toEqual([{ kind: 'apple_pay', reason: 'fail' }]);
      await expect(page.locator('iframe[title="Apple Pay payment sheet"]')).toHaveCount(0);
      await page.screenshot({ path: test.info().outputPath('wallets-declined.png') });
      await checkout.fillCard(CARD.ok);
      await checkout.pay.click();
      await expect(checkout.success).toBeVisible();
      expect((await checkout.event('succeeded')).expressPaymentType).toBeUndefined();
    });
  });

  test('closing the wallet changes nothing: no confirmation, the form still pays', async ({ page, checkout }) => {
    await openWithWallets(page);
    await checkout.ready();
    await buttons(page).locator('[data-wallet=google_pay]').click();
    await sheet(page, 'Google Pay').locator('#wallet-cancel').click();
    expect((await wallet(page)).cancels).toBe(1);
    await expect(page.locator('.bc')).toHaveAttribute('data-state', 'ready');
    await expect(checkout.error).toHaveCount(0);
    expect(await checkout.confirmCalls()).toBe(0);
    await checkout.fillCard(CARD.ok);
    await checkout.pay.click();
    await expect(checkout.success).toBeVisible();
  });

  test.describe('while a card payment is in flight', () => {
    test.use({ doubleConfig: { apiBase: '/demo/stripe', wallets: WALLETS, confirmDelayMs: 1500 } });
    test('a wallet click opens no second payment', async ({ page, checkout }) => {
      await openWithWallets(page);
      await checkout.ready();
      await checkout.fillCard(CARD.ok);
      await checkout.pay.click();
      // In place but inert: a customer's click cannot reach them. A click
      // that gets there anyway (dispatched by script) opens no wallet.
      await expect(page.locator('.bc-wallets')).toHaveAttribute('inert', '');
      await expect(page.locator('.bc-wallets')).toBeVisible();
      await buttons(page).locator('[data-wallet=apple_pay]').dispatchEvent('click');
      await expect(checkout.success).toBeVisible();
      const w = await wallet(page);
      expect(w.clicks).toHaveLength(1);
      expect(w.clicks[0].shown).toBe(false);
      expect(w.confirms).toEqual([]);
      expect(await checkout.confirmCalls()).toBe(1);
    });
  });
});

test.describe('a wallet element that fails to load', () => {
  test.use({ doubleConfig: { apiBase: '/demo/stripe', wallets: WALLETS, walletLoadError: 'wallets unavailable' } });
  test('stays hidden and the form is unaffected', async ({ page, checkout }) => {
    await openWithWallets(page);
    await checkout.ready();
    await expect(page.locator('.bc-wallets')).toBeHidden();
    await expect(checkout.error).toHaveCount(0);
    await checkout.fillCard(CARD.ok);
    await checkout.pay.click();
    await expect(checkout.success).toBeVisible();
  });
});
