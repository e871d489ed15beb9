// LCOV tracefile output (the `SF/DA/LF/LH` subset Codecov, Coveralls and
// SonarQube read): Profile in, text chunks out. Go blocks are ranges of
// lines; a line's hit count is the max over the blocks that cover it (a line
// shared by two blocks, e.g. `} else {`, counts as run if either ran). When
// function data is given, FN/FNDA/FNF/FNH records (count = entry block's
// count) precede the lines. Files in
// profile order (bytewise by name), lines ascending: deterministic.

import { ProfileError } from '../profile/errors.js';
import { blockPosition, type FileCoverage, type Profile } from '../profile/model.js';
import { uniqueFunctionNames, type FuncCoverage } from '../summary/functions.js';

/** No Go source file has this many lines; a block spanning more is not a real block. */
const MAX_BLOCK_LINES = 10_000_000;

/** Per-line hit counts of one file: parallel arrays, lines ascending. */
export interface LineHits {
  readonly lines: Uint32Array;
  readonly hits: Float64Array;
}

/** Options shared by the line-based reporters. */
export interface LineReportOptions {
  /** Maps a profile file name to the name written in the report (e.g. strip the module path). */
  mapPath?: (name: string) => string;
  /** Per-function coverage of a profile file name, when its source was found (adds function records). */
  functions?: (name: string) => readonly FuncCoverage[] | null | undefined;
}

/** Line hit counts of one file: every line from a block's start line to its end line gets max(count). */
export function lineHits(file: FileCoverage): LineHits {
  const { pos, counts } = file;
  const hit = new Map<number, number>();
  for (let i = 0, p = 0; i < counts.length; i++, p += 4) {
    const sl = pos[p];
    const el = Math.max(pos[p + 2], sl);
    if (el - sl > MAX_BLOCK_LINES) {
      throw new ProfileError('BAD_LINE', `block ${file.name}:${blockPosition(file, i)} spans ${el - sl + 1} lines`);
    }
    const c = counts[i];
    for (let l = sl; l <= el; l++) {
      const prev = hit.get(l);
      if (prev === undefined || c > prev) hit.set(l, c);
    }
  }
  const lines = Uint32Array.from(hit.keys()).sort();
  const hits = Float64Array.from(lines, (l) => hit.get(l)!);
  return { lines, hits };
}

/** Number of lines with a hit count > 0. */
export function linesHit(h: LineHits): number {
  let n = 0;
  for (const c of h.hits) if (c > 0) n++;
  return n;
}

/** The LCOV tracefile of a profile, one record per source file, in chunks. */
export function* lcovChunks(profile: Profile, opts: LineReportOptions = {}): Generator<string> {
  const mapPath = opts.mapPath ?? ((n: string) => n);
  let out = '';
  for (const f of profile.files) {
    const h = lineHits(f);
    out += `TN:\nSF:${mapPath(f.name)}\n`;
    const funcs = opts.functions?.(f.name);
    if (funcs) out += lcovFunctionRecords(funcs);
    for (let i = 0; i < h.lines.length; i++) out += `DA:${h.lines[i]},${h.hits[i]}\n`;
    out += `LF:${h.lines.length}\nLH:${linesHit(h)}\nend_of_record\n`;
    if (out.length >= 1 << 16) {
      yield out;
      out = '';
    }
  }
  if (out.length > 0) yield out;
}

/** FN/FNDA/FNF/FNH records of one file's functions (names made unique in the file). */
export function lcovFunctionRecords(funcs: readonly FuncCoverage[]): string {
  const names = uniqueFunctionNames(funcs);
  let out = '';
  funcs.forEach((f, i) => (out += `FN:${f.line},${names[i]}\n`));
  funcs.forEach((f, i) => (out += `FNDA:${f.count},${names[i]}\n`));
  return `${out}FNF:${funcs.length}\nFNH:${funcs.filter((f) => f.count > 0).length}\n`;
}
