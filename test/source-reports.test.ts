// Reports with sources found by the locator, in a real git repository made
// here (a module in a subdirectory): LCOV `SF:` and Cobertura file names are
// repository paths, function data is present (LCOV FN/FNDA/FNF/FNH that
// genhtml renders without warnings, run from the repository root with no
// flags; Cobertura <methods> valid against the coverage-04 DTD; JSON
// per-function entries), --path-style import keeps import paths and
// --path-prefix still applies.

import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { goOrSkip, run, runCli, tempDir, TESTDATA, GO_TEST_CACHE, putFile } from './helpers.js';

const go = goOrSkip('1.23');
const env = { PATH: '/usr/bin:/bin', GOROOT: undefined }; // git but no go: no std lookups, only the repository matters here

function need(tool: string): string | null {
  if (existsSync(tool)) return tool;
  if (process.env.CI) throw new Error(`${tool} is required under CI`);
  return null;
}

describe.runIf(go)('reports with sources in a repository', () => {
  let repo: string;
  let profile: string;
  beforeAll(() => {
    repo = tempDir('gopherage-srcrep-');
    const w = (p: string, t: string) => putFile(repo, p, t);
    w('svc/go.mod', 'module example.com/svc\n\ngo 1.23\n');
    w('svc/pkg/a.go', [
      'package pkg', '', 'type A struct{}', '', 'type B struct{}', '',
      'func (A) String() string { return "a" }', '', 'func (*B) String() string { return "b" }', '',
      'func init() { _ = 1 }', '', 'func init() { _ = 2 }', '',
      'func Sign(x int) int {', '\tif x < 0 {', '\t\treturn -1', '\t}', '\treturn 1', '}', '',
      'func Unused() int {', '\treturn 0', '}', '',
    ].join('\n'));
    w('svc/pkg/a_test.go', 'package pkg\n\nimport "testing"\n\nfunc TestA(t *testing.T) { _ = A{}.String(); Sign(3); Sign(4) }\n');
    run('git', ['init', '-q', repo]);
    profile = join(repo, 'c.out');
    run(go!, ['test', '-covermode=count', `-coverprofile=${profile}`, './...'], {
      cwd: join(repo, 'svc'),
      env: { ...process.env, GOTOOLCHAIN: 'local', GOFLAGS: '', GOPROXY: 'off', GOCACHE: GO_TEST_CACHE },
    });
  }, 600_000);

  it('LCOV: repository paths and FN records, rendered by genhtml from the repository root with no flags', async () => {
    const r = await runCli(['convert', profile, '-f', 'lcov'], { cwd: repo, env });
    expect(r.stderr).toBe('');
    expect(r.stdout).toContain('SF:svc/pkg/a.go\n');
    const fn = r.stdout.split('\n').filter((l) => /^FN/.test(l));
    // Hand-checked: two String methods (receivers keep them apart), two inits (the second gets @line),
    // Sign entered twice, Unused never; A.String once, inits once each at package init.
    expect(fn).toEqual([
      'FN:7,A.String', 'FN:9,(*B).String', 'FN:11,init', 'FN:13,init@13', 'FN:15,Sign', 'FN:22,Unused',
      'FNDA:1,A.String', 'FNDA:0,(*B).String', 'FNDA:1,init', 'FNDA:1,init@13', 'FNDA:2,Sign', 'FNDA:0,Unused',
      'FNF:6', 'FNH:4',
    ]);
    const genhtml = need('/usr/bin/genhtml');
    if (!genhtml) return;
    const lcov = join(repo, 'coverage.lcov');
    writeFileSync(lcov, r.stdout);
    const out = join(tempDir(), 'html');
    const g = spawnSync(genhtml, ['-q', '-o', out, lcov], { cwd: repo, encoding: 'utf8' });
    expect(g.stderr).toBe('');
    expect(g.status).toBe(0);
    // genhtml drops the common prefix (svc/) from its page layout.
    const funcPage = readFileSync(join(out, 'pkg/a.go.func.html'), 'utf8');
    for (const name of ['A.String', '(*B).String', 'init@13', 'Sign', 'Unused']) expect(funcPage).toContain(name);
    const sourcePage = readFileSync(join(out, 'pkg/a.go.gcov.html'), 'utf8'); // genhtml opened the source by itself
    expect(sourcePage).toContain('func Sign(x int) int');
  });

  it('--path-style import keeps import paths; --path-prefix applies after the repository path', async () => {
    const imp = await runCli(['convert', profile, '-f', 'lcov', '--path-style', 'import'], { cwd: repo, env });
    expect(imp.stdout).toContain('SF:example.com/svc/pkg/a.go\n');
    expect(imp.stdout).toContain('FN:15,Sign\n');
    const pre = await runCli(['convert', profile, '-f', 'lcov', '--path-prefix', 'svc/=src/svc/', '--no-functions'], { cwd: repo, env });
    expect(pre.stdout).toContain('SF:src/svc/pkg/a.go\n');
    expect(pre.stdout).not.toContain('FN');
    // Outside the repository and module nothing is found: import paths, no function records.
    const away = await runCli(['convert', profile, '-f', 'lcov'], { cwd: tempDir(), env });
    expect(away.stdout).toContain('SF:example.com/svc/pkg/a.go\n');
    expect(away.stdout).not.toContain('FN');
  });

  it('Cobertura: <methods> with per-method line-rate, valid against the coverage-04 DTD', async () => {
    const r = await runCli(['convert', profile, '-f', 'cobertura'], { cwd: repo, env });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('<class name="a.go" filename="svc/pkg/a.go"');
    const methods = [...r.stdout.matchAll(/<method name="([^"]*)" signature="" line-rate="([^"]*)"/g)].map((m) => [m[1], m[2]]);
    expect(methods.map((m) => m[0])).toEqual(['A.String', '(*B).String', 'init', 'init@13', 'Sign', 'Unused']);
    expect(Object.fromEntries(methods)).toMatchObject({ 'A.String': '1', '(*B).String': '0', Unused: '0' });
    const sign = r.stdout.slice(r.stdout.indexOf('<method name="Sign"'), r.stdout.indexOf('</method>', r.stdout.indexOf('<method name="Sign"')));
    const lines = [...sign.matchAll(/<line number="(\d+)" hits="(\d+)"\/>/g)].map((m) => `${m[1]}:${m[2]}`);
    // Blocks 15.22-16.11 (2 runs), 16.11-18.3 (never), 19.2-19.10 (2 runs); line 20 is in no block.
    expect(lines).toEqual(['15:2', '16:2', '17:0', '18:0', '19:2']);
    expect(sign).toContain('line-rate="0.6"');
    const xmllint = need('/usr/bin/xmllint');
    if (!xmllint) return;
    const file = join(tempDir(), 'c.xml');
    writeFileSync(file, r.stdout);
    const v = spawnSync(xmllint, ['--noout', '--nonet', '--dtdvalid', join(TESTDATA, 'covdata', 'coverage-04.dtd'), file], { encoding: 'utf8' });
    expect(v.stderr).not.toMatch(/validity error|fails to validate/); // (a --nonet note about the DTD's URL is expected)
    expect(v.status).toBe(0);
  });

  it('JSON: per-function entries', async () => {
    const r = await runCli(['convert', profile, '-f', 'json'], { cwd: repo, env });
    const doc = JSON.parse(r.stdout);
    expect(doc.files[0].path).toBe('svc/pkg/a.go');
    expect(doc.files[0].functions.find((f: { name: string }) => f.name === 'Sign')).toEqual({
      name: 'Sign', line: 15, covered: 2, statements: 3, ratio: 2 / 3, percent: 66.7,
    });
  });
});
