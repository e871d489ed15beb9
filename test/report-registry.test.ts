// The reporter registry (src/report/registry.ts): every format is one entry,
// the commands' format lists come from it, and render(name, ...) writes
// exactly what each reporter module writes on its own.

import { describe, expect, it } from 'vitest';
import { CI_FORMATS } from '../src/ci/config.js';
import { CONVERT_FORMATS } from '../src/cli/convert.js';
import { parseProfileString } from '../src/profile/parser.js';
import { formatProfile } from '../src/profile/writer.js';
import { coberturaByteChunks } from '../src/report/cobertura.js';
import { buildHtmlModel, htmlReportChunks } from '../src/report/html/index.js';
import { jsonSummaryChunks } from '../src/report/json.js';
import { DEFAULT_JUNIT_THRESHOLD, junitXml } from '../src/report/junit.js';
import { funcJson, funcMarkdown, funcText, funcTotal, functionRows } from '../src/report/func.js';
import { lcovByteChunks } from '../src/report/lcov.js';
import { formatsOf, render, reporterFor, reporterNames, REPORTERS, reportersOf, reportText, type Reporter } from '../src/report/registry.js';
import { TABLE_FORMATS, type TableFormat } from '../src/report/table/index.js';
import { tableRows } from '../src/summary/rows.js';
import { buildTree } from '../src/summary/tree.js';

const PROFILE = parseProfileString(
  [
    'mode: count',
    'example.com/m/a.go:3.10,5.2 2 4',
    'example.com/m/a.go:7.10,9.2 1 0',
    'example.com/m/sub/b.go:1.1,2.2 3 1',
    'example.com/m/sub/b.go:4.1,6.2 2 0',
    '',
  ].join('\n'),
  'registry.cov',
);
const text = (chunks: Iterable<string | Uint8Array>): string => reportText(chunks);
const mapPath = (n: string): string => n.replace('example.com/m/', '');
const functions = (n: string) => (n.endsWith('a.go') ? [{ name: 'F', line: 3, startCol: 10, endLine: 9, endCol: 2, count: 4, statements: 3, covered: 2 }] : null);

describe('reporter registry', () => {
  it('has one entry per format, keyed by its own name, with a file name and media type', () => {
    expect(reporterNames()).toEqual(['text', 'lcov', 'cobertura', 'json', 'junit', 'html', 'table-text', 'table-markdown', 'table-csv', 'table-json', 'func-text', 'func-json', 'func-markdown']);
    for (const name of reporterNames()) {
      const r: Reporter = REPORTERS[name];
      expect(r.name).toBe(name);
      expect(r.fileName).toMatch(/^[a-z_-]+\.[a-z]+$/);
      expect(r.mediaType).toMatch(/^(text|application)\//);
    }
    expect(new Set(reporterNames().map((n) => REPORTERS[n].fileName)).size).toBe(reporterNames().length);
  });

  it('is where convert --format, ci --formats and table --format get their lists', () => {
    expect(formatsOf('convert')).toEqual(['text', 'lcov', 'cobertura', 'json']);
    expect(CONVERT_FORMATS).toEqual(formatsOf('convert'));
    expect(formatsOf('ci')).toEqual(['lcov', 'cobertura']);
    expect(CI_FORMATS).toEqual(formatsOf('ci'));
    expect(formatsOf('table')).toEqual(Object.keys(TABLE_FORMATS));
    expect(formatsOf('func')).toEqual(['text', 'json', 'markdown']);
    expect(reporterFor('table', 'csv')).toBe(REPORTERS['table-csv']);
    expect(reporterFor('convert', 'junit')).toBeUndefined();
    // convert and ci hand the reporters they offer a profile.
    for (const r of [...reportersOf('convert'), ...reportersOf('ci')]) expect(r.input).toBe('profile');
  });

  it('renders byte for byte what each reporter module writes', async () => {
    expect(text(await render('text', PROFILE))).toBe(formatProfile(PROFILE));
    const line = { mapPath, functions, input: 'registry.cov' };
    expect(text(await render('lcov', PROFILE, line))).toBe(reportText(lcovByteChunks(PROFILE, line)));
    expect(text(await render('lcov', PROFILE, line))).toMatch(/^TN:\nSF:a\.go\nFN:3,F\nFNDA:4,F\n/); // the options reach the reporter
    const cob = { ...line, sources: ['/src'], timestamp: 1700000000 };
    expect(text(await render('cobertura', PROFILE, cob))).toBe(reportText(coberturaByteChunks(PROFILE, cob)));
    expect(text(await render('cobertura', PROFILE, cob))).toContain('timestamp="1700000000"');
    expect(text(await render('json', PROFILE, { mapPath, functions, blocks: true }))).toBe([...jsonSummaryChunks(PROFILE, { mapPath, functions, blocks: true })].join(''));
    expect(text(await render('json', PROFILE, { blocks: true }))).not.toBe(text(await render('json', PROFILE)));
    expect(text(await render('junit', PROFILE))).toBe(junitXml(PROFILE, DEFAULT_JUNIT_THRESHOLD));
    expect(text(await render('junit', PROFILE, { threshold: 0.1 }))).toBe(junitXml(PROFILE, 0.1));
    expect(text(await render('junit', PROFILE, { threshold: 0.1 }))).not.toBe(text(await render('junit', PROFILE)));
    const model = await buildHtmlModel([PROFILE], { names: ['registry'], title: 'Registry', date: '2026-01-01 00:00 UTC' });
    expect(text(await render('html', model))).toBe([...htmlReportChunks(model)].join(''));
    const report = { columns: [{ name: 'registry' }], model: tableRows(buildTree([PROFILE]), { depth: 2 }) };
    for (const f of Object.keys(TABLE_FORMATS) as TableFormat[]) {
      expect(text(await render(`table-${f}`, report))).toBe(TABLE_FORMATS[f](report));
    }
    const rows = functionRows(PROFILE, functions);
    const funcs = { rows, total: funcTotal(rows) };
    expect(rows).toHaveLength(1);
    expect(text(await render('func-text', funcs))).toBe(funcText(rows, funcs.total));
    expect(text(await render('func-json', funcs))).toBe(funcJson(rows, funcs.total));
    expect(text(await render('func-markdown', funcs))).toBe(funcMarkdown(rows, funcs.total));
  });

  it('reportText joins string and byte chunks, decoding UTF-8 split across chunks', () => {
    const bytes = new TextEncoder().encode('é');
    expect(reportText(['a', bytes.subarray(0, 1), bytes.subarray(1), 'b'])).toBe('aéb');
  });
});
