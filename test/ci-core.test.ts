// ci's pure core, tested directly (the CLI tests in ci.test.ts cover the
// wiring): verdict reasons, config resolution, totals from a summary JSON,
// and the renderers it writes (LCOV, Cobertura, JSON) on a hand-made profile.

import { describe, expect, it } from 'vitest';
import { profileFromTotals, totalsFromSummaryJson } from '../src/ci/base.js';
import { CI_DEFAULTS, parseConfigObject, resolveCiConfig } from '../src/ci/config.js';
import { verdictReasons, type VerdictInput } from '../src/ci/verdict.js';
import { parseProfileString } from '../src/profile/parser.js';
import { coberturaByteChunks } from '../src/report/cobertura.js';
import { jsonSummary } from '../src/report/json.js';
import { lcovByteChunks } from '../src/report/lcov.js';
import { reportText } from '../src/report/registry.js';
import { profileTotals } from '../src/summary/totals.js';

const verdict = (v: Partial<VerdictInput>): string[] =>
  verdictReasons({ total: { covered: 3, statements: 4 }, packages: new Map(), base: null, threshold: null, packageThreshold: null, noDecrease: false, ...v });

describe('verdict reasons', () => {
  it('passes without rules, whatever the coverage', () => {
    expect(verdict({ total: { covered: 0, statements: 100 } })).toEqual([]);
  });

  it('one line per failing rule, with Go-rounded percentages', () => {
    expect(verdict({ threshold: 0.8 })).toEqual(['total coverage 75.0% is below the threshold of 80.0%']);
    expect(verdict({ threshold: 0.75 })).toEqual([]); // equal passes
    const packages = new Map([
      ['a', { covered: 1, statements: 8 }],
      ['b', { covered: 8, statements: 8 }],
      ['c', { covered: 0, statements: 0 }], // nothing to cover never fails
    ]);
    expect(verdict({ packages, packageThreshold: 0.5 })).toEqual(['package a: coverage 12.5% is below the package threshold of 50.0%']);
  });

  it('an empty profile cannot meet a threshold', () => {
    expect(verdict({ total: { covered: 0, statements: 0 }, threshold: 0.1 })).toEqual([
      'no statements to measure against the threshold of 10.0% (empty profile after filtering?)',
    ]);
  });

  it('--no-decrease compares exact fractions, not rounded percentages', () => {
    // 2/3 = 66.67% vs 666/1000 = 66.6%: a real decrease even where %.1f would tie... and the reverse passes.
    expect(verdict({ total: { covered: 666, statements: 1000 }, base: { covered: 2, statements: 3 }, noDecrease: true })).toEqual([
      'total coverage decreased from 66.7% to 66.6% (--no-decrease)',
    ]);
    expect(verdict({ total: { covered: 2, statements: 3 }, base: { covered: 666, statements: 1000 }, noDecrease: true })).toEqual([]);
    expect(verdict({ total: { covered: 2000, statements: 3000 }, base: { covered: 2, statements: 3 }, noDecrease: true })).toEqual([]);
  });
});

describe('config resolution', () => {
  it('defaults < file < flags, and unset flags do not override the file', () => {
    const file = parseConfigObject({ profiles: ['a/*.cov'], threshold: 0.5, noDecrease: false, title: 'From file' }, 'gopherage.config.json');
    const c = resolveCiConfig(file, { threshold: 0.7, title: undefined });
    expect(c.threshold).toBe(0.7);
    expect(c.title).toBe('From file');
    expect(c.out).toBe(CI_DEFAULTS.out);
    expect(c.profiles).toEqual(['a/*.cov']);
  });

  it('rejects unknown keys, bad values and contradictions as usage errors naming the place', () => {
    expect(() => parseConfigObject({ treshold: 0.5 }, 'cfg.json')).toThrow(/^cfg\.json: unknown setting "treshold"/);
    expect(() => parseConfigObject([], 'cfg.json')).toThrow('cfg.json: must hold a JSON object');
    expect(() => resolveCiConfig({}, {})).toThrow(/^no inputs/);
    expect(() => resolveCiConfig({ profiles: ['x'] }, { before: ['b'], after: ['a'] })).toThrow('give either profiles, or before and after, not both');
    expect(() => resolveCiConfig({ before: ['b'] }, {})).toThrow('before and after must be given together');
    // The library names config keys; the CLI words them as flags (ci.test.ts: "--no-decrease needs --compare").
    expect(() => resolveCiConfig({ profiles: ['x'], noDecrease: true }, {})).toThrow(/^noDecrease needs compare$/);
    expect(() => resolveCiConfig({ profiles: ['x'], patchThreshold: 0.5 }, {})).toThrow(/^patchThreshold needs patchBase$/);
    expect(() => resolveCiConfig({ after: ['a'] }, {})).toThrow(/^before and after must be given together \(before or collectBefore, after or collectAfter\)$/);
    expect(() => resolveCiConfig({ profiles: ['x'], formats: ['xml' as 'lcov'] }, {})).toThrow(/unknown format "xml"/);
  });
});

