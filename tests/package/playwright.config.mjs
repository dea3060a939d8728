// The package as integrators use it: the site tests/package/prepare.mjs
// made (the packed tarball installed, the guide's pages and specs, the
// README's integrator test, the Vite build), served on loopback by
// tests/package/serve.mjs. Debian's Chromium, no browser download; anything
// outside loopback fails at once (js.stripe.com is answered by the test kit).
import { defineConfig } from '@playwright/test';
import { CHROMIUM } from '../../scripts/chromium.mjs';

const port = Number(process.env.PKG_PORT || 8900);

export default defineConfig({
  testDir: '../../target/pkg-consumer',
  testMatch: '*.spec.mjs',
  workers: 1,
  timeout: 45_000,
  expect: { timeout: 10_000 },
  reporter: [['list']],
  outputDir: '../../target/playwright-pkg',
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    launchOptions: CHROMIUM,
  },
  webServer: {
    command: `node tests/package/serve.mjs target/pkg-consumer ${port}`,
    cwd: '../..',
    url: `http://127.0.0.1:${port}/element.html`,
    timeout: 30_000,
    reuseExistingServer: false,
  },
});
