// `gopherage convert`: LCOV, Cobertura and JSON golden files from the real
// GOCOVERDIR fixture (written by Go 1.23, see testdata/covdata/generate.sh),
// Cobertura validated against the coverage-04 DTD with xmllint, and the CLI
// contract (path rewriting, stdin, errors). Regenerate goldens with
// UPDATE_GOLDEN=1.

import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { TESTDATA, expectGolden, runCli, tempDir } from './helpers.js';

const COVDATA = join(TESTDATA, 'covdata');
const DIR = join(COVDATA, 'gocoverdir');
const TEXT = join(COVDATA, 'gocoverdir.txt');
const GOLDEN = join(COVDATA, 'golden');
const DTD = join(COVDATA, 'coverage-04.dtd');

/** Compare with the golden file GOLDEN/<name> (UPDATE_GOLDEN=1 rewrites it). */
function golden(name: string, actual: string): void {
  expectGolden(join(GOLDEN, name), actual);
}

/** xmllint, or null to skip locally (never under CI). */
function xmllintOrSkip(): string | null {
  if (existsSync('/usr/bin/xmllint')) return '/usr/bin/xmllint';
  if (process.env.CI) throw new Error('xmllint is required under CI (install libxml2-utils)');
  console.warn('skipping DTD validation: xmllint not installed');
  return null;
}

/** Validate XML text against the coverage-04 DTD; returns xmllint's exit status and stderr. */
function validate(xmllint: string, xml: string): { status: number | null; stderr: string } {
  const file = join(tempDir(), 'coverage.xml');
  writeFileSync(file, xml);
  const r = spawnSync(xmllint, ['--noout', '--nonet', '--dtdvalid', DTD, file], { encoding: 'utf8' });
  return { status: r.status, stderr: r.stderr };
}

