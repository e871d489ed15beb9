// The data the HTML report embeds: profiles (one column each) in, a compact
// JSON-ready model out. Per node only the per-column statement totals (never
// the raw blocks), so a 10,000-file profile stays small; per-line data only
// for files whose source the injected SourceFinder returned. Deterministic:
// the same inputs give the same model, whatever order sources arrive in.

import pMap from 'p-map';
import type { FileCoverage, Mode, Profile } from '../../profile/model.js';
import { buildTree, type TreeNode } from '../../summary/tree.js';
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
  /** 1 on files in no input profile (added from source by --include-untested). */
  u?: 1;
}

/** A source file: its lines once, and per column its highlighting (null where the file is not in that profile). */
export interface HtmlSource {
  path: string;
  lines: string[];
  cov: (LineCoverage | null)[];
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
}

/** Options of `buildHtmlModel`. */
export interface HtmlModelOptions {
  /** Column headings, one per profile (see `columnNames`). */
  names: readonly string[];
  title?: string;
  findSource?: SourceFinder;
  /** Parallel source look-ups (default 16). */
  concurrency?: number;
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
  const untested = new Set(profiles.flatMap((p) => p.files.filter((f) => f.notInProfile).map((f) => f.name)));
  for (const f of files) if (untested.has(f.path)) f.node.u = 1;
  const model: HtmlModel = {
    title: opts.title ?? DEFAULT_TITLE,
    columns,
    sourceView: opts.findSource !== undefined,
    sourceStats: { found: 0, missing: 0 },
    root,
    sources: [],
  };
  const find = opts.findSource;
  if (!find) return model;
  const byName = profiles.map((p) => new Map(p.files.map((f) => [f.name, f] as const)));
  const found = await pMap(files, (f) => find(f.path), { concurrency: opts.concurrency ?? 16 });
  // Assign source indices in tree order (deterministic), annotating each column.
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
    model.sources.push({ path: f.path, lines: lines.lines, cov });
  });
  return model;
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
