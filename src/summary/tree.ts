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

/** A node while the tree is built: a directory's children by name, made on first use and dropped by `finish`. */
interface MutableNode extends TreeNode {
  dirs?: Map<string, MutableNode>;
  files?: Map<string, MutableNode>;
}

function newNode(name: string, path: string, kind: 'dir' | 'file', columns: number): MutableNode {
  return { name, path, kind, children: [], totals: new Array<Totals | null>(columns).fill(null) };
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

/** Build the tree from per-file totals, one list per column (same result as `buildTree` on the profiles). */
export function buildTreeFromTotals(columns: readonly (readonly FileTotals[])[]): TreeNode {
  const count = columns.length;
  const root = newNode('', '', 'dir', count);
  columns.forEach((files, col) => {
    for (const f of files) {
      const segs = pathSegments(f.name);
      let node = root;
      const chain: MutableNode[] = [root];
      for (let k = 0; k < segs.length - 1; k++) {
        let next = node.dirs?.get(segs[k]);
        if (!next) {
          // The parent's path plus one segment: linear in the depth (a 20,000-segment name is fine).
          next = newNode(segs[k], k === 0 ? segs[0] : `${node.path}/${segs[k]}`, 'dir', count);
          (node.dirs ??= new Map()).set(segs[k], next);
        }
        node = next;
        chain.push(node);
      }
      const leafName = segs[segs.length - 1];
      let leaf = node.files?.get(leafName);
      if (!leaf) {
        leaf = newNode(leafName, f.name, 'file', count);
        (node.files ??= new Map()).set(leafName, leaf);
      }
      const t = f.totals;
      leaf.totals[col] = addTotals(leaf.totals[col] ?? { covered: 0, statements: 0 }, t);
      for (const n of chain) n.totals[col] = addTotals(n.totals[col] ?? { covered: 0, statements: 0 }, t);
    }
  });
  finish(root);
  return root;
}

/** Fill every directory's sorted children (a loop with its own stack: paths may be deeper than the call stack). */
function finish(root: MutableNode): void {
  const stack = [root];
  for (let node = stack.pop(); node !== undefined; node = stack.pop()) {
    const dirs = [...(node.dirs?.values() ?? [])].sort((a, b) => compareUtf8(a.name, b.name));
    const files = [...(node.files?.values() ?? [])].sort((a, b) => compareUtf8(a.name, b.name));
    // One push per child: a spread of a million children would overflow the call stack.
    for (const c of dirs) node.children.push(c);
    for (const c of files) node.children.push(c);
    delete node.dirs;
    delete node.files;
    for (const d of dirs) stack.push(d);
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
