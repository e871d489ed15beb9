// The table-row model shared by every tabular report (table command, ci
// summary, html): TreeNode + {prefix, depth, sort} in, rows of cells out.
// Rows are the descendants of the prefix node down to `depth` levels, in
// pre-order (a directory row, then its own rows); a totals row covers the
// prefix's whole subtree. A cell is null where the input has no file under
// that path (an empty cell, never 0.0%); 0 statements has ratio null ("–").

import { UsageError } from '../profile/errors.js';
import { coverageRatio, percentText, trendArrow, type Totals } from './totals.js';
import { findNode, type TreeNode } from './tree.js';

/** Row orders: tree order (`name`), worst coverage first, most statements first. */
export const TABLE_SORTS = ['name', 'coverage', 'statements'] as const;

/** How sibling rows are ordered. */
export type TableSort = (typeof TABLE_SORTS)[number];

/** One column's value for one row. */
export interface TableCell {
  readonly covered: number;
  readonly statements: number;
  /** covered / statements, or null for 0 statements. */
  readonly ratio: number | null;
  /** Go `%.1f` percentage with `%` ("49.8%"), or "–" for 0 statements. */
  readonly percent: string;
  /** Against the column to the right, compared at the displayed 0.1% precision; null when equal or not comparable. */
  readonly trend: 'up' | 'down' | null;
}

/** A directory, file or totals row. */
export interface TableRow {
  readonly kind: 'dir' | 'file' | 'total';
  /** Path relative to the prefix, directories ending in '/' (`api/`, `api/v1/types.go`); "Total" for the totals row. */
  readonly label: string;
  /** Full path, directories ending in '/'; the prefix itself for the totals row ('' = everything). */
  readonly path: string;
  /** 1 for children of the prefix, 2 for grandchildren...; 0 for the totals row. */
  readonly depth: number;
  /** One per input column; null = no file of this path in that input. */
  readonly cells: readonly (TableCell | null)[];
}

/** What `tableRows` returns. */
export interface TableModel {
  /** The prefix the rows are relative to: '' for everything, directories end in '/'. */
  readonly prefix: string;
  readonly depth: number;
  readonly sort: TableSort;
  readonly rows: readonly TableRow[];
  readonly total: TableRow;
}

/** Options of `tableRows`. */
export interface TableRowsOptions {
  /**
   * Path (a directory, or a file) whose children are the rows; a trailing '/'
   * is optional and '' means the root. Omitted: the deepest directory that
   * holds every file (`defaultPrefix`).
   */
  prefix?: string;
  /** Levels of descendants shown (default 1: the children only). */
  depth?: number;
  /** Sibling order (default `name`: directories first, then files, UTF-8 order). */
  sort?: TableSort;
}

/** Label of the totals row. */
export const TOTAL_LABEL = 'Total';

/** The cell of one column: totals plus the trend against the column to its right. */
export function tableCell(totals: Totals | null, right: Totals | null): TableCell | null {
  if (totals === null) return null;
  const arrow = trendArrow(totals, right);
  return {
    covered: totals.covered,
    statements: totals.statements,
    ratio: coverageRatio(totals),
    percent: percentText(totals),
    trend: arrow === '▲' ? 'up' : arrow === '▼' ? 'down' : null,
  };
}

/** Cells of a node, one per column, each compared with its right neighbour. */
export function nodeCells(node: TreeNode): (TableCell | null)[] {
  return node.totals.map((t, i) => tableCell(t, i + 1 < node.totals.length ? node.totals[i + 1] : null));
}

/**
 * The deepest directory holding every file: from the root, descend while the
 * node has exactly one child and it is a directory. Returned with a trailing
 * '/' ('' when the root already branches).
 */
export function defaultPrefix(root: TreeNode): string {
  let node = root;
  while (node.children.length === 1 && node.children[0].kind === 'dir') node = node.children[0];
  return node === root ? '' : `${node.path}/`;
}

/**
 * Rows for a table: the descendants of `prefix` down to `depth` levels, in
 * pre-order, siblings ordered by `sort`; plus the totals row of the prefix.
 * A prefix that names nothing in the tree is a UsageError naming what exists
 * under its longest existing ancestor. A prefix naming a file gives that one row.
 */
