// --include-untested against Go 1.22+'s own answer: in a module where one
// package (and a main package) has no tests, `go test -coverpkg=./... ./...`
// (Go 1.23) reports every package; a profile of the tested package alone,
// widened by --include-untested, must give the same statements per file and
// the same totals. Build rules are exercised on the way: _GOOS files,
// //go:build ignore, cgo files with cgo off, testdata/, `_` directories,
// nested modules.

import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { goOrSkip, run, runCli, tempDir } from './helpers.js';

const go = goOrSkip('1.23');

const FILES: Record<string, string> = {
  'go.mod': 'module example.com/unt\n\ngo 1.23\n',
  'lib/lib.go': 'package lib\n\nfunc Abs(x int) int {\n\tif x < 0 {\n\t\treturn -x\n\t}\n\treturn x\n}\n\nfunc Never() int { return 42 }\n',
  'lib/lib_test.go': 'package lib\n\nimport "testing"\n\nfunc TestAbs(t *testing.T) { if Abs(-2) != 2 { t.Fatal() } }\n',
  'util/util.go': 'package util\n\n// Clamp limits v to [lo, hi].\nfunc Clamp(v, lo, hi int) int {\n\tswitch {\n\tcase v < lo:\n\t\treturn lo\n\tcase v > hi:\n\t\treturn hi\n\t}\n\treturn v\n}\n',
  'util/os_linux.go': 'package util\n\nfunc OS() string { return "linux" }\n',
  'util/os_windows.go': 'package util\n\nfunc OS() string { return "windows" }\n',
  'util/os_other.go': '//go:build !linux && !windows\n\npackage util\n\nfunc OS() string { return "other" }\n',
  'util/gen.go': '//go:build ignore\n\npackage main\n\nfunc main() { println(1) }\n',
  'util/c.go': 'package util\n\n// #include <stdlib.h>\nimport "C"\n\nfunc Rand() int { return int(C.rand()) }\n',
  'util/testdata/x.go': 'package x\n\nfunc X() {}\n',
  'util/_old/old.go': 'package old\n\nfunc Old() {}\n',
  'cmd/tool/main.go': 'package main\n\nimport (\n\t"fmt"\n\n\t"example.com/unt/util"\n)\n\nfunc main() {\n\tfor i := 0; i < 3; i++ {\n\t\tfmt.Println(util.Clamp(i, 1, 2), util.OS())\n\t}\n}\n',
  'nested/go.mod': 'module example.com/nested\n\ngo 1.23\n',
  'nested/n.go': 'package nested\n\nfunc N() int { return 1 }\n',
};

interface Totals {
  statements: number;
  covered: number;
}

/** Statements and covered statements of a text profile, per file and in total (a block listed twice counts once). */
function goTotals(text: string): { files: Map<string, Totals>; total: Totals } {
  const seen = new Map<string, { n: number; hit: boolean }>();
  for (const line of text.split('\n').slice(1)) {
    const m = /^(.+):(\d+\.\d+,\d+\.\d+) (\d+) (\d+)$/.exec(line);
    if (!m) continue;
    const key = `${m[1]}:${m[2]}`;
    const prev = seen.get(key);
    seen.set(key, { n: Number(m[3]), hit: (prev?.hit ?? false) || m[4] !== '0' });
  }
  const files = new Map<string, Totals>();
  const total = { statements: 0, covered: 0 };
  for (const [key, b] of seen) {
    const name = key.slice(0, key.lastIndexOf(':'));
    const t = files.get(name) ?? { statements: 0, covered: 0 };
    files.set(name, t);
    for (const x of [t, total]) {
      x.statements += b.n;
      if (b.hit) x.covered += b.n;
    }
  }
  return { files, total };
}

