// Renders the HTML report: HtmlModel + the handlebars template and inline
// assets from `reports/html/` in, one self-contained page out (as string
// chunks, so a big model is never one giant string). No network: CSS and JS
// are inline, allowed by a Content-Security-Policy whose sha256 hashes are
// computed here from the exact text inlined. The model travels as JSON in a
// `<script type="application/json">` data block with every `<` written as
// \u003c, so no file name can close the block. Sources come after the app's
// script (so the table shows while they are still being parsed), one
// `<script type="text/plain" id="gzN">` block per directory holding base64 of
// a raw deflate stream (pack.ts), inflated by the page only when one of its
// files is opened. `splitReport` writes the same page without the sources
// plus the same packs as data scripts `data/N.js`, loaded by `<script src>`
// (works from file://, where fetch does not).

import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import type { HtmlModel, HtmlNode } from './model.js';
import { packSources } from './pack.js';

const require = createRequire(import.meta.url);

/** A compiled page template: the page's values in, its text out. */
type PageTemplate = (values: Record<string, unknown>) => string;

/**
 * The page template as a function. The package's own template comes
 * precompiled (reports/html/report.precompiled.cjs, written from report.hbs
 * by scripts/precompile-template.mjs) and needs only handlebars' runtime:
 * loading the compiler and compiling cost ~25 ms of every html run. Any other
 * template is compiled here, with the same options. Loaded on first render,
 * so other commands load no handlebars at all.
 */
function pageTemplate(assets: HtmlAssets): PageTemplate {
  if (assets.template === cached?.template) {
    const runtime = require('handlebars/runtime') as typeof import('handlebars');
    return runtime.template(require(fileURLToPath(new URL('report.precompiled.cjs', ASSET_DIR))) as Parameters<typeof runtime.template>[0]);
  }
  return (require('handlebars') as typeof import('handlebars')).compile(assets.template, { strict: true });
}

/** The template and inline assets of the page. */
export interface HtmlAssets {
  /** Handlebars template of the page (escaped by default). */
  template: string;
  css: string;
  /** Client script (formatting, highlighting, DOM helpers, sources, source view, app), inlined as one script. */
  script: string;
}

const ASSET_DIR = new URL('../../../reports/html/', import.meta.url);
let cached: HtmlAssets | undefined;

/** The assets shipped in the package's `reports/html/` directory (read once; these are the package's own files). */
export function defaultHtmlAssets(): HtmlAssets {
  if (!cached) {
    const read = (name: string): string => readFileSync(new URL(name, ASSET_DIR), 'utf8');
    const scripts = ['format.js', 'annotate.js', 'dom.js', 'packs.js', 'source.js', 'report.js'];
    cached = { template: read('report.hbs'), css: read('report.css'), script: scripts.map(read).join('\n') };
  }
  return cached;
}

/** JSON for a data block inside HTML: `<` escaped as \u003c (so `</script>` and `<!--` cannot appear). */
export function safeJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c');
}

