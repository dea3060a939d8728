// Paying for a booking, end to end: page → component → reference server →
// localstripe → webhook → paid.
import { test, expect, openCheckout, CARD } from './fixtures.mjs';

test('paying with 4242 succeeds, emits checkout:succeeded and the webhook marks the booking paid', async ({ page, checkout }) => {
  const id = await openCheckout(page);
  await checkout.ready();
  await checkout.fillCard(CARD.ok);
  await checkout.pay.click();
  await expect(checkout.success).toHaveText('Payment received. Your booking is confirmed.');
  const detail = await checkout.event('succeeded');
  expect(detail.status).toBe('succeeded');
  expect(detail.paymentIntentId).toMatch(/^pi_[A-Za-z0-9]+$/);
  await expect(page.locator('#booking-status')).toHaveText(`Booking ${id} is paid and confirmed.`, { timeout: 15_000 });
});

test('a declined card shows Stripe\'s decline text and the customer can pay again', async ({ page, checkout }) => {
  await openCheckout(page);
  await checkout.ready();
  await checkout.fillCard(CARD.declined);
  await checkout.pay.click();
  await expect(checkout.error).toHaveText('Your card was declined.');
  expect((await checkout.event('failed')).code).toBe('card_error');
  await expect(checkout.pay).toBeEnabled();
  await checkout.fillCard(CARD.ok);
  await checkout.pay.click();
  await expect(checkout.success).toBeVisible();
});

test('a 3D Secure card succeeds after the challenge is completed', async ({ page, checkout }) => {
  await openCheckout(page);
  await checkout.ready();
  await checkout.fillCard(CARD.threeDS);
  await checkout.pay.click();
  await expect(checkout.pay).toBeDisabled();
  const challenge = page.frameLocator('iframe[title="3D Secure authentication"]');
  await challenge.locator('#test-source-authorize-3ds').click();
  await expect(checkout.success).toBeVisible();
});

test('a failed 3D Secure challenge shows the failure and keeps the form', async ({ page, checkout }) => {
  await openCheckout(page);
  await checkout.ready();
  await checkout.fillCard(CARD.threeDS);
  await checkout.pay.click();
  await page.frameLocator('iframe[title="3D Secure authentication"]').locator('#test-source-fail-3ds').click();
  await expect(checkout.error).toContainText('unable to authenticate');
  await expect(checkout.pay).toBeEnabled();
});

test.describe('with a slow confirmation', () => {
  test.use({ doubleConfig: { apiBase: '/demo/stripe', confirmDelayMs: 400 } });
  test('a double click confirms exactly once', async ({ page, checkout }) => {
    await openCheckout(page);
    await checkout.ready();
    await checkout.fillCard(CARD.ok);
    await checkout.pay.dblclick();
    await checkout.pay.click({ force: true }).catch(() => {});
    await expect(checkout.success).toBeVisible();
    expect(await checkout.confirmCalls()).toBe(1);
  });
});

test('after a full payment no card number is in the page, its requests or its console', async ({ page, checkout, traffic }) => {
  await openCheckout(page);
  await checkout.ready();
  await checkout.fillCard(CARD.ok);
  await checkout.pay.click();
  await expect(checkout.success).toBeVisible();
  await expect(page.locator('#booking-status')).toContainText('paid', { timeout: 15_000 });
  const pans = [CARD.ok, '4242 4242 4242 4242'];
  const html = await page.evaluate(() => document.documentElement.outerHTML);
  for (const pan of pans) {
    expect(html).not.toContain(pan);
    for (const r of traffic.requests) {
      expect(r.url + r.body).not.toContain(pan);
    }
    for (const line of traffic.console) expect(line).not.toContain(pan);
  }
  for (const line of traffic.console) {
    expect(line).not.toMatch(/_secret_|sk_(test|live)_|whsec_/);
  }
  const hostInputs = await page.evaluate(() =>
    [...document.querySelectorAll('booking-checkout input, booking-checkout select, booking-checkout textarea')].length);
  expect(hostInputs).toBe(0);
});
