// --exclude-generated and --honor-ignore on every command that takes them
// (filter, table, html, junit, func, convert, ci) and ci's default, run as
// processes from inside the fixture module testdata/markers (sources found
// from its go.mod, no flags). The numbers are the hand-counted ones of
// test/markers.test.ts: 64 statements in 21 files; generated 21 (6 files);
// ignored 23 = .covignore 5 + gocover file 3 + coverage-ignore 10 + gocover
// blocks 5; four ignored blocks ran.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseProfileString } from '../src/profile/parser.js';
import { runCli, tempDir, TESTDATA } from './helpers.js';

const MOD = join(TESTDATA, 'markers');
const PROFILE = join(MOD, 'cover.out');
const P = 'example.com/markers/';
const inMod = { cwd: MOD };

const canonical = (text: string): string =>
  parseProfileString(text, 'in')
    .files.map((f) => `${f.name} ${f.pos.join(',')} ${f.stmts.join(',')} ${f.counts.join(',')}`)
    .join('\n');
const statements = (text: string): number => parseProfileString(text, 'out').files.reduce((n, f) => n + f.stmts.reduce((a, b) => a + b, 0), 0);
const GENERATED_NOTE = 'gopherage: excluded 21 of 64 statements: 6 generated files (21)\n';
const IGNORE_NOTE = 'gopherage: excluded 23 of 64 statements: 5 ignored files (8), 9 ignored blocks (15)\n';
const RAN = `gopherage: warning: 4 ignored blocks ran anyway: ${P}ign/cti.go:16 (coverage-ignore), ${P}ign/gocover_block.go:8 (gocover:ignore:block), ${P}ign/gocover_block.go:13 (gocover:ignore:block), and 1 more\n`;

function model(html: string): { exclusions?: ({ statements: number; generated: number; ignored: number; ran: { file: string; line: number }[] } | null)[]; root: unknown } {
  const m = /<script type="application\/json" id="gopherage-data">([\s\S]*?)<\/script>/.exec(html);
  return JSON.parse(m![1]);
}

