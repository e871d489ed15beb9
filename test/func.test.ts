// `gopherage func` against the real `go tool cover -func` of Go 1.23, byte
// for byte: every committed std fixture (set/count/atomic, -coverpkg, merged,
// CRLF) run from the checkout with no path flags (the locator finds
// GOROOT/src through the `go` on PATH), and a module made here with several
// packages, pointer and value receivers, generics, a function declared for
// assembly, //line directives and a build-tagged file.

import { readdirSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { goOrSkip, ROOT, run, runCli, tempDir, TESTDATA, GO_TEST_CACHE, putFile } from './helpers.js';

const go = goOrSkip('1.23');
const goEnv = (): NodeJS.ProcessEnv => ({ ...process.env, GOTOOLCHAIN: 'local', GOFLAGS: '', GOPROXY: 'off', PATH: `${join(go!, '..')}:${process.env.PATH}` });
const cliEnv = () => ({ PATH: goEnv().PATH, GOROOT: undefined });

function goFunc(profile: string, cwd = ROOT): string {
  return run(go!, ['tool', 'cover', `-func=${profile}`], { cwd, env: goEnv() });
}

const fixtures = ['std/set', 'std/count', 'std/atomic', 'coverpkg', 'coverpkg/set'].flatMap((d) =>
  readdirSync(join(TESTDATA, d))
    .filter((f) => f.endsWith('.cov'))
    .map((f) => join(TESTDATA, d, f)),
);

describe.runIf(go)('func matches go tool cover -func', () => {
  it.each(fixtures.map((f) => [f.slice(TESTDATA.length + 1), f]))('%s', async (_, file) => {
    const r = await runCli(['func', file], { env: cliEnv() });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(goFunc(file));
  });

  it('merges several profiles first (as go tool cover -func of the merged profile)', async () => {
    const dir = tempDir();
    const inputs = ['csv', 'list', 'sort', 'utf8'].map((n) => join(TESTDATA, 'std/count', `${n}.cov`));
    const merged = join(dir, 'merged.cov');
    expect((await runCli(['merge', '-o', merged, ...inputs])).code).toBe(0);
    const r = await runCli(['func', ...inputs], { env: cliEnv() });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(goFunc(merged));
    expect(r.stdout.split('\n').length).toBeGreaterThan(100);
  });

  it('reads CRLF profiles', async () => {
    const crlf = join(tempDir(), 'crlf.cov');
    writeFileSync(crlf, readFileSync(join(TESTDATA, 'std/set/csv.cov'), 'utf8').replace(/\n/g, '\r\n'));
    const r = await runCli(['func', crlf], { env: cliEnv() });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(goFunc(crlf));
  });

  it('fails with exit 3 naming the file and how it was looked up when a source is missing', async () => {
    const bare = tempDir();
    const prof = join(bare, 'p.cov');
    writeFileSync(prof, 'mode: set\nexample.com/nowhere/a.go:3.14,5.2 1 1\n');
    const r = await runCli(['func', prof], { env: { PATH: '/nonexistent', GOROOT: undefined }, cwd: bare });
    expect(r.code).toBe(3);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe('gopherage: example.com/nowhere/a.go: source not found: no module owns the prefix (no go.mod or go.work found)\n');
  });
});

describe.runIf(go)('func on a module made here', () => {
  let mod: string;
  let profile: string;
  beforeAll(() => {
    mod = tempDir('gopherage-funcmod-');
    const w = (p: string, t: string) => putFile(mod, p, t);
    w('go.mod', 'module example.com/fm\n\ngo 1.23\n');
    w('shapes/shapes.go', [
      'package shapes', '', 'type Rect struct{ W, H int }', '',
      '// Area has a value receiver.', 'func (r Rect) Area() int {', '\tif r.W < 0 {', '\t\treturn 0', '\t}', '\treturn r.W * r.H', '}', '',
      'func (r *Rect) Scale(k int) {', '\tr.W *= k', '\tr.H *= k', '}', '',
      'type Stack[T any] struct{ items []T }', '',
      'func (s *Stack[T]) Push(v T) { s.items = append(s.items, v) }', '',
      'func (s *Stack[T]) Pop() (T, bool) {', '\tvar zero T', '\tif len(s.items) == 0 {', '\t\treturn zero, false', '\t}',
      '\tv := s.items[len(s.items)-1]', '\ts.items = s.items[:len(s.items)-1]', '\treturn v, true', '}', '',
      'func Map[T, U any](xs []T, f func(T) U) []U {', '\tout := make([]U, 0, len(xs))', '\tfor _, x := range xs {', '\t\tout = append(out, f(x))', '\t}', '\treturn out', '}', '',
      '// add is implemented in assembly.', 'func add(a, b int) int', '',
      'func Never() {', '\tpanic("never")', '}', '',
    ].join('\n'));
    w('shapes/add_amd64.s', '#include "textflag.h"\n\nTEXT ·add(SB),NOSPLIT,$0-24\n\tMOVQ a+0(FP), AX\n\tADDQ b+8(FP), AX\n\tMOVQ AX, ret+16(FP)\n\tRET\n');
    w('shapes/add_other.go', '//go:build !amd64\n\npackage shapes\n\nfunc add(a, b int) int { return a + b }\n');
    w('shapes/shapes_test.go', [
      'package shapes', '', 'import "testing"', '',
      'func TestShapes(t *testing.T) {', '\tr := Rect{2, 3}', '\tr.Scale(2)', '\tif r.Area() != 24 || add(1, 2) != 3 {', '\t\tt.Fatal(r)', '\t}',
      '\tvar s Stack[string]', '\ts.Push("a")', '\ts.Pop()', '\t_ = Map([]int{1}, func(i int) int { return i })', '}', '',
    ].join('\n'));
    w('gen/parser.go', [
      // Directives naming the file itself (one naming another file makes go tool cover -func fail to open it).
      'package gen', '', '//line parser.go:40', 'func Parse(s string) int {', '\tif s == "" {', '\t\treturn -1', '\t}', '\treturn len(s)', '}', '',
      '/*line parser.go:90:9*/func Lex() int { return 1 }', '',
      '//line parser.go:200', 'func After() int {', '\treturn 2', '}', '',
    ].join('\n'));
    w('gen/tagged.go', '//go:build fmtag\n\npackage gen\n\nfunc Tagged(x int) int {\n\tif x > 1 {\n\t\treturn x\n\t}\n\treturn 1\n}\n');
    w('gen/untagged.go', '//go:build !fmtag\n\npackage gen\n\nfunc Untagged() {}\n');
    w('gen/gen_test.go', 'package gen\n\nimport "testing"\n\nfunc TestGen(t *testing.T) { Parse("x"); Lex(); Tagged(2) }\n');
    profile = join(mod, 'c.out');
    run(go!, ['test', '-tags', 'fmtag', '-covermode=count', `-coverprofile=${profile}`, '-coverpkg=./...', './...'], { cwd: mod, env: { ...goEnv(), GOCACHE: GO_TEST_CACHE } });
  }, 600_000);

  it('is byte-identical with no flags, from the module root and from a subdirectory', async () => {
    const want = goFunc(profile, mod);
    expect(want).toMatch(/\tArea\t/);
    expect(want).toMatch(/\tTagged\t/);
    expect(want).not.toMatch(/\tadd\t|\tUntagged\t/);
    expect(want).toMatch(/parser\.go:40:\tParse/);
    for (const cwd of [mod, join(mod, 'gen')]) {
      const r = await runCli(['func', profile], { cwd, env: cliEnv() });
      expect(r.stderr).toBe('');
      expect(r.stdout).toBe(want);
    }
  });

  it('offers json, markdown, --sort and --min', async () => {
    const text = goFunc(profile, mod);
    const rows = text.trim().split('\n').slice(0, -1).map((l) => l.split(/\t+/));
    const json = JSON.parse((await runCli(['func', '--format', 'json', profile], { cwd: mod, env: cliEnv() })).stdout);
    expect(json.schema).toBe('gopherage-functions/v1');
    expect(json.functions.map((f: { path: string; line: number; name: string; percent: number | null }) => [`${f.path}:${f.line}:`, f.name, `${f.percent?.toFixed(1)}%`])).toEqual(rows);
    expect(`${json.total.percent.toFixed(1)}%`).toBe(text.trim().split('\t').pop());
    const never = json.functions.find((f: { name: string }) => f.name === 'Never');
    expect([never.statements, never.covered]).toEqual([1, 0]);
    const below = await runCli(['func', '--min', '100', '--sort', 'uncovered', profile], { cwd: mod, env: cliEnv() });
    const names = below.stdout.trim().split('\n').slice(0, -1).map((l) => l.split(/\t+/)[1]);
    const notFull = rows.filter((r) => r[2] !== '100.0%').map((r) => r[1]);
    expect(names.length).toBeGreaterThan(2);
    expect([...names].sort()).toEqual([...notFull].sort());
    const uncovered = names.map((n) => json.functions.find((f: { name: string }) => f.name === n)).map((f: { statements: number; covered: number }) => f.statements - f.covered);
    expect(uncovered).toEqual([...uncovered].sort((a, b) => b - a));
    expect(below.stdout.trim().split('\n').pop()).toBe(text.trim().split('\n').pop());
    const md = (await runCli(['func', '--format', 'markdown', '--sort', 'name', profile], { cwd: mod, env: cliEnv() })).stdout;
    expect(md.split('\n')[0]).toBe('| Function | File | Statements | Coverage |');
    const mdNames = md.trim().split('\n').slice(2, -1).map((l) => l.split(' | ')[0].slice(2));
    expect(mdNames).toEqual([...rows.map((r) => r[1])].sort());
  });
});
