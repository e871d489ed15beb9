// End-to-end tests of `gopherage ci` on real fixtures: every report present
// and byte-identical to what the standalone commands make from the same data,
// verdicts and exit codes, config file precedence, $GITHUB_STEP_SUMMARY, and a
// broken input leaving the previous report directory untouched, progress
// only on a terminal.

import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { inputBytes, Progress } from '../src/cli/ci.js';
import { BIN, runCli, tempDir, TESTDATA } from './helpers.js';

const BEFORE = join(TESTDATA, 'beforeafter', 'before', '*.cov');
const AFTER = join(TESTDATA, 'beforeafter', 'after', '*.cov');
const EXCLUDE = 'match\\.go';

async function ok(args: string[], opts = {}): Promise<string> {
  const r = await runCli(args, opts);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return r.stdout;
}

describe('ci before/after', () => {
  let out: string;
  let dir: string;
  let stdout: string;

  beforeAll(async () => {
    dir = tempDir();
    out = join(dir, 'reports');
    stdout = await ok([
      'ci',
      '--before', BEFORE,
      '--after', AFTER,
      '--exclude-path', EXCLUDE,
      '--formats', 'lcov,cobertura',
      '--threshold', '0.5',
      '--out', out,
    ], { env: { SOURCE_DATE_EPOCH: '1700000000' } });
  });

  it('writes every report', () => {
    expect(readdirSync(out).sort()).toEqual(
      ['after.cov', 'before.cov', 'cobertura.xml', 'coverage.html', 'coverage.svg', 'diff.cov', 'filtered.cov', 'junit_coverage.xml', 'lcov.info', 'summary.json', 'summary.md'].sort(),
    );
    // Issue 16: the number is named (it is not the final coverage), and the after profiles' own total follows.
    expect(stdout).toMatch(/^Covered between before and after: \d+\.\d% \(\d+\/\d+ statements\)\nAfter total \(the after profiles alone\): \d+\.\d% \(\d+\/\d+ statements\)\nverdict: pass\n/);
    // No temp directory left beside the report directory.
    expect(readdirSync(dir)).toEqual(['reports']);
  });

  it('produces the same bytes as the standalone commands', async () => {
    const tmp = tempDir();
    const f = (n: string): string => join(tmp, n);
    await ok(['merge', BEFORE, '-o', f('before.cov')]);
    await ok(['merge', AFTER, '-o', f('after.cov')]);
    await ok(['diff', f('before.cov'), f('after.cov'), '-o', f('diff.cov')]);
    await ok(['filter', f('diff.cov'), '--exclude-path', EXCLUDE, '-o', f('filtered.cov')]);
    await ok(['junit', f('filtered.cov'), '--threshold', '0.5', '-o', f('junit_coverage.xml')]);
    await ok(['convert', f('filtered.cov'), '--format', 'lcov', '-o', f('lcov.info')]);
    await ok(['convert', f('filtered.cov'), '--format', 'cobertura', '-o', f('cobertura.xml')]);
    await ok(['html', f('filtered.cov'), '--names', 'between before and after', '--title', 'Coverage report', '-o', f('coverage.html')], { env: { SOURCE_DATE_EPOCH: '1700000000' } });
    for (const name of ['before.cov', 'after.cov', 'diff.cov', 'filtered.cov', 'junit_coverage.xml', 'lcov.info', 'cobertura.xml', 'coverage.html']) {
      expect(readFileSync(join(out, name), 'utf8'), name).toBe(readFileSync(f(name), 'utf8'));
    }
    // The exclusion really applied, and the diff is not empty.
    const filtered = readFileSync(join(out, 'filtered.cov'), 'utf8');
    expect(filtered).not.toMatch(/match\.go/);
    expect(readFileSync(join(out, 'diff.cov'), 'utf8')).toMatch(/match\.go/);
  });

  it('summary.json and summary.md agree with the table command', async () => {
    const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
    expect(summary.schema).toBe('gopherage-coverage/v2');
    expect(summary.ci).toMatchObject({ threshold: 0.5, pass: true, reasons: [], base: null });
    const files = summary.files as { statements: number; covered: number }[];
    expect(summary.total.statements).toBe(files.reduce((n, x) => n + x.statements, 0));
    expect(summary.total.covered).toBe(files.reduce((n, x) => n + x.covered, 0));
    const table = await ok(['table', join(out, 'filtered.cov'), '--names', 'between before and after', '--format', 'markdown']);
    const md = readFileSync(join(out, 'summary.md'), 'utf8');
    expect(md).toContain(table);
    expect(md).toContain(`Covered between before and after: **${summary.total.percent.toFixed(1)}%** (${summary.total.covered.toLocaleString('en-US')}/${summary.total.statements.toLocaleString('en-US')} statements)`);
    // The after total is the after profiles' own coverage, filtered like the run.
    const after = JSON.parse(await ok(['convert', join(out, 'after.cov'), '--format', 'json']));
    const afterFiles = (after.files as { path: string; statements: number; covered: number }[]).filter((x) => !new RegExp(EXCLUDE).test(x.path));
    const afterTotal = { statements: afterFiles.reduce((n, x) => n + x.statements, 0), covered: afterFiles.reduce((n, x) => n + x.covered, 0) };
    expect(summary.ci.measure).toBe('Covered between before and after');
    expect(summary.ci.afterTotal).toMatchObject(afterTotal);
    expect(md).toContain(`After total (the after profiles alone): **${summary.ci.afterTotal.percent.toFixed(1)}%** (${afterTotal.covered.toLocaleString('en-US')}/${afterTotal.statements.toLocaleString('en-US')} statements)`);
    expect(summary.ci.afterTotal.percent).not.toBe(summary.total.percent);
    expect(md).toContain('**Verdict: pass**');
  });
});

