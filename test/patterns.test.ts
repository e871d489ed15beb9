// Flag splitting and Go-regexp compilation for `filter`: splitting is checked
// against Go's own encoding/csv (test/go/junit/src/csvref, run with the real
// Go toolchain), regex translation against hand-checked Go RE2 semantics.

import { describe, expect, it } from 'vitest';
import { compileGoRegexp, compilePathPatterns, jsEquivalent, splitFlagValue, splitFlagValues } from '../src/ops/patterns.js';
import { decodeName, encodeName } from '../src/profile/names.js';
import { UsageError } from '../src/profile/errors.js';
import { goOrSkip, ROOT, run, tempDir } from './helpers.js';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';

const SINGLE_RECORD = [
  'zz_generated,generated\\.pb\\.go',
  'a,"b,c"',
  '"a{1,2}"',
  'a{1,2}',
  'a,',
  ',',
  'x,,y',
  '"a""b",c',
  '"",x',
  'a\r',
  '\na,b',
  '\n\n"q"',
  '"a\nb",c',
  '"a\r\nb",c',
  'vendor/ ,  spaced',
  'ünïcødé,日本',
  'a"b',
  '"ab"c',
  '"abc',
  ' "a"',
  '"a" ',
  '\n',
];

function goSplit(values: readonly string[]): unknown[] {
  const go = goOrSkip('1.23');
  if (!go) return [];
  const env = { ...process.env, GOPATH: join(ROOT, 'test/go/junit'), GO111MODULE: 'off', GOFLAGS: '', GOTOOLCHAIN: 'local' };
  // Go needs a build cache; without HOME (some CI shells) give it one.
  if (!env.GOCACHE && !env.HOME && !env.XDG_CACHE_HOME) env.GOCACHE = join(tempDir(), 'gocache');
  return run(go, ['run', 'csvref', ...values], { env, cwd: ROOT })
    .trimEnd()
    .split('\n')
    .map((l) => JSON.parse(l) as unknown);
}

