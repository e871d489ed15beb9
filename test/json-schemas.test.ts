// Every JSON output follows one vocabulary (docs/json.md) and validates
// against the JSON Schema shipped for it in schemas/, checked with ajv on
// real outputs of the CLI.

import Ajv, { type ValidateFunction } from 'ajv';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { goOrSkip, ROOT, runCli, tempDir, TESTDATA } from './helpers.js';

const SCHEMAS = join(ROOT, 'schemas');
const ajv = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true });
for (const f of readdirSync(SCHEMAS)) ajv.addSchema(JSON.parse(readFileSync(join(SCHEMAS, f), 'utf8')));

function validator(file: string): ValidateFunction {
  const v = ajv.getSchema(`https://unpkg.com/gopherage/schemas/${file}`);
  if (!v) throw new Error(`no schema ${file}`);
  return v;
}

function expectValid(file: string, doc: unknown): void {
  const v = validator(file);
  expect(v(doc), JSON.stringify(v.errors, null, 2)).toBe(true);
}

const STD = ['csv', 'list', 'path', 'sort', 'tabwriter', 'utf8'].map((n) => join(TESTDATA, 'std', 'set', `${n}.cov`));
const BEFORE = join(TESTDATA, 'beforeafter', 'before', '*.cov');
const AFTER = join(TESTDATA, 'beforeafter', 'after', '*.cov');

async function stdout(args: string[]): Promise<string> {
  const r = await runCli(args);
  expect(r.code, r.stderr).toBe(0);
  return r.stdout;
}

describe('JSON outputs validate against their shipped schemas', () => {
  it('convert --format json (with and without blocks)', async () => {
    for (const extra of [[], ['--blocks']]) {
      const doc = JSON.parse(await stdout(['convert', STD[0], '--format', 'json', ...extra]));
      expectValid('coverage.v2.schema.json', doc);
      expect(Object.keys(doc.total)).toEqual(['covered', 'statements', 'ratio', 'percent']);
    }
  });

  it('table --format json', async () => {
    const doc = JSON.parse(await stdout(['table', ...STD, '--format', 'json', '--depth', '3']));
    expectValid('table.v2.schema.json', doc);
    expect(doc.rows.some((r: { kind: string }) => r.kind === 'dir')).toBe(true);
    for (const r of doc.rows) expect(r.path.endsWith('/')).toBe(false);
  });

  it('ci summary.json, alone and against a base', async () => {
    const base = join(tempDir(), 'base');
    await stdout(['ci', '--profiles', AFTER, '--out', base, '--threshold', '0.1']);
    const baseDoc = JSON.parse(readFileSync(join(base, 'summary.json'), 'utf8'));
    expectValid('coverage.v2.schema.json', baseDoc);
    expect(baseDoc.ci).toMatchObject({ threshold: 0.1, base: null, delta: null, pass: true });

    const out = join(tempDir(), 'r');
    await stdout(['ci', '--profiles', BEFORE, '--compare', join(base, 'summary.json'), '--out', out]);
    const doc = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
    expectValid('coverage.v2.schema.json', doc);
    expect(doc.ci.base).toMatchObject({ name: 'base', covered: baseDoc.total.covered, statements: baseDoc.total.statements, percent: baseDoc.total.percent });
    // delta is the same number the markdown prints, in points.
    expect(typeof doc.ci.delta).toBe('number');
    const md = readFileSync(join(out, 'summary.md'), 'utf8');
    const printed = /([+-]\d+\.\d) points vs base/.exec(md);
    expect(printed).not.toBeNull();
    expect(doc.ci.delta).toBe(Number(printed![1]));
  });

  it('func --format json (sources from the Go toolchain)', async () => {
    const go = goOrSkip('1.23');
    if (!go) return;
    const r = await runCli(['func', '--format', 'json', STD[0]], { env: { PATH: `${go.slice(0, -3)}:${process.env.PATH}` } });
    expect(r.code, r.stderr).toBe(0);
    const doc = JSON.parse(r.stdout);
    expectValid('functions.v1.schema.json', doc);
    expect(doc.functions.length).toBeGreaterThan(5);
  });

  it('the schemas reject the old shapes (a test that they check something)', () => {
    const v1 = { format: 'gopherage-coverage', version: 1, mode: 'set', total: { statements: 2, covered: 1, ratio: 0.5, percent: '50.0' }, directories: [], files: [] };
    expect(validator('coverage.v2.schema.json')(v1)).toBe(false);
    const badTotals = { covered: 1, statements: 2, ratio: 0.5, percent: '50.0%' };
    expect(validator('totals.v2.schema.json')(badTotals)).toBe(false);
  });

  it('--compare still reads a version 1 summary.json', async () => {
    const dir = tempDir();
    const v1 = join(dir, 'old-summary.json');
    const files = [{ name: 'example.com/a/a.go', statements: 10, covered: 10, ratio: 1, percent: '100.0' }];
    writeFileSync(v1, JSON.stringify({ format: 'gopherage-coverage', version: 1, mode: 'set', total: files[0], directories: [], files }));
    const out = join(dir, 'r');
    const r = await runCli(['ci', '--profiles', AFTER, '--compare', v1, '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')).ci.base).toMatchObject({ covered: 10, statements: 10, percent: 100 });
  });
});