describe.skipIf(!go)('--include-untested vs go test -coverpkg=./... ./... (Go 1.23)', () => {
  const dir = tempDir('gopherage-untested-');
  for (const [name, text] of Object.entries(FILES)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  const goarch = process.arch === 'arm64' ? 'arm64' : 'amd64';
  const target = { GOTOOLCHAIN: 'local', GOFLAGS: '', GOOS: 'linux', GOARCH: goarch, CGO_ENABLED: '0' };
  const env = { ...process.env, ...target };
  let goFull: ReturnType<typeof goTotals>;
  const libOut = join(dir, 'lib.out');

  it('runs the toolchain', { timeout: 600_000 }, () => {
    run(go!, ['test', '-covermode=set', '-coverpkg=./...', `-coverprofile=${join(dir, 'full.out')}`, './...'], { cwd: dir, env });
    run(go!, ['test', '-covermode=set', `-coverprofile=${libOut}`, './lib'], { cwd: dir, env });
    goFull = goTotals(readFileSync(join(dir, 'full.out'), 'utf8'));
    // Go itself lists the untested packages: the comparison below is against its own numbers.
    expect([...goFull.files.keys()].sort()).toEqual([
      'example.com/unt/cmd/tool/main.go',
      'example.com/unt/lib/lib.go',
      'example.com/unt/util/os_linux.go',
      'example.com/unt/util/util.go',
    ]);
    expect(goTotals(readFileSync(libOut, 'utf8')).files.size).toBe(1);
  });

  it('adds the untested files at 0 % with exactly the statements Go reports, and Go\'s totals', { timeout: 120_000 }, async () => {
    for (const args of [[`--include-untested=${dir}`], ['--include-untested']]) {
      const res = await runCli(['convert', libOut, '--format', 'json', ...args, '--goos', 'linux', '--goarch', goarch], { cwd: dir, env: { CGO_ENABLED: '0' } });
      expect(res.code, res.stderr).toBe(0);
      expect(res.stderr).toMatch(/--include-untested: 3 files not in any profile add \d+ statements to the denominator/);
      const json = JSON.parse(res.stdout) as { total: Totals; files: (Totals & { path: string; notInProfile?: boolean })[] };
      expect({ statements: json.total.statements, covered: json.total.covered }).toEqual(goFull.total);
      expect(json.files.map((f) => f.path)).toEqual([...goFull.files.keys()].sort());
      for (const f of json.files) {
        expect({ statements: f.statements, covered: f.covered }, f.path).toEqual(goFull.files.get(f.path));
        expect(f.notInProfile === true, f.path).toBe(!f.path.includes('/lib/'));
        if (f.notInProfile) expect(f.covered).toBe(0);
      }
    }
  });

  it('patch: a changed file of an untested package is measured at 0 % instead of "not measured"', { timeout: 120_000 }, async () => {
    const text = FILES['util/util.go'];
    const lines = text.split('\n').slice(0, -1);
    const diff = `diff --git a/util/util.go b/util/util.go\nnew file mode 100644\n--- /dev/null\n+++ b/util/util.go\n@@ -0,0 +1,${lines.length} @@\n${lines.map((l) => `+${l}`).join('\n')}\n`;
    writeFileSync(join(dir, 'util.diff'), diff);
    const without = await runCli(['patch', libOut, '--diff', join(dir, 'util.diff'), '--repo', dir, '--format', 'json'], { cwd: dir });
    expect(without.code, without.stderr).toBe(0);
    expect(JSON.parse(without.stdout).notMeasured).toEqual(['util/util.go']);
    const withUntested = await runCli(['patch', libOut, '--diff', join(dir, 'util.diff'), '--repo', dir, '--format', 'json', '--include-untested', '--goos', 'linux', '--goarch', goarch], { cwd: dir, env: { CGO_ENABLED: '0' } });
    expect(withUntested.code, withUntested.stderr).toBe(0);
    const doc = JSON.parse(withUntested.stdout) as { notMeasured: string[]; total: Totals };
    expect(doc.notMeasured).toEqual([]);
    // Every statement of the file is on a changed line: Go's own count for it, none covered.
    expect({ statements: doc.total.statements, covered: doc.total.covered }).toEqual({ statements: goFull.files.get('example.com/unt/util/util.go')!.statements, covered: 0 });
  });

  it('other build targets choose other files (windows: os_windows.go; cgo on: c.go)', { timeout: 120_000 }, async () => {
    const names = async (extra: string[], cgo: string) => {
      const res = await runCli(['convert', libOut, '--format', 'json', `--include-untested=${join(dir, 'util')}`, ...extra], { env: { CGO_ENABLED: cgo } });
      expect(res.code, res.stderr).toBe(0);
      return (JSON.parse(res.stdout) as { files: { path: string }[] }).files.map((f) => f.path.replace('example.com/unt/', ''));
    };
    expect(await names(['--goos', 'windows', '--goarch', 'amd64'], '0')).toEqual(['lib/lib.go', 'util/os_windows.go', 'util/util.go']);
    expect(await names(['--goos', 'darwin', '--goarch', 'arm64'], '0')).toEqual(['lib/lib.go', 'util/os_other.go', 'util/util.go']);
    expect(await names(['--goos', 'linux', '--goarch', 'amd64'], '1')).toEqual(['lib/lib.go', 'util/c.go', 'util/os_linux.go', 'util/util.go']);
  });

  it('marks the files in table, html, junit and ci; func equals go tool cover -func', { timeout: 120_000 }, async () => {
    const flags = [`--include-untested=${dir}`, '--goos', 'linux', '--goarch', goarch];
    const opts = { cwd: dir, env: { CGO_ENABLED: '0' } };
    const table = await runCli(['table', libOut, ...flags, '--prefix', 'example.com/unt'], opts);
    expect(table.code, table.stderr).toBe(0);
    expect(table.stdout).toMatch(/util\/?\s.*0\.0%/);
    const html = await runCli(['html', libOut, ...flags], opts);
    expect(html.code, html.stderr).toBe(0);
    expect(html.stdout).toContain('"n":"util.go","t":[[0,');
    expect(html.stdout).toMatch(/"n":"util\.go","t":\[\[0,\d+\]\],"u":1/);
    expect(html.stdout).not.toMatch(/"n":"lib\.go"[^}]*"u":1/);
    const junit = await runCli(['junit', libOut, ...flags], opts);
    expect(junit.code, junit.stderr).toBe(0);
    expect(junit.stdout).toMatch(
      /name="example.com\/unt\/util\/util.go" time="0">\n[^]*?<property name="coverage" value="0.0"><\/property>\n\s*<property name="not-in-profile" value="true">/,
    );
    expect(junit.stdout.match(/not-in-profile/g)).toHaveLength(3);
    // func: byte-identical to `go tool cover -func` of Go's own -coverpkg=./... profile.
    const fn = await runCli(['func', libOut, ...flags], opts);
    expect(fn.code, fn.stderr).toBe(0);
    expect(fn.stdout).toBe(run(go!, ['tool', 'cover', `-func=${join(dir, 'full.out')}`], { cwd: dir, env }));
    expect(fn.stdout).toMatch(/util\.go:\d+:\s+Clamp\s+0\.0%/);
    const out = join(dir, 'ci-out');
    const ci = await runCli(['ci', '--profiles', libOut, '--out', out, ...flags], opts);
    expect(ci.code, ci.stderr).toBe(0);
    const added = goFull.total.statements - goFull.files.get('example.com/unt/lib/lib.go')!.statements;
    expect(ci.stdout).toContain(`--include-untested: 3 files not in any profile add ${added} statements to the denominator`);
    const util = goFull.files.get('example.com/unt/util/util.go')!.statements + goFull.files.get('example.com/unt/util/os_linux.go')!.statements;
    const ci2 = await runCli(['ci', '--profiles', libOut, '--out', out, '--exclude-path', '/cmd/', ...flags], opts);
    expect(ci2.code, ci2.stderr).toBe(0);
    expect(ci2.stdout).toContain(`--include-untested: 2 files not in any profile add ${util} statements to the denominator`);
  });

  it('rejects a profile given where the module directories go', async () => {
    // `table lib.out --include-untested other.out`: the optional value swallowed a profile.
    const res = await runCli(['table', libOut, '--include-untested', join(dir, 'go.mod')], { cwd: dir });
    expect(res.code).toBe(2);
    expect(res.stderr).toMatch(/^gopherage: --include-untested: .*go\.mod is not a directory \(write --include-untested=DIR/);
  });
});
