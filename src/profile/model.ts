// The in-memory coverage profile. Built for scale: a Kubernetes profile has
// millions of blocks, so blocks are packed into typed arrays per source file
// rather than one object each. A Profile is always canonical: files sorted by
// UTF-8 byte order of their names, blocks sorted by (startLine, startCol,
// endLine, endCol) with no duplicates. Profiles are treated as immutable.

import { encodeName } from './names.js';

/** A Go cover mode. */
export type Mode = 'set' | 'count' | 'atomic';

/** Every cover mode, in the order Go documents them. */
export const MODES: readonly Mode[] = ['set', 'count', 'atomic'];

/** Largest count we hold exactly (2^53 - 1); larger is an error, never rounding. */
export const MAX_COUNT = Number.MAX_SAFE_INTEGER;

/** The blocks of one source file, packed. Block i occupies pos[4i..4i+3]. */
export interface FileCoverage {
  /** Source file name as written in the profile (e.g. `k8s.io/kubernetes/pkg/a.go`). */
  readonly name: string;
  /** startLine, startCol, endLine, endCol per block. */
  readonly pos: Uint32Array;
  /** NumStmt per block. */
  readonly stmts: Uint32Array;
  /** Count per block: exact non-negative integers up to 2^53-1. */
  readonly counts: Float64Array;
  /** Set on files added from source by --include-untested: in no input profile, blocks computed, counts 0. */
  readonly notInProfile?: boolean;
}

/** A canonical coverage profile. */
export interface Profile {
  readonly mode: Mode;
  /** Sorted by UTF-8 byte order of `name`; names are unique. */
  readonly files: readonly FileCoverage[];
}

/** Total number of blocks in a profile. */
export function totalBlocks(profile: Profile): number {
  let n = 0;
  for (const f of profile.files) n += f.stmts.length;
  return n;
}

/** Plain-object view of one block, for tests, error messages and small reports (not hot paths). */
export interface Block {
  startLine: number;
  startCol: number;
  endLine: number;
  endCol: number;
  numStmt: number;
  count: number;
}

/** Block i of a file as a plain object. */
export function blockAt(file: FileCoverage, i: number): Block {
  const p = 4 * i;
  return {
    startLine: file.pos[p],
    startCol: file.pos[p + 1],
    endLine: file.pos[p + 2],
    endCol: file.pos[p + 3],
    numStmt: file.stmts[i],
    count: file.counts[i],
  };
}

/** `L.C,L.C` position text of block i, as in the profile format. */
export function blockPosition(file: FileCoverage, i: number): string {
  const p = 4 * i;
  return `${file.pos[p]}.${file.pos[p + 1]},${file.pos[p + 2]}.${file.pos[p + 3]}`;
}

/**
 * The one block order: block i of `pos` against the block (sl, sc, el, ec),
 * by (startLine, startCol, endLine, endCol); negative if block i comes first,
 * 0 for the same position.
 */
export function comparePosTo(pos: Uint32Array, i: number, sl: number, sc: number, el: number, ec: number): number {
  const p = 4 * i;
  return pos[p] - sl || pos[p + 1] - sc || pos[p + 2] - el || pos[p + 3] - ec;
}

/** Compare block i of file a with block j of file b by (startLine, startCol, endLine, endCol). */
export function comparePos(a: Uint32Array, i: number, b: Uint32Array, j: number): number {
  const q = 4 * j;
  return comparePosTo(a, i, b[q], b[q + 1], b[q + 2], b[q + 3]);
}

/**
 * Compare two strings by the byte order of their UTF-8 encodings, as Go
 * compares names; a name with bytes that are not UTF-8 (see names.ts)
 * compares by those bytes. JS `<` compares UTF-16 code units, which puts
 * astral characters (surrogates, 0xD800..) before U+E000..U+FFFF: wrong for Go.
 */
export function compareUtf8(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    // Outside the surrogates, code point order is UTF-8 byte order.
    if ((x < 0xd800 || x > 0xdfff) && (y < 0xd800 || y > 0xdfff)) return x - y;
    // An astral character or an escaped byte: compare the bytes from the
    // start of the differing character (a pair shares its high half).
    const from = i > 0 && a.charCodeAt(i - 1) >= 0xd800 && a.charCodeAt(i - 1) <= 0xdbff ? i - 1 : i;
    return compareBytes(encodeName(a.slice(from)), encodeName(b.slice(from)));
  }
  return a.length - b.length;
}

function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return a[i] - b[i];
  return a.length - b.length;
}

/** Build a FileCoverage from plain blocks (sorted and de-duplicated by the caller). For tests and small tools. */
export function fileFromBlocks(name: string, blocks: readonly Block[]): FileCoverage {
  const pos = new Uint32Array(blocks.length * 4);
  const stmts = new Uint32Array(blocks.length);
  const counts = new Float64Array(blocks.length);
  blocks.forEach((b, i) => {
    pos.set([b.startLine, b.startCol, b.endLine, b.endCol], 4 * i);
    stmts[i] = b.numStmt;
    counts[i] = b.count;
  });
  return { name, pos, stmts, counts };
}

/** A copy of `file` with new counts (same blocks). */
export function withCounts(file: FileCoverage, counts: Float64Array): FileCoverage {
  return { name: file.name, pos: file.pos, stmts: file.stmts, counts };
}
