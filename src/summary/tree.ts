// The prefix tree of source paths with per-column totals: the data behind
// tables, the HTML browser and per-directory verdicts. Columns are input
// profiles in argument order; a node's totals for a column are null when no
// file of its subtree is in that profile (an empty cell, never a 0.0% lie).
// A directory's totals roll up its whole subtree. One builder (foldTree) makes
// every such tree from per-file totals, of TreeNodes (here) or of a caller's
// own nodes (the HTML page's, made without a TreeNode tree in between).

import { compareUtf8, type Profile } from '../profile/model.js';
import { addTotals, fileTotals, type Totals } from './totals.js';

/** A directory or file in the tree. */
export interface TreeNode {
  /** Last path segment (`pkg`, `a.go`); '' for the root. */
  readonly name: string;
  /** Full path without trailing slash ('' for the root). */
  readonly path: string;
  readonly kind: 'dir' | 'file';
  /** Directories first, then files; each group in UTF-8 byte order of name. */
  readonly children: TreeNode[];
  /** Per column (input profile) totals, null where absent. */
  readonly totals: (Totals | null)[];
}

/** The children of every file node: one shared, frozen empty list (a million files need no million arrays). */
const NO_CHILDREN: TreeNode[] = Object.freeze([]) as unknown as TreeNode[];

/** A directory's totals until it is complete. */
const NO_TOTALS: (Totals | null)[] = [];

/** A TreeNode as built by buildTreeFromTotals: one fixed shape. */
class Node implements TreeNode {
  constructor(
    readonly name: string,
    readonly path: string,
    readonly kind: 'dir' | 'file',
    public children: TreeNode[],
    /** A directory with one child shares the child's list (equal by definition; nothing modifies a built tree). */
    public totals: (Totals | null)[],
  ) {}
}

/** Split a profile file name into path segments ('/'-separated; a leading '/' keeps an empty first segment). */
export function pathSegments(name: string): string[] {
  return name.split('/');
}

/** Per-file totals of one profile, in profile order: what a tree column needs (small even for huge profiles). */
export interface FileTotals {
  readonly name: string;
  readonly totals: Totals;
}

/** The per-file totals of a profile (lets callers drop a huge Profile before building the tree). */
export function profileFileTotals(profile: Profile): FileTotals[] {
  return profile.files.map((f) => ({ name: f.name, totals: fileTotals(f) }));
}

/** Build the tree of every file in any of the profiles, with one totals column per profile. */
export function buildTree(profiles: readonly Profile[]): TreeNode {
  return buildTreeFromTotals(profiles.map(profileFileTotals));
}

/**
 * Build the tree from per-file totals, one list per column (same result as
 * `buildTree` on the profiles). A file's totals are the caller's object
 * (shared, never modified) unless its name repeats in a column.
 */
export function buildTreeFromTotals(columns: readonly (readonly FileTotals[])[]): TreeNode {
  return foldTree<Node>(
    columns.map((files) => ({ length: files.length, name: (i) => files[i].name, totals: (i) => files[i].totals })),
    {
      file: (name, path, totals) => new Node(name, path, 'file', NO_CHILDREN, totals),
      dir: (name, path) => new Node(name, path, 'dir', NO_CHILDREN, NO_TOTALS),
      close: (dir, children, totals) => {
        dir.children = children;
        dir.totals = children.length === 1 ? children[0].totals : totals;
      },
      nameOf: (node) => node.name,
      isDir: (node) => node.kind === 'dir',
    },
  );
}

/** One column's per-file totals, read by index (a list of FileTotals, or columns of numbers: whatever is smallest for the caller). */
export interface TotalsColumn {
  readonly length: number;
  name(i: number): string;
  /** Never modified by foldTree (it may be kept as a file's totals). */
  totals(i: number): Totals;
}

/** How foldTree makes the nodes of a tree of type N. */
export interface TreeMaker<N> {
  /** A file and its totals per column (null where absent): the caller's object, or a fresh sum for a name repeated in a column. */
  file(name: string, path: string, totals: (Totals | null)[]): N;
  /** A directory, opened: its node, completed by `close`. */
  dir(name: string, path: string): N;
  /** A directory is complete: its children in order (exact-size list) and its totals per column (fresh objects). */
  close(dir: N, children: N[], totals: (Totals | null)[]): void;
  /** For ordering children: a node's name, and whether it is a directory. */
  nameOf(node: N): string;
  isDir(node: N): boolean;
}

/** A directory being filled. */
interface OpenDir<N> {
  readonly node: N;
  readonly seg: string;
  readonly path: string;
  /** Where its children start on the shared stack of children. */
  readonly start: number;
  readonly totals: (Totals | null)[];
}

/**
 * The one tree builder: the prefix tree of the columns' file names (a
 * directory's children are directories first, then files, each in UTF-8
 * byte order of name; a directory's totals roll up its subtree, null in a
 * column where it has no file), made of the caller's nodes (TreeNodes for
 * tables, the HTML page's own nodes), returning the root. The names of all
 * columns are walked in UTF-8 byte order (a k-way merge; a column not sorted
 * is read in sorted order), so the files of a directory come in one run and
 * the open directories are a stack: no lookup tables, no recursion. Each
 * directory's children are sorted once it is complete: a directory's name
 * order can differ from the order of the full paths ("b-x/" sorts before
 * "b/").
 */
