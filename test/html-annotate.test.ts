// The page highlights sources itself (reports/html/annotate.js) from the
// packed source and blocks; here it must give exactly what the TypeScript
// annotateSource gives (which test/html-source.test.ts pins to
// `go tool cover -html`) on every file of the std-library and coverpkg
// fixtures, in all three modes. Also: the pack format round-trips and a
// packed block can hold any source text without anything HTML can see.

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { fileFromBlocks } from '../src/profile/model.js';
import { parseProfileString } from '../src/profile/parser.js';
import { buildHtmlModel, packBlocks } from '../src/report/html/model.js';
import { packSources, unpackSources } from '../src/report/html/pack.js';
import { renderHtmlReport } from '../src/report/html/render.js';
import { annotateSource, splitSource } from '../src/report/html/sourceView.js';
import { goSrcOrSkip, GOSRC } from './html-browser.js';
import { ROOT, TESTDATA } from './helpers.js';

interface Annotate {
  unpack(flat: number[]): { pos: number[]; counts: number[] };
  splitSource(src: Uint8Array): { lines: string[] };
  annotate(src: Uint8Array, lines: unknown, blocks: unknown): unknown;
}
const page = runInNewContext(`${readFileSync(join(ROOT, 'reports/html/annotate.js'), 'utf8')}; gopherageAnnotate`, { TextDecoder }) as Annotate;

const fixtures = ['atomic', 'count', 'set'].flatMap((m) => readdirSync(join(TESTDATA, 'std', m)).map((f) => join(TESTDATA, 'std', m, f)));
fixtures.push(...['strings', 'csv', 'tabwriter', 'utf8'].map((n) => join(TESTDATA, 'coverpkg', `${n}.cov`)));

describe.skipIf(!goSrcOrSkip())('annotate.js = annotateSource', () => {
  it.each(fixtures.map((f) => [f.slice(TESTDATA.length + 1), f]))('%s', (_, fixture) => {
    const profile = parseProfileString(readFileSync(fixture, 'utf8'));
    let lines = 0;
    for (const file of profile.files) {
      const src = readFileSync(join(GOSRC, file.name));
      const want = annotateSource(file, src);
      const got = page.annotate(src, page.splitSource(src), page.unpack(packBlocks(file)));
      expect(JSON.parse(JSON.stringify(got)), file.name).toEqual(JSON.parse(JSON.stringify(want)));
      expect(page.splitSource(src).lines).toEqual(splitSource(src).lines);
      lines += want.hits.filter((h) => h !== null).length;
    }
    expect(lines).toBeGreaterThan(0);
  });

  it('agrees on a stale source (blocks that do not fit) and on CRLF and non-ASCII lines', () => {
    const src = Buffer.from('package p\r\n\r\nvar s = "é😀"; func g() { h() }\r\nfunc k() {\r\n\tx()\r\n}\r\n');
    const file = fileFromBlocks('p/p.go', [
      { startLine: 3, startCol: 30, endLine: 3, endCol: 36, numStmt: 1, count: 2 },
      { startLine: 4, startCol: 10, endLine: 6, endCol: 2, numStmt: 1, count: 0 },
      { startLine: 40, startCol: 1, endLine: 41, endCol: 2, numStmt: 1, count: 7 },
    ]);
    const want = annotateSource(file, src);
    expect(want.misplaced).toBe(1);
    expect(JSON.parse(JSON.stringify(page.annotate(src, page.splitSource(src), page.unpack(packBlocks(file)))))).toEqual(JSON.parse(JSON.stringify(want)));
  });
});

describe('pack format', () => {
  const hostile = 'package evil\n\n// </script><script>alert(1)</script><!-- \u2028 "\'\n';
  const file = fileFromBlocks('evil/e.go', [{ startLine: 3, startCol: 1, endLine: 3, endCol: 10, numStmt: 1, count: 3 }]);

  it('round-trips the files of a directory: bytes, blocks and functions', () => {
    const bytes = Buffer.from(hostile);
    const other = Buffer.from('package evil\n');
    const functions = [{ name: 'f', line: 3, covered: 1, statements: 2 }];
    const back = unpackSources(
      packSources(
        [
          { path: 'evil/e.go', bytes, blocks: [null, packBlocks(file)], functions },
          { path: 'evil/f.go', bytes: other, blocks: [[1, 1, 0, 2, 0], null] },
        ],
        [7, 8],
      ),
    );
    expect(back.map((f) => f.s)).toEqual([7, 8]);
    expect(Buffer.from(back[0].bytes).equals(bytes)).toBe(true);
    expect(Buffer.from(back[1].bytes).equals(other)).toBe(true);
    expect(back[0].blocks).toEqual([null, [3, 1, 0, 10, 3]]);
    expect(back[0].functions).toEqual(functions);
    expect(back[1].functions).toBeUndefined();
  });

  it('puts nothing but base64 in the page for a hostile source, and is smaller than the source', async () => {
    const model = await buildHtmlModel([{ mode: 'count', files: [file] }], { names: ['x'], findSource: async () => Buffer.from(hostile.repeat(50)) });
    const html = renderHtmlReport(model);
    const blocks = [...html.matchAll(/<script type="text\/plain" id="gz(\d+)">([^<]*)<\/script>/g)];
    expect(blocks.map((b) => b[1])).toEqual(['0']);
    expect(blocks[0][2]).toMatch(/^[A-Za-z0-9+/]+=*$/);
    expect(blocks[0][2].length).toBeLessThan(hostile.length * 50 * 0.5);
    expect(html).not.toContain('alert(1)');
    expect(html.match(/<\/script>/g)).toHaveLength(3); // data, app, one source block
  });
});
