// junit: TestGrid XML byte-compatible with gopherage. The reference is a Go
// program (test/go/junit/src/junitref) that computes the XML with gopherage's
// algorithm and libraries (x/tools/cover, float32, fmt, encoding/xml); it is
// built with the real Go 1.23 toolchain and compared byte for byte: OVERALL
// and file rows against gopherage's own rule, the whole document against the
// exact per-directory rule this project uses.

import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { junitRatio, junitTargets, junitXml } from '../src/report/junit.js';
import { goPathDir } from '../src/summary/goPath.js';
import { parseProfileString } from '../src/profile/parser.js';
import { goFixed } from '../src/summary/goFormat.js';
import type { Profile } from '../src/profile/model.js';
import { ROOT, TESTDATA, expectGolden, goOrSkip, run, runCli, tempDir } from './helpers.js';

/** Compare with testdata/golden/<rel> (UPDATE_GOLDEN=1 rewrites it). */
function golden(rel: string, actual: string): void {
  expectGolden(join(TESTDATA, 'golden', rel), actual);
}

const load = (f: string): Profile => parseProfileString(readFileSync(f, 'utf8'), f);

/** A profile whose files cover a grid of (covered, total) pairs, plus float32-rounding sizes. */
function gridProfile(): string {
  let s = 'mode: count\n';
  const add = (name: string, covered: number, total: number): void => {
    if (covered > 0) s += `${name}:1.1,2.1 ${covered} 1\n`;
    if (total - covered > 0) s += `${name}:3.1,4.1 ${total - covered} 0\n`;
  };
  for (let total = 1; total <= 80; total++) for (let c = 0; c <= total; c++) add(`grid/t${total}/c${c}.go`, c, total);
  add('grid/big/a.go', 16777217, 16777219);
  add('grid/big/b.go', 33554431, 33554433);
  add('grid/empty/z.go', 0, 0);
  s += 'grid/empty/z.go:5.1,6.1 0 3\n';
  return s;
}

/** File names that exercise escaping and the directory rules. */
const NAMES_PROFILE = [
  'mode: set',
  'main.go:1.1,2.1 3 1',
  '/abs/dir/x.go:1.1,2.1 2 0',
  'pkg/a/x.go:1.1,2.1 5 1',
  'pkg/a/sub/z.go:1.1,2.1 5 0',
  'pkg/ab/y.go:1.1,2.1 7 1',
  'a//b/c.go:1.1,2.1 1 1',
  'q/it\'s "quoted" & <tagged>.go:1.1,2.1 4 1',
  'u/ünïcødé/日本.go:1.1,2.1 4 0',
  'C:\\win\\dir\\f.go:1.1,2.1 1 1',
  '',
].join('\n');

const THRESHOLDS = ['0.8', '0', '1', '0.125', '0.625', '0.35', '0.975', '0.5'];

let junitref: string | null = null;

beforeAll(() => {
  const go = goOrSkip('1.23');
  if (!go) return;
  const out = join(tempDir(), 'junitref');
  const env = { ...process.env, GOPATH: `${join(ROOT, 'test/go/junit')}:/usr/share/gocode`, GO111MODULE: 'off', GOFLAGS: '', GOTOOLCHAIN: 'local' };
  // Go needs a build cache; without HOME (some CI shells) give it one.
  if (!env.GOCACHE && !env.HOME && !env.XDG_CACHE_HOME) env.GOCACHE = join(tempDir(), 'gocache');
  run(go, ['build', '-o', out, 'junitref'], { env, cwd: ROOT });
  junitref = out;
});

function goXml(file: string, threshold: string, dirs: 'exact' | 'prefix'): string {
  return run(junitref as string, [`-dirs=${dirs}`, '-t', threshold, file]);
}

/** The document up to the first directory row: OVERALL and file rows. */
function overallAndFiles(xml: string, files: number): string {
  const cases = xml.split('\n    <testcase ');
  return cases.slice(0, 2 + files).join('\n    <testcase ');
}

describe('Go-exact numbers', () => {
  it('goFixed matches Go fmt on ties and near-ties (values printed by Go 1.23)', () => {
    expect([0.25, 0.35, 6.25, 97.45, 0.05, 0.15].map((v) => goFixed(v, 1))).toEqual(['0.2', '0.3', '6.2', '97.5', '0.1', '0.1']);
    expect([0.25, 0.35, 6.25, 97.45].map((v) => goFixed(Math.fround(v), 1))).toEqual(['0.2', '0.3', '6.2', '97.4']);
    expect([0.5, 1.5, 2.5, 12.5, 62.5].map((v) => goFixed(Math.fround(v), 0))).toEqual(['0', '2', '2', '12', '62']);
    expect(goFixed(Math.fround(100 * Math.fround(0.125)), 0)).toBe('12');
  });

  it('ratios are float32 and 1 for no statements', () => {
    expect(junitRatio({ covered: 0, statements: 0 })).toBe(1);
    expect(junitRatio({ covered: 1, statements: 3 })).toBe(Math.fround(1 / 3));
    expect(junitRatio({ covered: 1, statements: 3 })).not.toBe(1 / 3);
    // float32(int) rounds to nearest even: 16777217 -> 2^24, 16777219 -> 2^24+4
    expect(junitRatio({ covered: 16777217, statements: 16777219 })).toBe(Math.fround(16777216 / 16777220));
  });

  it('path.Dir semantics for directory rows', () => {
    expect(['main.go', '/abs/x.go', 'a//b/c.go', 'pkg/a/x.go', './x.go', 'C:\\w\\f.go'].map(goPathDir)).toEqual(['.', '/abs', 'a/b', 'pkg/a', '.', '.']);
  });
});

