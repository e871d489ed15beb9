// The prefix tree of source paths with per-column totals: the data behind
// tables, the HTML browser and per-directory verdicts. Columns are input
// profiles in argument order; a node's totals for a column are null when no
// file of its subtree is in that profile (an empty cell, never a 0.0% lie).
// A directory's totals roll up its whole subtree.

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

/**
 * A node as built: one fixed shape (no per-directory Maps, no deleted
 * properties), so a profile of a million one-file directories costs a few
 * hundred bytes per file, not kilobytes.
 */
class Node implements TreeNode {
  /** Replaced by an exact-size copy when the tree is finished (a pushed-to array keeps spare slots). */
  children: TreeNode[];
  /** A directory with one child shares the child's list at the end (equal by definition; nothing modifies a built tree). */
  totals: (Totals | null)[];
  constructor(
    readonly name: string,
    readonly path: string,
    readonly kind: 'dir' | 'file',
    columns: number,
  ) {
    this.children = kind === 'dir' ? [] : NO_CHILDREN;
    this.totals = new Array<Totals | null>(columns).fill(null);
  }
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
 * `buildTree` on the profiles). The names of all columns are walked in UTF-8
 * byte order (a k-way merge; a column not sorted is sorted first), so the
 * files of a directory come in one run and the path from the root is a stack:
 * no lookup tables.
 */
export function buildTreeFromTotals(columns: readonly (readonly FileTotals[])[]): TreeNode {
  const count = columns.length;
  const root = new Node('', '', 'dir', count);
  const lists = columns.map((files) => (isSorted(files) ? files : sortFileTotals([...files])));
  const at = new Array<number>(count).fill(0);
  // The open directories from the root, with their segments.
  const chain: Node[] = [root];
  const segsOf: string[] = [];
  let leaf: Node | null = null;
  const baseNames = new Map<string, string>();
  for (;;) {
    // The least name not yet placed, over all columns.
    let name: string | null = null;
    for (let col = 0; col < count; col++) {
      const f = lists[col][at[col]];
      if (f !== undefined && (name === null || (f.name !== name && compareUtf8(f.name, name) < 0))) name = f.name;
    }
    if (name === null) break;
    if (leaf === null || leaf.path !== name) {
      const segs = pathSegments(name);
      // Keep the open directories this name shares, then open the rest.
      let k = 0;
      while (k < segsOf.length && k < segs.length - 1 && segsOf[k] === segs[k]) k++;
      while (segsOf.length > k) {
        segsOf.pop();
        chain.pop();
      }
      for (; k < segs.length - 1; k++) {
        const parent = chain[k];
        const dir = new Node(segs[k], k === 0 ? segs[0] : `${parent.path}/${segs[k]}`, 'dir', count);
        parent.children.push(dir);
        chain.push(dir);
        segsOf.push(segs[k]);
      }
      // File names repeat across directories (doc.go, types.go): one string each.
      const base = segs[segs.length - 1];
      let leafName = baseNames.get(base);
      if (leafName === undefined) baseNames.set(base, (leafName = base));
      leaf = new Node(leafName, name, 'file', count);
      chain[chain.length - 1].children.push(leaf);
    }
    for (let col = 0; col < count; col++) {
      const f = lists[col][at[col]];
      if (f === undefined || f.name !== name) continue;
      at[col]++;
      const t = f.totals;
      // The caller's object is shared, never modified: a repeated name gets a new sum.
      const had = leaf.totals[col];
      leaf.totals[col] = had === null ? t : addTotals({ ...had }, t);
      for (const n of chain) n.totals[col] = addTotals(n.totals[col] ?? { covered: 0, statements: 0 }, t);
    }
  }
  finish(root);
  return root;
}

/** Sort per-file totals in place by name, in UTF-8 byte order (a Profile's file order); returns `files`. */
export function sortFileTotals(files: FileTotals[]): FileTotals[] {
  return isSorted(files) ? files : files.sort((a, b) => compareUtf8(a.name, b.name));
}

function isSorted(files: readonly FileTotals[]): boolean {
  for (let i = 1; i < files.length; i++) if (compareUtf8(files[i - 1].name, files[i].name) > 0) return false;
  return true;
}

/**
 * Order every directory's children: directories first, then files, each by
 * name in UTF-8 byte order (a loop with its own stack: paths may be deeper
 * than the call stack). A directory's name order can differ from the order
 * of the full paths ("b-x/" sorts before "b/"), hence the sort.
 */
function finish(root: Node): void {
  const stack: Node[] = [root];
  for (let node = stack.pop(); node !== undefined; node = stack.pop()) {
    const kids = node.children;
    if (kids.length === 0) continue;
    kids.sort((a, b) => (a.kind === b.kind ? compareUtf8(a.name, b.name) : a.kind === 'dir' ? -1 : 1));
    node.children = kids.slice();
    if (kids.length === 1) node.totals = kids[0].totals;
    for (const c of kids) if (c.kind === 'dir') stack.push(c as Node);
  }
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