export function foldTree<N>(columns: readonly TotalsColumn[], maker: TreeMaker<N>): N {
  const count = columns.length;
  const orders = columns.map(sortedOrder);
  const at = new Array<number>(count).fill(0);
  /** The index of column col's next entry, -1 at its end. */
  const next = (col: number): number => {
    const k = at[col];
    if (k >= columns[col].length) return -1;
    const order = orders[col];
    return order === null ? k : order[k];
  };
  const nulls = (): (Totals | null)[] => new Array<Totals | null>(count).fill(null);
  // Children of the open directories, one run per directory (exact-size copies are cut when it closes).
  const kids: N[] = [];
  const open: OpenDir<N>[] = [{ node: maker.dir('', ''), seg: '', path: '', start: 0, totals: nulls() }];
  const byName = (a: N, b: N): number => {
    const ad = maker.isDir(a);
    return ad === maker.isDir(b) ? compareUtf8(maker.nameOf(a), maker.nameOf(b)) : ad ? -1 : 1;
  };
  const closeTop = (): void => {
    const dir = open.pop()!;
    const children = kids.slice(dir.start);
    kids.length = dir.start;
    children.sort(byName);
    maker.close(dir.node, children, dir.totals);
    if (open.length > 0) rollUp(open[open.length - 1].totals, dir.totals);
  };
  // The file being read (its name repeats while a column has it again).
  let leafPath: string | null = null;
  let leafName = '';
  let leafTotals: (Totals | null)[] = [];
  const endLeaf = (): void => {
    if (leafPath === null) return;
    kids.push(maker.file(leafName, leafPath, leafTotals));
    rollUp(open[open.length - 1].totals, leafTotals);
    leafPath = null;
  };
  const baseNames = new Map<string, string>();
  for (;;) {
    // The least name not yet placed, over all columns.
    let name: string | null = null;
    for (let col = 0; col < count; col++) {
      const i = next(col);
      if (i < 0) continue;
      const n = columns[col].name(i);
      if (name === null || (n !== name && compareUtf8(n, name) < 0)) name = n;
    }
    if (name === null) break;
    if (name !== leafPath) {
      endLeaf();
      const segs = pathSegments(name);
      // Keep the open directories this name shares, then open the rest.
      let k = 0;
      while (k < open.length - 1 && k < segs.length - 1 && open[k + 1].seg === segs[k]) k++;
      while (open.length - 1 > k) closeTop();
      for (; k < segs.length - 1; k++) {
        const path = k === 0 ? segs[0] : `${open[open.length - 1].path}/${segs[k]}`;
        const node = maker.dir(segs[k], path);
        kids.push(node);
        open.push({ node, seg: segs[k], path, start: kids.length, totals: nulls() });
      }
      // File names repeat across directories (doc.go, types.go): one string each.
      const base = segs[segs.length - 1];
      let shared = baseNames.get(base);
      if (shared === undefined) baseNames.set(base, (shared = base));
      leafPath = name;
      leafName = shared;
      leafTotals = nulls();
    }
    for (let col = 0; col < count; col++) {
      const i = next(col);
      if (i < 0 || columns[col].name(i) !== name) continue;
      at[col]++;
      const t = columns[col].totals(i);
      const had = leafTotals[col];
      leafTotals[col] = had === null ? t : addTotals({ ...had }, t);
    }
  }
  endLeaf();
  while (open.length > 1) closeTop();
  const root = open[0].node;
  closeTop();
  return root;
}

/** Sort per-file totals in place by name, in UTF-8 byte order (a Profile's file order); returns `files`. */
export function sortFileTotals(files: FileTotals[]): FileTotals[] {
  return files.sort((a, b) => compareUtf8(a.name, b.name));
}

/** Add a child's totals into its directory's (fresh objects: the child's are never modified). */
function rollUp(into: (Totals | null)[], from: readonly (Totals | null)[]): void {
  for (let col = 0; col < into.length; col++) {
    const t = from[col];
    if (t === null) continue;
    const had = into[col];
    into[col] = had === null ? { covered: t.covered, statements: t.statements } : addTotals(had, t);
  }
}

/** The column's indices in UTF-8 order of name (stable), or null when it is sorted already. */
function sortedOrder(column: TotalsColumn): number[] | null {
  let sorted = true;
  for (let i = 1; i < column.length && sorted; i++) sorted = compareUtf8(column.name(i - 1), column.name(i)) <= 0;
  if (sorted) return null;
  return Array.from({ length: column.length }, (_, i) => i).sort((a, b) => compareUtf8(column.name(a), column.name(b)));
}

/**
 * The node at a path prefix ('' or '/' = root; a trailing '/' is optional), or
 * null when nothing matches. Single-child chains are not collapsed.
 */
export function findNode(root: TreeNode, prefix: string): TreeNode | null {
  const clean = prefix.replace(/\/+$/, '');
  if (clean === '') return root;
  let node: TreeNode | undefined = root;
  for (const seg of pathSegments(clean)) {
    node = node.children.find((c) => c.name === seg && c.kind === 'dir') ?? node.children.find((c) => c.name === seg);
    if (!node) return null;
  }
  return node;
}

/** Depth-first walk (pre-order) calling `visit(node, depth)`; depth 0 is `start` itself. Not recursive: any depth works. */
export function walkTree(start: TreeNode, visit: (node: TreeNode, depth: number) => void, depth = 0): void {
  const stack: [TreeNode, number][] = [[start, depth]];
  for (let top = stack.pop(); top !== undefined; top = stack.pop()) {
    const [node, d] = top;
    visit(node, d);
    for (let i = node.children.length - 1; i >= 0; i--) stack.push([node.children[i], d + 1]);
  }
}
