// The data the HTML page embeds, on real fixtures: tree totals per column,
// source indices, missing-source marking, JSON escaping, the CSP hashes, and
// the page's own number formatting (reports/html/format.js) against the
// TypeScript summary functions it mirrors.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { fileFromBlocks, type Profile } from '../src/profile/model.js';
import { parseProfileString } from '../src/profile/parser.js';
import { buildHtmlModel, type HtmlModel, type HtmlNode } from '../src/report/html/model.js';
import { cspHash, defaultHtmlAssets, renderHtmlReport } from '../src/report/html/render.js';
import { columnNames } from '../src/summary/columns.js';
import { goFixed } from '../src/summary/goFormat.js';
import { fileTotals, groupDigits, percentText, profileTotals, trendArrow, type Totals } from '../src/summary/totals.js';
import { precompiledTemplate } from '../scripts/precompile-template.mjs';
import { goSrcOrSkip, GOSRC } from './html-browser.js';
import { ROOT, TESTDATA } from './helpers.js';

const COVERPKG = ['strings', 'csv', 'tabwriter', 'utf8'].map((n) => join(TESTDATA, 'coverpkg', `${n}.cov`));
const load = (p: string): Profile => parseProfileString(readFileSync(p, 'utf8'), p);

/** All file nodes with their full path. */
function files(node: HtmlNode, path = ''): Map<string, HtmlNode> {
  const out = new Map<string, HtmlNode>();
  for (const c of node.d ?? []) {
    const p = path === '' ? c.n : `${path}/${c.n}`;
    if (c.d) for (const [k, v] of files(c, p)) out.set(k, v);
    else out.set(p, c);
  }
  return out;
}

interface Fmt {
  goFixed(x: number, prec: number): string;
  percentText(t: [number, number] | null): string;
  trendArrow(a: [number, number] | null, b: [number, number] | null): string;
  group(n: number): string;
}
const fmt = runInNewContext(`${readFileSync(join(ROOT, 'reports/html/format.js'), 'utf8')}; gopherageFormat`) as Fmt;
/** The page's highlighting (reports/html/annotate.js), run in a fresh context. */
const annotateJs = runInNewContext(`${readFileSync(join(ROOT, 'reports/html/annotate.js'), 'utf8')}; gopherageAnnotate`, { TextDecoder }) as {
  unpack(flat: number[]): { pos: number[]; counts: number[] };
  splitSource(src: Uint8Array): { lines: string[] };
  annotate(src: Uint8Array, lines: unknown, blocks: unknown): { hits: (number | null)[] };
};
const pair = (t: Totals | null): [number, number] | null => (t === null ? null : [t.covered, t.statements]);

describe('buildHtmlModel on coverpkg fixtures (same blocks, four test packages)', async () => {
  const profiles = COVERPKG.map(load);
  const names = columnNames(COVERPKG);
  const model = await buildHtmlModel(profiles, { names });

  it('has one column per input, named by base name, with its mode', () => {
    expect(model.columns).toEqual(names.map((name) => ({ name, mode: 'count' })));
    expect(names).toEqual(['strings', 'csv', 'tabwriter', 'utf8']);
  });

  it('root totals are each profile totals; every file carries its own totals', () => {
    model.root.t.forEach((t, col) => expect(t).toEqual(pair(profileTotals(profiles[col]))));
    const byPath = files(model.root);
    expect(byPath.size).toBe(profiles[0].files.length);
    profiles.forEach((p, col) => {
      for (const f of p.files) expect(byPath.get(f.name)?.t[col]).toEqual(pair(fileTotals(f)));
    });
    // directories first, then files, at every level
    const top = model.root.d!.map((c) => c.n);
    expect(top).toEqual(['strings', 'unicode']);
  });

  it('the numbers differ across columns (otherwise the arrows test nothing)', () => {
    const pct = model.root.t.map((t) => fmt.percentText(t));
    expect(new Set(pct).size).toBeGreaterThan(1);
  });

  it('has no source data without a source finder', () => {
    expect(model.sourceView).toBe(false);
    expect(model.sources).toEqual([]);
    expect([...files(model.root).values()].every((n) => n.s === undefined)).toBe(true);
  });
});

