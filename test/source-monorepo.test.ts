// html, ci and table find sources with no flags in a go.work monorepo made
// here (a git repository with two modules and a real profile), carry function
// data, and say which files were not found and why; --source-map works from
// outside the checkout.

import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { goOrSkip, run, runCli, tempDir, GO_TEST_CACHE, putFile } from './helpers.js';
import { pageModel } from './html-page.js';

const go = goOrSkip('1.23');
const env = { PATH: '/usr/bin:/bin', GOROOT: undefined }; // git, no go: std is not looked up

const model = pageModel;

describe.runIf(go)('sources in a go.work monorepo, no flags', () => {
  let ws: string;
  let profile: string;
  beforeAll(() => {
    ws = tempDir('gopherage-mono-');
    const w = (p: string, t: string) => putFile(ws, p, t);
    w('go.work', 'go 1.23\n\nuse (\n\t./svc/a\n\t./svc/b\n)\n');
    w('svc/a/go.mod', 'module example.com/a\n\ngo 1.23\n');
    w('svc/a/a.go', 'package a\n\nfunc Half(x int) int {\n\tif x%2 == 1 {\n\t\treturn -1\n\t}\n\treturn x / 2\n}\n\nfunc Dead() int {\n\tx := 1\n\treturn x\n}\n');
    w('svc/a/a_test.go', 'package a\n\nimport "testing"\n\nfunc TestHalf(t *testing.T) { Half(4) }\n');
    w('svc/b/go.mod', 'module example.com/b\n\ngo 1.23\n');
    w('svc/b/b.go', 'package b\n\ntype T struct{}\n\nfunc (t *T) Ok() bool { return true }\n');
    w('svc/b/b_test.go', 'package b\n\nimport "testing"\n\nfunc TestOk(t *testing.T) { (&T{}).Ok() }\n');
    run('git', ['init', '-q', ws]);
    profile = join(ws, 'c.out');
    run(go!, ['test', `-coverprofile=${profile}`, 'example.com/a', 'example.com/b'], {
      cwd: ws,
      env: { ...process.env, GOTOOLCHAIN: 'local', GOFLAGS: '', GOPROXY: 'off', GOCACHE: GO_TEST_CACHE },
    });
  }, 600_000);

  it('html: every source found, functions listed per file, nothing said', async () => {
    const r = await runCli(['html', profile], { cwd: ws, env });
    expect(r.stderr).toBe('');
    const m = model(r.stdout);
    expect(m.sourceStats).toEqual({ found: 2, missing: 0 });
    expect(m.sources.map((s) => [s.path, s.functions])).toEqual([
      ['example.com/a/a.go', [{ name: 'Half', line: 3, covered: 2, statements: 3 }, { name: 'Dead', line: 10, covered: 0, statements: 2 }]],
      ['example.com/b/b.go', [{ name: '(*T).Ok', line: 5, covered: 1, statements: 1 }]],
    ]);
  });

  it('html: names files that were not found, with the reason', async () => {
    const extra = join(ws, 'extra.out');
    writeFileSync(extra, `${readFileSync(profile, 'utf8')}example.com/a/gone.go:3.1,4.2 1 0\nexample.org/x/y.go:3.1,4.2 1 0\n`);
    const r = await runCli(['html', extra, '-o', join(ws, 'x.html')], { cwd: join(ws, 'svc'), env });
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(
      /^gopherage: source found for 2 of 4 files; the others are marked "no source": example\.com\/a\/gone\.go \(file missing \(looked for \/.*\/svc\/a\/gone\.go\)\), example\.org\/x\/y\.go \(no module owns the prefix \(looked in example\.com\/a at .*\)\)\n$/,
    );
  });

  it('html --source-map works from outside the checkout', async () => {
    const r = await runCli(['html', profile, '--source-map', `example.com/b=${join(ws, 'svc/b')}`], { cwd: tempDir(), env });
    const m = model(r.stdout);
    expect(m.sources.map((s) => s.path)).toEqual(['example.com/b/b.go']);
    expect(r.stderr).toContain('source found for 1 of 2 files');
    expect(r.stderr).toContain('example.com/a/a.go (no module owns the prefix');
  });

  it('ci: summary.json per-function entries, lcov with repository paths and FN, summary.md worst functions', async () => {
    const out = join(ws, 'reports');
    const r = await runCli(['ci', '--profiles', profile, '--out', out, '--formats', 'lcov', '--worst-functions', '2'], { cwd: ws, env });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
    expect(summary.files[0].functions).toEqual([
      { name: 'Half', line: 3, statements: 3, covered: 2, ratio: 2 / 3, percent: 66.7 },
      { name: 'Dead', line: 10, statements: 2, covered: 0, ratio: 0, percent: 0 },
    ]);
    expect(readFileSync(join(out, 'lcov.info'), 'utf8')).toContain('SF:svc/a/a.go\nFN:3,Half\nFN:10,Dead\nFNDA:1,Half\nFNDA:0,Dead\nFNF:2\nFNH:1\n');
    const md = readFileSync(join(out, 'summary.md'), 'utf8');
    expect(md).toContain('**Least-covered functions** (2 of 3)\n\n| Function | File | Uncovered | Coverage |\n| :--- | :--- | ---: | ---: |\n| Dead | example.com/a/a.go:10 | 2 | 0.0% |\n| Half | example.com/a/a.go:3 | 1 | 66.7% |\n');
    expect(model(readFileSync(join(out, 'coverage.html'), 'utf8')).sourceStats).toEqual({ found: 2, missing: 0 });
  });

  it('table --format markdown --worst-functions', async () => {
    const r = await runCli(['table', profile, '--format', 'markdown', '--worst-functions', '1'], { cwd: ws, env });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('\n**Least-covered functions** (1 of 3)\n');
    expect(r.stdout).toContain('| Dead | example.com/a/a.go:10 | 2 | 0.0% |\n');
    const text = await runCli(['table', profile, '--worst-functions', '1'], { cwd: ws, env });
    expect(text.code).toBe(2);
    expect(text.stderr).toMatch(/^gopherage: --worst-functions needs --format markdown\n/);
  });
});