describe('splitFlagValue', () => {
  it('splits exactly as Go encoding/csv reads one record (compared with real Go)', () => {
    const expected = goSplit(SINGLE_RECORD);
    if (expected.length === 0) return;
    expect(expected).toHaveLength(SINGLE_RECORD.length);
    SINGLE_RECORD.forEach((v, k) => {
      const want = expected[k] as string[] | { error: string };
      if (Array.isArray(want)) expect(splitFlagValue(v), JSON.stringify(v)).toEqual(want);
      else expect(() => splitFlagValue(v), JSON.stringify(v)).toThrow(/quote|"|EOF/);
    });
  });

  it('keeps the documented examples', () => {
    expect(splitFlagValue('zz_generated,generated\\.pb\\.go')).toEqual(['zz_generated', 'generated\\.pb\\.go']);
    expect(splitFlagValue('a,"b,c"')).toEqual(['a', 'b,c']);
    expect(splitFlagValue('"a{1,2}"')).toEqual(['a{1,2}']);
    expect(splitFlagValue('')).toEqual([]);
  });

  it('rejects a second record instead of silently dropping it (Go ignores it)', () => {
    expect(() => splitFlagValue('a\nb')).toThrow(/more than one line/);
    expect(() => splitFlagValue('a\r\nb')).toThrow(/more than one line/);
    expect(splitFlagValue('a\n\n')).toEqual(['a']);
  });

  it('reports bad quoting as a usage error naming the flag and value', () => {
    let err: unknown;
    try {
      splitFlagValues('--exclude-path', ['ok', 'a"b']);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(UsageError);
    expect((err as Error).message).toBe('invalid argument "a\\"b" for --exclude-path: parse error on line 1, column 2: bare " in non-quoted-field');
  });

  it('accumulates repeated flags in order', () => {
    expect(splitFlagValues('--x', ['a,b', 'c', '"d,e"'])).toEqual(['a', 'b', 'c', 'd,e']);
  });
});

/** Patterns of the subset that runs as a JS RegExp (jsEquivalent), and some just outside it. */
const SIMPLE = [
  '^k8s.io/(api|cmd)/',
  'zz_generated',
  '\\.pb\\.go$',
  '[^/]+_test\\.go$',
  '^[a-z0-9.]+/[A-Z]',
  'vendor/|third_party/',
  '(?:a|b)+c*d?',
  'x.*?y',
  '\\Ak8s\\.io',
  '\\.go\\z',
  '\\bpb\\b',
  '\\d+\\.go',
  '\\w\\W',
  '\\D\\-\\/',
  'a.b',
  '^$',
  '',
  '()|a',
  'ü/日本',
  '[0-9a-fA-F_]+[.]go',
];
const NOT_SIMPLE = ['(?i)K8S', 'a{2}', '[]a]', '[^]a]', 'x\\sy', '[[:upper:]]', '\\pL', '\\Qa.b\\E', '😀', '(?P<d>a)b', '[a-]', 'a]', '^*'];
const NAMES = [
  'k8s.io/api/apps/v1/types.go',
  'k8s.io/cmd/kubectl/x_test.go',
  'x/k8s.io/api/y.pb.go',
  'k8sXio/api/a.go',
  'a.pb.go.orig',
  'vendor/github.com/A/b.go',
  'third_party/x.go',
  'abbbccd',
  'xAy',
  'a\nb',
  'a\rb',
  'a\u2028b',
  'a\u0085b',
  'ü/日本.go',
  '😀.go',
  'a😀b',
  '12.go',
  '',
  'Pb/pb.go',
  'a-/',
  'deadBEEF_1.go',
  decodeName(Uint8Array.from([0xff, 0x2f, 0x61, 0x2e, 0x67, 0x6f])),
  decodeName(Uint8Array.from([0x61, 0xc3, 0x28, 0x2e, 0x70, 0x62, 0x2e, 0x67, 0x6f])),
];

function goMatches(patterns: readonly string[], names: readonly string[]): unknown[] {
  const go = goOrSkip('1.23');
  if (!go) return [];
  const env = { ...process.env, GOPATH: join(ROOT, 'test/go/junit'), GO111MODULE: 'off', GOFLAGS: '', GOTOOLCHAIN: 'local' };
  if (!env.GOCACHE && !env.HOME && !env.XDG_CACHE_HOME) env.GOCACHE = join(tempDir(), 'gocache');
  const input = JSON.stringify({ patterns, names: names.map((n) => Buffer.from(encodeName(n)).toString('hex')) });
  const r = spawnSync(go, ['run', 'regexref'], { env, cwd: ROOT, input, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`regexref failed: ${r.stderr}`);
  return r.stdout
    .trimEnd()
    .split('\n')
    .map((l) => JSON.parse(l) as unknown);
}

describe('compileGoRegexp', () => {
  it('matches exactly as Go regexp.MatchString, through a JS RegExp for the simple subset (compared with real Go)', () => {
    for (const p of SIMPLE) expect(jsEquivalent(p), p).not.toBeNull();
    for (const p of NOT_SIMPLE) expect(jsEquivalent(p), p).toBeNull();
    const patterns = [...SIMPLE, ...NOT_SIMPLE.filter((p) => p !== '^*')];
    const want = goMatches(patterns, NAMES);
    if (want.length === 0) return;
    expect(want).toHaveLength(patterns.length);
    patterns.forEach((p, k) => {
      const re = compileGoRegexp('--x', p);
      expect(
        NAMES.map((n) => re.test(n)),
        p,
      ).toEqual(want[k]);
    });
  });

  const m = (p: string, s: string): boolean => compileGoRegexp('--x', p).test(s);

  it('is an unanchored search', () => {
    expect(m('zz_generated', 'k8s.io/api/zz_generated.deepcopy.go')).toBe(true);
    expect(m('^vendor/', 'k8s.io/vendor/x.go')).toBe(false);
    expect(m('\\.pb\\.go$', 'a/b.pb.go')).toBe(true);
    expect(m('\\.pb\\.go$', 'a/b.pb.go.orig')).toBe(false);
  });

  it('translates Go-only syntax', () => {
    expect(m('(?i)GENERATED', 'x/zz_generated.go')).toBe(true);
    expect(m('(?P<dir>pkg)/a', 'k8s.io/pkg/a.go')).toBe(true);
    expect(m('\\Ak8s\\.io', 'k8s.io/a.go')).toBe(true);
    expect(m('\\Ak8s\\.io', 'x/k8s.io/a.go')).toBe(false);
    expect(m('\\.go\\z', 'a.go')).toBe(true);
    expect(m('(?m)\\.go\\z', 'a.go\nb')).toBe(false);
    expect(m('\\Qa.b+c\\E', 'xa.b+cx')).toBe(true);
    expect(m('\\Qa.b+c\\E', 'xaXbbcx')).toBe(false);
    expect(m('[[:digit:]]+_test', 'v1_test.go')).toBe(true);
    expect(m('^[[:upper:]]', 'abc')).toBe(false);
    expect(m('[]a]', ']')).toBe(true);
    expect(m('[^]a]', 'a')).toBe(false);
  });

  it('rejects what Go rejects (usage errors)', () => {
    for (const p of ['(', 'a)', '[a', 'x(?=y)', 'x(?!y)', '(?<=a)b', '(a)\\1', 'x{2,1001}', '\\']) {
      expect(() => compileGoRegexp('--exclude-path', p), p).toThrow(UsageError);
    }
    expect(() => compileGoRegexp('--exclude-path', '(')).toThrow(/--exclude-path: invalid regular expression "\("/);
  });

  it('compilePathPatterns rejects empty fields, which would match every file', () => {
    for (const v of ['a,', 'a,,b', '""', ',']) expect(() => compilePathPatterns('--exclude-path', [v]), v).toThrow(/empty pattern/);
    expect(compilePathPatterns('--exclude-path', [''])).toEqual([]); // an empty value is no pattern at all, as in pflag
  });

  it('compilePathPatterns splits then compiles', () => {
    const res = compilePathPatterns('--include-path', ['^k8s\\.io/kubernetes/pkg/,"a{1,2}"']);
    expect(res).toHaveLength(2);
    expect(res[1].test('caab')).toBe(true);
  });
});