describe('ci verdicts', () => {
  it('fails with exit 1 and one line per failing rule', async () => {
    const out = join(tempDir(), 'r');
    const r = await runCli(['ci', '--profiles', AFTER, '--threshold', '0.99', '--package-threshold', '0.95', '--out', out]);
    expect(r.code).toBe(1);
    const lines = r.stderr.trim().split('\n');
    expect(lines[0]).toMatch(/^gopherage: FAIL: total coverage \d+\.\d% is below the threshold of 99\.0%$/);
    expect(lines.slice(1).every((l) => /^gopherage: FAIL: package \S+: coverage \d+\.\d% is below the package threshold of 95\.0%$/.test(l))).toBe(true);
    expect(lines.length).toBeGreaterThan(1);
    // Reports are still written, with the verdict in them.
    const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
    expect(summary.ci.pass).toBe(false);
    expect(summary.ci.reasons).toHaveLength(lines.length);
    expect(readFileSync(join(out, 'summary.md'), 'utf8')).toContain('**Verdict: FAIL**');
    // The junit failures follow the same threshold.
    expect(readFileSync(join(out, 'junit_coverage.xml'), 'utf8')).toContain('is below threshold of 99%');
  });

  it('never fails on coverage without a threshold', async () => {
    const out = join(tempDir(), 'r');
    const r = await runCli(['ci', '--profiles', BEFORE, '--out', out]);
    expect(r.code).toBe(0);
    expect(JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')).ci.pass).toBe(true);
  });

  it('compares with a base profile or a previous summary.json, and --no-decrease fails on a drop', async () => {
    const base = join(tempDir(), 'base');
    await ok(['ci', '--profiles', AFTER, '--out', base]);
    const out = join(tempDir(), 'r');
    const r = await runCli(['ci', '--profiles', BEFORE, '--compare', join(base, 'summary.json'), '--no-decrease', '--out', out]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^gopherage: FAIL: total coverage decreased from \d+\.\d% to \d+\.\d% \(--no-decrease\)\n$/);
    const md = readFileSync(join(out, 'summary.md'), 'utf8');
    expect(md).toMatch(/\| Path +\| current +\| +base +\|/);
    expect(md).toContain('▼');
    expect(md).toMatch(/-\d+\.\d points vs base/);

    // The same base given as profiles gives the same table.
    const out2 = join(tempDir(), 'r');
    const r2 = await runCli(['ci', '--profiles', BEFORE, '--compare', AFTER, '--out', out2]);
    expect(r2.code).toBe(0);
    const table = (p: string): string => readFileSync(p, 'utf8').split('\n').filter((l) => l.startsWith('|')).join('\n');
    expect(table(join(out2, 'summary.md'))).toBe(table(join(out, 'summary.md')));
    // and the HTML has both columns
    expect(readFileSync(join(out2, 'coverage.html'), 'utf8')).toContain('"base"');
  });
});

describe('ci config file', () => {
  it('reads gopherage.config.json from the working directory; flags override it', async () => {
    const cwd = tempDir();
    writeFileSync(
      join(cwd, 'gopherage.config.json'),
      JSON.stringify({ profiles: [AFTER], threshold: 0.99, out: 'from-config', excludePath: ['list'] }),
    );
    const r1 = await runCli(['ci'], { cwd });
    expect(r1.code).toBe(1);
    expect(existsSync(join(cwd, 'from-config', 'summary.json'))).toBe(true);
    expect(readFileSync(join(cwd, 'from-config', 'filtered.cov'), 'utf8')).not.toContain('container/list');

    const r2 = await runCli(['ci', '--threshold', '0.1', '--out', 'from-flags'], { cwd });
    expect(r2.stderr).toBe('');
    expect(r2.code).toBe(0);
    expect(existsSync(join(cwd, 'from-flags', 'summary.json'))).toBe(true);
    // The file's other settings still apply.
    expect(readFileSync(join(cwd, 'from-flags', 'filtered.cov'), 'utf8')).not.toContain('container/list');
  });

  it('flags override the file\'s booleans both ways: --no-decrease/--allow-decrease, --clamp/--no-clamp', async () => {
    const cwd = tempDir();
    const base = join(cwd, 'base');
    await ok(['ci', '--profiles', AFTER, '--out', base]);
    const compare = join(base, 'summary.json');
    // BEFORE has lower coverage than AFTER: a drop against the base.
    writeFileSync(join(cwd, 'strict.json'), JSON.stringify({ profiles: [BEFORE], compare, noDecrease: true }));
    writeFileSync(join(cwd, 'lenient.json'), JSON.stringify({ profiles: [BEFORE], compare, noDecrease: false }));
    const code = async (args: string[]): Promise<number> => (await runCli(['ci', ...args, '--out', 'r'], { cwd })).code;
    expect(await code(['--config', 'strict.json'])).toBe(1);
    expect(await code(['--config', 'strict.json', '--allow-decrease'])).toBe(0);
    expect(await code(['--config', 'lenient.json'])).toBe(0);
    expect(await code(['--config', 'lenient.json', '--no-decrease'])).toBe(1);
    // The last of the pair wins.
    expect(await code(['--config', 'strict.json', '--allow-decrease', '--no-decrease'])).toBe(1);
    expect(await code(['--config', 'lenient.json', '--no-decrease', '--allow-decrease'])).toBe(0);

    // Swapped snapshots: counts decrease, which fails unless clamped.
    const swapped = { before: [AFTER], after: [BEFORE] };
    writeFileSync(join(cwd, 'clamp.json'), JSON.stringify({ ...swapped, clamp: true }));
    writeFileSync(join(cwd, 'noclamp.json'), JSON.stringify({ ...swapped, clamp: false }));
    expect(await code(['--config', 'clamp.json'])).toBe(0);
    const unclamped = await runCli(['ci', '--config', 'clamp.json', '--no-clamp', '--out', 'r'], { cwd });
    expect(unclamped.code).toBe(3);
    expect(unclamped.stderr).toMatch(/^gopherage: count decreased from before/);
    expect(await code(['--config', 'noclamp.json'])).toBe(3);
    expect(await code(['--config', 'noclamp.json', '--clamp'])).toBe(0);
  });

  it('--config names another file; unknown keys and bad values are usage errors', async () => {
    const cwd = tempDir();
    writeFileSync(join(cwd, 'c.json'), JSON.stringify({ profiles: [AFTER], tresholds: 0.5 }));
    const r = await runCli(['ci', '--config', 'c.json'], { cwd });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^gopherage: c\.json: unknown setting "tresholds"/);
    writeFileSync(join(cwd, 'd.json'), JSON.stringify({ profiles: [AFTER], threshold: 2 }));
    const r2 = await runCli(['ci', '--config', 'd.json'], { cwd });
    expect(r2.code).toBe(2);
    expect(r2.stderr).toMatch(/"threshold" must be a number between 0 and 1/);
  });

  it.each([
    [['ci'], /no inputs/],
    [['ci', '--profiles', AFTER, '--before', BEFORE, '--after', AFTER], /either profiles, or before and after/],
    [['ci', '--before', BEFORE], /before and after must be given together/],
    [['ci', '--profiles', AFTER, '--no-decrease'], /--no-decrease needs --compare/],
    [['ci', '--profiles', AFTER, '--threshold', 'x'], /"threshold" must be a number between 0 and 1/],
    [['ci', '--profiles', AFTER, '--formats', 'pdf'], /unknown format "pdf"/],
    [['ci', '--profiles', AFTER, '--exclude-path', '(unclosed'], /--exclude-path/],
  ])('usage error %#', async (args, message) => {
    const r = await runCli(args, { cwd: tempDir() });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
  });
});