describe('a previous summary.json as the base', () => {
  it('gives per-file totals, and a stand-in profile with exactly those totals', () => {
    const text = JSON.stringify({
      schema: 'gopherage-coverage/v2',
      files: [
        { path: 'm/b.go', covered: 0, statements: 5 },
        { path: 'm/a.go', covered: 3, statements: 4 },
      ],
    });
    const files = totalsFromSummaryJson(text, 'base.json');
    expect(files).toEqual([
      { name: 'm/b.go', totals: { covered: 0, statements: 5 } },
      { name: 'm/a.go', totals: { covered: 3, statements: 4 } },
    ]);
    const p = profileFromTotals(files);
    expect(p.files.map((f) => f.name)).toEqual(['m/a.go', 'm/b.go']);
    expect(profileTotals(p)).toEqual({ covered: 3, statements: 9 });
  });

  it('rejects what is not a summary, naming the input and the entry', () => {
    expect(() => totalsFromSummaryJson('{', 'base.json')).toThrow(/not valid JSON/);
    expect(() => totalsFromSummaryJson('{"files": []}', 'base.json')).toThrow(/not a gopherage summary/);
    const bad = JSON.stringify({ schema: 'gopherage-coverage/v2', files: [{ path: 'a.go', covered: 5, statements: 4 }] });
    expect(() => totalsFromSummaryJson(bad, 'base.json')).toThrow('files[0] needs "path", "statements" and "covered" (0 <= covered <= statements)');
  });
});

describe('renderers on a hand-made profile', () => {
  // Two blocks share line 3 (one ran, one did not); line 5 is in a block that never ran.
  const profile = parseProfileString(['mode: count', 'm/p/a.go:1.1,3.5 2 4', 'm/p/a.go:3.5,3.20 1 0', 'm/p/a.go:5.1,5.9 1 0', 'm/a.go:1.1,1.9 1 1', ''].join('\n'));

  it('LCOV: per-line max counts, LF/LH', () => {
    const lcov = reportText(lcovByteChunks(profile));
    expect(lcov).toBe(
      ['TN:', 'SF:m/a.go', 'DA:1,1', 'LF:1', 'LH:1', 'end_of_record', 'TN:', 'SF:m/p/a.go', 'DA:1,4', 'DA:2,4', 'DA:3,4', 'DA:5,0', 'LF:4', 'LH:3', 'end_of_record', ''].join('\n'),
    );
  });

  it('Cobertura: packages by directory, line rates from the same line hits', () => {
    const xml = reportText(coberturaByteChunks(profile));
    expect(xml).toContain('<coverage line-rate="0.8" branch-rate="0" lines-covered="4" lines-valid="5"');
    expect([...xml.matchAll(/<package name="([^"]+)" line-rate="([^"]+)"/g)].map((m) => [m[1], m[2]])).toEqual([
      ['m', '1'],
      ['m/p', '0.75'],
    ]);
    expect(xml).toContain('<line number="5" hits="0"/>');
  });

  it('JSON: statement totals per file and package', () => {
    const s = jsonSummary(profile);
    expect(s.total).toEqual({ covered: 3, statements: 5, ratio: 0.6, percent: 60 });
    expect(s.directories.map((d) => [d.path, d.covered, d.statements])).toEqual([
      ['m', 1, 1],
      ['m/p', 2, 4],
    ]);
  });
});
