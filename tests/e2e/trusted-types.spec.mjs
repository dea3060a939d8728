// The payment page enforces Trusted Types (`require-trusted-types-for
// 'script'` with named policies) and the whole checkout still works under
// it: the early start, the component's Stripe.js loader, Stripe.js itself
// (its stand-in), paying, 3D Secure. Every CSP violation the browser sees is
// collected, both as `securitypolicyviolation` events and as reports posted
// to the server: there must be none. A second test proves the enforcement is
// real (a plain string is refused at the sinks).
import { test, expect, openCheckout, withoutEarlyStart, CARD } from './fixtures.mjs';

/** Collects violations seen in the page and reports sent to the server. */
async function watchViolations(page) {
  const reports = [];
  await page.addInitScript(() => {
    window.__violations = [];
    document.addEventListener('securitypolicyviolation', (e) =>
      window.__violations.push(`${e.effectiveDirective} ${e.blockedURI} ${e.sample}`),
    );
  });
  page.on('request', (r) => {
    if (new URL(r.url()).pathname === '/api/csp-report') reports.push(r.postData());
  });
  return async () => ({ events: await page.evaluate(() => window.__violations), reports });
}

test('the page enforces Trusted Types and paying with 3D Secure raises no CSP violation', async ({ page, checkout, traffic }) => {
  const violations = await watchViolations(page);
  const response = page.waitForResponse((r) => new URL(r.url()).pathname === '/');
  await openCheckout(page);
  const csp = (await response).headers()['content-security-policy'];
  expect(csp).toContain("require-trusted-types-for 'script'");
  expect(csp).toContain('trusted-types booking-checkout#stripe-js booking-checkout#early default');

  await checkout.ready();
  // The early start set the Stripe.js tag through its policy, once.
  await expect(page.locator('script[data-booking-checkout][src="https://js.stripe.com/v3/"]')).toHaveCount(1);
  expect(traffic.stripeRequests).toBe(1);
  expect(await page.evaluate(() => window.trustedTypes.defaultPolicy?.name)).toBe('default');

  await checkout.fillCard(CARD.threeDS);
  await checkout.pay.click();
  await page.frameLocator('iframe[title="3D Secure authentication"]').locator('#test-source-authorize-3ds').click();
  await expect(checkout.success).toBeVisible();

  const seen = await violations();
  expect(seen.events).toEqual([]);
  expect(seen.reports).toEqual([]);
});

test('without the early start, the component loads Stripe.js through its own policy', async ({ page, checkout, traffic }) => {
  const violations = await watchViolations(page);
  // A host page that leaves the early start out (the CSP header is kept).
  await withoutEarlyStart(page);
  await openCheckout(page);
  await checkout.ready();
  expect(traffic.stripeRequests).toBe(1);
  await checkout.fillCard(CARD.ok);
  await checkout.pay.click();
  await expect(checkout.success).toBeVisible();
  const seen = await violations();
  expect(seen.events).toEqual([]);
  expect(seen.reports).toEqual([]);
});

test('enforcement is real: plain strings are refused at script and HTML sinks', async ({ page, checkout }) => {
  await openCheckout(page);
  await checkout.ready();
  const outcome = await page.evaluate(() => {
    const attempt = (f) => {
      try {
        f();
        return 'allowed';
      } catch (e) {
        return e.name;
      }
    };
    return {
      otherScript: attempt(() => (document.createElement('script').src = 'https://evil.example/x.js')),
      stripeScript: attempt(() => (document.createElement('script').src = 'https://js.stripe.com/v3/')),
      html: attempt(() => (document.createElement('div').innerHTML = '<img src=x onerror=alert(1)>')),
      scriptText: attempt(() => (document.createElement('script').text = 'alert(1)')),
      newPolicy: attempt(() => window.trustedTypes.createPolicy('anything', {})),
    };
  });
  expect(outcome).toEqual({
    otherScript: 'TypeError',
    stripeScript: 'allowed',
    html: 'TypeError',
    scriptText: 'TypeError',
    newPolicy: 'TypeError',
  });
});
