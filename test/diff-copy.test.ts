// diff with a canonical AFTER file by copying its lines with new counts
// (diffCanonicalText): taken exactly when AFTER is canonical and has BEFORE's
// mode, files and blocks with no count going down; whichever path runs, the
// CLI's output, warnings, errors and -o handling are the general path's (the
// oracle: parseProfileString + diffProfiles + formatProfile, and their errors).

import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { errorLine, exitCodeFor } from '../src/cli/exit.js';
import { diffCanonicalText, diffProfiles } from '../src/ops/diff.js';
import { parseProfileString } from '../src/profile/parser.js';
import { formatProfile } from '../src/profile/writer.js';
import { TESTDATA, runCli, tempDir } from './helpers.js';

const enc = new TextEncoder();
const dec = new TextDecoder();
const canon = (rel: string): string => formatProfile(parseProfileString(readFileSync(join(TESTDATA, rel), 'utf8'), rel));

/** Canonical snapshots of one execution (a real Go package's tests, a subset then a superset). */
const BEFORE = canon('beforeafter/before/list.cov');
const AFTER = canon('beforeafter/after/list.cov');
const BEFORE_SET = canon('beforeafter/before-set/list.cov');
const AFTER_SET = canon('beforeafter/after-set/list.cov');

/** The general path: the diff's text, or its error line. */
function general(before: string, after: string, clamp = false): string {
  try {
    return formatProfile(diffProfiles(parseProfileString(before, 'b'), parseProfileString(after, 'a'), { clamp }));
  } catch (err) {
    return `error: ${(err as Error).message}`;
  }
}

/** What the general path makes of the files `b` and `a` (names as the CLI gives them). */
function generalCli(b: string, a: string): { code: number; stdout: string; stderr: string } {
  try {
    const before = parseProfileString(readFileSync(b, 'utf8'), b);
    const after = parseProfileString(readFileSync(a, 'utf8'), a);
    return { code: 0, stdout: formatProfile(diffProfiles(before, after, { before: b, after: a })), stderr: '' };
  } catch (err) {
    return { code: exitCodeFor(err), stdout: '', stderr: `${errorLine(err)}\n` };
  }
}

async function* chunked(bytes: Uint8Array, size: number): AsyncGenerator<Uint8Array> {
  for (let at = 0; at < bytes.length; at += size) yield bytes.slice(at, at + size);
}

async function copy(before: string, after: string, size = 1 << 20): Promise<string | null> {
  const out: Uint8Array[] = [];
  const ok = await diffCanonicalText(parseProfileString(before, 'b'), chunked(enc.encode(after), size), 'a', (b) => void out.push(b));
  return ok ? out.map((b) => dec.decode(b)).join('') : null;
}

const lines = (t: string): string[] => t.trimEnd().split('\n');
const join1 = (ls: string[]): string => `${ls.join('\n')}\n`;
const A = lines(AFTER);

/** AFTER variants the copy must decline, each saying why. */
const DECLINED: Record<string, string> = {
  'not canonical (CRLF)': AFTER.replace(/\n/g, '\r\n'),
  'not canonical (blocks out of order)': join1([A[0], A[2], A[1], ...A.slice(3)]),
  'a block missing': join1(A.slice(0, -1)),
  'an extra block': join1([...A, A[A.length - 1].replace(/^(.*):(\d+)\./, (_, f: string, l: string) => `${f}:${Number(l) + 1000}.`)]),
  'an extra file': join1([...A, 'zzz/extra.go:1.1,2.2 1 1']),
  'a file missing': join1([A[0], ...A.slice(1).filter((l) => !l.startsWith(A[1].slice(0, A[1].lastIndexOf(':'))))]),
  'a different NumStmt': AFTER.replace(A[2], A[2].replace(/ (\d+) (\d+)$/, (_, n: string, c: string) => ` ${Number(n) + 1} ${c}`)),
  'another mode': AFTER.replace('mode: count', 'mode: atomic'),
};
// A count that went down: AFTER is BEFORE with one count lowered below BEFORE's.
{
  const B = lines(BEFORE);
  const k = B.findIndex((l, i) => i > 0 && !l.endsWith(' 0'));
  DECLINED['a count that went down'] = join1(B.map((l, i) => (i === k ? l.replace(/ \d+$/, ' 0') : l)));
}