export function tableRows(root: TreeNode, options: TableRowsOptions = {}): TableModel {
  const depth = options.depth ?? 1;
  const sort = options.sort ?? 'name';
  if (!Number.isInteger(depth) || depth < 1) throw new UsageError(`depth must be a whole number >= 1, got ${depth}`);
  if (!TABLE_SORTS.includes(sort)) throw new UsageError(`sort must be one of ${TABLE_SORTS.join(', ')}, got "${sort}"`);
  const requested = options.prefix ?? defaultPrefix(root);
  const node = resolvePrefix(root, requested);
  if (node === null) throw prefixError(root, requested);
  const rows: TableRow[] = [];
  let prefix: string;
  if (node.kind === 'file') {
    prefix = node.path;
    rows.push({ kind: 'file', label: node.name, path: node.path, depth: 1, cells: nodeCells(node) });
  } else {
    prefix = node === root ? '' : `${node.path}/`;
    // Pre-order with an explicit stack (children pushed last-first): any depth works.
    const stack: { child: TreeNode; level: number; rel: string }[] = [];
    const push = (dir: TreeNode, level: number, rel: string): void => {
      const kids = orderChildren(dir.children, sort);
      for (let i = kids.length - 1; i >= 0; i--) stack.push({ child: kids[i], level, rel });
    };
    push(node, 1, '');
    for (let top = stack.pop(); top !== undefined; top = stack.pop()) {
      const { child, level, rel } = top;
      const label = `${rel}${child.name}${child.kind === 'dir' ? '/' : ''}`;
      const path = child.kind === 'dir' ? `${child.path}/` : child.path;
      rows.push({ kind: child.kind, label, path, depth: level, cells: nodeCells(child) });
      if (child.kind === 'dir' && level < depth) push(child, level + 1, label);
    }
  }
  const total: TableRow = { kind: 'total', label: TOTAL_LABEL, path: prefix, depth: 0, cells: nodeCells(node) };
  return { prefix, depth, sort, rows, total };
}

/**
 * The node a prefix names. Absolute file names (`/src/a.go`) hang under a
 * directory named '' whose path is ''; a prefix of only slashes names that
 * directory when it exists (findNode maps '/' to the root).
 */
function resolvePrefix(root: TreeNode, prefix: string): TreeNode | null {
  if (/^\/+$/.test(prefix)) {
    const slash = root.children.find((c) => c.kind === 'dir' && c.name === '');
    if (slash) return slash;
  }
  return findNode(root, prefix);
}

/** Siblings in the requested order; ties (and `name`) keep tree order. */
function orderChildren(children: readonly TreeNode[], sort: TableSort): readonly TreeNode[] {
  if (sort === 'name') return children;
  const key = (n: TreeNode): number | null => {
    const t = n.totals[0];
    if (t === null) return null;
    return sort === 'coverage' ? coverageRatio(t) : -t.statements;
  };
  // Array.prototype.sort is stable: equal keys keep tree order. Missing keys go last.
  return [...children].sort((a, b) => {
    const x = key(a);
    const y = key(b);
    if (x === null || y === null) return x === y ? 0 : x === null ? 1 : -1;
    return x - y;
  });
}

const SUGGESTIONS = 8;

/** The error for a prefix that matches nothing, naming what exists where the path stops matching. */
function prefixError(root: TreeNode, prefix: string): UsageError {
  const segs = prefix.replace(/\/+$/, '').split('/');
  let node = root;
  for (const seg of segs) {
    const next = node.children.find((c) => c.name === seg && c.kind === 'dir');
    if (!next) break;
    node = next;
  }
  const where = node === root ? 'at the top level' : `under "${node.path}/"`;
  const names = node.children.map((c) => (c.kind === 'dir' ? `${c.name}/` : c.name));
  const shown = names.slice(0, SUGGESTIONS).join(' ');
  const more = names.length > SUGGESTIONS ? ` (+${names.length - SUGGESTIONS} more)` : '';
  return new UsageError(`prefix "${prefix}" matches no directory or file in the inputs; ${where} there is: ${shown}${more}`);
}
