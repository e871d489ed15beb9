// diff: library semantics on small profiles, golden outputs over real Go
// before/after fixtures (a test subset, then a superset, of one package),
// an independent line-by-line oracle, and every error path through the CLI.

import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { diffProfiles } from '../src/ops/diff.js';
import { ProfileError } from '../src/profile/errors.js';
import { parseProfileString } from '../src/profile/parser.js';
import { formatProfile } from '../src/profile/writer.js';
import { TESTDATA, expectGolden, runCli, tempDir } from './helpers.js';

/** Compare with testdata/golden/<rel> (UPDATE_GOLDEN=1 rewrites it). */
function golden(rel: string, actual: string): void {
  expectGolden(join(TESTDATA, 'golden', rel), actual);
}

const P = (s: string) => parseProfileString(s, 'test');

/** Independent oracle: subtract counts line by line (files are canonical, so lines align). */
function oracleDiff(before: string, after: string, set: boolean): string {
  const b = before.trimEnd().split('\n');
  const a = after.trimEnd().split('\n');
  expect(a.length).toBe(b.length);
  return (
    a
      .map((line, k) => {
        if (k === 0) return line;
        const x = Number(b[k].slice(b[k].lastIndexOf(' ') + 1));
        const y = Number(line.slice(line.lastIndexOf(' ') + 1));
        const head = line.slice(0, line.lastIndexOf(' '));
        expect(head).toBe(b[k].slice(0, b[k].lastIndexOf(' ')));
        return `${head} ${set ? (y > 0 && x === 0 ? 1 : 0) : y - x}`;
      })
      .join('\n') + '\n'
  );
}

describe('diffProfiles', () => {
  it('subtracts per block in count mode and keeps every block', () => {
    const before = P('mode: count\na.go:1.1,2.2 3 5\na.go:3.1,4.2 1 0\nb/c.go:1.1,1.9 2 7\n');
    const after = P('mode: count\na.go:1.1,2.2 3 9\na.go:3.1,4.2 1 2\nb/c.go:1.1,1.9 2 7\n');
    expect(formatProfile(diffProfiles(before, after))).toBe('mode: count\na.go:1.1,2.2 3 4\na.go:3.1,4.2 1 2\nb/c.go:1.1,1.9 2 0\n');
  });

  it('in set mode gives 1 exactly where after=1 and before=0', () => {
    const before = P('mode: set\na.go:1.1,2.2 1 0\na.go:3.1,4.2 1 1\na.go:5.1,6.2 1 0\n');
    const after = P('mode: set\na.go:1.1,2.2 1 1\na.go:3.1,4.2 1 1\na.go:5.1,6.2 1 0\n');
    expect(formatProfile(diffProfiles(before, after))).toBe('mode: set\na.go:1.1,2.2 1 1\na.go:3.1,4.2 1 0\na.go:5.1,6.2 1 0\n');
  });

  it('does not modify its inputs', () => {
    const before = P('mode: atomic\na.go:1.1,2.2 3 5\n');
    const after = P('mode: atomic\na.go:1.1,2.2 3 9\n');
    diffProfiles(before, after);
    expect(formatProfile(before)).toBe('mode: atomic\na.go:1.1,2.2 3 5\n');
    expect(formatProfile(after)).toBe('mode: atomic\na.go:1.1,2.2 3 9\n');
  });

  it('fails on a decreased count naming the first block and the number, unless clamp', () => {
    const before = P('mode: count\na.go:1.1,2.2 3 5\na.go:3.1,4.2 1 4\nb.go:1.1,1.9 2 7\n');
    const after = P('mode: count\na.go:1.1,2.2 3 9\na.go:3.1,4.2 1 2\nb.go:1.1,1.9 2 6\n');
    let err: unknown;
    try {
      diffProfiles(before, after, { before: 'B.cov', after: 'A.cov' });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ProfileError);
    expect((err as ProfileError).code).toBe('COUNT_DECREASED');
    expect((err as Error).message).toContain('for 2 blocks');
    expect((err as Error).message).toContain('first: "a.go:3.1,4.2" went from 4 to 2');
    const warnings: string[] = [];
    const clamped = diffProfiles(before, after, { clamp: true, warn: (m) => warnings.push(m) });
    expect(formatProfile(clamped)).toBe('mode: count\na.go:1.1,2.2 3 4\na.go:3.1,4.2 1 0\nb.go:1.1,1.9 2 0\n');
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain('2 blocks');
  });

  it('treats set 1 -> 0 as a decrease', () => {
    const before = P('mode: set\na.go:1.1,2.2 1 1\n');
    const after = P('mode: set\na.go:1.1,2.2 1 0\n');
    expect(() => diffProfiles(before, after)).toThrow(/decreased/);
    expect(formatProfile(diffProfiles(before, after, { clamp: true }))).toBe('mode: set\na.go:1.1,2.2 1 0\n');
  });

  it('requires the same files, the same blocks and the same mode', () => {
    const a = P('mode: count\na.go:1.1,2.2 3 5\n');
    const ab = P('mode: count\na.go:1.1,2.2 3 5\nb.go:1.1,2.2 3 5\nc.go:1.1,2.2 3 5\n');
    expect(() => diffProfiles(a, ab, { before: 'X', after: 'Y' })).toThrow(
      'X and Y cover different source files (0 only in X, 2 only in Y); first: b.go is in Y but not in X',
    );
    const moved = P('mode: count\na.go:1.1,2.3 3 5\n');
    expect(() => diffProfiles(a, moved, { before: 'X', after: 'Y' })).toThrow(/X and Y disagree on the blocks of a.go .*"1.1,2.2 3" in X but "1.1,2.3 3" in Y/);
    const set = P('mode: set\na.go:1.1,2.2 3 1\n');
    expect(() => diffProfiles(a, set, { before: 'X', after: 'Y' })).toThrow('mode mismatch: X is "count" but Y is "set"');
  });
});

