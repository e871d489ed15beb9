// `gopherage table` end to end: golden outputs for every format on real
// multi-profile fixtures (testdata/golden/table/fixtures: three "branches" of
// a tiny module; testdata/coverpkg: one -coverpkg list profiled by different
// test packages), errors with exit codes, colour on a real TTY and NO_COLOR,
// atomic -o, and that the committed fixtures are what Go 1.23 produces.
// Regenerate goldens with UPDATE_GOLDEN=1 (never silently).

import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseProfileString } from '../src/profile/parser.js';
import { formatProfile } from '../src/profile/writer.js';
import { BIN, ROOT, TESTDATA, expectGolden, goOrSkip, run, runCli, tempDir } from './helpers.js';

const GOLDEN = join(TESTDATA, 'golden', 'table');
const SHOP = ['master', '1.12', '1.11'].map((b) => `testdata/golden/table/fixtures/${b}.cov`);
const COVERPKG = ['strings', 'utf8', 'csv', 'tabwriter'].map((p) => `testdata/coverpkg/${p}.cov`);

/** Compare with the golden file GOLDEN/<name> (UPDATE_GOLDEN=1 rewrites it). */
function golden(name: string, actual: string): void {
  expectGolden(join(GOLDEN, name), actual);
}

const GOLDEN_CASES: { name: string; args: string[]; env?: Record<string, string> }[] = [
  { name: 'shop.txt', args: [...SHOP] },
  { name: 'shop-depth2.md', args: [...SHOP, '--depth', '2', '--format', 'markdown'] },
  { name: 'shop-depth2.csv', args: [...SHOP, '--depth', '2', '--format', 'csv'] },
  { name: 'shop-depth2.json', args: [...SHOP, '--depth', '2', '--format', 'json'] },
  { name: 'shop-wide.txt', args: [...SHOP, '--prefix', 'example.com/shop/wide/'] },
  { name: 'shop-coverage.txt', args: [...SHOP, '--depth', '3', '--sort', 'coverage', '--names', 'main,release-1.12,release-1.11'] },
  { name: 'shop-color.txt', args: [...SHOP], env: { FORCE_COLOR: '1' } },
  { name: 'coverpkg-depth2.txt', args: [...COVERPKG, '--depth', '2'] },
  { name: 'coverpkg-depth2.md', args: [...COVERPKG, '--depth', '2', '--format', 'markdown'] },
  { name: 'coverpkg.csv', args: [...COVERPKG, '--prefix', '', '--format', 'csv'] },
  { name: 'coverpkg.json', args: [...COVERPKG, '--prefix', 'strings', '--format', 'json', '--sort', 'statements'] },
];

describe('table goldens', () => {
  for (const c of GOLDEN_CASES) {
    it(`${c.name}: gopherage table ${c.args.join(' ')}`, async () => {
      const r = await runCli(['table', ...c.args], { env: c.env });
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      golden(c.name, r.stdout);
    });
  }

  it('every golden file belongs to a case (no stale goldens)', () => {
    const files = readdirSync(GOLDEN).filter((f) => f !== 'fixtures');
    expect(files.sort()).toEqual(GOLDEN_CASES.map((c) => c.name).sort());
  });

  it('json is valid and consistent with csv', async () => {
    const json = JSON.parse(readFileSync(join(GOLDEN, 'shop-depth2.json'), 'utf8'));
    expect(json.schema).toBe('gopherage-table/v2');
    expect(json.columns.map((c: { name: string }) => c.name)).toEqual(['master', '1.12', '1.11']);
    const csv = readFileSync(join(GOLDEN, 'shop-depth2.csv'), 'utf8').trimEnd().split('\n');
    expect(csv.length).toBe(json.rows.length + 2);
    // store/ is absent from 1.11: null in json, four empty fields in csv.
    const i = json.rows.findIndex((r: { label: string }) => r.label === 'store/');
    expect(json.rows[i].cells[2]).toBeNull();
    expect(csv[i + 1].endsWith(',,,,')).toBe(true);
  });
});