describe('convert --format lcov|cobertura|json', () => {
  for (const [format, file, extra] of [
    ['lcov', 'gocoverdir.lcov', []],
    ['cobertura', 'gocoverdir.cobertura.xml', []],
    ['json', 'gocoverdir.json', []],
    ['json', 'gocoverdir.blocks.json', ['--blocks']],
    ['lcov', 'gocoverdir.stripped.lcov', ['--path-prefix', 'example.com/prog/']],
    ['cobertura', 'gocoverdir.sources.cobertura.xml', ['--path-prefix', 'example.com/prog/', '--source', '/builds/group/prog', '--timestamp', '1700000000']],
  ] as const) {
    it(`${format} ${extra.join(' ')}: golden ${file}, same from the GOCOVERDIR and from its text profile`, async () => {
      const fromDir = await runCli(['convert', DIR, '--format', format, ...extra], { env: { SOURCE_DATE_EPOCH: undefined } });
      expect(fromDir.stderr).toBe('');
      expect(fromDir.code).toBe(0);
      golden(file, fromDir.stdout);
      const fromText = await runCli(['convert', TEXT, '-f', format, ...extra], { env: { SOURCE_DATE_EPOCH: undefined } });
      expect(fromText.stdout).toBe(fromDir.stdout);
    });
  }

  it('LCOV: a line shared by blocks gets the max count; LF/LH count lines', async () => {
    const r = await runCli(['convert', DIR, '-f', 'lcov']);
    const record = r.stdout.split('end_of_record\n').find((s) => s.includes('SF:example.com/prog/main.go\n'))!;
    // main.go:11.13,13.11 ran 4 times, 13.11,15.3 ran 3 times, 15.8,17.3 once (from gocoverdir.txt).
    expect(record).toContain('DA:13,4\n');
    expect(record).toContain('DA:15,3\n');
    expect(record).toContain('DA:16,1\n');
    const da = record.split('\n').filter((l) => l.startsWith('DA:'));
    expect(record).toContain(`LF:${da.length}\n`);
    expect(record).toContain(`LH:${da.filter((l) => !l.endsWith(',0')).length}\n`);
  });

  it('JSON totals agree with the statements of the text profile', async () => {
    const r = await runCli(['convert', DIR, '-f', 'json']);
    const s = JSON.parse(r.stdout);
    const blocks = readFileSync(TEXT, 'utf8').trim().split('\n').slice(1).map((l) => l.split(' ').slice(1).map(Number));
    const statements = blocks.reduce((a, [n]) => a + n, 0);
    const covered = blocks.reduce((a, [n, c]) => a + (c > 0 ? n : 0), 0);
    expect(s.total).toEqual({ covered, statements, ratio: covered / statements, percent: Number(((100 * covered) / statements).toFixed(1)) });
    expect(s.directories.map((d: { path: string }) => d.path)).toEqual(['example.com/prog', 'example.com/prog/lib', 'example.com/prog/lib/sub']);
  });

  it('Cobertura output is valid against the coverage-04 DTD (and the check can fail)', async () => {
    const xmllint = xmllintOrSkip();
    if (!xmllint) return;
    for (const extra of [[], ['--source', '.', '--source', '/src']]) {
      const r = await runCli(['convert', DIR, '-f', 'cobertura', ...extra]);
      const v = validate(xmllint, r.stdout);
      expect(v.stderr).not.toContain('validity error');
      expect(v.status).toBe(0);
    }
    // An empty profile: no packages, rates are "1", never NaN.
    const empty = await runCli(['convert', '-', '-f', 'cobertura'], { stdin: 'mode: set\n' });
    expect(empty.stdout).toContain('<coverage line-rate="1" branch-rate="0" lines-covered="0" lines-valid="0"');
    expect(empty.stdout).not.toContain('NaN');
    expect(validate(xmllint, empty.stdout).status).toBe(0);
    // Negative control: dropping a required attribute must fail validation.
    const broken = validate(xmllint, (await runCli(['convert', DIR, '-f', 'cobertura'])).stdout.replace(/ lines-valid="\d+"/, ''));
    expect(broken.status).not.toBe(0);
    expect(broken.stderr).toContain('lines-valid');
  });

  it('escapes file names in XML', async () => {
    const r = await runCli(['convert', '-', '-f', 'cobertura'], { stdin: 'mode: set\na&b/<x>"q".go:1.1,2.2 1 1\n' });
    expect(r.stdout).toContain('<package name="a&amp;b"');
    expect(r.stdout).toContain('filename="a&amp;b/&lt;x&gt;&quot;q&quot;.go"');
    const xmllint = xmllintOrSkip();
    if (xmllint) expect(validate(xmllint, r.stdout).status).toBe(0);
  });

  it('the README workflow: merge two GOCOVERDIRs, then convert the merged profile to LCOV', async () => {
    const work = tempDir();
    const d2 = join(work, 'second');
    mkdirSync(d2);
    for (const f of readdirSync(DIR)) copyFileSync(join(DIR, f), join(d2, f));
    const merged = join(work, 'merged.cov');
    const m = await runCli(['merge', DIR, d2, '-o', merged]);
    expect(m.stderr).toBe('');
    expect(m.code).toBe(0);
    const text = readFileSync(merged, 'utf8');
    expect(text).toContain('example.com/prog/lib/sub/sub.go:5.19,6.14 1 20\n'); // 10 + 10
    const lcov = await runCli(['convert', merged, '--format', 'lcov', '-o', join(work, 'coverage.lcov')]);
    expect(lcov.code).toBe(0);
    expect(readFileSync(join(work, 'coverage.lcov'), 'utf8')).toContain('SF:example.com/prog/lib/sub/sub.go\nDA:5,20\n');
  });

  it('errors: usage (exit 2) and input (exit 3)', async () => {
    const text = await runCli(['convert', DIR, '--path-prefix', 'a=b']);
    expect(text.code).toBe(2);
    expect(text.stderr).toMatch(/^gopherage: --path-prefix applies to lcov, cobertura and json output, not text\n/);
    const emptyFrom = await runCli(['convert', DIR, '-f', 'lcov', '--path-prefix', '=x']);
    expect(emptyFrom.code).toBe(2);
    const ts = await runCli(['convert', DIR, '-f', 'cobertura', '--timestamp', 'soon']);
    expect(ts.code).toBe(2);
    const empty = tempDir();
    const notDir = await runCli(['convert', empty]);
    expect(notDir.code).toBe(3);
    expect(notDir.stderr).toBe(`gopherage: ${empty}: not a GOCOVERDIR: no Go coverage meta-data files (covmeta.*)\n`);
    const meta = readdirSync(DIR).find((f) => f.startsWith('covmeta.'))!;
    const single = await runCli(['convert', join(DIR, meta)]);
    expect(single.code).toBe(3);
    expect(single.stderr).toBe(`gopherage: ${join(DIR, meta)}: a Go binary coverage file; pass its directory (the GOCOVERDIR) instead\n`);
  });
});

