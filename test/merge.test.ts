// merge (library): sums in count/atomic, OR in set; coherence and mode errors
// name both inputs, the source file and the first differing block;
// `onMismatch: 'union'` keeps the union and warns once per file; inputs are
// never modified; zero inputs / zero blocks give a valid profile.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { aggregateProfiles } from '../src/ops/aggregate.js';
import { Merger, mergeProfiles } from '../src/ops/merge.js';
import { firstDifference } from '../src/ops/coherence.js';
import { ProfileError } from '../src/profile/errors.js';
import type { Profile } from '../src/profile/model.js';
import { parseProfileString } from '../src/profile/parser.js';
import { formatProfile } from '../src/profile/writer.js';
import { TESTDATA } from './helpers.js';

const P = (s: string, name = 'test'): Profile => parseProfileString(s, name);
const fixture = (rel: string): Profile => parseProfileString(readFileSync(join(TESTDATA, rel), 'utf8'), rel);

function mergeError(fn: () => unknown): ProfileError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(ProfileError);
    return err as ProfileError;
  }
  throw new Error('expected a ProfileError');
}

/** Independent oracle: per block key, sum (or OR) the counts of every input's lines. */
function oracle(texts: string[], set: boolean): Map<string, number> {
  const m = new Map<string, number>();
  for (const t of texts) {
    for (const l of t.trimEnd().split('\n').slice(1)) {
      const k = l.slice(0, l.lastIndexOf(' '));
      const c = Number(l.slice(l.lastIndexOf(' ') + 1));
      const prev = m.get(k) ?? 0;
      m.set(k, set ? (prev > 0 || c > 0 ? 1 : 0) : prev + c);
    }
  }
  return m;
}

function asMap(p: Profile): Map<string, number> {
  const text = formatProfile(p).trimEnd().split('\n').slice(1);
  return new Map(text.map((l) => [l.slice(0, l.lastIndexOf(' ')), Number(l.slice(l.lastIndexOf(' ') + 1))]));
}

describe('mergeProfiles on real fixtures', () => {
  for (const mode of ['count', 'atomic', 'set'] as const) {
    it(`${mode}: every block's count is the ${mode === 'set' ? 'OR' : 'sum'} over the inputs`, () => {
      const rels = mode === 'set'
        ? ['coverpkg/set/strings.cov', 'coverpkg/set/utf8.cov', 'coverpkg/set/csv.cov', 'coverpkg/set/tabwriter.cov', 'std/set/list.cov']
        : mode === 'count'
          ? ['coverpkg/strings.cov', 'coverpkg/utf8.cov', 'coverpkg/csv.cov', 'coverpkg/tabwriter.cov', 'std/count/list.cov']
          : ['std/atomic/list.cov', 'std/atomic/path.cov', 'std/atomic/sort.cov'];
      const texts = rels.map((r) => readFileSync(join(TESTDATA, r), 'utf8'));
      const merged = mergeProfiles(texts.map((t, k) => P(t, rels[k])), { inputs: rels });
      expect(merged.mode).toBe(mode);
      const want = oracle(texts, mode === 'set');
      const got = asMap(merged);
      expect(got.size).toBe(want.size);
      for (const [k, v] of want) expect(got.get(k), k).toBe(v);
      // and it is canonical: what we write parses back to the same thing
      expect(formatProfile(P(formatProfile(merged)))).toBe(formatProfile(merged));
    });
  }

  it('coverpkg profiles share their blocks and differ in counts (the fixture is what tables need)', () => {
    const a = fixture('coverpkg/strings.cov');
    const b = fixture('coverpkg/tabwriter.cov');
    expect(a.files.map((f) => f.name)).toEqual(b.files.map((f) => f.name));
    a.files.forEach((f, i) => expect(firstDifference(f, b.files[i])).toBe(-1));
    expect(formatProfile(a)).not.toBe(formatProfile(b));
  });

  it('one input is a no-op merge', () => {
    const p = fixture('std/count/sort.cov');
    expect(formatProfile(mergeProfiles([p]))).toBe(formatProfile(p));
  });

  it('does not modify its inputs', () => {
    const a = fixture('coverpkg/strings.cov');
    const b = fixture('coverpkg/csv.cov');
    const before = [formatProfile(a), formatProfile(b)];
    const m = mergeProfiles([a, b]);
    mergeProfiles([m, a, b]);
    expect([formatProfile(a), formatProfile(b)]).toEqual(before);
  });

  it('merging in any order gives the same result', () => {
    const ps = ['coverpkg/strings.cov', 'coverpkg/utf8.cov', 'coverpkg/csv.cov'].map(fixture);
    const want = formatProfile(mergeProfiles(ps));
    expect(formatProfile(mergeProfiles([ps[2], ps[0], ps[1]]))).toBe(want);
    expect(formatProfile(mergeProfiles([ps[1], ps[2], ps[0]]))).toBe(want);
  });
});

