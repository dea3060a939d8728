// Drives the running demo in headless Chromium: sign in, pay with 4242…,
// wait until the server reports the booking paid (through the webhook),
// and save a screenshot of that state.
//
//   node scripts/screenshot.mjs [http://127.0.0.1:8080/] [docs/demo-paid.png]
import { chromium } from '@playwright/test';
import { CHROMIUM } from './chromium.mjs';

const url = process.argv[2] || 'http://127.0.0.1:8080/';
const out = process.argv[3] || 'docs/demo-paid.png';
const browser = await chromium.launch(CHROMIUM);
try {
  const page = await browser.newPage({ viewport: { width: 900, height: 720 } });
  page.on('pageerror', (e) => console.error('page error:', e.message));
  await page.goto(url);
  await page.locator('#email').fill('alice@example.com', { timeout: 15000 });
  await page.locator('#password').fill('alice-demo-password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  const frame = page.frameLocator('iframe[title="Secure payment input frame"]');
  await frame.locator('[name=cardnumber]').fill('4242 4242 4242 4242', { timeout: 15000 });
  await frame.locator('[name=exp-date]').fill('12/34');
  await frame.locator('[name=cvc]').fill('123');
  await page.getByTestId('pay-button').click();
  await page.getByTestId('payment-success').waitFor({ timeout: 15000 });
  await page.locator('#booking-status[data-status="paid"]').waitFor({ timeout: 20000 });
  await page.screenshot({ path: out, fullPage: true });
  console.log(`saved ${out}: ${await page.locator('#booking-status').innerText()}`);
} finally {
  await browser.close();
}
