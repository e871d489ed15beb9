// Renders the HTML report: HtmlModel + the handlebars template and inline
// assets from `reports/html/` in, one self-contained page out (as string
// chunks, so a big model is never one giant string). No network: CSS and JS
// are inline, allowed by a Content-Security-Policy whose sha256 hashes are
// computed here from the exact text inlined. The model travels as JSON in a
// `<script type="application/json">` data block with every `<` written as
// \u003c, so no file name or source line can close the block.

import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { HtmlModel, HtmlNode } from './model.js';

/** Handlebars, loaded on first render: loading it costs every other command ~35 ms of start-up. */
const loadHandlebars = (): typeof import('handlebars') => createRequire(import.meta.url)('handlebars') as typeof import('handlebars');

/** The template and inline assets of the page. */
export interface HtmlAssets {
  /** Handlebars template of the page (escaped by default). */
  template: string;
  css: string;
  /** Client script (formatting helpers + browser app), inlined as one script. */
  script: string;
}

const ASSET_DIR = new URL('../../../reports/html/', import.meta.url);
let cached: HtmlAssets | undefined;

/** The assets shipped in the package's `reports/html/` directory (read once; these are the package's own files). */
export function defaultHtmlAssets(): HtmlAssets {
  if (!cached) {
    const read = (name: string): string => readFileSync(new URL(name, ASSET_DIR), 'utf8');
    cached = { template: read('report.hbs'), css: read('report.css'), script: `${read('format.js')}\n${read('report.js')}` };
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

/** The Content-Security-Policy of the page: nothing but the two inline hashes. */
export function contentSecurityPolicy(assets: HtmlAssets): string {
  return [
    "default-src 'none'",
    `script-src ${cspHash(assets.script)}`,
    `style-src ${cspHash(assets.css)}`,
    'img-src data:',
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
}

const MARKER = '\u0000GOPHERAGE-DATA\u0000';

/** The page as chunks of text (the JSON model streamed source by source). */
export function* htmlReportChunks(model: HtmlModel, assets: HtmlAssets = defaultHtmlAssets()): Generator<string> {
  if (/<\/script|<!--/i.test(assets.script) || /<\/style/i.test(assets.css)) throw new Error('HTML assets must not contain </script, <!-- or </style');
  const template = loadHandlebars().compile(assets.template, { strict: true });
  const page = template({
    title: model.title,
    columns: model.columns,
    csp: contentSecurityPolicy(assets),
    css: assets.css,
    script: assets.script,
    data: MARKER,
  });
  const at = page.indexOf(MARKER);
  if (at < 0 || page.indexOf(MARKER, at + 1) >= 0) throw new Error('HTML template must contain {{{data}}} exactly once');
  yield page.slice(0, at);
  // The same JSON as JSON.stringify(model), with the tree written by a loop: paths may be deeper than the call stack.
  const { sources, root, ...rest } = model;
  const head = safeJson(rest);
  yield `${head.slice(0, -1)},"root":`;
  for (const part of treeJson(root)) yield part.replace(/</g, '\\u003c');
  yield ',"sources":[';
  for (let i = 0; i < sources.length; i++) yield (i === 0 ? '' : ',') + safeJson(sources[i]);
  yield ']}';
  yield page.slice(at + MARKER.length);
}

/** JSON.stringify of an HtmlNode tree (keys n, t, d, s in that order), in chunks of about 64 KiB, without recursion. */
export function* treeJson(root: HtmlNode): Generator<string> {
  // A stack of what is left to write: nodes, and the text that closes them.
  const stack: (HtmlNode | string)[] = [root];
  let buf = '';
  for (let top = stack.pop(); top !== undefined; top = stack.pop()) {
    if (typeof top === 'string') {
      buf += top;
    } else {
      buf += `{"n":${JSON.stringify(top.n)},"t":${JSON.stringify(top.t)}`;
      const close = top.s === undefined ? '}' : `,"s":${JSON.stringify(top.s)}}`;
      if (top.d === undefined) {
        buf += close;
      } else {
        buf += ',"d":[';
        stack.push(`]${close}`);
        for (let i = top.d.length - 1; i >= 0; i--) {
          stack.push(top.d[i]);
          if (i > 0) stack.push(',');
        }
      }
    }
    if (buf.length >= 1 << 16) {
      yield buf;
      buf = '';
    }
  }
  if (buf !== '') yield buf;
}

/** The whole page as one string (small reports, tests). */
export function renderHtmlReport(model: HtmlModel, assets?: HtmlAssets): string {
  return [...htmlReportChunks(model, assets)].join('');
}
