// Folder boundaries of src/ that review asked for (issue 13): only src/cli
// touches `process` (argv, env, stdout/stderr, exit codes, platform), and
// library code never names a CLI flag in a message (it throws OptionError
// naming its own option; src/cli words it with the command's flag).

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from './helpers.js';

/** Code lines (comments dropped) of every library file: src/**.ts outside src/cli. */
function libraryLines(): { file: string; line: number; text: string }[] {
  const out: { file: string; line: number; text: string }[] = [];
  for (const rel of readdirSync(join(ROOT, 'src'), { recursive: true, encoding: 'utf8' })) {
    if (!rel.endsWith('.ts') || rel.startsWith('cli/')) continue;
    const file = `src/${rel}`;
    readFileSync(join(ROOT, file), 'utf8')
      .split('\n')
      .forEach((text, i) => {
        if (!/^\s*(\/\/|\*|\/\*)/.test(text)) out.push({ file, line: i + 1, text: text.replace(/\s\/\/ .*$/, '') });
      });
  }
  return out;
}

describe('src/ boundaries', () => {
  const lines = libraryLines();

  it('only src/cli touches process', () => {
    const found = lines.filter((l) => /\bprocess\.\w/.test(l.text)).map((l) => `${l.file}:${l.line}: ${l.text.trim()}`);
    expect(found).toEqual([]);
  });

  it('library code names no CLI flag in strings (arguments of git commands aside)', () => {
    const found = lines.filter((l) => /['"`]--[a-z]/.test(l.text) && !/\bgit\b/.test(l.text)).map((l) => `${l.file}:${l.line}: ${l.text.trim()}`);
    expect(found).toEqual([]);
  });
});
