// The data the HTML report embeds: profiles (one column each) in, a compact
// JSON-ready model out. Per node only the per-column statement totals, so a
// 10,000-file profile stays small; for files whose source the injected
// SourceFinder returned, the source bytes and each column's blocks (delta
// coded; the page highlights them itself, reports/html/annotate.js, and
// render.ts embeds them compressed). Deterministic:
// the same inputs give the same model, whatever order sources arrive in.

import pMap from 'p-map';
import type { ExclusionReport } from '../../ops/exclude.js';
import type { FileCoverage, Mode, Profile } from '../../profile/model.js';
import { buildTreeFromTotals, profileFileTotals, type FileTotals, type TreeNode } from '../../summary/tree.js';
import { qualifiedName, goFunctions } from '../../source/functions.js';
import { functionCoverage } from '../../summary/functions.js';

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
  /** 1 on files in no input profile (added from source by --include-untested). */
  u?: 1;
}

/** What --exclude-generated / --honor-ignore left out of one column. */
export interface HtmlExclusions {
  statements: number;
  generated: number;
  ignored: number;
  /** Ignored regions that ran anyway. */
  ran: { file: string; line: number; reason: string; startLine: number; endLine: number }[];
}

/** A function of a source file and its coverage (from the Go parser, when the model builder has it). */
export interface HtmlFunction {
  name: string;
  /** 1-based line of the declaration. */
  line: number;
  covered: number;
  statements: number;
}

/**
 * A source file: its bytes once, and per column its blocks (null where the
 * file is not in that profile), delta coded as flat quintuples
 * [startLine - previous startLine, startCol, endLine - startLine, endCol, count].
 */
export interface HtmlSource {
  path: string;
  bytes: Uint8Array;
  blocks: (number[] | null)[];
  /** Optional per-function coverage, listed in the source view when present. */
  functions?: HtmlFunction[];
}

