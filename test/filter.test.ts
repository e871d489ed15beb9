// filter: include then exclude, unanchored Go regexps, comma splitting as
// gopherage's flag library does. Library semantics, golden outputs over real
// profiles (checked line by line against the input), every error path.

import { copyFileSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { filterProfile } from '../src/ops/filter.js';
import { parseProfileString } from '../src/profile/parser.js';
import { formatProfile } from '../src/profile/writer.js';
import { TESTDATA, expectGolden, runCli, tempDir } from './helpers.js';

/** Compare with testdata/golden/<rel> (UPDATE_GOLDEN=1 rewrites it). */
function golden(rel: string, actual: string): void {
  expectGolden(join(TESTDATA, 'golden', rel), actual);
}

const P = (s: string) => parseProfileString(s, 'test');
const canonical = (f: string) => formatProfile(parseProfileString(readFileSync(f, 'utf8'), f));

/** Oracle: keep the block lines whose file name satisfies `keep`. */
function keepLines(text: string, keep: (name: string) => boolean): string {
  const lines = text.trimEnd().split('\n');
  return [lines[0], ...lines.slice(1).filter((l) => keep(l.slice(0, l.lastIndexOf(':'))))].join('\n') + '\n';
}

const PROFILE = 'mode: count\nk8s.io/a/zz_generated.deepcopy.go:1.1,2.2 1 1\nk8s.io/a/x.go:1.1,2.2 1 0\nk8s.io/b/y.pb.go:1.1,2.2 1 3\nvendor/v.go:1.1,2.2 1 3\n';

describe('filterProfile', () => {
  it('keeps includes, then drops excludes; unanchored search', () => {
    const p = P(PROFILE);
    const names = (o: Parameters<typeof filterProfile>[1]) => filterProfile(p, o).files.map((f) => f.name);
    expect(names({})).toEqual(['k8s.io/a/x.go', 'k8s.io/a/zz_generated.deepcopy.go', 'k8s.io/b/y.pb.go', 'vendor/v.go']);
    expect(names({ include: [/k8s\.io/] })).toEqual(['k8s.io/a/x.go', 'k8s.io/a/zz_generated.deepcopy.go', 'k8s.io/b/y.pb.go']);
    expect(names({ include: [/k8s\.io/], exclude: [/zz_generated/, /\.pb\.go$/] })).toEqual(['k8s.io/a/x.go']);
    expect(names({ include: [/^vendor/, /b\//] })).toEqual(['k8s.io/b/y.pb.go', 'vendor/v.go']);
    // exclude wins over include
    expect(names({ include: [/x\.go/], exclude: [/a\//] })).toEqual([]);
    // global/sticky regexps carry no state between files
    expect(names({ exclude: [/go/g] })).toEqual([]);
  });

  it('filtering everything out leaves a valid mode-only profile', () => {
    expect(formatProfile(filterProfile(P(PROFILE), { include: [/nothing/] }))).toBe('mode: count\n');
  });
});

describe('gopherage filter (CLI, real fixtures)', () => {
  const multi = join(TESTDATA, 'multi/multi.cov');

  it('--include-path keeps matching files', async () => {
    const r = await runCli(['filter', multi, '--include-path', 'container/']);
    expect([r.code, r.stderr]).toEqual([0, '']);
    expect(r.stdout).toBe(keepLines(canonical(multi), (n) => n.includes('container/')));
    expect(r.stdout).toContain('container/list/list.go:');
    expect(r.stdout).not.toContain('path/path.go:');
    golden('filter/multi-include-container.cov', r.stdout);
  });

  it('--exclude-path: comma-separated, repeated, CSV-quoted', async () => {
    const input = join(TESTDATA, 'coverpkg/strings.cov');
    const r = await runCli(['filter', input, '--exclude-path=utf8,"bui{1,2}lder"', '--exclude-path', 'reader\\.go$']);
    expect([r.code, r.stderr]).toEqual([0, '']);
    const expected = keepLines(canonical(input), (n) => !/utf8|bui{1,2}lder|reader\.go$/.test(n));
    expect(r.stdout).toBe(expected);
    expect(r.stdout).not.toContain('utf8');
    expect(r.stdout).not.toContain('strings/builder.go');
    expect(r.stdout).not.toContain('strings/reader.go');
    expect(r.stdout).toContain('strings/strings.go:');
    golden('filter/strings-exclude.cov', r.stdout);
  });

  it('set mode, and -o may name the input (atomic replace)', async () => {
    const dir = tempDir();
    const f = join(dir, 'strings-set.cov');
    copyFileSync(join(TESTDATA, 'coverpkg/set/strings.cov'), f);
    const expected = keepLines(canonical(f), (n) => n.startsWith('unicode/utf8/'));
    const r = await runCli(['filter', f, '--include-path', '^unicode/utf8/', '-o', f]);
    expect([r.code, r.stdout, r.stderr]).toEqual([0, '', '']);
    const out = readFileSync(f, 'utf8');
    expect(out).toBe(expected);
    expect(out.startsWith('mode: set\nunicode/utf8/utf8.go:')).toBe(true);
    expect(readdirSync(dir)).toEqual(['strings-set.cov']); // no temp file left behind
    golden('filter/strings-set-include-utf8.cov', out);
  });

  it('include then exclude together', async () => {
    const r = await runCli(['filter', '--include-path', 'list|path', '--exclude-path', 'match', multi]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(keepLines(canonical(multi), (n) => /list|path/.test(n) && !/match/.test(n)));
    expect(r.stdout).toContain('path/path.go:');
    expect(r.stdout).not.toContain('path/match.go:');
  });

  it('everything filtered out: exit 0, only the mode line, a note on stderr', async () => {
    const r = await runCli(['filter', multi, '--include-path', 'no-such-file']);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('mode: count\n');
    expect(r.stderr).toMatch(/^gopherage: filter: all \d+ source files of .*multi\.cov were filtered out/);
  });

  it('an invalid regular expression is a usage error (exit 2)', async () => {
    const r = await runCli(['filter', multi, '--exclude-path', 'ok,(unclosed']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^gopherage: --exclude-path: invalid regular expression "\(unclosed"/);
    expect(r.stderr).toContain('usage: gopherage filter');
    const look = await runCli(['filter', multi, '--include-path', 'a(?=b)']);
    expect(look.code).toBe(2);
    expect(look.stderr).toMatch(/^gopherage: --include-path: invalid regular expression "a\(\?=b\)": invalid or unsupported Perl syntax: `\(\?=`/); // Go's own reason
  });

  it('a stray comma (empty pattern) is a usage error, not "exclude everything"', async () => {
    const r = await runCli(['filter', multi, '--exclude-path', 'zz_generated,']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^gopherage: --exclude-path: empty pattern \(a stray comma\?\) would match every file/);
  });

  it('bad CSV quoting is a usage error (exit 2)', async () => {
    const r = await runCli(['filter', multi, '--exclude-path', 'a"b']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^gopherage: invalid argument "a\\"b" for --exclude-path: parse error on line 1, column 2: bare " in non-quoted-field/);
  });

  it('argument count errors exit 2; bad input exits 3', async () => {
    const two = await runCli(['filter', multi, multi]);
    expect(two.code).toBe(2);
    expect(two.stderr).toMatch(/too many arguments/);
    const none = await runCli(['filter']);
    expect(none.code).toBe(2);
    const missingValue = await runCli(['filter', multi, '--exclude-path']);
    expect(missingValue.code).toBe(2);
    expect(missingValue.stderr).toMatch(/argument missing/);
    const bad = await runCli(['filter', '-'], { stdin: 'mode: count\nnot a block\n' });
    expect(bad.code).toBe(3);
    expect(bad.stderr).toMatch(/<stdin>:2: /);
  });

  it('--help lists both pattern flags', async () => {
    const r = await runCli(['filter', '--help']);
    expect(r.stdout).toContain('--include-path <regex>');
    expect(r.stdout).toContain('--exclude-path <regex>');
    expect(r.stdout).toMatch(/\(default:\s+"-"\)/);
  });
});
