// loadLargeProfile (src/ops/splitParse.ts): one profile file parsed in byte
// ranges on worker threads gives exactly the single-threaded parse's Profile
// (repeated blocks across ranges combined as one parse combines them), and
// declines (null: the caller parses single-threaded) on every error or
// oddity, so that CLI errors stay byte-identical. Uses the built worker in
// dist/ (npm test builds first). No timings here.

import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { loadLargeProfile } from '../dist/ops/splitParse.js';
import type { Profile } from '../src/profile/model.js';
import { readProfileFile } from '../src/input/index.js';
import { runCli, tempDir, TESTDATA } from './helpers.js';

const dir = tempDir('gopherage-split-');
let serial = 0;
function put(text: string | Buffer): string {
  const p = join(dir, `p${serial++}.cov`);
  writeFileSync(p, text);
  return p;
}

/** A profile as plain data (typed arrays of different buffers compare by value). */
function plain(p: Profile): unknown {
  return { mode: p.mode, files: p.files.map((f) => ({ name: f.name, pos: [...f.pos], stmts: [...f.stmts], counts: [...f.counts] })) };
}

const SPLIT = { minBytes: 1 };

async function expectSameAsPlain(path: string, parts: number): Promise<void> {
  const split = await loadLargeProfile(path, { ...SPLIT, parts });
  expect(split, `${path} split in ${parts}`).not.toBeNull();
  expect(plain(split!)).toEqual(plain(await readProfileFile(path)));
}

/** A profile text: `sections` repetitions of `files` files of `blocks` blocks (a `go test -coverpkg` shape). */
function synthetic(mode: string, files: number, blocks: number, sections: number, count: (f: number, b: number, s: number) => number): string {
  let out = `mode: ${mode}\n`;
  for (let s = 0; s < sections; s++) {
    for (let f = 0; f < files; f++) {
      for (let b = 0; b < blocks; b++) out += `pkg/d${f % 3}/f${f}.go:${10 + 3 * b}.2,${12 + 3 * b}.9 ${1 + (b % 4)} ${count(f, b, s)}\n`;
    }
  }
  return out;
}

describe('loadLargeProfile gives the plain parse', () => {
  const fixtures = ['coverpkg', 'coverpkg/set', 'std/count', 'std/atomic'].flatMap((d) =>
    readdirSync(join(TESTDATA, d))
      .filter((f) => f.endsWith('.cov'))
      .map((f) => join(TESTDATA, d, f)),
  );
  it('real Go profiles (repeated -coverpkg blocks, set/count/atomic), 2 to 4 ranges', async () => {
    expect(fixtures.length).toBeGreaterThan(5);
    for (const f of fixtures) for (const parts of [2, 3, 4]) await expectSameAsPlain(f, parts);
  });

  it('blocks repeated in every range: counts summed, set mode OR-ed (a lone set count > 1 kept as one parse keeps it)', async () => {
    for (const mode of ['set', 'count', 'atomic']) {
      const text = synthetic(mode, 7, 9, 4, (f, b, s) => (mode === 'set' ? (b === 0 && s === 0 ? 5 : (f + b + s) % 2) : f * 1000 + b * 10 + s));
      for (const parts of [2, 3, 4]) await expectSameAsPlain(put(text), parts);
    }
  });

  it('CRLF line ends, blank lines, spaces in names and a last line without newline', async () => {
    const text = synthetic('count', 5, 6, 2, (f, b) => f + b).replace(/\n/g, '\r\n').replace(/(f3\.go)/g, 'a b:c/$1');
    const withBlanks = text.split('\r\n').map((l, i) => (i % 11 === 5 ? `${l}\r\n\r\n  ` : l)).join('\r\n');
    for (const parts of [2, 3, 4]) await expectSameAsPlain(put(withBlanks.trimEnd()), parts);
  });
});

describe('loadLargeProfile declines (null) where the plain parse must speak', () => {
  const good = synthetic('count', 6, 8, 2, (f, b) => f + b);
  const lines = good.split('\n');
  const late = (edit: (l: string) => string): string => lines.map((l, i) => (i === lines.length - 3 ? edit(l) : l)).join('\n');
  const cases: [string, string | Buffer][] = [
    ['a bad line in the last range', late(() => 'pkg/x.go:1.2,3 1 1')],
    ['a conflicting mode line in the last range', late(() => 'mode: set')],
    ['NumStmt differing across ranges', late((l) => l.replace(/ (\d) (\d+)$/, (_, n, c) => ` ${Number(n) + 1} ${c}`))],
    ['a count sum above 2^53-1 across ranges', good.replace(/ 5\n/g, ' 9007199254740990\n')],
    ['a blank first line', `\n${good}`],
    ['gzip', gzipSync(good)],
  ];
  for (const [what, text] of cases) {
    it(what, async () => {
      const p = put(text);
      expect(await loadLargeProfile(p, { ...SPLIT, parts: 2 })).toBeNull();
      // These inputs still parse (or fail) single-threaded: the fallback path is what callers use.
      await readProfileFile(p).catch((err: Error) => expect(err.message).toMatch(/p\d+\.cov/));
    });
  }
  it('a file under the size threshold, stdin, one part', async () => {
    const p = put(good);
    expect(await loadLargeProfile(p, { minBytes: good.length + 1, parts: 2 })).toBeNull();
    expect(await loadLargeProfile('-', { ...SPLIT, parts: 2 })).toBeNull();
    expect(await loadLargeProfile(p, { ...SPLIT, parts: 1 })).toBeNull();
    expect(await loadLargeProfile(p, { ...SPLIT, parts: 2 })).not.toBeNull();
  });
});

describe('the CLI with forced splitting', () => {
  const force = { GOPHERAGE_SPLIT_MIN_BYTES: '1', GOPHERAGE_SPLIT_PARTS: '3' };
  const off = { GOPHERAGE_SPLIT_PARTS: '1' };
  it('same outputs (junit, text, lcov) and same errors, with line numbers, as single-threaded', async () => {
    const good = put(readFileSync(join(TESTDATA, 'coverpkg', readdirSync(join(TESTDATA, 'coverpkg')).filter((f) => f.endsWith('.cov'))[0])));
    const text = synthetic('count', 6, 8, 2, (f, b) => f + b).split('\n');
    text[text.length - 4] = 'pkg/x.go:1.2,3.4 1 -7';
    const bad = put(text.join('\n'));
    for (const args of [['junit', good], ['convert', good], ['convert', '--format', 'lcov', good], ['junit', bad], ['diff', good, bad]]) {
      const a = await runCli(args, { env: force });
      const b = await runCli(args, { env: off });
      expect({ ...a, args }).toEqual({ ...b, args });
    }
    const err = await runCli(['junit', bad], { env: force });
    expect(err.code).toBe(3);
    expect(err.stderr).toContain(`${bad}:${text.length - 3}: negative number`);
  });

  it('diff loads both inputs at once but reports BEFORE\'s error first, even when AFTER fails sooner', async () => {
    const long = synthetic('count', 40, 50, 4, (f, b) => f + b).split('\n');
    long[long.length - 2] = 'pkg/late.go:1.2,3 1 1';
    const before = put(long.join('\n'));
    const after = put('mode: count\nnot a block\n');
    for (const env of [force, off]) {
      const r = await runCli(['diff', before, after], { env });
      expect(r.code).toBe(3);
      expect(r.stderr).toBe(`gopherage: ${before}:${long.length - 1}: bad block "pkg/late.go:1.2,3 1 1" (expected file:L.C,L.C N C)\n`);
    }
  });
});
