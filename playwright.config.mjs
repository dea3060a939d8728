// Playwright end-to-end suite: Debian's Chromium (no browser download), one
// worker on a 2-core machine, the reference server + localstripe as the backend.
import { defineConfig } from '@playwright/test';
import { CHROMIUM } from './scripts/chromium.mjs';

const port = Number(process.env.E2E_PORT || 8181);
// The demo page as scripts/demo.sh serves it (the offline Stripe.js double in
// the page, the room picker and "My booking"), for tests/e2e/demo-*.spec.mjs.
const demoPort = Number(process.env.E2E_DEMO_PORT || port + 20);

export default defineConfig({
  testDir: 'tests/e2e',
  testMatch: '*.spec.mjs',
  workers: 1,
  timeout: 30_000,
  expect: { timeout: 10_000 },
  reporter: [['list']],
  outputDir: 'target/playwright',
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    // Any request outside loopback fails at once (js.stripe.com is answered by the suite).
    launchOptions: CHROMIUM,
  },
  webServer: [
    {
      command: 'bash scripts/e2e-server.sh',
      url: `http://127.0.0.1:${port}/`,
      timeout: 180_000,
      reuseExistingServer: false,
      env: { E2E_PORT: String(port) },
    },
    {
      command: 'bash scripts/e2e-server.sh',
      url: `http://127.0.0.1:${demoPort}/`,
      timeout: 180_000,
      reuseExistingServer: false,
      env: { E2E_PORT: String(demoPort), E2E_LOCALSTRIPE_PORT: String(demoPort + 1), OFFLINE_STRIPE_JS: '1' },
    },
  ],
});
