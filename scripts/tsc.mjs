// One TypeScript check for the generated files that hold our calls against
// published types (tests/e2e/stripe-types.spec.mjs, scripts/stripe-params.mjs):
// `tsc --strict` on one file, resolved against this checkout's node_modules.
import path from 'node:path';
import { execFileSync } from 'node:child_process';

/** tsc's complaints about `file`, or '' when it type-checks. */
export function tscErrors(file) {
  const bin = path.resolve('node_modules', 'typescript', 'bin', 'tsc');
  const flags = ['--strict', '--noEmit', '--target', 'es2022', '--module', 'esnext', '--moduleResolution', 'bundler'];
  try {
    execFileSync(process.execPath, [bin, ...flags, file], { encoding: 'utf8', stdio: 'pipe', timeout: 120_000 });
    return '';
  } catch (e) {
    return `${e.stdout || ''}${e.stderr || ''}` || String(e);
  }
}
