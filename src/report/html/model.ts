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
import { fileTotals, type Totals } from '../../summary/totals.js';
import { foldTree, type TotalsColumn, type TreeMaker } from '../../summary/tree.js';
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
 * What the page's tree needs of one profile: its mode, per-file totals (in
 * columns: about 24 bytes a file beyond the names, which are the profile's
 * own strings) and the files added from source (--include-untested). Far
 * smaller than the Profile, so a caller can drop a huge profile first.
 */
export interface HtmlColumnTotals {
  readonly mode: Mode;
  /** The files' names, in profile order. */
  readonly names: readonly string[];
  /** Per file (same order): covered statements and statements. */
  readonly covered: Float64Array;
  readonly statements: Float64Array;
  /** Names of the files in no input profile (FileCoverage.notInProfile). */
  readonly untested: readonly string[];
}

/** The HtmlColumnTotals of a profile. */
export function htmlColumnTotals(profile: Profile): HtmlColumnTotals {
  const { files } = profile;
  const names = new Array<string>(files.length);
  const covered = new Float64Array(files.length);
  const statements = new Float64Array(files.length);
  for (let i = 0; i < files.length; i++) {
    const t = fileTotals(files[i]);
    names[i] = files[i].name;
    covered[i] = t.covered;
    statements[i] = t.statements;
  }
  return { mode: profile.mode, names, covered, statements, untested: files.filter((f) => f.notInProfile).map((f) => f.name) };
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

/** The model's tree (no sources yet) and, with a source view, its file nodes in tree order. */
function treeModel(columnTotals: readonly HtmlColumnTotals[], opts: HtmlTreeModelOptions, sourceView: boolean): { model: HtmlModel; files: { path: string; node: HtmlNode }[] } {
  if (opts.names.length !== columnTotals.length) throw new Error(`buildHtmlModel: ${opts.names.length} names for ${columnTotals.length} profiles`);
  const columns = columnTotals.map((c, i) => ({ name: opts.names[i], mode: c.mode }));
  const reports = opts.exclusions ?? [];
  // Nothing excluded and nothing ran: the page is the same as without exclusions.
  const excluded = reports.some((r) => r && (r.statements > 0 || r.regions.length > 0));
  const ran = excluded ? reports.map((r) => (r ? r.regions.filter((g) => g.executed) : [])) : [];
  const paths = sourceView ? new Map<HtmlNode, string>() : null;
  const marks = { untested: new Set(columnTotals.flatMap((c) => c.untested)), ran: new Set(ran.flat().map((g) => g.file)), paths };
  const root = foldTree(columnTotals.map(totalsColumn), htmlNodes(columnTotals.length, marks));
  const model: HtmlModel = {
    title: opts.title ?? DEFAULT_TITLE,
    ...(opts.date === undefined ? {} : { date: opts.date }),
    columns,
    sourceView,
    sourceStats: { found: 0, missing: 0 },
    root,
    sources: [],
  };
  if (excluded) {
    model.exclusions = columns.map((_, i) => {
      const r = reports[i];
      if (!r) return null;
      const regions = ran[i].map((g) => ({ file: g.file, line: g.line, reason: g.reason, startLine: g.startLine, endLine: g.endLine }));
      return { statements: r.statements, generated: r.generated.statements, ignored: r.ignored.statements, ran: regions };
    });
  }
  return { model, files: paths ? filesInTreeOrder(root, paths) : [] };
}

/** One column's totals as foldTree reads them. */
function totalsColumn(c: HtmlColumnTotals): TotalsColumn {
  return { length: c.names.length, name: (i) => c.names[i], totals: (i) => ({ covered: c.covered[i], statements: c.statements[i] }) };
}

/** A directory's `t` and `d` until it is complete. */
const PENDING_T: HtmlNode['t'] = [];
const PENDING_D: HtmlNode[] = [];

/**
 * The page's nodes, made straight by foldTree (no intermediate tree): files
 * flagged `u` (untested) and `x` (ignored code ran) as they are made, their
 * paths kept in `paths` when there is a source view. Most nodes have small
 * totals that many others share (a million one-block files are all [1, 1]):
 * one `t` list per distinct pair, up to a bounded number of pairs (never
 * modified, only serialized); a one-child directory shares its child's.
 */
function htmlNodes(count: number, marks: { untested: ReadonlySet<string>; ran: ReadonlySet<string>; paths: Map<HtmlNode, string> | null }): TreeMaker<HtmlNode> {
  const shared = new Map<number, HtmlNode['t']>();
  const totalsOf = (all: readonly (Totals | null)[]): HtmlNode['t'] => {
    const x = count === 1 ? all[0] : null;
    const key = x !== null && x.statements < 1 << 20 && x.covered < 1 << 20 ? x.statements * (1 << 20) + x.covered : -1;
    let t = key < 0 ? undefined : shared.get(key);
    if (t === undefined) {
      t = all.map((y) => (y === null ? null : ([y.covered, y.statements] as [number, number])));
      if (key >= 0 && shared.size < 1 << 16) shared.set(key, t);
    }
    return t;
  };
  return {
    file: (name, path, totals) => {
      const node: HtmlNode = { n: name, t: totalsOf(totals) };
      if (marks.untested.has(path)) node.u = 1;
      if (marks.ran.has(path)) node.x = 1;
      marks.paths?.set(node, path);
      return node;
    },
    dir: (name) => ({ n: name, t: PENDING_T, d: PENDING_D }),
    close: (dir, children, totals) => {
      dir.t = children.length === 1 ? children[0].t : totalsOf(totals);
      dir.d = children;
    },
    nameOf: (node) => node.n,
    isDir: (node) => node.d !== undefined,
  };
}

/** The file nodes of a tree in tree (pre-)order, with their paths. A loop, not recursion: any depth works. */
function filesInTreeOrder(root: HtmlNode, paths: ReadonlyMap<HtmlNode, string>): { path: string; node: HtmlNode }[] {
  const files: { path: string; node: HtmlNode }[] = [];
  const stack: HtmlNode[] = [root];
  for (let node = stack.pop(); node !== undefined; node = stack.pop()) {
    if (node.d === undefined) files.push({ path: paths.get(node)!, node });
    else for (let i = node.d.length - 1; i >= 0; i--) stack.push(node.d[i]);
  }
  return files;
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
