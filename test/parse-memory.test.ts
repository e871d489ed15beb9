// Memory per file while parsing (issue 12 item 8): a profile naming many
// files must not keep a FileAccumulator per file while it is read. Measured
// deterministically, in a child process with --expose-gc: live heap plus
// external bytes after all lines are pushed (before the end), per file. Also
// the re-open path: an input that comes back to a file it has moved on from.

import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseGuided } from '../src/profile/guided.js';
import { parseProfileString } from '../src/profile/parser.js';
import { ROOT, tempDir } from './helpers.js';

const FILES = 200_000;

/** Child script: bytes per file held by a builder mid-parse, for both builders. */
const SCRIPT = `
const dist = ${JSON.stringify(join(ROOT, 'dist', 'profile'))};
const { GuidedProfileBuilder } = await import(dist + '/guided.js');
const { ProfileBuilder } = await import(dist + '/parser.js');
const { LineScanner } = await import(dist + '/scanner.js');
const enc = new TextEncoder();
const N = ${FILES};
function midParse(builder) {
  gc();
  const before = process.memoryUsage();
  const p = new LineScanner('files.cov', builder);
  p.push(enc.encode('mode: set\\n'));
  for (let i = 0; i < N; i += 1000) {
    let s = '';
    for (let k = i; k < i + 1000; k++) s += 'd' + k + '/f.go:1.1,2.2 1 1\\n';
    p.push(enc.encode(s));
  }
  gc();
  const mid = process.memoryUsage();
  p.end();
  const files = builder.finish().files.length;
  return { perFile: (mid.heapUsed + mid.external - before.heapUsed - before.external) / N, files };
}
const guided = midParse(new GuidedProfileBuilder('files.cov', null));
const plain = midParse(new ProfileBuilder('files.cov'));
process.stdout.write(JSON.stringify({ guided, plain }));
`;

describe('parse memory per file', () => {
  it('holds well under 300 bytes per file while reading a profile of 200,000 one-block files', () => {
    const dir = tempDir();
    const script = join(dir, 'mid-parse.mjs');
    writeFileSync(script, SCRIPT);
    const out = JSON.parse(execFileSync(process.execPath, ['--expose-gc', script], { encoding: 'utf8', maxBuffer: 1 << 20 }));
    // Before: an open accumulator (object and four typed-array views) per file, about 690 bytes.
    for (const r of [out.guided, out.plain]) {
      expect(r.files).toBe(FILES);
      expect(r.perFile).toBeLessThan(300);
    }
  }, 120_000);
});

describe('an input that comes back to a file', () => {
  const text = ['mode: count', 'a.go:3.1,4.2 1 5', 'a.go:5.1,6.2 2 1', 'b.go:1.1,2.2 1 1', 'a.go:1.1,2.2 1 2', 'a.go:3.1,4.2 1 1', 'c.go:1.1,2.2 1 0', 'b.go:1.1,2.2 1 4', ''].join('\n');
  const want = [
    'a.go 1.1,2.2 1 2 | 3.1,4.2 1 6 | 5.1,6.2 2 1',
    'b.go 1.1,2.2 1 5',
    'c.go 1.1,2.2 1 0',
  ];
  const show = (p: ReturnType<typeof parseProfileString>): string[] =>
    p.files.map((f) => {
      const blocks: string[] = [];
      for (let k = 0; k < f.stmts.length; k++) blocks.push(`${f.pos[4 * k]}.${f.pos[4 * k + 1]},${f.pos[4 * k + 2]}.${f.pos[4 * k + 3]} ${f.stmts[k]} ${f.counts[k]}`);
      return `${f.name} ${blocks.join(' | ')}`;
    });

  it('re-opens it: blocks sorted, duplicates combined (plain and guided builders agree)', async () => {
    expect(show(parseProfileString(text))).toEqual(want);
    expect(show(await parseGuided([new TextEncoder().encode(text)], '<string>', null))).toEqual(want);
  });

  it('names the first occurrence of a block whose NumStmt changes after a re-open', async () => {
    const bad = 'mode: set\na.go:1.1,2.2 1 1\nb.go:1.1,2.2 1 1\na.go:1.1,2.2 3 1\n';
    const msg = /inconsistent NumStmt for block "a\.go:1\.1,2\.2": 1 \(line 2\) then 3/;
    expect(() => parseProfileString(bad)).toThrow(msg);
    await expect(parseGuided([new TextEncoder().encode(bad)], '<string>', null)).rejects.toThrow(msg);
  });
});