/** CSP source expression for an inline element's exact text. */
export function cspHash(text: string): string {
  return `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;
}

/** The Content-Security-Policy of the page: nothing but the two inline hashes (and, split, the page's own data scripts). */
export function contentSecurityPolicy(assets: HtmlAssets, split = false): string {
  return [
    "default-src 'none'",
    `script-src ${cspHash(assets.script)}${split ? " 'self'" : ''}`,
    `style-src ${cspHash(assets.css)}`,
    'img-src data:',
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
}

const MARKER = '\u0000GOPHERAGE-DATA\u0000';
const SOURCES = '\u0000GOPHERAGE-SOURCES\u0000';

/** The pack of each source: source index -> directory number (sources are in tree order, so a directory's files are adjacent). */
function packOf(model: HtmlModel): number[] {
  const dirs = new Map<string, number>();
  return model.sources.map((s) => {
    const dir = s.path.slice(0, s.path.lastIndexOf('/') + 1);
    let k = dirs.get(dir);
    if (k === undefined) dirs.set(dir, (k = dirs.size));
    return k;
  });
}

/** The packs: per directory number, its packed sources. */
function* packs(model: HtmlModel, chunks: readonly number[]): Generator<string> {
  for (let i = 0; i < chunks.length; ) {
    let j = i;
    while (j < chunks.length && chunks[j] === chunks[i]) j++;
    const indices = Array.from({ length: j - i }, (_, k) => i + k);
    yield packSources(model.sources.slice(i, j), indices);
    i = j;
  }
}

function* page(model: HtmlModel, assets: HtmlAssets, split: boolean): Generator<string> {
  const chunks = packOf(model);
  if (/<\/script|<!--/i.test(assets.script) || /<\/style/i.test(assets.css)) throw new Error('HTML assets must not contain </script, <!-- or </style');
  const text = pageTemplate(assets)({
    title: model.title,
    columns: model.columns,
    csp: contentSecurityPolicy(assets, split),
    css: assets.css,
    script: assets.script,
    data: MARKER,
    sources: SOURCES,
  });
  const at = text.indexOf(MARKER);
  const src = text.indexOf(SOURCES);
  if (at < 0 || text.indexOf(MARKER, at + 1) >= 0) throw new Error('HTML template must contain {{{data}}} exactly once');
  if (src < at || text.indexOf(SOURCES, src + 1) >= 0) throw new Error('HTML template must contain {{{sources}}} exactly once, after {{{data}}}');
  yield text.slice(0, at);
  // The same JSON as safeJson of the model, with the tree written by a loop: paths may be deeper than the call stack.
  const { sources, root, ...rest } = model;
  const head = safeJson({ ...rest, sourceCount: sources.length, chunks, ...(split ? { split: true } : {}) });
  yield `${head.slice(0, -1)},"root":`;
  for (const part of treeJson(root)) yield part.replace(/</g, '\\u003c');
  yield '}';
  yield text.slice(at + MARKER.length, src);
  if (!split) {
    let k = 0;
    for (const p of packs(model, chunks)) yield `\n<script type="text/plain" id="gz${k++}">${p}</script>`;
  }
  yield text.slice(src + SOURCES.length);
}

/** The self-contained page as chunks of text (sources streamed file by file). */
export function* htmlReportChunks(model: HtmlModel, assets: HtmlAssets = defaultHtmlAssets()): Generator<string> {
  yield* page(model, assets, false);
}

/** A split report: `index.html` without sources, and per directory a data script `data/<n>.js` loaded on demand. */
export interface SplitReport {
  index: Generator<string>;
  /** Data scripts: relative file name and its text (a call `gopherageData(<directory number>, "<packed>")`). */
  data: Generator<{ name: string; text: string }>;
}

/** The report as a directory (see SplitReport). */
export function splitReport(model: HtmlModel, assets: HtmlAssets = defaultHtmlAssets()): SplitReport {
  function* data(): Generator<{ name: string; text: string }> {
    let k = 0;
    for (const p of packs(model, packOf(model))) {
      yield { name: `data/${k}.js`, text: `gopherageData(${k},"${p}");\n` };
      k++;
    }
  }
  return { index: page(model, assets, true), data: data() };
}

/** The whole page as one string (small reports, tests). */
export function renderHtmlReport(model: HtmlModel, assets?: HtmlAssets): string {
  return [...htmlReportChunks(model, assets)].join('');
}

/**
 * JSON.stringify of an HtmlNode tree, in chunks of about 64 KiB, without
 * recursion: each node's keys in their own order, its children (`d`) written
 * from a stack of the open directories and how far each one is (not a stack
 * of every child: a directory of a million files needs no list of them).
 */
export function* treeJson(root: HtmlNode): Generator<string> {
  const field = (node: HtmlNode, k: string): string => `${JSON.stringify(k)}:${JSON.stringify((node as unknown as Record<string, unknown>)[k])}`;
  // The open directories, the next child to write of each, and the text that closes each.
  const dirs: HtmlNode[] = [];
  const at: number[] = [];
  const ends: string[] = [];
  let buf = '';
  for (let node: HtmlNode | undefined = root; node !== undefined; ) {
    const keys = Object.keys(node).filter((k) => (node as unknown as Record<string, unknown>)[k] !== undefined);
    const i = keys.indexOf('d');
    if (i < 0) {
      buf += `{${keys.map((k) => field(node!, k)).join(',')}}`;
    } else {
      const before = keys.slice(0, i).map((k) => field(node!, k));
      const after = keys.slice(i + 1).map((k) => field(node!, k));
      buf += `{${before.map((f) => `${f},`).join('')}"d":[`;
      dirs.push(node);
      at.push(0);
      ends.push(`]${after.map((f) => `,${f}`).join('')}}`);
    }
    if (buf.length >= 1 << 16) {
      yield buf;
      buf = '';
    }
    // The next node: the next child of the innermost open directory that has one (closing the others).
    node = undefined;
    while (dirs.length > 0) {
      const top = dirs.length - 1;
      const d = dirs[top].d!;
      if (at[top] < d.length) {
        if (at[top] > 0) buf += ',';
        node = d[at[top]++];
        break;
      }
      buf += ends.pop()!;
      dirs.pop();
      at.pop();
    }
  }
  if (buf !== '') yield buf;
}
