// The summary layer behind tables: column names, the row model on real Go
// profiles (prefix, depth, sort, empty cells, 0 statements, arrows), display
// width, markdown/CSV escaping and the colour rule. Library-level; the CLI
// and golden outputs are in table-cli.test.ts.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { OptionError, UsageError } from '../src/profile/errors.js';
import { parseProfileString } from '../src/profile/parser.js';
import { readProfileFile } from '../src/input/index.js';
import { colorEnabled, csvField, displayWidth, escapeMarkdown, formatTableText, visibleText } from '../src/report/table/index.js';
import { columnNames, inputBaseName } from '../src/summary/columns.js';
import { defaultPrefix, tableRows, type TableRow } from '../src/summary/rows.js';
import { buildTree, buildTreeFromTotals, profileFileTotals } from '../src/summary/tree.js';
import { TESTDATA } from './helpers.js';

const FIX = join(TESTDATA, 'golden', 'table', 'fixtures');
const INPUTS = ['master.cov', '1.12.cov', '1.11.cov'].map((f) => join(FIX, f));

async function fixtureTree() {
  return buildTree(await Promise.all(INPUTS.map((p) => readProfileFile(p))));
}

/** Independent totals straight from the profile text: statements and covered statements of files under `dir`. */
function rawTotals(path: string, under: string): { covered: number; statements: number } | null {
  let covered = 0;
  let statements = 0;
  let seen = false;
  for (const line of readFileSync(path, 'utf8').split('\n').slice(1)) {
    if (line === '') continue;
    const m = /^(.*):\d+\.\d+,\d+\.\d+ (\d+) (\d+)$/.exec(line);
    if (!m) throw new Error(`bad fixture line ${line}`);
    if (!m[1].startsWith(under)) continue;
    seen = true;
    statements += Number(m[2]);
    if (Number(m[3]) > 0) covered += Number(m[2]);
  }
  return seen ? { covered, statements } : null;
}

const labels = (rows: readonly TableRow[]) => rows.map((r) => r.label);