describe('documented json schema', () => {
  /** The jsonc schema example that follows `marker` in a markdown file. */
  function schemaBlock(file: string, marker: string): string {
    const text = readFileSync(join(ROOT, file), 'utf8');
    const at = text.indexOf(marker);
    expect(at, `${file}: ${marker}`).toBeGreaterThanOrEqual(0);
    const m = /```jsonc\n([^]*?)```/.exec(text.slice(at));
    expect(m, `${file}: jsonc block after ${marker}`).not.toBeNull();
    return m![1];
  }

  it('the README (and docs/table.md) show real output of the shop fixtures, keys in order', async () => {
    const readme = schemaBlock('README.md', '`--format json` writes this schema');
    expect(readme).toBe(schemaBlock('docs/table.md', '**json**'));
    const doc = JSON.parse(readme.replace(/\s*\/\/.*$/gm, '').replace(/\[ \.\.\. \]/g, '[]'));
    const r = await runCli(['table', 'master.cov', '1.12.cov', '1.11.cov', '--depth', '2', '--format', 'json'], { cwd: join(GOLDEN, 'fixtures') });
    expect(r.code, r.stderr).toBe(0);
    const real = JSON.parse(r.stdout);
    // The example shows the first column and the first row's first cell only.
    const shown = {
      ...real,
      columns: real.columns.slice(0, 1),
      rows: [{ ...real.rows[0], cells: real.rows[0].cells.slice(0, 1) }],
      total: { ...real.total, cells: [] },
    };
    expect(JSON.stringify(doc)).toBe(JSON.stringify(shown)); // same values, same key order
  });
});

describe('table flags', () => {
  it('--prefix with and without a trailing slash gives the same table', async () => {
    const a = await runCli(['table', ...COVERPKG, '--prefix', 'unicode']);
    const b = await runCli(['table', ...COVERPKG, '--prefix', 'unicode/']);
    expect(a.code).toBe(0);
    expect(a.stdout).toBe(b.stdout);
    expect(a.stdout.split('\n')[0]).toMatch(/^unicode\/ /);
    expect(a.stdout).toContain('utf8/');
  });

  it('-o writes the same bytes atomically, never coloured', async () => {
    const dir = tempDir();
    const out = join(dir, 'table.md');
    const r = await runCli(['table', ...SHOP, '--format', 'markdown', '-o', out], { env: { FORCE_COLOR: '1' } });
    expect(r).toEqual({ code: 0, stdout: '', stderr: '' });
    expect(readFileSync(out, 'utf8')).toBe((await runCli(['table', ...SHOP, '--format', 'markdown'])).stdout);
    const t = await runCli(['table', ...SHOP, '-o', join(dir, 't.txt')], { env: { FORCE_COLOR: '1' } });
    expect(t.code).toBe(0);
    expect(readFileSync(join(dir, 't.txt'), 'utf8')).not.toContain('\x1b');
    expect(readdirSync(dir).sort()).toEqual(['t.txt', 'table.md']); // no temp files left
  });

  it('accepts stdin and globs, one column per expanded input', async () => {
    const r = await runCli(['table', '-', 'testdata/golden/table/fixtures/1.1*.cov', '--format', 'csv'], {
      stdin: readFileSync(join(ROOT, SHOP[0])),
    });
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n')[0]).toBe(
      'name,path,kind,depth,stdin percent,stdin covered,stdin statements,stdin trend,1.11 percent,1.11 covered,1.11 statements,1.11 trend,1.12 percent,1.12 covered,1.12 statements,1.12 trend',
    );
  });

  const ERRORS: { args: string[]; code: number; message: string }[] = [
    {
      args: [...SHOP, '--prefix', 'example.com/shop/nope/'],
      code: 2,
      message: 'gopherage: prefix "example.com/shop/nope/" matches no directory or file in the inputs; under "example.com/shop/" there is: api/ empty/ store/ wide/',
    },
    { args: [...SHOP, '--depth', '0'], code: 2, message: 'gopherage: --depth: "0" is not a whole number >= 1' },
    { args: [...SHOP, '--depth', 'x'], code: 2, message: 'gopherage: --depth: "x" is not a number' },
    { args: [...SHOP, '--names', 'a,b'], code: 2, message: 'gopherage: --names: 2 names for 3 inputs' },
    { args: [...SHOP, '--format', 'xml'], code: 2, message: "gopherage: option '--format <format>' argument 'xml' is invalid. Allowed choices are text, markdown, csv, json." },
    { args: [...SHOP, '--sort', 'size'], code: 2, message: "gopherage: option '--sort <order>' argument 'size' is invalid. Allowed choices are name, coverage, statements." },
    { args: ['testdata/nope.cov'], code: 3, message: 'gopherage: testdata/nope.cov: no such file' },
    { args: ['-'], code: 3, message: 'gopherage: <stdin>: empty profile: no "mode:" line' },
  ];
  for (const e of ERRORS) {
    it(`exit ${e.code}: table ${e.args.slice(-2).join(' ')}`, async () => {
      const r = await runCli(['table', ...e.args]);
      expect(r.code).toBe(e.code);
      expect(r.stdout).toBe('');
      expect(r.stderr.split('\n')[0]).toBe(e.message);
      if (e.code === 2) expect(r.stderr).toContain('usage: gopherage table');
    });
  }
});