describe('ci outputs', () => {
  it('appends summary.md to $GITHUB_STEP_SUMMARY', async () => {
    const dir = tempDir();
    const summaryFile = join(dir, 'step-summary.md');
    writeFileSync(summaryFile, '# earlier step\n');
    await ok(['ci', '--profiles', AFTER, '--out', join(dir, 'r')], { env: { GITHUB_STEP_SUMMARY: summaryFile } });
    const text = readFileSync(summaryFile, 'utf8');
    expect(text.startsWith('# earlier step\n')).toBe(true);
    expect(text).toContain(readFileSync(join(dir, 'r', 'summary.md'), 'utf8'));
  });

  it('a broken input leaves the previous report directory intact', async () => {
    const dir = tempDir();
    const out = join(dir, 'r');
    await ok(['ci', '--profiles', AFTER, '--out', out]);
    const before = new Map(readdirSync(out).map((n) => [n, readFileSync(join(out, n), 'utf8')]));
    const mtimes = new Map(readdirSync(out).map((n) => [n, statSync(join(out, n)).mtimeMs]));

    const inputs = join(dir, 'inputs');
    cpSync(join(TESTDATA, 'beforeafter', 'after'), inputs, { recursive: true });
    const broken = join(inputs, 'path.cov');
    const lines = readFileSync(broken, 'utf8').split('\n');
    lines[3] = 'path/path.go:12.3,14 1';
    writeFileSync(broken, lines.join('\n'));
    const r = await runCli(['ci', '--profiles', join(inputs, '*.cov'), '--out', out]);
    expect(r.code).toBe(3);
    expect(r.stderr).toBe(`gopherage: ${broken}:4: bad block "path/path.go:12.3,14 1" (expected file:L.C,L.C N C)\n`);
    expect(new Map(readdirSync(out).map((n) => [n, readFileSync(join(out, n), 'utf8')]))).toEqual(before);
    expect(new Map(readdirSync(out).map((n) => [n, statSync(join(out, n)).mtimeMs]))).toEqual(mtimes);
    expect(readdirSync(dir).sort()).toEqual(['inputs', 'r']);
  });

  it('accepts a GOCOVERDIR directory as an input', async () => {
    const covdir = join(TESTDATA, 'covdata', 'gocoverdir');
    const out = join(tempDir(), 'r');
    await ok(['ci', '--profiles', covdir, '--out', out]);
    const merged = await ok(['convert', covdir]);
    expect(readFileSync(join(out, 'merged.cov'), 'utf8')).toBe((await ok(['merge', covdir])));
    expect(merged.startsWith('mode: ')).toBe(true);
    expect(JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')).total.statements).toBeGreaterThan(0);
  });
});

describe('ci progress', () => {
  const stream = (isTTY: boolean) => {
    const written: string[] = [];
    return { written, isTTY, write: (text: string) => written.push(text) };
  };

  it('is written only when the stream is a terminal', () => {
    const tty = stream(true);
    const p = new Progress(2, tty);
    p.read(1_500_000);
    p.read(1_000_000);
    p.done();
    expect(tty.written).toHaveLength(3);
    expect(tty.written[0]).toMatch(/^\rgopherage: read 1\/2 inputs, 1\.5 MB, \d+\.\ds $/);
    expect(tty.written[1]).toMatch(/^\rgopherage: read 2\/2 inputs, 2\.5 MB, \d+\.\ds $/);
    expect(tty.written[2]).toBe('\n');

    const pipe = stream(false);
    const q = new Progress(2, pipe);
    q.read(1_500_000);
    q.phase('filter');
    q.done();
    expect(pipe.written).toEqual([]);
  });

  it('shows every later phase on the same line, blanking what a longer line left, with thousands separators', () => {
    const tty = stream(true);
    const p = new Progress(12_000, tty);
    p.read(1_234_567_890);
    p.phase('filter');
    p.phase('writing coverage.html');
    p.done();
    expect(tty.written[0]).toMatch(/^\rgopherage: read 1\/12,000 inputs, 1,234\.6 MB, \d+\.\ds $/);
    expect(tty.written[1]).toMatch(/^\rgopherage: filter, \d+\.\ds +$/);
    expect(tty.written[1].length).toBe(tty.written[0].length);
    expect(tty.written[2]).toMatch(/^\rgopherage: writing coverage\.html, \d+\.\ds +$/);
    expect(tty.written[3]).toBe('\n');
  });

  it('counts the bytes of a GOCOVERDIR\'s coverage files, and of a profile', async () => {
    const covdir = join(TESTDATA, 'covdata', 'gocoverdir');
    const files = readdirSync(covdir).filter((n) => /^cov(meta|counters)\./.test(n));
    expect(files.length).toBeGreaterThan(1);
    expect(await inputBytes(covdir)).toBe(files.reduce((n, f) => n + statSync(join(covdir, f)).size, 0));
    const profile = join(TESTDATA, 'beforeafter', 'after', 'path.cov');
    expect(await inputBytes(profile)).toBe(statSync(profile).size);
    expect(await inputBytes('-')).toBe(0);
  });

  // `script` (util-linux) runs the command on a pseudo-terminal.
  const hasScript = spawnSync('script', ['--version']).status === 0;
  it.skipIf(!hasScript)('the CLI shows it on a terminal stderr, not on a pipe', async () => {
    const out = join(tempDir(), 'r');
    const args = ['ci', '--profiles', AFTER, '--out', out];
    const quote = (a: string): string => `'${a.replace(/'/g, `'\\''`)}'`;
    const onTty = spawnSync('script', ['-qec', [process.execPath, BIN, ...args].map(quote).join(' '), '/dev/null'], { encoding: 'utf8' });
    expect(onTty.status, onTty.stdout).toBe(0);
    expect(onTty.stdout).toMatch(/\rgopherage: read 1\/\d+ inputs, \d+\.\d MB, \d+\.\ds /);
    // then every phase up to the last report written
    const phases = [...onTty.stdout.matchAll(/\rgopherage: ([^,\r]+), \d+\.\ds/g)].map((m) => m[1]).filter((p) => !p.startsWith('read '));
    expect(phases[0]).toMatch(/^merging \d+ inputs?$/);
    expect(phases.slice(1, 4)).toEqual(['filter', 'HTML report', 'summary']);
    expect(phases.filter((p) => p.startsWith('writing '))).toEqual(['writing merged.cov', 'writing filtered.cov', 'writing coverage.html', 'writing junit_coverage.xml', 'writing coverage.svg', 'writing summary.md', 'writing summary.json']);
    const piped = await runCli(args);
    expect(piped.code).toBe(0);
    expect(piped.stderr).toBe('');
  });
});