describe('merge: small cases', () => {
  it('keeps files present in only some inputs, in byte order', () => {
    const a = P('mode: count\nb.go:1.1,2.2 1 1\nu/😀.go:1.1,1.2 1 1\n');
    const b = P('mode: count\na.go:1.1,2.2 1 2\nu/ｆ.go:1.1,1.2 1 3\nb.go:1.1,2.2 1 4\n');
    expect(formatProfile(mergeProfiles([a, b]))).toBe('mode: count\na.go:1.1,2.2 1 2\nb.go:1.1,2.2 1 5\nu/ｆ.go:1.1,1.2 1 3\nu/😀.go:1.1,1.2 1 1\n');
  });

  it('zero inputs and zero blocks give just a mode line', () => {
    expect(formatProfile(mergeProfiles([]))).toBe('mode: set\n');
    expect(formatProfile(mergeProfiles([P('mode: atomic\n'), P('mode: atomic\n\n')]))).toBe('mode: atomic\n');
  });

  it('set counts above 1 (e.g. from gopherage, which sums set counts) come out as 1 whether one or several inputs have the block', () => {
    const a = P('mode: set\na.go:1.1,2.2 1 3\nb.go:1.1,2.2 1 2\nc.go:1.1,2.2 1 0\n');
    const b = P('mode: set\nb.go:1.1,2.2 1 5\nd.go:1.1,2.2 1 7\n');
    const want = 'mode: set\na.go:1.1,2.2 1 1\nb.go:1.1,2.2 1 1\nc.go:1.1,2.2 1 0\nd.go:1.1,2.2 1 1\n';
    expect(formatProfile(mergeProfiles([a, b]))).toBe(want);
    expect(formatProfile(mergeProfiles([a]))).toBe('mode: set\na.go:1.1,2.2 1 1\nb.go:1.1,2.2 1 1\nc.go:1.1,2.2 1 0\n');
    const c = P('mode: set\na.go:1.1,2.3 1 4\n');
    expect(formatProfile(mergeProfiles([a, c], { onMismatch: 'union' }))).toBe('mode: set\na.go:1.1,2.2 1 1\na.go:1.1,2.3 1 1\nb.go:1.1,2.2 1 1\nc.go:1.1,2.2 1 0\n');
    expect(formatProfile(a)).toBe('mode: set\na.go:1.1,2.2 1 3\nb.go:1.1,2.2 1 2\nc.go:1.1,2.2 1 0\n'); // input untouched
  });

  it('fails when a merged count exceeds 2^53-1, naming the input', () => {
    const a = P('mode: count\na.go:1.1,2.2 1 9007199254740990\n');
    const b = P('mode: count\na.go:1.1,2.2 1 2\n');
    const err = mergeError(() => mergeProfiles([a, b], { inputs: ['a.cov', 'b.cov'] }));
    expect(err.code).toBe('COUNT_OVERFLOW');
    expect(err.input).toBe('b.cov');
    expect(err.message).toBe('b.cov: merged count of block "a.go:1.1,2.2" exceeds 2^53-1');
    expect(formatProfile(mergeProfiles([a, P('mode: count\na.go:1.1,2.2 1 1\n')]))).toBe('mode: count\na.go:1.1,2.2 1 9007199254740991\n');
  });
});

describe('merge: mode and coherence errors', () => {
  it('mode mismatch names both inputs and both modes', () => {
    const err = mergeError(() => mergeProfiles([fixture('modemismatch/set.cov'), fixture('modemismatch/count.cov')], { inputs: ['set.cov', 'count.cov'] }));
    expect(err.code).toBe('MODE_MISMATCH');
    expect(err.message).toBe('mode mismatch: set.cov is "set" but count.cov is "count"');
  });

  it('count and atomic do not mix either', () => {
    const err = mergeError(() => mergeProfiles([fixture('std/count/list.cov'), fixture('std/atomic/list.cov')], { inputs: ['c.cov', 'a.cov'] }));
    expect(err.code).toBe('MODE_MISMATCH');
    expect(err.message).toContain('c.cov is "count" but a.cov is "atomic"');
  });

  it('incoherent inputs (two builds): names both inputs, the source file and the first differing block', () => {
    const err = mergeError(() => mergeProfiles([fixture('incoherent/v1.cov'), fixture('incoherent/v2.cov')], { inputs: ['v1.cov', 'v2.cov'] }));
    expect(err.code).toBe('INCOHERENT');
    expect(err.message).toBe(
      'v1.cov and v2.cov disagree on the blocks of example.com/tiny/tiny.go (different builds?): block #1 is "5.22,6.11 1" in v1.cov but "5.22,6.9 1" in v2.cov',
    );
  });

  it('a missing trailing block and a different NumStmt are differences too', () => {
    const a = P('mode: count\nx.go:1.1,2.2 1 1\nx.go:3.1,4.2 2 1\n');
    const shorter = P('mode: count\nx.go:1.1,2.2 1 1\n');
    const numStmt = P('mode: count\nx.go:1.1,2.2 1 1\nx.go:3.1,4.2 3 1\n');
    expect(mergeError(() => mergeProfiles([a, shorter], { inputs: ['a', 'b'] })).message).toContain('block #2 is "3.1,4.2 2" in a but no block #2 in b');
    expect(mergeError(() => mergeProfiles([a, numStmt], { inputs: ['a', 'b'] })).message).toContain('block #2 is "3.1,4.2 2" in a but "3.1,4.2 3" in b');
  });

  it('names the input that first contributed the file, even after other inputs', () => {
    const a = P('mode: count\nx.go:1.1,2.2 1 1\n');
    const b = P('mode: count\ny.go:1.1,2.2 1 1\n');
    const c = P('mode: count\ny.go:1.1,2.3 1 1\n');
    const err = mergeError(() => mergeProfiles([a, b, c], { inputs: ['a.cov', 'b.cov', 'c.cov'] }));
    expect(err.message).toMatch(/^b\.cov and c\.cov disagree on the blocks of y\.go/);
  });
});

