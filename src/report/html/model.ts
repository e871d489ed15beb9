// The data the HTML report embeds: profiles (one column each) in, a compact
// JSON-ready model out. Per node only the per-column statement totals (never
// the raw blocks), so a 10,000-file profile stays small; per-line data only
// for files whose source the injected SourceFinder returned. Deterministic:
// the same inputs give the same model, whatever order sources arrive in.

import pMap from 'p-map';
import type { ExclusionReport } from '../../ops/exclude.js';
import type { FileCoverage, Mode, Profile } from '../../profile/model.js';
import { buildTree, type TreeNode } from '../../summary/tree.js';
import { qualifiedName, goFunctions } from '../../source/functions.js';
import { functionCoverage } from '../../summary/functions.js';
import { annotateSource, splitSource, type LineCoverage } from './sourceView.js';

/** Looks up a profile file name (e.g. `k8s.io/kubernetes/pkg/a.go`) and returns its bytes, or null when not found. */
export type SourceFinder = (fileName: string) => Promise<Uint8Array | null>;

/** One input profile. */
export interface HtmlColumn {
  name: string;
  mode: Mode;
}

/**
 * A tree node. `t[col]` is [covered, statements] for that column, null when
 * the node has no file in that profile. Directories have `d` (children:
 * directories first, then files, UTF-8 order); files may have `s`, the index
 * of their source in `HtmlModel.sources`.
 */
export interface HtmlNode {
  n: string;
  t: ([number, number] | null)[];
  d?: HtmlNode[];
  s?: number;
  /** Files: 1 when a block ignored by a marker ran anyway (in some column). */
  x?: 1;
}

/** What --exclude-generated / --honor-ignore left out of one column. */
export interface HtmlExclusions {
  statements: number;
  generated: number;
  ignored: number;
  /** Ignored regions that ran anyway. */
  ran: { file: string; line: number; reason: string; startLine: number; endLine: number }[];
}

/** A source file: its lines once, and per column its highlighting (null where the file is not in that profile). */
export interface HtmlSource {
  path: string;
  lines: string[];
  cov: (LineCoverage | null)[];
  /** The file's functions (when asked for), with their coverage in the first column that has the file. */
  functions?: HtmlFunction[];
}

/** One function of a source file: qualified name (`(*T).M`), start line, statement totals. */
export interface HtmlFunction {
  name: string;
  line: number;
  covered: number;
  statements: number;
}

/** Everything the page needs. */
export interface HtmlModel {
  title: string;
  columns: HtmlColumn[];
  /** True when a source finder was given (files without source are then marked). */
  sourceView: boolean;
  /** Files whose source was found / not found (0/0 without a finder). */
  sourceStats: { found: number; missing: number };
  root: HtmlNode;
  sources: HtmlSource[];
  /** Per column, what was excluded (absent when nothing was asked to be). */
  exclusions?: (HtmlExclusions | null)[];
}

/** Options of `buildHtmlModel`. */
export interface HtmlModelOptions {
  /** Column headings, one per profile (see `columnNames`). */
  names: readonly string[];
  title?: string;
  findSource?: SourceFinder;
  /** Parse found sources for their functions (HtmlSource.functions). */
  functions?: boolean;
  /** Parallel source look-ups (default 16). */
  concurrency?: number;
  /** Per column, the exclusion report of its profile (null/undefined: none). */
  exclusions?: readonly (ExclusionReport | null | undefined)[];
}

/** Default page title. */
export const DEFAULT_TITLE = 'Go coverage report';

/** Build the embedded model from profiles (argument order = column order). */
export async function buildHtmlModel(profiles: readonly Profile[], opts: HtmlModelOptions): Promise<HtmlModel> {
  if (opts.names.length !== profiles.length) throw new Error(`buildHtmlModel: ${opts.names.length} names for ${profiles.length} profiles`);
  const tree = buildTree(profiles);
  const columns = profiles.map((p, i) => ({ name: opts.names[i], mode: p.mode }));
  const files: { path: string; node: HtmlNode }[] = [];
  const root = encode(tree, files);
  const model: HtmlModel = {
    title: opts.title ?? DEFAULT_TITLE,
    columns,
    sourceView: opts.findSource !== undefined,
    sourceStats: { found: 0, missing: 0 },
    root,
    sources: [],
  };
  // Nothing excluded and nothing ran: the page is the same as without exclusions.
  if (opts.exclusions?.some((r) => r && (r.statements > 0 || r.regions.length > 0))) markExclusions(model, opts.exclusions, files);
  const find = opts.findSource;
  if (!find) return model;
  const byName = profiles.map((p) => new Map(p.files.map((f) => [f.name, f] as const)));
  const found = await pMap(files, (f) => find(f.path), { concurrency: opts.concurrency ?? 16 });
  // Assign source indices in tree order (deterministic), annotating each column.
  const funcs = opts.functions ? await pMap(found, (src) => (src === null ? null : goFunctions(Buffer.from(src).toString('utf8'))), { concurrency: 4 }) : null;
  files.forEach((f, i) => {
    const src = found[i];
    if (src === null) {
      model.sourceStats.missing++;
      return;
    }
    model.sourceStats.found++;
    const lines = splitSource(src);
    const cov = byName.map((m) => {
      const fc: FileCoverage | undefined = m.get(f.path);
      return fc ? annotateSource(fc, src, lines) : null;
    });
    f.node.s = model.sources.length;
    const source: HtmlSource = { path: f.path, lines: lines.lines, cov };
    const extents = funcs?.[i];
    const first = byName.map((m) => m.get(f.path)).find((fc) => fc !== undefined);
    if (extents && first) {
      source.functions = functionCoverage(first, extents).map((c) => ({ name: qualifiedName(c), line: c.line, covered: c.covered, statements: c.statements }));
    }
    model.sources.push(source);
  });
  return model;
}

/** Summarise each column's exclusions and flag files whose ignored code ran. */
function markExclusions(model: HtmlModel, reports: readonly (ExclusionReport | null | undefined)[], files: { path: string; node: HtmlNode }[]): void {
  const byPath = new Map(files.map((f) => [f.path, f.node] as const));
  model.exclusions = model.columns.map((_, i) => {
    const r = reports[i];
    if (!r) return null;
    const ran = r.regions.filter((g) => g.executed).map((g) => ({ file: g.file, line: g.line, reason: g.reason, startLine: g.startLine, endLine: g.endLine }));
    for (const g of ran) {
      const node = byPath.get(g.file);
      if (node) node.x = 1;
    }
    return { statements: r.statements, generated: r.generated.statements, ignored: r.ignored.statements, ran };
  });
}

function encode(node: TreeNode, files: { path: string; node: HtmlNode }[]): HtmlNode {
  const t = node.totals.map((x) => (x === null ? null : ([x.covered, x.statements] as [number, number])));
  if (node.kind === 'file') {
    const out: HtmlNode = { n: node.name, t };
    files.push({ path: node.path, node: out });
    return out;
  }
  return { n: node.name, t, d: node.children.map((c) => encode(c, files)) };
}