describe('filter', () => {
  it('--exclude-generated drops the generated files and says how many statements went', async () => {
    const r = await runCli(['filter', PROFILE, '--exclude-generated'], inMod);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe(GENERATED_NOTE);
    expect(statements(r.stdout)).toBe(43);
    expect(r.stdout).not.toMatch(/gen\/g\d/);
    expect(r.stdout).toContain(`${P}gen/n1_after_package.go`);
  });

  it('--honor-ignore drops ignored files and blocks, and warns about ignored code that ran and markers that did nothing', async () => {
    const r = await runCli(['filter', PROFILE, '--honor-ignore'], inMod);
    expect(r.code).toBe(0);
    expect(statements(r.stdout)).toBe(41);
    const lines = r.stderr.split('\n');
    expect(lines[0] + '\n').toBe(IGNORE_NOTE);
    expect(lines[1] + '\n').toBe(RAN);
    expect(lines[2]).toBe(
      `gopherage: warning: 3 ignore markers excluded nothing: ${P}ign/cti.go:3 (no block opens on its line), ${P}ign/cti.go:61 (no block opens on its line), ${P}ign/gocover_block.go:25 (no profile block at or after its line)`,
    );
    expect(lines[3]).toBe(`gopherage: warning: 1 gocover marker without the explanation gocover requires (applied anyway): ${P}ign/gocover_block.go:21`);
    expect(lines.length).toBe(5);
    // The if body of Partly (16.12,19.3) is gone, the rest of Partly stays.
    expect(r.stdout).not.toContain(`${P}ign/cti.go:16.12,19.3`);
    expect(r.stdout).toContain(`${P}ign/cti.go:14.24,16.12 2 1`);
  });

  it('without the flags nothing changes and no source is read', async () => {
    const r = await runCli(['filter', PROFILE], inMod);
    expect(r.stderr).toBe('');
    expect(canonical(r.stdout)).toBe(canonical(readFileSync(PROFILE, 'utf8')));
  });

  it('sources not found: files are kept, and the count is said', async () => {
    const r = await runCli(['filter', PROFILE, '--honor-ignore', '--exclude-generated'], { cwd: tempDir() });
    expect(r.code).toBe(0);
    expect(canonical(r.stdout)).toBe(canonical(readFileSync(PROFILE, 'utf8')));
    expect(r.stderr).toMatch(/^gopherage: excluded 0 of 64 statements\ngopherage: warning: sources: found 0 of 21 files; not found: example\.com\/markers\/gen\/g1_std\.go \(no module owns the prefix[^\n]*, and 18 more \(kept: not checked for generated headers or markers\)\n$/);
  });

  it('--source-root finds the sources from elsewhere (and its .covignore)', async () => {
    const r = await runCli(['filter', PROFILE, '--honor-ignore', '--source-root', MOD, '--trim-prefix', P], { cwd: tempDir() });
    expect(r.code).toBe(0);
    expect(r.stderr.split('\n')[0] + '\n').toBe(IGNORE_NOTE);
    expect(statements(r.stdout)).toBe(41);
  });
});

describe('table, junit, func, convert, html', () => {
  it('table --exclude-generated --honor-ignore: totals without 44 statements', async () => {
    const r = await runCli(['table', PROFILE, '--exclude-generated', '--honor-ignore', '--format', 'json', '--prefix', ''], inMod);
    expect(r.code).toBe(0);
    const t = JSON.parse(r.stdout) as { rows: { name: string; cells: { statements: number }[] }[] };
    expect(t.rows.reduce((n, row) => n + row.cells[0].statements, 0)).toBe(64 - 44);
    expect(r.stderr.startsWith('gopherage: excluded 44 of 64 statements: 6 generated files (21), 5 ignored files (8), 9 ignored blocks (15)\n')).toBe(true);
  });

  it('junit --exclude-generated: no test case for a generated file', async () => {
    const plain = await runCli(['junit', PROFILE], inMod);
    const r = await runCli(['junit', PROFILE, '--exclude-generated'], inMod);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe(GENERATED_NOTE);
    expect(plain.stdout).toContain('name="example.com/markers/gen/g1_std.go"');
    expect(r.stdout).not.toContain('g1_std.go');
    expect(r.stdout).toContain('name="example.com/markers/gen/n1_after_package.go"');
  });

  it('func --honor-ignore: functions excluded whole are not listed; the total follows', async () => {
    const plain = await runCli(['func', PROFILE], inMod);
    expect(plain.code).toBe(0);
    expect(plain.stdout).toMatch(/ign\/cti\.go:6:\s+Ignored\s+0\.0%/);
    const r = await runCli(['func', PROFILE, '--honor-ignore'], inMod);
    expect(r.code).toBe(0);
    expect(r.stdout).not.toMatch(/\bIgnored\b|\bMulti\b|WholeFile|FooMock|gocover_block\.go:19/);
    expect(plain.stdout).toMatch(/gocover_block\.go:19:\s+G1\s+100\.0%/);
    expect(r.stdout).toMatch(/ign\/cti\.go:14:\s+Partly\s+100\.0%/);
    // 18 of the 64 statements ran; 7 of them are in ignored blocks (cti.go:16 2, gocover_block.go 2+1+2): 11/41 = 26.8%.
    expect(r.stdout).toMatch(/total:\s+\(statements\)\s+26\.8%\n$/);
    const g = await runCli(['func', PROFILE, '--exclude-generated'], inMod);
    expect(g.stdout).not.toContain('g1_std.go');
    expect(g.stderr).toBe(GENERATED_NOTE);
  });

  it('convert --format json --honor-ignore: an "excluded" section listing files and regions, executed ones flagged', async () => {
    const r = await runCli(['convert', PROFILE, '--format', 'json', '--honor-ignore'], inMod);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(Object.keys(j)).toEqual(['schema', 'mode', 'total', 'directories', 'excluded', 'files']);
    expect(j.total.statements).toBe(41);
    expect(j.excluded.statements).toBe(23);
    expect(j.excluded.generated).toEqual({ files: 0, statements: 0 });
    expect(j.excluded.ignored).toEqual({ files: 5, regions: 9, statements: 23 });
    // Names as in the rest of the JSON: repository paths where the source was found.
    expect(j.excluded.regions.filter((g: { executed: boolean }) => g.executed).map((g: { file: string; line: number }) => `${g.file}:${g.line}`)).toEqual([
      'testdata/markers/ign/cti.go:16',
      'testdata/markers/ign/gocover_block.go:8',
      'testdata/markers/ign/gocover_block.go:13',
      'testdata/markers/ign/gocover_block.go:21',
    ]);
    expect(j.files.map((f: { path: string }) => f.path)).toContain('testdata/markers/ign/cti.go');
    expect(j.excluded.files.map((f: { file: string }) => f.file)).toContain('testdata/markers/skip/a.go');
    // Per-function entries leave out the functions excluded whole (as func does).
    const cti = j.files.find((f: { path: string }) => f.path.endsWith('ign/cti.go'));
    expect(cti.functions.map((f: { name: string }) => f.name)).toEqual(['Partly', 'Switch', 'Closure', 'Else', 'Unused']);
    const noFlags = JSON.parse((await runCli(['convert', PROFILE, '--format', 'json'], inMod)).stdout);
    expect(noFlags.excluded).toBeUndefined();
  });

  it('convert text --exclude-generated writes the reduced profile', async () => {
    const r = await runCli(['convert', PROFILE, '--exclude-generated'], inMod);
    expect(r.code).toBe(0);
    expect(statements(r.stdout)).toBe(43);
  });

  it('html --honor-ignore: the model flags the files whose ignored code ran, and the page says what was excluded', async () => {
    const r = await runCli(['html', PROFILE, '--honor-ignore', '--exclude-generated'], inMod);
    expect(r.code).toBe(0);
    const m = model(r.stdout);
    expect(m.exclusions).toHaveLength(1);
    expect(m.exclusions![0]).toMatchObject({ statements: 44, generated: 21, ignored: 23 });
    expect(m.exclusions![0]!.ran.map((x) => `${x.file.replace(P, '')}:${x.line}`)).toEqual(['ign/cti.go:16', 'ign/gocover_block.go:8', 'ign/gocover_block.go:13', 'ign/gocover_block.go:21']);
    const flagged: string[] = [];
    const walk = (n: { n: string; d?: unknown[]; x?: number }, path: string): void => {
      if (n.x) flagged.push(path + n.n);
      for (const c of (n.d ?? []) as { n: string }[]) walk(c as typeof n, n.d ? `${path}${n.n}${n.n ? '/' : ''}` : path);
    };
    walk(m.root as { n: string }, '');
    expect(flagged.map((f) => f.slice(f.indexOf('ign/')))).toEqual(['ign/cti.go', 'ign/gocover_block.go']);
    expect(r.stdout).toContain('function renderExclusions()');
    const plain = model((await runCli(['html', PROFILE], inMod)).stdout);
    expect(plain.exclusions).toBeUndefined();
  });
});

describe('ci', () => {
  it('honours ignore markers by default and reports the dropped statements in summary.md, summary.json and stdout', async () => {
    const out = join(tempDir(), 'r');
    const r = await runCli(['ci', '--profiles', PROFILE, '--out', out], inMod);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('excluded 23 statements (0 generated, 23 ignored)\n');
    expect(r.stderr.split('\n')[0] + '\n').toBe(IGNORE_NOTE);
    expect(r.stderr).toContain(RAN);
    const j = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
    expect(j.total.statements).toBe(41);
    expect(j.excluded.statements).toBe(23);
    expect(j.excluded.regions.filter((g: { executed: boolean }) => g.executed)).toHaveLength(4);
    const md = readFileSync(join(out, 'summary.md'), 'utf8');
    expect(md).toContain('Excluded **23** of 64 statements: 0 generated files (0), 5 ignored files (8), 9 ignored blocks (15).');
    expect(md).toContain(`**Ignored code that ran:** \`${P}ign/cti.go:16\` (coverage-ignore)`);
    expect(md).toContain(`| \`${P}ign/cti.go:6-10\` | coverage-ignore | 6 | 3 |`);
    expect(statements(readFileSync(join(out, 'filtered.cov'), 'utf8'))).toBe(41);
  });

  it('--exclude-generated adds the generated files: 44 statements', async () => {
    const out = join(tempDir(), 'r');
    const r = await runCli(['ci', '--profiles', PROFILE, '--exclude-generated', '--out', out], inMod);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('excluded 44 statements (21 generated, 23 ignored)\n');
    expect(JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')).total.statements).toBe(20);
  });

  it('--no-honor-ignore (or "honorIgnore": false in the config) turns it off', async () => {
    const out = join(tempDir(), 'r');
    const r = await runCli(['ci', '--profiles', PROFILE, '--no-honor-ignore', '--out', out], inMod);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).not.toContain('excluded');
    const j = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
    expect(j.total.statements).toBe(64);
    expect(j.excluded).toBeUndefined();
    const dir = tempDir();
    const config = join(dir, 'c.json');
    const { writeFileSync } = await import('node:fs');
    writeFileSync(config, JSON.stringify({ profiles: [PROFILE], honorIgnore: false, out: join(dir, 'r') }));
    const c = await runCli(['ci', '--config', config], inMod);
    expect(c.code).toBe(0);
    expect(JSON.parse(readFileSync(join(dir, 'r', 'summary.json'), 'utf8')).total.statements).toBe(64);
    // The flag overrides the file.
    const c2 = await runCli(['ci', '--config', config, '--honor-ignore'], inMod);
    expect(c2.code).toBe(0);
    expect(JSON.parse(readFileSync(join(dir, 'r', 'summary.json'), 'utf8')).total.statements).toBe(41);
  });

  it('by default, sources not found stay off stderr but are counted in the reports', async () => {
    const out = join(tempDir(), 'r');
    const r = await runCli(['ci', '--profiles', PROFILE, '--out', out], { cwd: tempDir() });
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    const j = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
    expect(j.excluded.statements).toBe(0);
    expect(j.excluded.missing).toHaveLength(21);
    expect(readFileSync(join(out, 'summary.md'), 'utf8')).toContain('Source not found for 21 files (kept, not checked)');
    // Asked for explicitly, they are said on stderr too.
    const e = await runCli(['ci', '--profiles', PROFILE, '--honor-ignore', '--out', out], { cwd: tempDir() });
    expect(e.stderr).toMatch(/^gopherage: excluded 0 of 64 statements\ngopherage: warning: sources: found 0 of 21 files/);
  });
});

describe('.covignore with go.work', () => {
  it('each module of the workspace has its own .covignore, relative to its root', async () => {
    const { mkdirSync, writeFileSync } = await import('node:fs');
    const ws = tempDir();
    writeFileSync(join(ws, 'go.work'), 'go 1.21\n\nuse (\n\t./a\n\t./b\n)\n');
    for (const [dir, mod, ignore] of [
      ['a', 'example.com/a', 'x.go\n'],
      ['b', 'example.com/b', 'sub/\n!y.go\n'],
    ]) {
      mkdirSync(join(ws, dir, 'sub'), { recursive: true });
      writeFileSync(join(ws, dir, 'go.mod'), `module ${mod}\n\ngo 1.21\n`);
      writeFileSync(join(ws, dir, '.covignore'), ignore);
      for (const f of ['x.go', 'y.go', 'sub/x.go', 'sub/y.go']) writeFileSync(join(ws, dir, f), `package p\n\nfunc F() int {\n\treturn 1\n}\n`);
    }
    const names = ['a/x.go', 'a/y.go', 'a/sub/x.go', 'a/sub/y.go', 'b/x.go', 'b/y.go', 'b/sub/x.go', 'b/sub/y.go'].map((n) => `example.com/${n}`);
    const profile = join(ws, 'p.cov');
    writeFileSync(profile, `mode: set\n${names.map((n) => `${n}:3.14,5.2 1 1\n`).join('')}`);
    const r = await runCli(['filter', profile, '--honor-ignore'], { cwd: join(ws, 'a') });
    expect(r.code).toBe(0);
    // a: x.go at any depth; b: everything under sub/ (the negation cannot re-include it).
    expect(parseProfileString(r.stdout, 'out').files.map((f) => f.name)).toEqual(['example.com/a/sub/y.go', 'example.com/a/y.go', 'example.com/b/x.go', 'example.com/b/y.go']);
    expect(r.stderr).toBe('gopherage: excluded 4 of 8 statements: 4 ignored files (4)\n');
  });
});
