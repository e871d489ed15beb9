// The coverage of a patch: the changed files of a diff and the profile's
// files (keyed by repository path) in, per changed Go file the covered,
// partial and missed changed lines and the statements of the blocks that
// touch a changed line out, plus the totals and the verdict of a threshold.
//
// A line belongs to a block when it lies in the block's line range (a block
// ending at column 1 of a line does not reach into that line) and, when the
// source is known, holds code (not only comments or white space: see
// goLines.ts); blocks without statements are ignored. A changed line is covered when every block on it
// ran, partial when some did, missed when none did, and not executable when no
// block touches it. The headline is statement-based, like every other number:
// covered statements / statements of the blocks touching a changed line.

import { compareUtf8, type FileCoverage } from '../profile/model.js';
import { goFixed } from '../summary/goFormat.js';
import { percentValue, type Totals } from '../summary/totals.js';
import type { DiffFile } from './unidiff.js';

/** A changed Go file of the patch. */
export interface PatchFile {
  /** Repository path ('/'-separated). */
  path: string;
  /** Its file name in the profile; null when not measured. */
  name: string | null;
  /** `not measured`: no block of its package is in the profiles. */
  measured: boolean;
  /** Number of added lines. */
  changedLines: number;
  /** Statements of the blocks touching a changed line, and how many of them ran. */
  totals: Totals;
  covered: number[];
  partial: number[];
  missed: number[];
  /** Missed lines as [first, last] ranges (a gap of only non-executable lines does not split a range). */
  missedRanges: Array<[number, number]>;
}

/** The coverage of a whole patch. */
export interface PatchCoverage {
  /** Changed Go files (not `_test.go`), sorted by path. */
  files: PatchFile[];
  totals: Totals;
  lines: { covered: number; partial: number; missed: number };
  /** Paths of the changed Go files no profile measures. */
  notMeasured: string[];
}

/** Does a diff entry count: a kept, non-binary `.go` file that is not a test, with added lines. */
export function countsForPatch(f: DiffFile): f is DiffFile & { path: string } {
  return f.path !== null && !f.binary && f.added.length > 0 && f.path.endsWith('.go') && !f.path.endsWith('_test.go');
}

/** Directory of a '/'-separated path ('' at the top). */
export function dirOf(path: string): string {
  const i = path.lastIndexOf('/');
  return i < 0 ? '' : path.slice(0, i);
}

/**
 * Patch coverage of `diff` against the profile files by repository path.
 * A changed file without blocks whose directory has measured files is a file
 * without executable code (types, constants); only a package without any
 * measured file is "not measured".
 */
export function patchCoverage(
  diff: readonly DiffFile[],
  byPath: ReadonlyMap<string, FileCoverage>,
  /** Per repository path, `codeLines` of its source at the head (files without an entry: every line counts). */
  code: ReadonlyMap<string, readonly boolean[]> = new Map(),
): PatchCoverage {
  const measuredDirs = new Set([...byPath.keys()].map(dirOf));
  const files: PatchFile[] = [];
  for (const d of diff) {
    if (!countsForPatch(d)) continue;
    const cov = byPath.get(d.path);
    files.push(fileCoverage(d.path, d.added, cov ?? null, cov !== undefined || measuredDirs.has(dirOf(d.path)), code.get(d.path)));
  }
  files.sort((a, b) => compareUtf8(a.path, b.path));
  const totals = { covered: 0, statements: 0 };
  const lines = { covered: 0, partial: 0, missed: 0 };
  for (const f of files) {
    totals.covered += f.totals.covered;
    totals.statements += f.totals.statements;
    lines.covered += f.covered.length;
    lines.partial += f.partial.length;
    lines.missed += f.missed.length;
  }
  return { files, totals, lines, notMeasured: files.filter((f) => !f.measured).map((f) => f.path) };
}

/** Last line a block reaches (a block ending at column 1 ends on the line before). */
function lastLine(pos: Uint32Array, p: number): number {
  return pos[p + 2] > pos[p] && pos[p + 3] <= 1 ? pos[p + 2] - 1 : pos[p + 2];
}

function fileCoverage(path: string, added: readonly number[], cov: FileCoverage | null, measured: boolean, code?: readonly boolean[]): PatchFile {
  const isCode = (line: number): boolean => code?.[line] !== false;
  const all = [...new Set(added)].sort((a, b) => a - b);
  const out: PatchFile = { path, name: cov?.name ?? null, measured, changedLines: all.length, totals: { covered: 0, statements: 0 }, covered: [], partial: [], missed: [], missedRanges: [] };
  if (cov === null) return out;
  const changed = all.filter(isCode);
  const blocks = new Array<number>(changed.length).fill(0);
  const ran = new Array<number>(changed.length).fill(0);
  const spans: Array<[number, number]> = [];
  for (let i = 0; i < cov.stmts.length; i++) {
    if (cov.stmts[i] === 0) continue;
    const first = cov.pos[4 * i];
    const last = lastLine(cov.pos, 4 * i);
    spans.push([first, last]);
    let touched = false;
    for (let k = lowerBound(changed, first); k < changed.length && changed[k] <= last; k++) {
      blocks[k]++;
      if (cov.counts[i] > 0) ran[k]++;
      touched = true;
    }
    if (touched) {
      out.totals.statements += cov.stmts[i];
      if (cov.counts[i] > 0) out.totals.covered += cov.stmts[i];
    }
  }
  changed.forEach((line, k) => {
    if (blocks[k] === 0) return;
    (ran[k] === blocks[k] ? out.covered : ran[k] === 0 ? out.missed : out.partial).push(line);
  });
  out.missedRanges = ranges(out.missed, (line) => isCode(line) && spans.some(([s, e]) => s <= line && line <= e));
  return out;
}

/** First index of sorted `a` with a[i] >= x. */
function lowerBound(a: readonly number[], x: number): number {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (a[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Group sorted lines into ranges; two lines join when no line between them is executable. */
function ranges(lines: readonly number[], executable: (line: number) => boolean): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  for (const line of lines) {
    const last = out[out.length - 1];
    let join = last !== undefined;
    for (let l = last ? last[1] + 1 : line; join && l < line; l++) if (executable(l)) join = false;
    if (join) last![1] = line;
    else out.push([line, line]);
  }
  return out;
}

/** "12-14,20": ranges as text. */
export function rangesText(r: ReadonlyArray<[number, number]>): string {
  return r.map(([a, b]) => (a === b ? `${a}` : `${a}-${b}`)).join(',');
}

/** Percentage text with one decimal ("62.5%"), or "n/a" with no statements. */
export function patchPercent(t: Totals): string {
  const p = percentValue(t);
  return p === null ? 'n/a' : `${goFixed(p, 1)}%`;
}

/** The failing reason of `--threshold` (null = pass; no executable changed line passes). */
export function patchThresholdReason(t: Totals, threshold: number | null): string | null {
  if (threshold === null || t.statements === 0) return null;
  if (t.covered / t.statements < threshold) {
    return `patch coverage ${patchPercent(t)} (${t.covered}/${t.statements} statements) is below ${goFixed(threshold * 100, 1)}%`;
  }
  return null;
}

/** The one-line headline, e.g. "Patch coverage: 62.5% (10/16 statements) in 3 changed Go files". */
export function patchHeadline(c: PatchCoverage): string {
  const n = c.files.length;
  const where = `${n} changed Go file${n === 1 ? '' : 's'}`;
  if (c.totals.statements === 0) return `Patch coverage: no executable changed lines (${where})`;
  return `Patch coverage: ${patchPercent(c.totals)} (${c.totals.covered}/${c.totals.statements} statements) in ${where}`;
}
