// aggregate: per block, the number of inputs that hit it. Library semantics on
// small profiles; golden outputs over real `-coverpkg` profiles of one package
// list made by different test packages, checked against an independent
// line-by-line oracle; error paths through the CLI.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { aggregateProfiles } from '../src/ops/aggregate.js';
import { parseProfileString } from '../src/profile/parser.js';
import { formatProfile } from '../src/profile/writer.js';
import { TESTDATA, expectGolden, runCli } from './helpers.js';

/** Compare with testdata/golden/<rel> (UPDATE_GOLDEN=1 rewrites it). */
function golden(rel: string, actual: string): void {
  expectGolden(join(TESTDATA, 'golden', rel), actual);
}

const P = (s: string) => parseProfileString(s, 'test');
const canonical = (f: string) => formatProfile(parseProfileString(readFileSync(f, 'utf8'), f));

/** Independent oracle for coherent inputs with identical block lists: count the inputs with count > 0 per line. */
function oracle(texts: readonly string[], mode: string): string {
  const rows = texts.map((t) => t.trimEnd().split('\n'));
  return (
    rows[0]
      .map((line, k) => {
        if (k === 0) return `mode: ${mode}`;
        const head = line.slice(0, line.lastIndexOf(' '));
        let n = 0;
        for (const r of rows) {
          expect(r[k].slice(0, r[k].lastIndexOf(' '))).toBe(head);
          if (Number(r[k].slice(r[k].lastIndexOf(' ') + 1)) > 0) n++;
        }
        return `${head} ${n}`;
      })
      .join('\n') + '\n'
  );
}

const COVERPKG = ['csv', 'strings', 'tabwriter', 'utf8'];

describe('aggregateProfiles', () => {
  it('counts the inputs that hit each block, over the union of files', () => {
    const a = P('mode: count\na.go:1.1,2.2 3 5\na.go:3.1,4.2 1 0\n');
    const b = P('mode: count\na.go:1.1,2.2 3 1\na.go:3.1,4.2 1 9\nb.go:1.1,1.9 2 7\n');
    const c = P('mode: count\na.go:1.1,2.2 3 2\na.go:3.1,4.2 1 0\n');
    expect(formatProfile(aggregateProfiles([a, b, c]))).toBe('mode: count\na.go:1.1,2.2 3 3\na.go:3.1,4.2 1 1\nb.go:1.1,1.9 2 1\n');
    // pure: inputs unchanged
    expect(formatProfile(a)).toBe('mode: count\na.go:1.1,2.2 3 5\na.go:3.1,4.2 1 0\n');
  });

  it('keeps atomic mode and turns set into count', () => {
    const at = P('mode: atomic\na.go:1.1,2.2 3 5\n');
    expect(formatProfile(aggregateProfiles([at, at]))).toBe('mode: atomic\na.go:1.1,2.2 3 2\n');
    const s = P('mode: set\na.go:1.1,2.2 3 1\na.go:3.1,3.9 1 0\n');
    expect(formatProfile(aggregateProfiles([s, s, s]))).toBe('mode: count\na.go:1.1,2.2 3 3\na.go:3.1,3.9 1 0\n');
  });

  it('applies merge\'s coherence rules', () => {
    const a = P('mode: count\na.go:1.1,2.2 3 5\n');
    const moved = P('mode: count\na.go:1.1,2.3 3 5\n');
    expect(() => aggregateProfiles([a, moved], { inputs: ['X', 'Y'] })).toThrow(/X and Y disagree on the blocks of a.go/);
    const s = P('mode: set\na.go:1.1,2.2 3 1\n');
    expect(() => aggregateProfiles([a, s], { inputs: ['X', 'Y'] })).toThrow('mode mismatch: X is "count" but Y is "set"');
  });
});

describe('gopherage aggregate (CLI, real fixtures)', () => {
  it('count: -coverpkg profiles from 4 test packages', async () => {
    const files = COVERPKG.map((p) => join(TESTDATA, `coverpkg/${p}.cov`));
    const r = await runCli(['aggregate', ...files]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(oracle(files.map(canonical), 'count'));
    expect(r.stdout).toMatch(/ 4\n/); // some blocks hit by every input
    expect(r.stdout).toMatch(/ 1\n/);
    golden('aggregate/coverpkg.cov', r.stdout);
  });

  it('set: output mode is count', async () => {
    const files = COVERPKG.map((p) => join(TESTDATA, `coverpkg/set/${p}.cov`));
    const r = await runCli(['aggregate', join(TESTDATA, 'coverpkg/set/*.cov')]);
    expect(r.code).toBe(0);
    expect(r.stdout.startsWith('mode: count\n')).toBe(true);
    // the glob expands sorted; aggregation is order-independent
    expect(r.stdout).toBe(oracle(files.map(canonical), 'count'));
    golden('aggregate/coverpkg-set.cov', r.stdout);
  });

  it('different packages: union of files, each block 0 or 1', async () => {
    const r = await runCli(['aggregate', join(TESTDATA, 'std/atomic/*.cov')]);
    expect(r.code).toBe(0);
    expect(r.stdout.startsWith('mode: atomic\n')).toBe(true);
    for (const line of r.stdout.trimEnd().split('\n').slice(1)) expect(line).toMatch(/ [01]$/);
    golden('aggregate/std-atomic.cov', r.stdout);
  });

  it('mode mismatch and incoherent blocks exit 3 naming both inputs', async () => {
    const m = await runCli(['aggregate', join(TESTDATA, 'coverpkg/strings.cov'), join(TESTDATA, 'coverpkg/set/utf8.cov')]);
    expect(m.code).toBe(3);
    expect(m.stderr).toMatch(/^gopherage: mode mismatch: .*coverpkg\/strings\.cov is "count" but .*set\/utf8\.cov is "set"\n$/);
    const i = await runCli(['aggregate', join(TESTDATA, 'incoherent/v1.cov'), join(TESTDATA, 'incoherent/v2.cov')]);
    expect(i.code).toBe(3);
    expect(i.stderr).toMatch(/v1\.cov and .*v2\.cov disagree on the blocks of /);
  });

  it('usage errors exit 2', async () => {
    const none = await runCli(['aggregate']);
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/^gopherage: missing required argument 'files'\nusage: gopherage aggregate/);
    const flag = await runCli(['aggregate', '-x', 'a.cov']);
    expect(flag.code).toBe(2);
    const h = await runCli(['aggregate', '--help']);
    expect(h.stdout).toContain('-o, --output <file>');
  });
});
