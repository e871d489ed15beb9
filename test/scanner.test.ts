// One line grammar (issue 13): the scanner's fast paths (a line naming the
// previous line's file; a guided builder's run of template lines, where only
// the count is read) must give exactly what the general scan gives, result
// or error, for every line they see. The general scan is the oracle: the
// same line after a line of another file never takes a fast path.

import { describe, expect, it } from 'vitest';
import { parseGuided } from '../src/profile/guided.js';
import type { Profile } from '../src/profile/model.js';
import { parseProfileString } from '../src/profile/parser.js';
import { sameBytes, viewOf } from '../src/profile/scanner.js';

/** Tails after "a.go:" that the fast scans must decline or read exactly as the general scan does. */
const TAILS = [
  '3.1,4.2 1 7',
  '3.1,4.2 1 007',
  '3.1,4.2 1 +7',
  '3.1,4.2 1 -0',
  '3.1,4.2 1 7 ',
  '3.1,4.2 1 7\t',
  '3.1,4.2 1 7\r',
  '3.1,4.2 1 9007199254740991',
  '3.1,4.2 1 9007199254740992',
  '3.1,4.2 1 00000000000000000000000001',
  '3.1,4.2 1 -1',
  '3.1,4.2 1 ',
  '3.1,4.2 1 x',
  '3.1,4.2 +1 7',
  '3.1,4.2 2 7',
  '03.1,4.2 1 7',
  '3.1,4.4294967296 1 7',
  '3.1,4.2  1 7',
  '3.1;4.2 1 7',
];

/** The outcome of parsing: the profile's text, or the error message. */
async function outcome(parse: () => Profile | Promise<Profile>): Promise<string> {
  try {
    const p = await parse();
    return p.files.map((f) => `${f.name}:${Array.from(f.pos).join(',')}/${Array.from(f.stmts).join(',')}/${Array.from(f.counts).join(',')}`).join(' ');
  } catch (err) {
    return `error: ${(err as Error).message}`;
  }
}

const bytes = (text: string): Uint8Array[] => [new TextEncoder().encode(text)];

describe('one line grammar: fast paths agree with the general scan', () => {
  for (const tail of TAILS) {
    it(JSON.stringify(tail), async () => {
      // a.go's first block, then the line under test; z.go (another file) in between sends it to the general scan.
      const fast = `mode: count\na.go:1.1,2.2 1 1\na.go:${tail}\nz.go:1.1,2.2 1 1\n`;
      const general = `mode: count\na.go:1.1,2.2 1 1\nz.go:1.1,2.2 1 1\na.go:${tail}\n`;
      const oracle = await outcome(() => parseProfileString(general));
      // The same line number in the oracle's message: compare messages without the "input:line: " prefix.
      const strip = (s: string): string => s.replace(/^error: <string>:\d+: /, 'error: ').replace(/^error: <input>:\d+: /, 'error: ');
      expect(strip(await outcome(() => parseProfileString(fast)))).toBe(strip(oracle));
      // Guided by a template holding the block: the pre-check reads only the count.
      const template = parseProfileString('mode: count\na.go:1.1,2.2 1 1\na.go:3.1,4.2 1 1\nz.go:1.1,2.2 1 1\n');
      const guided = await outcome(() => parseGuided(bytes(fast), '<string>', template));
      expect(strip(guided)).toBe(strip(await outcome(() => parseProfileString(fast))));
      // And guided by itself (no template).
      expect(strip(await outcome(() => parseGuided(bytes(fast), '<string>', null)))).toBe(strip(oracle));
    });
  }

  it('the pre-check and the fast scan keep line numbers in errors', async () => {
    const text = 'mode: set\na.go:1.1,2.2 1 1\na.go:3.1,4.2 1 1\na.go:5.1,6.2 1 -3\n';
    const template = parseProfileString('mode: set\na.go:1.1,2.2 1 1\na.go:3.1,4.2 1 1\na.go:5.1,6.2 1 1\n');
    for (const p of [() => parseProfileString(text), () => parseGuided(bytes(text), '<string>', template)]) {
      expect(await outcome(p)).toBe('error: <string>:4: negative number in "a.go:5.1,6.2 1 -3"');
    }
  });
});

describe('sameBytes (the guided compare)', () => {
  it('finds a difference at every position of runs of 0..40 bytes, at any offsets', () => {
    const a = new Uint8Array(64).map((_, i) => 32 + ((i * 7) % 90));
    for (const [ai, bi] of [[0, 0], [1, 3], [5, 2]]) {
      for (let n = 0; n <= 40; n++) {
        const b = new Uint8Array(64);
        b.set(a.subarray(ai, ai + n), bi);
        expect(sameBytes(viewOf(a), ai, viewOf(b), bi, n)).toBe(true);
        for (let k = 0; k < n; k++) {
          const c = b.slice();
          c[bi + k] ^= 0x80;
          expect(sameBytes(viewOf(a), ai, viewOf(c), bi, n), `n=${n} k=${k}`).toBe(false);
        }
      }
    }
  });
});
