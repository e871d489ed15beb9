// Per-function coverage, as `go tool cover -func` computes it: a file's
// blocks and its function extents (src/source/functions.ts) in, statements
// and covered statements per function out. A block belongs to a function when
// it overlaps the function's extent (cmd/cover/func.go's rule, including its
// early stop once blocks start past the function's end).

import type { FileCoverage } from '../profile/model.js';
import type { FuncExtent } from '../source/functions.js';
import { goFixed } from './goFormat.js';
import type { Totals } from './totals.js';

/** One function's coverage. `count` is the hit count of its first block (how often it was entered), 0 without blocks. */
export interface FuncCoverage extends Totals {
  name: string;
  /** Start line as go/token reports it (after //line adjustment). */
  line: number;
  startCol: number;
  endLine: number;
  endCol: number;
  count: number;
}

/** The coverage of each function of a file, in the extents' order. */
export function functionCoverage(file: FileCoverage, funcs: readonly FuncExtent[]): FuncCoverage[] {
  // Go walks blocks sorted by start; the profile's canonical order is (start, end), which is sorted by start too.
  const { pos, stmts, counts } = file;
  return funcs.map((f) => {
    let covered = 0;
    let statements = 0;
    let count = -1;
    for (let i = 0, p = 0; i < stmts.length; i++, p += 4) {
      const sl = pos[p], sc = pos[p + 1], el = pos[p + 2], ec = pos[p + 3];
      if (sl > f.endLine || (sl === f.endLine && sc >= f.endCol)) break;
      if (el < f.startLine || (el === f.startLine && ec <= f.startCol)) continue;
      statements += stmts[i];
      if (counts[i] > 0) covered += stmts[i];
      if (count < 0) count = counts[i];
    }
    return { name: f.name, line: f.startLine, startCol: f.startCol, endLine: f.endLine, endCol: f.endCol, covered, statements, count: Math.max(count, 0) };
  });
}

/** cmd/cover's percentage: 100*covered/total, with total 0 counted as 1 (so 0 statements is 0.0%). */
export function coverPercent(covered: number, statements: number): number {
  return (100 * covered) / (statements === 0 ? 1 : statements);
}

/** cmd/cover's `%.1f%%` of a function or total. */
export function coverPercentText(t: Totals): string {
  return `${goFixed(coverPercent(t.covered, t.statements), 1)}%`;
}