describe('source finder', () => {
  const profiles = COVERPKG.slice(0, 2).map(load);
  const names = columnNames(COVERPKG.slice(0, 2));

  it.skipIf(!goSrcOrSkip())('embeds sources in tree order whatever order they arrive in, and marks the missing', async () => {
    const finder = async (name: string): Promise<Uint8Array | null> => {
      await new Promise((r) => setTimeout(r, (name.length * 7) % 13)); // out-of-order completion
      if (name.endsWith('/reader.go')) return null;
      return readFileSync(join(GOSRC, name));
    };
    const a = await buildHtmlModel(profiles, { names, findSource: finder });
    const b = await buildHtmlModel(profiles, { names, findSource: finder, concurrency: 1 });
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
    const byPath = files(a.root);
    expect(byPath.get('strings/reader.go')?.s).toBeUndefined();
    expect(a.sourceStats).toEqual({ found: byPath.size - 1, missing: 1 });
    const paths = [...byPath].filter(([, n]) => n.s !== undefined).map(([p]) => p);
    expect(a.sources.map((s) => s.path)).toEqual(paths);
    for (const [p, n] of byPath) if (n.s !== undefined) expect(a.sources[n.s].path).toBe(p);
    // per column blocks present where the file is in the profile, and the bytes are the file's
    expect(a.sources.every((s) => s.blocks.length === 2 && s.blocks.every((c) => c !== null && c.length > 0))).toBe(true);
    for (const s of a.sources) expect(Buffer.from(s.bytes).equals(readFileSync(join(GOSRC, s.path))), s.path).toBe(true);
  });

  it('has a null column for a file absent from that profile', async () => {
    const extra = { mode: 'count' as const, files: [fileFromBlocks('x/only.go', [{ startLine: 3, startCol: 10, endLine: 3, endCol: 20, numStmt: 1, count: 1 }])] };
    const m = await buildHtmlModel([profiles[0], extra], { names: ['a', 'b'], findSource: async (n) => (n === 'x/only.go' ? Buffer.from('package x\n\nfunc f() { g() }\n') : null) });
    const src = m.sources.find((s) => s.path === 'x/only.go')!;
    expect(src.blocks[0]).toBeNull();
    expect(src.blocks[1]).toEqual([3, 10, 0, 20, 1]);
    // the page's highlighting of that column
    const ann = annotateJs.annotate(src.bytes, annotateJs.splitSource(src.bytes), annotateJs.unpack(src.blocks[1]!));
    expect(ann.hits).toEqual([null, null, 1]);
    expect(m.root.d!.find((d) => d.n === 'x')!.t).toEqual([null, [1, 1]]);
  });
});