describe('diffCanonicalText (library)', () => {
  it('copies exactly what the general path writes, count and set mode, however AFTER is chunked', async () => {
    for (const [b, a] of [
      [BEFORE, AFTER],
      [BEFORE_SET, AFTER_SET],
      [BEFORE, BEFORE],
    ]) {
      const want = general(b, a);
      expect(want).not.toMatch(/^error/);
      for (const size of [1 << 20, 333, 7, 1]) expect(await copy(b, a, size), `chunks of ${size}`).toBe(want);
    }
    expect(general(BEFORE, AFTER)).not.toBe(AFTER);
  });

  it('declines an AFTER that is not canonical or does not match BEFORE', async () => {
    for (const [what, after] of Object.entries(DECLINED)) {
      expect(after, what).not.toBe(AFTER);
      for (const size of [1 << 20, 5]) expect(await copy(BEFORE, after, size), `${what}, chunks of ${size}`).toBeNull();
    }
    // BEFORE with a file AFTER lacks.
    expect(await copy(join1([...lines(BEFORE), 'zzz/extra.go:1.1,2.2 1 0']), AFTER)).toBeNull();
  });

  it('with clamp, copies a count that went down as 0 and gives the general warning (no second read of AFTER)', async () => {
    const down = DECLINED['a count that went down'];
    const warned: string[] = [];
    const out: Uint8Array[] = [];
    const ok = await diffCanonicalText(parseProfileString(BEFORE, 'b'), chunked(enc.encode(down), 333), 'a', (b) => void out.push(b), { clamp: true, before: 'b', after: 'a', warn: (m) => warned.push(m) });
    expect(ok).toBe(true);
    expect(out.map((b) => dec.decode(b)).join('')).toBe(general(BEFORE, down, true));
    const want: string[] = [];
    diffProfiles(parseProfileString(BEFORE, 'b'), parseProfileString(down, 'a'), { clamp: true, before: 'b', after: 'a', warn: (m) => want.push(m) });
    expect(warned).toEqual(want);
    expect(want).toHaveLength(1);
  });
});

describe('gopherage diff with a canonical AFTER file (CLI)', () => {
  it('the general output, errors and warnings, for AFTER canonical or not, plain or gzip', async () => {
    const dir = tempDir();
    const b = join(dir, 'before.cov');
    writeFileSync(b, BEFORE);
    const cases: [string, string][] = [['canonical', AFTER], ...Object.entries(DECLINED)];
    for (const [k, [what, after]] of cases.entries()) {
      const a = join(dir, `after${k}.cov`);
      writeFileSync(a, after);
      const r = await runCli(['diff', b, a]);
      expect(r, what).toEqual(generalCli(b, a));
      if (what === 'canonical') expect(r.stdout).toBe(general(BEFORE, AFTER));
      else if (!what.startsWith('not canonical')) expect(r.code, what).toBe(3);
    }
    const gz = join(dir, 'after.cov.gz');
    writeFileSync(gz, gzipSync(AFTER));
    const z = await runCli(['diff', b, gz]);
    expect([z.code, z.stderr, z.stdout]).toEqual([0, '', general(BEFORE, AFTER)]);
  });

  it('a count that went down: the general error, and --clamp the general warning and output', async () => {
    const dir = tempDir();
    const b = join(dir, 'before.cov');
    const a = join(dir, 'after.cov');
    writeFileSync(b, BEFORE);
    writeFileSync(a, DECLINED['a count that went down']);
    const r = await runCli(['diff', b, a]);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(new RegExp(`^gopherage: count decreased from ${b} to ${a} for 1 block `));
    const c = await runCli(['diff', '--clamp', b, a]);
    expect([c.code, c.stdout]).toEqual([0, general(BEFORE, DECLINED['a count that went down'], true)]);
    expect(c.stderr).toMatch(new RegExp(`^gopherage: warning: count decreased from ${b} to ${a} for 1 block, counted as 0 \\(--clamp\\)`));
  });

  it('a bad line late in a canonical AFTER: the general error, exit 3, -o untouched', async () => {
    const dir = tempDir();
    const b = join(dir, 'before.cov');
    const a = join(dir, 'after.cov');
    writeFileSync(b, BEFORE);
    writeFileSync(a, `${AFTER}${A[A.length - 1].replace(/ \d+$/, ' -3')}\n`);
    let want = '';
    try {
      parseProfileString(readFileSync(a, 'utf8'), a);
    } catch (err) {
      want = `${errorLine(err)}\n`;
    }
    expect(want).toMatch(/after\.cov:\d+: negative number/);
    const out = join(dir, 'out.cov');
    writeFileSync(out, 'keep me\n');
    for (const o of [out, '-']) {
      const r = await runCli(['diff', b, a, '-o', o]);
      expect([r.code, r.stdout, r.stderr], o).toEqual([3, '', want]);
    }
    expect(readFileSync(out, 'utf8')).toBe('keep me\n');
    expect(readdirSync(dir).sort()).toEqual(['after.cov', 'before.cov', 'out.cov']);
    // A canonical AFTER written to -o: the general output, no temp file left.
    writeFileSync(a, AFTER);
    const ok = await runCli(['diff', b, a, '--o', out]);
    expect([ok.code, ok.stdout, ok.stderr]).toEqual([0, '', '']);
    expect(readFileSync(out, 'utf8')).toBe(general(BEFORE, AFTER));
    expect(readdirSync(dir).sort()).toEqual(['after.cov', 'before.cov', 'out.cov']);
  });
});