describe('convert --format cobertura --split-size (GitLab reads at most 10 MiB per file)', () => {
  /** A profile of `pkgs` packages, each one file with `blocks` one-line blocks, half covered. */
  function wideProfile(pkgs: number, blocks: number): string {
    let s = 'mode: set\n';
    for (let p = 0; p < pkgs; p++) for (let b = 1; b <= blocks; b++) s += `example.com/m/p${String(p).padStart(3, '0')}/f.go:${b}.1,${b}.20 1 ${b % 2}\n`;
    return s;
  }
  const classes = (xml: string): string[] => [...xml.matchAll(/<class [^]*?<\/class>/g)].map((m) => m[0]);

  it('writes complete parts under the limit whose classes are exactly the whole report, and removes stale parts', async () => {
    const dir = tempDir();
    const input = join(dir, 'wide.cov');
    writeFileSync(input, wideProfile(60, 40));
    const whole = await runCli(['convert', input, '-f', 'cobertura']);
    expect(whole.code).toBe(0);
    const limit = 16 * 1024;
    expect(Buffer.byteLength(whole.stdout)).toBeGreaterThan(4 * limit);
    writeFileSync(join(dir, 'cobertura-99.xml'), 'stale'); // from an earlier, bigger run
    writeFileSync(join(dir, 'cobertura-x.xml'), 'not ours');
    const r = await runCli(['convert', input, '-f', 'cobertura', '--split-size', '16KiB', '-o', join(dir, 'cobertura.xml')]);
    expect(r.code, r.stderr).toBe(0);
    const parts = readdirSync(dir).filter((f) => /^cobertura-\d+\.xml$/.test(f)).sort((a, b) => parseInt(a.slice(10)) - parseInt(b.slice(10)));
    expect(parts.length).toBeGreaterThanOrEqual(5);
    expect(parts).toEqual(parts.map((_, i) => `cobertura-${i + 1}.xml`)); // -99 is gone
    expect(existsSync(join(dir, 'cobertura-x.xml'))).toBe(true);
    expect(existsSync(join(dir, 'cobertura.xml'))).toBe(false);
    expect(r.stderr).toBe(`gopherage: wrote ${parts.length} Cobertura parts ${join(dir, 'cobertura')}-{1..${parts.length}}.xml\n`);
    const texts = parts.map((p) => readFileSync(join(dir, p), 'utf8'));
    for (const t of texts) expect(Buffer.byteLength(t)).toBeLessThanOrEqual(limit);
    expect(texts.flatMap(classes)).toEqual(classes(whole.stdout));
    const xmllint = xmllintOrSkip();
    if (xmllint) for (const t of texts) expect(validate(xmllint, t).status).toBe(0);
  });

  it('is a usage error without -o, for other formats, or with a bad size', async () => {
    const input = join(TESTDATA, 'example', 'list-basic.cov');
    for (const args of [['-f', 'cobertura', '--split-size', '9MiB'], ['-f', 'lcov', '--split-size', '9MiB', '-o', join(tempDir(), 'x.info')], ['-f', 'cobertura', '--split-size', 'big', '-o', join(tempDir(), 'x.xml')]]) {
      const r = await runCli(['convert', input, ...args]);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toMatch(/^gopherage: --split-size/);
    }
  });
});
