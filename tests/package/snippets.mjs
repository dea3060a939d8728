// Fenced code blocks of a Markdown file, with their info strings: the
// guide's and the README's snippets are extracted from here and run, so a
// snippet that stops working fails the test command.
import fs from 'node:fs';

/** `[{lang, attrs: {file?, check?, exchange?}, code, line}]` for every fenced block. */
export function codeBlocks(markdownPath) {
  const lines = fs.readFileSync(markdownPath, 'utf8').split('\n');
  const blocks = [];
  for (let i = 0; i < lines.length; i++) {
    const open = lines[i].match(/^```(\w+)\s*(.*)$/);
    if (!open) continue;
    const start = i;
    const body = [];
    for (i++; i < lines.length && !lines[i].startsWith('```'); i++) body.push(lines[i]);
    const attrs = {};
    for (const word of open[2].split(/\s+/).filter(Boolean)) {
      const [key, value] = word.split('=');
      attrs[key] = value ?? true;
    }
    blocks.push({ lang: open[1], attrs, code: `${body.join('\n')}\n`, line: start + 1 });
  }
  return blocks;
}