describe('merge: onMismatch union', () => {
  it('keeps the union of distinct blocks, combines identical ones, warns once per file', () => {
    const warnings: string[] = [];
    const v1 = fixture('incoherent/v1.cov');
    const v2 = fixture('incoherent/v2.cov');
    const m = new Merger({ onMismatch: 'union', warn: (w) => warnings.push(w) });
    m.add(v1, 'v1.cov');
    m.add(v2, 'v2.cov');
    m.add(v2, 'v2-again.cov');
    expect(warnings).toEqual(['v1.cov and v2.cov have different blocks for example.com/tiny/tiny.go: keeping the union of their blocks']);
    const want = oracle(
      [readFileSync(join(TESTDATA, 'incoherent/v1.cov'), 'utf8'), readFileSync(join(TESTDATA, 'incoherent/v2.cov'), 'utf8'), readFileSync(join(TESTDATA, 'incoherent/v2.cov'), 'utf8')],
      false,
    );
    expect(asMap(m.result())).toEqual(want);
    // shared blocks summed: Abs's two leading blocks are the same in both versions
    expect(want.get('example.com/tiny/tiny.go:16.21,17.11 1')).toBe(24);
    expect(formatProfile(m.result())).toBe(formatProfile(P(formatProfile(m.result())))); // canonical
  });

  it('still fails on a mode mismatch and on a NumStmt conflict for the same block', () => {
    expect(mergeError(() => mergeProfiles([fixture('modemismatch/set.cov'), fixture('modemismatch/count.cov')], { onMismatch: 'union' })).code).toBe('MODE_MISMATCH');
    const a = P('mode: count\nx.go:1.1,2.2 1 1\nx.go:3.1,4.2 2 1\n');
    const b = P('mode: count\nx.go:1.1,2.2 1 1\nx.go:3.1,4.2 3 1\n');
    expect(mergeError(() => mergeProfiles([a, b], { onMismatch: 'union', inputs: ['a', 'b'] })).code).toBe('INCONSISTENT_NUMSTMT');
  });

  it('coherent inputs merge exactly as without union, with no warning', () => {
    const warnings: string[] = [];
    const ps = ['coverpkg/strings.cov', 'coverpkg/csv.cov'].map(fixture);
    expect(formatProfile(mergeProfiles(ps, { onMismatch: 'union', warn: (w) => warnings.push(w) }))).toBe(formatProfile(mergeProfiles(ps)));
    expect(warnings).toEqual([]);
  });
});

describe('merging across machines (README): a merge of merges is the merge', () => {
  const groups = {
    count: ['coverpkg/csv.cov', 'coverpkg/strings.cov', 'coverpkg/tabwriter.cov', 'coverpkg/utf8.cov'],
    set: ['coverpkg/set/csv.cov', 'coverpkg/set/strings.cov', 'coverpkg/set/tabwriter.cov', 'coverpkg/set/utf8.cov'],
  };
  for (const [mode, rels] of Object.entries(groups)) {
    it(`${mode}: any grouping and order of shards gives the same bytes`, () => {
      const ps = rels.map(fixture);
      const whole = formatProfile(mergeProfiles(ps));
      const shards = [mergeProfiles([ps[0], ps[2]]), mergeProfiles([ps[3], ps[1]])];
      expect(formatProfile(mergeProfiles(shards))).toBe(whole);
      expect(formatProfile(mergeProfiles([...shards].reverse()))).toBe(whole);
      expect(formatProfile(mergeProfiles([mergeProfiles([ps[1]]), mergeProfiles([ps[3], ps[0], ps[2]])]))).toBe(whole);
      // Not vacuous: the inputs differ from one another.
      expect(new Set(ps.map(formatProfile)).size).toBe(ps.length);
    });

    it(`${mode}: per-shard aggregates add up with a count-mode merge`, () => {
      const ps = rels.map(fixture);
      const whole = formatProfile(aggregateProfiles(ps));
      expect(formatProfile(mergeProfiles([aggregateProfiles([ps[0], ps[1]]), aggregateProfiles([ps[2], ps[3]])]))).toBe(whole);
      expect(whole).toMatch(/^mode: count\n/);
      expect(whole).toMatch(/ 4\n/); // some block was hit by all four inputs
    });
  }
});