/** Everything the page needs. */
export interface HtmlModel {
  title: string;
  columns: HtmlColumn[];
  /** When the report was made (ISO 8601), shown in the summary; absent = not shown. */
  date?: string;
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
  /** Shown in the page's summary (ISO 8601). */
  date?: string;
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

/**
 * What the page's tree needs of one profile: its mode, per-file totals and
 * the files added from source (--include-untested). Far smaller than the
 * Profile (about 85 bytes a file), so a caller can drop a huge profile first.
 */
export interface HtmlColumnTotals {
  readonly mode: Mode;
  readonly files: readonly FileTotals[];
  /** Names of the files in no input profile (FileCoverage.notInProfile). */
  readonly untested: readonly string[];
}

/** The HtmlColumnTotals of a profile. */
export function htmlColumnTotals(profile: Profile): HtmlColumnTotals {
  return { mode: profile.mode, files: profileFileTotals(profile), untested: profile.files.filter((f) => f.notInProfile).map((f) => f.name) };
}

/** Options of `buildHtmlTreeModel`: those of buildHtmlModel that do not read sources. */
export type HtmlTreeModelOptions = Omit<HtmlModelOptions, 'findSource' | 'functions' | 'concurrency'>;

/**
 * The model without a source view, from per-profile totals (argument order =
 * column order): the same as buildHtmlModel without a SourceFinder, for a
 * caller that drops its Profiles first (a million files: ~300 MB less).
 */
export function buildHtmlTreeModel(columns: readonly HtmlColumnTotals[], opts: HtmlTreeModelOptions): HtmlModel {
  return treeModel(columns, opts, false).model;
}

/** Build the embedded model from profiles (argument order = column order). */
export async function buildHtmlModel(profiles: readonly Profile[], opts: HtmlModelOptions): Promise<HtmlModel> {
  const { model, files } = treeModel(profiles.map(htmlColumnTotals), opts, opts.findSource !== undefined);
  const find = opts.findSource;
  if (!find) return model;
  const byName = profiles.map((p) => new Map(p.files.map((f) => [f.name, f] as const)));
  const found = await pMap(files, (f) => find(f.path), { concurrency: opts.concurrency ?? 16 });
  // Assign source indices in tree order (deterministic), with each column's blocks.
  const funcs = opts.functions ? await pMap(found, (src) => (src === null ? null : goFunctions(Buffer.from(src).toString('utf8'))), { concurrency: 4 }) : null;
  files.forEach((f, i) => {
    const src = found[i];
    if (src === null) {
      model.sourceStats.missing++;
      return;
    }
    model.sourceStats.found++;
    const blocks = byName.map((m) => {
      const fc: FileCoverage | undefined = m.get(f.path);
      return fc ? packBlocks(fc) : null;
    });
    f.node.s = model.sources.length;
    const source: HtmlSource = { path: f.path, bytes: src, blocks };
    const extents = funcs?.[i];
    const first = byName.map((m) => m.get(f.path)).find((fc) => fc !== undefined);
    if (extents && first) {
      source.functions = functionCoverage(first, extents).map((c) => ({ name: qualifiedName(c), line: c.line, covered: c.covered, statements: c.statements }));
    }
    model.sources.push(source);
  });
  return model;
}

/** The model's tree (no sources yet) and its file nodes in tree order. */
function treeModel(columnTotals: readonly HtmlColumnTotals[], opts: HtmlTreeModelOptions, sourceView: boolean): { model: HtmlModel; files: { path: string; node: HtmlNode }[] } {
  if (opts.names.length !== columnTotals.length) throw new Error(`buildHtmlModel: ${opts.names.length} names for ${columnTotals.length} profiles`);
  const tree = buildTreeFromTotals(columnTotals.map((c) => c.files));
  const columns = columnTotals.map((c, i) => ({ name: opts.names[i], mode: c.mode }));
  const files: { path: string; node: HtmlNode }[] = [];
  const root = encode(tree, files);
  const untested = new Set(columnTotals.flatMap((c) => c.untested));
  if (untested.size > 0) for (const f of files) if (untested.has(f.path)) f.node.u = 1;
  const model: HtmlModel = {
    title: opts.title ?? DEFAULT_TITLE,
    ...(opts.date === undefined ? {} : { date: opts.date }),
    columns,
    sourceView,
    sourceStats: { found: 0, missing: 0 },
    root,
    sources: [],
  };
  // Nothing excluded and nothing ran: the page is the same as without exclusions.
  if (opts.exclusions?.some((r) => r && (r.statements > 0 || r.regions.length > 0))) markExclusions(model, opts.exclusions, files);
  return { model, files };
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

/** A file's blocks as flat delta-coded quintuples (see HtmlSource). */
export function packBlocks(file: FileCoverage): number[] {
  const { pos, counts } = file;
  const out: number[] = new Array<number>(counts.length * 5);
  let line = 0;
  for (let i = 0; i < counts.length; i++) {
    const p = 4 * i;
    out[5 * i] = pos[p] - line;
    out[5 * i + 1] = pos[p + 1];
    out[5 * i + 2] = pos[p + 2] - pos[p];
    out[5 * i + 3] = pos[p + 3];
    out[5 * i + 4] = counts[i];
    line = pos[p];
  }
  return out;
}

/**
 * The HtmlNode tree of a TreeNode tree; file nodes listed in `files` in tree
 * (pre-)order. A loop, not recursion: any depth works. Consumes the tree (a
 * directory's children list is emptied once encoded), so the two trees are
 * not both whole in memory at once.
 */
function encode(tree: TreeNode, files: { path: string; node: HtmlNode }[]): HtmlNode {
  // Most nodes have small totals that many others share (a million one-block files are all [1, 1]):
  // one `t` list per distinct pair (never modified, only serialized), up to a bounded number of pairs.
  const shared = new Map<number, HtmlNode['t']>();
  const totalsOf = (node: TreeNode): HtmlNode['t'] => {
    const all = node.totals;
    const x = all.length === 1 ? all[0] : null;
    const key = x !== null && x.statements < 1 << 20 && x.covered < 1 << 20 ? x.statements * (1 << 20) + x.covered : -1;
    let t = key < 0 ? undefined : shared.get(key);
    if (t === undefined) {
      t = all.map((y) => (y === null ? null : ([y.covered, y.statements] as [number, number])));
      if (key >= 0 && shared.size < 1 << 16) shared.set(key, t);
    }
    return t;
  };
  const make = (node: TreeNode): HtmlNode => {
    const t = totalsOf(node);
    return node.kind === 'file' ? { n: node.name, t } : { n: node.name, t, d: new Array<HtmlNode>(node.children.length) };
  };
  const root = make(tree);
  const stack: TreeNode[] = [tree];
  const out: HtmlNode[] = [root];
  for (let node = stack.pop(); node !== undefined; node = stack.pop()) {
    const into = out.pop()!;
    if (node.kind === 'file') {
      files.push({ path: node.path, node: into });
      continue;
    }
    // Filled in place (exact size; a spread of a million children would overflow the call stack).
    const kids = node.children;
    const d = into.d!;
    for (let i = 0; i < kids.length; i++) d[i] = make(kids[i]);
    for (let i = kids.length - 1; i >= 0; i--) {
      stack.push(kids[i]);
      out.push(d[i]);
    }
    kids.length = 0;
  }
  return root;
}
