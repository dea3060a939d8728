// How every tool of the repo starts Chromium: Debian's binary (nothing is
// downloaded), headless-friendly flags, and no request leaves loopback
// (js.stripe.com is answered by the Stripe.js test double, never fetched).
export const CHROMIUM_PATH = process.env.CHROME_PATH || '/usr/bin/chromium';

export const CHROMIUM_ARGS = Object.freeze([
  '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--no-first-run',
  '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1, EXCLUDE localhost',
]);

/** Launch options for Playwright's `chromium.launch` and puppeteer's `launch`. */
export const CHROMIUM = Object.freeze({ executablePath: CHROMIUM_PATH, args: [...CHROMIUM_ARGS] });