/** Run the CLI under a real pseudo-terminal (util-linux `script`), returning what the terminal saw. */
function onTty(args: string[], env: Record<string, string | undefined>): string {
  const cmd = [process.execPath, BIN, ...args].map((a) => `'${a.replace(/'/g, "'\\''")}'`).join(' ');
  const merged: Record<string, string | undefined> = { ...process.env, NO_COLOR: undefined, FORCE_COLOR: undefined, TERM: 'xterm', ...env };
  for (const k of Object.keys(merged)) if (merged[k] === undefined) delete merged[k];
  const r = spawnSync('script', ['-qec', cmd, '/dev/null'], { cwd: ROOT, env: merged as NodeJS.ProcessEnv, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`script failed (${r.status}): ${r.stderr}`);
  return r.stdout.replace(/\r\n/g, '\n');
}

describe('colour', () => {
  it('colours arrows on a TTY, not with NO_COLOR, not through a pipe', async () => {
    const tty = onTty(['table', ...SHOP], {});
    expect(tty).toContain('\x1b[32m▲');
    expect(tty).toContain('\x1b[31m▼');
    expect(tty).toBe(readFileSync(join(GOLDEN, 'shop-color.txt'), 'utf8'));
    const plain = readFileSync(join(GOLDEN, 'shop.txt'), 'utf8');
    expect(onTty(['table', ...SHOP], { NO_COLOR: '1' })).toBe(plain);
    expect(onTty(['table', ...SHOP], { TERM: 'dumb' })).toBe(plain);
    expect(onTty(['table', ...SHOP, '--format', 'markdown'], {})).not.toContain('\x1b');
    expect((await runCli(['table', ...SHOP])).stdout).toBe(plain);
  });
});

describe('fixtures', () => {
  it('the committed branch profiles are what Go 1.23 produces from fixtures/shop', { timeout: 300_000 }, () => {
    const go = goOrSkip('1.23');
    if (!go) return;
    const out = tempDir();
    run('bash', [join(GOLDEN, 'fixtures', 'generate.sh')], { env: { ...process.env, GO: go, OUT: out } });
    // cmd/go appends per-package profiles as test binaries finish, so package
    // order may vary between runs: compare canonical forms (same blocks, same counts).
    const canonical = (path: string) => formatProfile(parseProfileString(readFileSync(path, 'utf8'), path));
    for (const b of ['master', '1.12', '1.11']) {
      expect(canonical(join(out, `${b}.cov`))).toBe(canonical(join(GOLDEN, 'fixtures', `${b}.cov`)));
    }
  });
});