describe('columnNames', () => {
  it('uses base names without extension, compression suffix included', () => {
    expect(columnNames(['after/kubelet.cov', 'x/1.12.cov', 'a.out.gz', 'covdir/', '-', '.cov'])).toEqual([
      'kubelet',
      '1.12',
      'a',
      'covdir',
      'stdin',
      '.cov',
    ]);
    expect(inputBaseName('noext')).toBe('noext');
  });

  it('disambiguates equal base names with parent directories, then #n', () => {
    expect(columnNames(['before/list.cov', 'after/list.cov', 'path.cov'])).toEqual(['before/list', 'after/list', 'path']);
    expect(columnNames(['x/a/list.cov', 'y/a/list.cov'])).toEqual(['x/a/list', 'y/a/list']);
    expect(columnNames(['list.cov', 'list.cov'])).toEqual(['list', 'list#2']);
  });

  it('takes --names one to one, else a usage error', () => {
    expect(columnNames(['a.cov', 'b.cov'], ['master', '1.12'])).toEqual(['master', '1.12']);
    expect(() => columnNames(['a.cov', 'b.cov'], ['master'])).toThrow(UsageError);
    // The library names its option; the CLI says --names (table-cli.test.ts, html-cli.test.ts).
    const err = (() => {
      try {
        columnNames(['a.cov', 'b.cov'], ['master']);
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(OptionError);
    expect((err as OptionError).option).toBe('names');
    expect((err as OptionError).messageFor((o) => `--${o}`)).toBe('--names: 1 name for 2 inputs');
    expect(() => columnNames(['a.cov', 'b.cov'], ['master'])).toThrow(/^names: 1 name for 2 inputs$/);
    expect(() => columnNames(['a.cov'], [' '])).toThrow(/^names: name 1 is empty$/);
  });
});

describe('tableRows on real profiles', () => {
  it('defaults to the deepest directory holding every file and rolls up directories', async () => {
    const root = await fixtureTree();
    expect(defaultPrefix(root)).toBe('example.com/shop/');
    const model = tableRows(root);
    expect(model.prefix).toBe('example.com/shop/');
    expect(labels(model.rows)).toEqual(['api/', 'empty/', 'store/', 'wide/']);
    for (const row of [...model.rows, model.total]) {
      row.cells.forEach((cell, col) => {
        const raw = rawTotals(INPUTS[col], row.path);
        if (raw === null) expect(cell).toBeNull();
        else expect({ covered: cell?.covered, statements: cell?.statements }).toEqual(raw);
      });
    }
  });

  it('shows an absent directory as a null cell and 0 statements as "–" with no ratio', async () => {
    const model = tableRows(await fixtureTree());
    const store = model.rows.find((r) => r.label === 'store/')!;
    expect(store.cells[2]).toBeNull();
    expect(store.cells[1]?.trend).toBeNull(); // nothing to compare with on its right
    const empty = model.rows.find((r) => r.label === 'empty/')!;
    for (const cell of empty.cells) {
      expect(cell).toMatchObject({ covered: 0, statements: 0, ratio: null, percent: '–', trend: null });
    }
  });

  it('puts arrows against the column to the right at displayed precision', async () => {
    const model = tableRows(await fixtureTree());
    const api = model.rows.find((r) => r.label === 'api/')!;
    expect(api.cells.map((c) => [c?.percent, c?.trend])).toEqual([
      ['80.0%', 'down'],
      ['86.7%', 'up'],
      ['40.0%', null],
    ]);
    const wide = model.rows.find((r) => r.label === 'wide/')!;
    expect(wide.cells.map((c) => c?.trend)).toEqual(['up', null, null]); // 44.4% vs 44.4%: no arrow
  });

  it('accepts the prefix with or without a trailing slash, and "" for the top level', async () => {
    const root = await fixtureTree();
    const a = tableRows(root, { prefix: 'example.com/shop/api' });
    const b = tableRows(root, { prefix: 'example.com/shop/api/' });
    expect(b).toEqual(a);
    expect(a.prefix).toBe('example.com/shop/api/');
    expect(labels(a.rows)).toEqual(['v1/', 'api.go']);
    expect(a.rows.map((r) => r.path)).toEqual(['example.com/shop/api/v1/', 'example.com/shop/api/api.go']);
    expect(a.total.cells).toEqual(tableRows(root).rows[0].cells);
    const top = tableRows(root, { prefix: '' });
    expect(top.prefix).toBe('');
    expect(labels(top.rows)).toEqual(['example.com/']);
  });

  it('handles absolute file names: "/" names the directory above them', () => {
    const root = buildTree([parseProfileString('mode: set\n/abs/a.go:1.1,2.2 1 1\n/b.go:1.1,2.2 1 0\n', 'abs.cov')]);
    expect(defaultPrefix(root)).toBe('/');
    const model = tableRows(root);
    expect(model.prefix).toBe('/');
    expect(labels(model.rows)).toEqual(['abs/', 'b.go']);
    expect(model.rows.map((r) => r.path)).toEqual(['/abs/', '/b.go']);
    expect(labels(tableRows(root, { prefix: '' }).rows)).toEqual(['/']);
    expect(labels(tableRows(root, { prefix: '/abs' }).rows)).toEqual(['a.go']);
  });

  it('a prefix naming a file gives that one row', async () => {
    const model = tableRows(await fixtureTree(), { prefix: 'example.com/shop/store/store.go' });
    expect(labels(model.rows)).toEqual(['store.go']);
    expect(model.total.cells).toEqual(model.rows[0].cells);
  });

  it('a prefix matching nothing is a usage error naming what exists there', async () => {
    const root = await fixtureTree();
    expect(() => tableRows(root, { prefix: 'example.com/shop/nope' })).toThrow(UsageError);
    expect(() => tableRows(root, { prefix: 'example.com/shop/nope' })).toThrow(
      'prefix "example.com/shop/nope" matches no directory or file in the inputs; under "example.com/shop/" there is: api/ empty/ store/ wide/',
    );
    // A partial segment is not a prefix: paths match segment by segment.
    expect(() => tableRows(root, { prefix: 'example.com/sh' })).toThrow('under "example.com/" there is: shop/');
    expect(() => tableRows(root, { prefix: 'k8s.io/' })).toThrow('at the top level there is: example.com/');
  });

  it('walks the tree down to --depth in pre-order', async () => {
    const root = await fixtureTree();
    const model = tableRows(root, { depth: 3 });
    expect(labels(model.rows)).toEqual([
      'api/',
      'api/v1/',
      'api/v1/types.go',
      'api/api.go',
      'empty/',
      'empty/empty.go',
      'store/',
      'store/store.go',
      'wide/',
      'wide/cafe\u0301.go',
      'wide/ｆ界.go',
      'wide/😀.go',
    ]);
    expect(model.rows.map((r) => r.depth)).toEqual([1, 2, 3, 2, 1, 2, 1, 2, 1, 2, 2, 2]);
    expect(() => tableRows(root, { depth: 0 })).toThrow(UsageError);
    expect(() => tableRows(root, { depth: 1.5 })).toThrow(UsageError);
  });

  it('sorts siblings by the first column: coverage ascending, statements descending, missing/0 last', async () => {
    const root = await fixtureTree();
    expect(labels(tableRows(root, { sort: 'coverage' }).rows)).toEqual(['api/', 'wide/', 'store/', 'empty/']);
    // store/ and wide/ both have 9 statements: the tie keeps tree order.
    expect(labels(tableRows(root, { sort: 'statements' }).rows)).toEqual(['api/', 'store/', 'wide/', 'empty/']);
    expect(labels(tableRows(root, { sort: 'coverage', prefix: 'example.com/shop/wide' }).rows)).toEqual(['😀.go', 'cafe\u0301.go', 'ｆ界.go']);
    // Sorting by the 1.11 column first: store/ is absent there and goes last.
    const reversed = buildTree(await Promise.all([...INPUTS].reverse().map((p) => readProfileFile(p))));
    expect(labels(tableRows(reversed, { sort: 'coverage' }).rows)).toEqual(['api/', 'wide/', 'empty/', 'store/']);
  });

  it('builds the same tree from per-file totals as from profiles', async () => {
    const profiles = await Promise.all(INPUTS.map((p) => readProfileFile(p)));
    expect(buildTreeFromTotals(profiles.map(profileFileTotals))).toEqual(buildTree(profiles));
  });
});

describe('display width', () => {
  it('counts wide, emoji, combining and ambiguous characters', () => {
    expect(displayWidth('api.go')).toBe(6);
    expect(displayWidth('ｆ界.go')).toBe(7); // fullwidth f and a CJK ideograph: 2 each
    expect(displayWidth('😀.go')).toBe(5);
    expect(displayWidth('cafe\u0301.go')).toBe(7); // the combining accent takes no cell
    expect(displayWidth('한글')).toBe(4);
    expect(displayWidth('▲ 49.8%')).toBe(7);
    expect(displayWidth('–')).toBe(1);
  });

  it('aligns a text table with wide names to equal display widths', async () => {
    const model = tableRows(await fixtureTree(), { prefix: 'example.com/shop/wide' });
    const text = formatTableText({ columns: ['a', 'b', 'c'].map((name) => ({ name })), model });
    const lines = text.trimEnd().split('\n');
    expect(new Set(lines.map(displayWidth)).size).toBe(1);
    expect(new Set(lines.map((l) => l.length)).size).toBeGreaterThan(1); // code units differ: width really was computed
  });

  it('makes control characters visible', () => {
    expect(visibleText('a\nb\x1b[2J\x7f')).toBe('a\\x0ab\\x1b[2J\\x7f');
  });
});

describe('escaping', () => {
  it('escapes markdown so a name cannot add markup or split a cell', () => {
    expect(escapeMarkdown('pkg/zz_generated|x*y`<b>[l](u)$m$.go')).toBe('pkg/zz\\_generated\\|x\\*y\\`\\<b\\>\\[l\\](u)\\$m\\$.go');
  });

  it('quotes CSV fields only when needed', () => {
    expect(csvField('a/b.go')).toBe('a/b.go');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField(' lead')).toBe('" lead"');
  });
});

describe('colorEnabled', () => {
  it('colours a TTY unless NO_COLOR or TERM=dumb; FORCE_COLOR decides first', () => {
    expect(colorEnabled(true, {})).toBe(true);
    expect(colorEnabled(false, {})).toBe(false);
    expect(colorEnabled(true, { NO_COLOR: '1' })).toBe(false);
    expect(colorEnabled(true, { NO_COLOR: '' })).toBe(true); // empty NO_COLOR is ignored (no-color.org)
    expect(colorEnabled(true, { TERM: 'dumb' })).toBe(false);
    expect(colorEnabled(false, { FORCE_COLOR: '1' })).toBe(true);
    expect(colorEnabled(false, { FORCE_COLOR: '' })).toBe(true);
    expect(colorEnabled(true, { FORCE_COLOR: '0' })).toBe(false);
    expect(colorEnabled(true, { FORCE_COLOR: 'false' })).toBe(false);
    expect(colorEnabled(false, { FORCE_COLOR: '1', NO_COLOR: '1' })).toBe(true);
  });
});
