// Test helper: the data a generated HTML page carries — the JSON model and
// its packed sources unpacked (path from the tree, text lines, functions).

import type { HtmlFunction } from '../src/report/html/model.js';
import { unpackSources } from '../src/report/html/pack.js';
import { splitSource } from '../src/report/html/sourceView.js';

interface Node {
  n: string;
  d?: Node[];
  s?: number;
}

export interface PageSource {
  path: string;
  lines: string[];
  functions?: HtmlFunction[];
}

export interface PageModel {
  columns: { name: string }[];
  sourceStats: { found: number; missing: number };
  root: Node;
  sources: PageSource[];
}

/** The JSON model embedded in a page, with the packed sources unpacked. */
export function pageModel(html: string): PageModel {
  const m = /<script type="application\/json" id="gopherage-data">([\s\S]*?)<\/script>/.exec(html);
  const data = JSON.parse(m![1]) as Omit<PageModel, 'sources'>;
  const paths: string[] = [];
  const stack: [Node, string][] = [[data.root, '']];
  for (let top = stack.pop(); top; top = stack.pop()) {
    const [n, path] = top;
    if (n.s !== undefined) paths[n.s] = path;
    for (const c of n.d ?? []) stack.push([c, path === '' ? c.n : `${path}/${c.n}`]);
  }
  const sources = [...html.matchAll(/<script type="text\/plain" id="gz\d+">([A-Za-z0-9+/=]*)<\/script>/g)]
    .flatMap((g) => unpackSources(g[1]))
    .sort((a, b) => a.s - b.s)
    .map((f) => ({ path: paths[f.s], lines: splitSource(f.bytes).lines, ...(f.functions ? { functions: f.functions } : {}) }));
  return { ...data, sources };
}