describe('gopherage diff (CLI, real fixtures)', () => {
  for (const [mode, sfx] of [
    ['count', ''],
    ['set', '-set'],
  ] as const) {
    for (const pkg of ['list', 'path']) {
      it(`${mode}: ${pkg} after - before matches the oracle and the golden file`, async () => {
        const b = join(TESTDATA, `beforeafter/before${sfx}/${pkg}.cov`);
        const a = join(TESTDATA, `beforeafter/after${sfx}/${pkg}.cov`);
        const r = await runCli(['diff', b, a]);
        expect(r.stderr).toBe('');
        expect(r.code).toBe(0);
        const canonical = (f: string) => formatProfile(parseProfileString(readFileSync(f, 'utf8'), f));
        expect(r.stdout).toBe(oracleDiff(canonical(b), canonical(a), mode === 'set'));
        expect(r.stdout).toMatch(/ [1-9]\d*\n/); // something ran in between
        golden(`diff/${pkg}${sfx}.cov`, r.stdout);
      });
    }
  }

  it('writes -o atomically, and accepts gopherage\'s --o spelling', async () => {
    const dir = tempDir();
    const b = join(TESTDATA, 'beforeafter/before/list.cov');
    const a = join(TESTDATA, 'beforeafter/after/list.cov');
    const r1 = await runCli(['diff', b, a, '-o', join(dir, 'd1.cov')]);
    const r2 = await runCli(['diff', '--o', join(dir, 'd2.cov'), b, a]);
    expect([r1.code, r2.code, r1.stdout, r2.stdout]).toEqual([0, 0, '', '']);
    expect(readFileSync(join(dir, 'd1.cov'), 'utf8')).toBe(readFileSync(join(TESTDATA, 'golden/diff/list.cov'), 'utf8'));
    expect(readFileSync(join(dir, 'd2.cov'), 'utf8')).toBe(readFileSync(join(dir, 'd1.cov'), 'utf8'));
  });

  it('reversed inputs: exit 3 naming the first decreased block and the count; --clamp gives zeros', async () => {
    const b = join(TESTDATA, 'beforeafter/before/list.cov');
    const a = join(TESTDATA, 'beforeafter/after/list.cov');
    const r = await runCli(['diff', a, b]);
    expect(r.code).toBe(3);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^gopherage: count decreased from .*after\/list\.cov to .*before\/list\.cov for \d+ blocks? .*first: "container\/list\/list\.go:\d+\.\d+,\d+\.\d+" went from \d+ to \d+/);
    expect(r.stderr.split('\n')).toHaveLength(2);
    const c = await runCli(['diff', '--clamp', a, b]);
    expect(c.code).toBe(0);
    expect(c.stderr).toMatch(/^gopherage: warning: count decreased .*counted as 0 \(--clamp\)/);
    for (const line of c.stdout.trimEnd().split('\n').slice(1)) expect(line).toMatch(/ 0$/);
  });

  it('different files, incoherent blocks and mode mismatch exit 3 with the reason', async () => {
    const list = join(TESTDATA, 'beforeafter/before/list.cov');
    const path = join(TESTDATA, 'beforeafter/before/path.cov');
    const r1 = await runCli(['diff', list, path]);
    expect(r1.code).toBe(3);
    expect(r1.stderr).toMatch(/cover different source files .*first: container\/list\/list\.go is in .*list\.cov but not in .*path\.cov/);
    const r2 = await runCli(['diff', list, join(TESTDATA, 'beforeafter/after-set/list.cov')]);
    expect(r2.code).toBe(3);
    expect(r2.stderr).toMatch(/mode mismatch: .*list\.cov is "count" but .*list\.cov is "set"/);
    const dir = tempDir();
    const shifted = readFileSync(list, 'utf8').replace(/\n(container\/list\/list\.go:)(\d+)\./, (_m, f: string, l: string) => `\n${f}${Number(l) + 1000}.`);
    writeFileSync(join(dir, 'shifted.cov'), shifted);
    const r3 = await runCli(['diff', list, join(dir, 'shifted.cov')]);
    expect(r3.code).toBe(3);
    expect(r3.stderr).toMatch(/disagree on the blocks of container\/list\/list\.go/);
  });

  it('usage errors exit 2 with the usage line', async () => {
    const one = await runCli(['diff', join(TESTDATA, 'beforeafter/before/list.cov')]);
    expect(one.code).toBe(2);
    expect(one.stderr).toMatch(/^gopherage: missing required argument 'after'\nusage: gopherage diff \[options\] <before> <after>/);
    const three = await runCli(['diff', 'a', 'b', 'c']);
    expect(three.code).toBe(2);
    expect(three.stderr).toMatch(/too many arguments/);
    const flag = await runCli(['diff', '--nope', 'a', 'b']);
    expect(flag.code).toBe(2);
    expect(flag.stderr).toMatch(/unknown option '--nope'/);
    const glob = await runCli(['diff', join(TESTDATA, 'beforeafter/before/*.cov'), join(TESTDATA, 'beforeafter/after/list.cov')]);
    expect(glob.code).toBe(2);
    expect(glob.stderr).toMatch(/expected one BEFORE profile, but .* matches 2 files/);
    const stdin2 = await runCli(['diff', '-', '-'], { stdin: 'mode: set\n' });
    expect(stdin2.code).toBe(2);
    expect(stdin2.stderr).toMatch(/^gopherage: stdin \(-\) can be only one of BEFORE and AFTER/);
    const missing = await runCli(['diff', '/nonexistent/x.cov', join(TESTDATA, 'beforeafter/after/list.cov')]);
    expect(missing.code).toBe(3);
    expect(missing.stderr).toMatch(/x\.cov/);
  });

  it('--help lists every flag with its default', async () => {
    const r = await runCli(['diff', '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('-o, --output <file>');
    expect(r.stdout).toMatch(/\(default:\s+"-"\)/);
    expect(r.stdout).toContain('--clamp');
  });
});
