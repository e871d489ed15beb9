// The summary tree built from names in sorted order (src/summary/tree.ts)
// against a plain reference (a Map per directory, the obvious way), on
// random paths chosen to stress the order ("b-x/" sorts before "b/" as a
// path but after it as a name, a file and a directory of one name, a leading
// '/', empty segments, non-ASCII), several columns, unsorted and repeated
// entries (the summary tree and the HTML page's nodes, both made by
// foldTree); and the HTML model of a directory with 300,000 children (its
// encoder once spread them into one call and overflowed the stack).

import { describe, expect, it } from 'vitest';
import { compareUtf8, fileFromBlocks, type Profile } from '../src/profile/model.js';
import { buildHtmlModel, buildHtmlTreeModel, type HtmlColumnTotals } from '../src/report/html/model.js';
import { addTotals } from '../src/summary/totals.js';
import { buildTreeFromTotals, walkTree, type FileTotals, type TreeNode } from '../src/summary/tree.js';

interface Ref {
  name: string;
  path: string;
  kind: 'dir' | 'file';
  totals: ({ covered: number; statements: number } | null)[];
  dirs: Map<string, Ref>;
  files: Map<string, Ref>;
}

function reference(columns: FileTotals[][]): unknown {
  const node = (name: string, path: string, kind: 'dir' | 'file'): Ref => ({ name, path, kind, totals: columns.map(() => null), dirs: new Map(), files: new Map() });
  const root = node('', '', 'dir');
  columns.forEach((files, col) => {
    for (const f of files) {
      const segs = f.name.split('/');
      const chain = [root];
      let at = root;
      segs.slice(0, -1).forEach((s, k) => {
        if (!at.dirs.has(s)) at.dirs.set(s, node(s, segs.slice(0, k + 1).join('/'), 'dir'));
        at = at.dirs.get(s)!;
        chain.push(at);
      });
      const base = segs[segs.length - 1];
      if (!at.files.has(base)) at.files.set(base, node(base, f.name, 'file'));
      chain.push(at.files.get(base)!);
      for (const n of chain) n.totals[col] = addTotals(n.totals[col] ?? { covered: 0, statements: 0 }, f.totals);
    }
  });
  const plain = (n: Ref): unknown => ({
    name: n.name,
    path: n.path,
    kind: n.kind,
    totals: n.totals,
    children: [...[...n.dirs.values()].sort((a, b) => compareUtf8(a.name, b.name)), ...[...n.files.values()].sort((a, b) => compareUtf8(a.name, b.name))].map(plain),
  });
  return plain(root);
}

const asPlain = (n: TreeNode): unknown => ({ name: n.name, path: n.path, kind: n.kind, totals: n.totals, children: n.children.map(asPlain) });

describe('buildTreeFromTotals', () => {
  it('matches a Map-per-directory reference on random tricky paths, 1 to 3 columns', () => {
    let seed = 7;
    const rnd = (n: number): number => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) % n);
    const segs = ['b', 'b-x', 'b.go', 'b0', '', 'é', 'a b', 'z', 'Ω.go', 'b/'];
    for (let round = 0; round < 40; round++) {
      const columns: FileTotals[][] = [];
      for (let c = 1 + rnd(3); c > 0; c--) {
        const files: FileTotals[] = [];
        for (let i = rnd(30); i > 0; i--) {
          const name = Array.from({ length: 1 + rnd(4) }, () => segs[rnd(segs.length)]).join('/');
          files.push({ name, totals: { covered: rnd(5), statements: 5 + rnd(5) } });
        }
        // Sorted (as profiles are) in most rounds, as given in the others; repeated names too.
        if (round % 3 !== 0) files.sort((a, b) => compareUtf8(a.name, b.name));
        columns.push(files);
      }
      const expected = reference(columns);
      expect(asPlain(buildTreeFromTotals(columns))).toEqual(expected);
      // The HTML page's nodes come from the same builder: same names, order and totals.
      const html: HtmlColumnTotals[] = columns.map((files) => ({
        mode: 'set',
        names: files.map((f) => f.name),
        covered: Float64Array.from(files, (f) => f.totals.covered),
        statements: Float64Array.from(files, (f) => f.totals.statements),
        untested: [],
      }));
      expect(buildHtmlTreeModel(html, { names: columns.map((_, i) => `c${i}`) }).root).toEqual(asHtml(expected as Plain));
    }
  });
});

interface Plain {
  name: string;
  kind: 'dir' | 'file';
  totals: ({ covered: number; statements: number } | null)[];
  children: Plain[];
}

/** The reference tree as the page's nodes: name, [covered, statements] per column, children of directories. */
const asHtml = (n: Plain): unknown => ({
  n: n.name,
  t: n.totals.map((x) => (x === null ? null : [x.covered, x.statements])),
  ...(n.kind === 'dir' ? { d: n.children.map(asHtml) } : {}),
});

describe('html model of 300,000 one-file directories', () => {
  it('is built (no call stack overflow) with one node per directory and file', async () => {
    const files = Array.from({ length: 300_000 }, (_, i) => `d${i}/f.go`)
      .sort(compareUtf8)
      .map((name) => fileFromBlocks(name, [{ startLine: 1, startCol: 1, endLine: 2, endCol: 2, numStmt: 1, count: 1 }]));
    const profile: Profile = { mode: 'set', files };
    const model = await buildHtmlModel([profile], { names: ['p'] });
    expect(model.root.t).toEqual([[300_000, 300_000]]);
    expect(model.root.d!.length).toBe(300_000);
    expect(model.root.d![0]).toEqual({ n: 'd0', t: [[1, 1]], d: [{ n: 'f.go', t: [[1, 1]] }] });
    let n = 0;
    walkTree(buildTreeFromTotals([files.map((f) => ({ name: f.name, totals: { covered: 1, statements: 1 } }))]), () => n++);
    expect(n).toBe(600_001);
  });
});