describe('junitXml vs Go (gopherage algorithm)', () => {
  const cases: [string, () => string][] = [
    ['std/count/sort.cov', () => join(TESTDATA, 'std/count/sort.cov')],
    ['std/set/csv.cov', () => join(TESTDATA, 'std/set/csv.cov')],
    ['multi/multi.cov', () => join(TESTDATA, 'multi/multi.cov')],
    ['coverpkg/strings.cov', () => join(TESTDATA, 'coverpkg/strings.cov')],
    ['grid', () => {
      const f = join(tempDir(), 'grid.cov');
      writeFileSync(f, gridProfile());
      return f;
    }],
    ['names', () => {
      const f = join(tempDir(), 'names.cov');
      writeFileSync(f, NAMES_PROFILE);
      return f;
    }],
  ];
  for (const [label, file] of cases) {
    it(`${label}: byte-identical to Go for thresholds ${THRESHOLDS.join(', ')}`, () => {
      if (!junitref) return;
      const path = file();
      const profile = load(path);
      for (const t of THRESHOLDS) {
        const ours = junitXml(profile, Number(t));
        // Whole document against Go with this project's exact directory rule.
        expect(ours, `-t ${t}`).toBe(goXml(path, t, 'exact'));
        // OVERALL and file rows against gopherage's own (prefix) rule.
        const n = profile.files.length;
        expect(overallAndFiles(ours, n), `-t ${t}`).toBe(overallAndFiles(goXml(path, t, 'prefix'), n));
      }
    });
  }

  it('the names fixture shows the deliberate directory difference', () => {
    if (!junitref) return;
    const f = join(tempDir(), 'names.cov');
    writeFileSync(f, NAMES_PROFILE);
    const ours = junitXml(load(f), 0.8);
    const theirs = goXml(f, '0.8', 'prefix');
    // gopherage's "pkg/a" row also counts pkg/a/sub/z.go and pkg/ab/y.go (prefix match): 12/17 = 70.6%
    expect(theirs).toMatch(/name="pkg\/a" time="0">\n {8}<failure>[^<]*<\/failure>\n {8}<properties>\n {12}<property name="coverage" value="70.6">/);
    // ours: the Go package pkg/a is only pkg/a/x.go: 100%
    expect(ours).toMatch(/name="pkg\/a" time="0">\n {8}<properties>\n {12}<property name="coverage" value="100.0">/);
    expect(ours).toContain('name="q/it&#39;s &#34;quoted&#34; &amp; &lt;tagged&gt;.go"');
  });
});

describe('junit report', () => {
  it('targets: OVERALL, files in profile order, then sorted directories', () => {
    const p = parseProfileString(NAMES_PROFILE, 'names');
    const names = junitTargets(p).map((t) => t.name);
    expect(names[0]).toBe('OVERALL');
    expect(names.slice(1, 1 + p.files.length)).toEqual(p.files.map((f) => f.name));
    expect(names.slice(1 + p.files.length)).toEqual(['.', '/abs/dir', 'a/b', 'pkg/a', 'pkg/a/sub', 'pkg/ab', 'q', 'u/ünïcødé']);
  });

  for (const [fixture, t] of [
    ['std/count/path.cov', '0.8'],
    ['std/atomic/tabwriter.cov', '0.95'],
    ['multi/multi.cov', '0.9'],
  ] as const) {
    it(`CLI golden: ${fixture} -t ${t}`, async () => {
      const r = await runCli(['junit', join(TESTDATA, fixture), '-t', t]);
      expect([r.code, r.stderr]).toEqual([0, '']);
      expect(r.stdout.startsWith('<testsuite>\n    <testcase class_name="go_coverage" name="OVERALL" time="0">\n')).toBe(true);
      expect(r.stdout.endsWith('</testsuite>')).toBe(true);
      expect(r.stdout).toBe(junitXml(load(join(TESTDATA, fixture)), Number(t)));
      golden(`junit/${fixture.replace(/\//g, '-').replace(/\.cov$/, '')}-t${t}.xml`, r.stdout);
    });
  }

  it('is well-formed XML (xmllint)', async () => {
    const dir = tempDir();
    const out = join(dir, 'j.xml');
    const r = await runCli(['junit', join(TESTDATA, 'multi/multi.cov'), '--threshold=1', '-o', out]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
    run('xmllint', ['--noout', out]);
    expect(readFileSync(out, 'utf8')).toContain('<failure>code coverage of');
  });

  it('threshold outside [0, 1] or not a number is a usage error (exit 2)', async () => {
    const f = join(TESTDATA, 'std/count/path.cov');
    for (const t of ['1.5', '-0.1', 'abc', '', '0.8x', 'NaN', 'Infinity']) {
      const r = await runCli(['junit', f, '-t', t]);
      expect(r.code, t).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr, t).toMatch(/^gopherage: --threshold: /);
      expect(r.stderr).toContain('usage: gopherage junit');
    }
    const ok = await runCli(['junit', f, '-t', '1e-1']);
    expect(ok.code).toBe(0);
  });

  it('argument errors exit 2; bad input exits 3', async () => {
    const none = await runCli(['junit']);
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/missing required argument 'file'/);
    const two = await runCli(['junit', 'a.cov', 'b.cov']);
    expect(two.code).toBe(2);
    const bad = await runCli(['junit', '-'], { stdin: 'mode: nonsense\n' });
    expect(bad.code).toBe(3);
    const h = await runCli(['junit', '--help']);
    expect(h.stdout).toMatch(/-t, --threshold <fraction>.*\(default: "0.8"\)/s);
  });
});