describe('rendered page', async () => {
  const evil = '</script><!--<img src=x onerror=alert(1)>.go';
  const profile: Profile = {
    mode: 'set',
    files: [fileFromBlocks(`pkg/${evil}`, [{ startLine: 1, startCol: 1, endLine: 1, endCol: 5, numStmt: 2, count: 1 }])],
  };
  const model: HtmlModel = await buildHtmlModel([profile], { names: ['<b>col</b>'], title: '<script>alert(1)</script>' });
  const html = renderHtmlReport(model);

  it('escapes the data block so names cannot close it, and the JSON round-trips', () => {
    const blocks = [...html.matchAll(/<script type="application\/json" id="gopherage-data">([\s\S]*?)<\/script>/g)];
    expect(blocks).toHaveLength(1);
    expect(blocks[0][1]).not.toContain('<');
    const { sources, ...rest } = model;
    expect(sources).toEqual([]);
    expect(JSON.parse(blocks[0][1])).toEqual({ ...JSON.parse(JSON.stringify(rest)), sourceCount: 0, chunks: [] });
    expect(html.match(/<\/script>/g)).toHaveLength(2); // the data block and the app script, nothing else
    expect(html).not.toContain('<img');
  });

  it('escapes title and column names in the template', () => {
    expect(html).toContain('<title>&lt;script&gt;alert(1)&lt;/script&gt;</title>');
    expect(html).toContain('&lt;b&gt;col&lt;/b&gt;');
    expect(html).not.toContain('<b>col</b>');
  });

  it('allows exactly the inline script and style by their sha256 in the CSP', () => {
    const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]*)">/.exec(html)![1].replace(/&#x27;/g, "'").replace(/&#x3D;/g, '=');
    const style = /<style>([\s\S]*?)<\/style>/.exec(html)![1];
    const script = /<script>([\s\S]*?)<\/script>/.exec(html)![1];
    expect(csp).toBe(`default-src 'none'; script-src ${cspHash(script)}; style-src ${cspHash(style)}; img-src data:; base-uri 'none'; form-action 'none'`);
    expect(script).toBe(defaultHtmlAssets().script);
  });

  it('the package template is rendered from its precompiled form, which is report.hbs as it stands (else: npm run gen:template)', () => {
    const hbs = readFileSync(join(ROOT, 'reports/html/report.hbs'), 'utf8');
    expect(readFileSync(join(ROOT, 'reports/html/report.precompiled.cjs'), 'utf8')).toBe(precompiledTemplate(hbs));
    // Another template is compiled at run time, with the same options: here the same text plus a comment.
    expect(renderHtmlReport(model, { ...defaultHtmlAssets(), template: `${hbs}<!-- {{title}} -->` })).toBe(`${html}<!-- &lt;script&gt;alert(1)&lt;/script&gt; -->`);
  });

  it('is deterministic', async () => {
    const again = renderHtmlReport(await buildHtmlModel([profile], { names: ['<b>col</b>'], title: '<script>alert(1)</script>' }));
    expect(again).toBe(html);
  });
});

describe('format.js (the page) agrees with src/summary', () => {
  it('goFixed on every ratio c/s for s <= 400, and on exact ties', () => {
    for (let s = 1; s <= 400; s++) {
      for (let c = 0; c <= s; c++) {
        const v = (c / s) * 100;
        if (fmt.goFixed(v, 1) !== goFixed(v, 1)) expect(`${c}/${s}: ${fmt.goFixed(v, 1)}`).toBe(goFixed(v, 1));
      }
    }
    for (const x of [0.25, 0.35, 2.5, 0.125, 12.25, 1e-7, 99.95, 0]) for (const p of [0, 1, 2]) expect(fmt.goFixed(x, p)).toBe(goFixed(x, p));
    expect(fmt.goFixed(0.25, 1)).toBe('0.2'); // half-even, not toFixed's 0.3
  });

  it('percentText and trendArrow', () => {
    const cells: (Totals | null)[] = [null, { covered: 0, statements: 0 }, { covered: 1, statements: 3 }, { covered: 2, statements: 3 }, { covered: 333, statements: 1000 }, { covered: 3, statements: 3 }];
    for (const a of cells) {
      expect(fmt.percentText(pair(a))).toBe(percentText(a));
      for (const b of cells) expect(fmt.trendArrow(pair(a), pair(b))).toBe(trendArrow(a, b));
    }
  });

  it('group and groupDigits write counts as en-US does (1,234,567)', () => {
    const counts = [0, 7, 99, 999, 1000, 12345, 999999, 1000000, 1234567, 2 ** 31, 2 ** 53 - 1];
    for (let p = 10; p <= 1e15; p *= 10) counts.push(p - 1, p, p + 1);
    for (const n of counts) {
      expect(groupDigits(n)).toBe(n.toLocaleString('en-US'));
      expect(fmt.group(n)).toBe(groupDigits(n));
    }
  });
});
