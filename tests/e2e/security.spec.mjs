// The payment page as an auditor checks it: every script inventoried and
// integrity-checked, no CSP violation during a payment.
import crypto from 'node:crypto';
import fs from 'node:fs';
import { test, expect, openCheckout, CARD } from './fixtures.mjs';

const inventory = JSON.parse(fs.readFileSync(new URL('../../docs/script-inventory.json', import.meta.url), 'utf8'));
const listed = (ref) => inventory.scripts.some((s) => s.pattern && new RegExp(s.pattern).test(ref));
// The inventory entries an inline script's code names (exactly one is expected).
const inlineEntries = (code) => inventory.scripts.filter((s) => s.marker && code.includes(s.marker));

test('every script the served page references is inventoried and integrity-checked', async ({ request }) => {
  const res = await request.get('/');
  const html = await res.text();
  const csp = res.headers()['content-security-policy'];
  const refs = [];
  for (const m of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)) {
    const src = /\bsrc="([^"]+)"/.exec(m[1]);
    if (src) refs.push({ url: src[1], integrity: /\bintegrity="([^"]+)"/.exec(m[1])?.[1] });
    else {
      expect(inlineEntries(m[2]), `an inline script is not in docs/script-inventory.json: ${m[2].slice(0, 80)}`).toHaveLength(1);
      const hash = crypto.createHash('sha256').update(m[2]).digest('base64');
      expect(csp).toContain(`'sha256-${hash}'`);
    }
  }
  for (const m of html.matchAll(/<link\b[^>]*rel="modulepreload"[^>]*>/g)) {
    refs.push({ url: /\bhref="([^"]+)"/.exec(m[0])[1], integrity: /\bintegrity="([^"]+)"/.exec(m[0])?.[1] });
  }
  expect(refs.length).toBeGreaterThanOrEqual(2);
  for (const { url, integrity } of refs) {
    expect(listed(url), `${url} is not in docs/script-inventory.json`).toBe(true);
    expect(integrity, `${url} has no integrity`).toMatch(/^sha384-/);
    const body = await (await request.get(url)).body();
    expect(`sha384-${crypto.createHash('sha384').update(body).digest('base64')}`).toBe(integrity);
  }
});

test('a whole payment loads only inventoried scripts and violates no CSP directive', async ({ page, checkout, traffic }) => {
  await page.addInitScript(() => {
    window.__violations = [];
    document.addEventListener('securitypolicyviolation', (e) => window.__violations.push(`${e.effectiveDirective} ${e.blockedURI}`));
  });
  await openCheckout(page);
  await checkout.ready();
  await checkout.fillCard(CARD.ok);
  await checkout.pay.click();
  await expect(checkout.success).toBeVisible();
  expect(await page.evaluate(() => window.__violations)).toEqual([]);
  const origin = new URL(page.url()).origin;
  const scripts = traffic.requests
    .filter((r) => r.url.endsWith('.js') || r.url.startsWith('https://js.stripe.com/'))
    .map((r) => (r.url.startsWith(origin) ? r.url.slice(origin.length) : r.url));
  expect(scripts).toContain('https://js.stripe.com/v3/');
  for (const s of scripts) expect(listed(s), `${s} is not inventoried`).toBe(true);
});
