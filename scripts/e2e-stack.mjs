// The Playwright suite's server stack (scripts/e2e-server.sh: localstripe and
// the reference server in demo mode) for scripts that drive a browser
// themselves: started on `port` and `port + 1`, stopped when the process exits.
import { spawn } from 'node:child_process';

/** Starts the stack; resolves with its origin once the page answers (at most `ms`). */
export async function startStack(port, ms = 240_000) {
  const stack = spawn('bash', ['scripts/e2e-server.sh'], {
    env: { ...process.env, E2E_PORT: String(port), E2E_LOCALSTRIPE_PORT: String(port + 1) },
    stdio: ['ignore', 'inherit', 'inherit'],
    detached: true,
  });
  let exited = null;
  stack.on('exit', (code) => {
    exited = code;
  });
  process.on('exit', () => {
    try {
      process.kill(-stack.pid, 'SIGTERM');
    } catch {}
  });
  const origin = `http://127.0.0.1:${port}`;
  const end = Date.now() + ms;
  for (;;) {
    if (await fetch(`${origin}/`).then((r) => r.ok, () => false)) return origin;
    if (exited !== null) throw new Error(`the server stack exited (${exited}) before it answered`);
    if (Date.now() > end) throw new Error('timed out waiting for the server stack');
    await new Promise((r) => setTimeout(r, 250));
  }
}
