#!/usr/bin/env node
// Makes target/pkg-consumer: a fresh booking site that installs the packed
// tarball from npm's point of view (npm install <tarball>, nothing linked),
// with every snippet of docs/GUIDE.md and the README's integrator test
// written out as the files they name, the type-check files, and this
// directory's own specs. tests/package/serve.mjs serves it.
//
//   node tests/package/prepare.mjs [dist-pkg/booking-checkout-<version>.tgz]
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { codeBlocks } from './snippets.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, '..', '..');
const out = path.join(repo, 'target', 'pkg-consumer');
const tarball = path.resolve(
  process.argv[2] ||
    path.join(repo, 'dist-pkg', fs.readdirSync(path.join(repo, 'dist-pkg')).filter((f) => /^booking-checkout-.*\.tgz$/.test(f)).sort().pop()),
);

fs.rmSync(out, { recursive: true, force: true });
fs.mkdirSync(out, { recursive: true });
fs.writeFileSync(path.join(out, 'package.json'), `${JSON.stringify({ name: 'booking-site', private: true, type: 'module' }, null, 2)}\n`);
execFileSync('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error', '--no-package-lock', tarball], { cwd: out, stdio: 'inherit' });

const write = (rel, text) => {
  const file = path.join(out, rel);
  if (!file.startsWith(out + path.sep)) throw new Error(`snippet file outside the site: ${rel}`);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
};

// Every guide block is run somewhere; one that is not would rot unseen.
const checks = [];
const exchanges = [];
for (const b of codeBlocks(path.join(repo, 'docs', 'GUIDE.md'))) {
  if (b.attrs.file) write(b.attrs.file, b.code);
  else if (b.attrs.check) checks.push({ against: b.attrs.check, code: b.code, line: b.line });
  else if (b.attrs.exchange) exchanges.push({ text: b.code, line: b.line });
  else if (b.lang === 'mermaid') continue; // the flow diagram
  else if (b.lang === 'sh' && b.code.trim() === 'npm install booking-checkout') continue; // what this script does, from the tarball
  else throw new Error(`docs/GUIDE.md:${b.line}: a \`\`\`${b.lang} block that no test runs (give it file=, check= or exchange)`);
}
let integrator = 0;
for (const b of codeBlocks(path.join(repo, 'README.md'))) {
  if (b.attrs.file) {
    write(b.attrs.file, b.code);
    integrator += 1;
  }
}
if (integrator === 0) throw new Error('README.md: no block with file= (the integrator test)');
write('guide-checks.json', `${JSON.stringify({ checks, exchanges }, null, 2)}\n`);

fs.mkdirSync(path.join(out, 'types'), { recursive: true });
for (const f of fs.readdirSync(path.join(here, 'types'))) fs.copyFileSync(path.join(here, 'types', f), path.join(out, 'types', f));
for (const f of fs.readdirSync(here).filter((f) => f.endsWith('.spec.mjs'))) fs.copyFileSync(path.join(here, f), path.join(out, f));
console.log(`prepare: ${path.relative(repo, tarball)} installed in ${path.relative(repo, out)}, ${checks.length + exchanges.length} checks, README test written`);
