// Shared by the build scripts and the benchmark report.
import fs from 'node:fs';
import path from 'node:path';

/** Every file below `dir`, recursively. */
export const walk = (dir) =>
  fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : [path.join(dir, e.name)]));
