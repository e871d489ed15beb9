// Leaving generated code and ignored code out of a profile: Profile + what is
// known about each file's source (src/source/markers.ts, covignore.ts) in,
// the reduced Profile + an exclusion report out. Nothing is dropped silently:
// every excluded file and block is listed with its statements, and so are
// markers that excluded nothing and files whose source was not found.
//
// Order per file: generated (with `generated`), then .covignore, then
// `//+gocover:ignore:file`, then block markers (with `ignore`).
// - `coverage-ignore`: every profile block inside the marked region.
// - `//+gocover:ignore:block`: gocover's rule on the profile's blocks: the
//   block that starts at or before the marker line and ends after it, else
//   the first block starting after the marker line.

import type { CovIgnoreRule } from '../source/covignore.js';
import type { GeneratedHeader, IgnoreMarker, IgnoreMarkerKind } from '../source/markers.js';
import type { FileCoverage, Profile } from '../profile/model.js';
import type { Totals } from '../summary/totals.js';

/** What is known about one file's source. */
export interface ExclusionFacts {
  /** Generated-code header (null: checked, none). */
  generated?: GeneratedHeader | null;
  /** Ignore markers in the source. */
  markers?: readonly IgnoreMarker[];
  /** The .covignore rule matching the file, with the .covignore file's path. */
  covignore?: (CovIgnoreRule & { file: string }) | null;
  /** Why the source was not found (then only .covignore can apply). */
  missing?: string;
}

/** What to exclude. */
export interface ExcludeOptions {
  /** Drop generated files. */
  generated: boolean;
  /** Apply .covignore and ignore markers. */
  ignore: boolean;
}

/** Why a whole file was excluded. */
export type FileExclusionReason = 'generated' | 'covignore' | 'gocover:ignore:file';

/** One excluded file. */
export interface ExcludedFile {
  file: string;
  reason: FileExclusionReason;
  /** Where the reason is: the header or marker line, or the .covignore line. */
  line: number;
  /** The header or marker text, or `<.covignore path>: <pattern>`. */
  detail: string;
  statements: number;
  /** Statements of blocks that ran (count > 0). */
  covered: number;
}

/** The blocks one marker excluded. */
export interface ExcludedRegion {
  file: string;
  reason: 'coverage-ignore' | 'gocover:ignore:block';
  /** Line of the marker comment. */
  line: number;
  detail: string;
  /** From the start of the first excluded block to the end of the last. */
  startLine: number;
  startCol: number;
  endLine: number;
  endCol: number;
  blocks: number;
  statements: number;
  covered: number;
  /** Some excluded block ran although it is marked as ignored. */
  executed: boolean;
}

/** A marker that excluded nothing, and why. */
export interface UnusedMarker {
  file: string;
  line: number;
  kind: IgnoreMarkerKind;
  why: string;
}

/** Everything that was left out, and what could not be checked. */
export interface ExclusionReport {
  /** Statements excluded, all reasons. */
  statements: number;
  generated: { files: number; statements: number };
  ignored: { files: number; regions: number; statements: number };
  files: ExcludedFile[];
  regions: ExcludedRegion[];
  unused: UnusedMarker[];
  /** gocover markers without the explanation gocover requires (applied anyway). */
  unexplained: { file: string; line: number; text: string }[];
  /** Files whose source was not found: kept (only .covignore could apply). */
  missing: { name: string; reason: string }[];
}

/**
 * Per-function rows of a file after exclusion, without the functions whose
 * every statement was excluded (`before`: the same functions computed on the
 * file before exclusion, same order; null = nothing was excluded from it).
 */
export function keptFunctions<T extends Totals>(after: readonly T[], before: readonly Totals[] | null): T[] {
  return before === null ? [...after] : after.filter((f, i) => f.statements > 0 || before[i].statements === 0);
}

/** An empty report. */
export function emptyExclusionReport(): ExclusionReport {
  return { statements: 0, generated: { files: 0, statements: 0 }, ignored: { files: 0, regions: 0, statements: 0 }, files: [], regions: [], unused: [], unexplained: [], missing: [] };
}

/** Drop what `opts` asks for; `facts(name)` tells about each file (undefined = nothing known). Pure. */
export function excludeFromProfile(
  profile: Profile,
  facts: (name: string) => ExclusionFacts | undefined,
  opts: ExcludeOptions,
): { profile: Profile; report: ExclusionReport } {
  const report = emptyExclusionReport();
  const files: FileCoverage[] = [];
  for (const f of profile.files) {
    const info = facts(f.name);
    if (info?.missing !== undefined) report.missing.push({ name: f.name, reason: info.missing });
    const whole = info ? fileReason(info, opts) : null;
    if (whole) {
      const t = sum(f, allBlocks(f));
      report.files.push({ file: f.name, ...whole, ...t });
      report.statements += t.statements;
      if (whole.reason === 'generated') {
        report.generated.files++;
        report.generated.statements += t.statements;
      } else {
        report.ignored.files++;
        report.ignored.statements += t.statements;
      }
      continue;
    }
    const markers = opts.ignore ? (info?.markers ?? []) : [];
    if (markers.length === 0) {
      files.push(f);
      continue;
    }
    const drop = new Uint8Array(f.stmts.length);
    for (const m of markers) {
      if (m.kind === 'gocover:ignore:file') continue;
      if (m.kind === 'gocover:ignore:block' && m.reason === '') report.unexplained.push({ file: f.name, line: m.line, text: m.text });
      const picked = m.kind === 'coverage-ignore' ? regionBlocks(f, m) : gocoverBlock(f, m.line);
      const fresh = picked.filter((i) => drop[i] === 0);
      if (fresh.length === 0) {
        report.unused.push({ file: f.name, line: m.line, kind: m.kind, why: unusedWhy(m, picked.length) });
        continue;
      }
      for (const i of fresh) drop[i] = 1;
      const t = sum(f, fresh);
      const a = 4 * fresh[0];
      const z = 4 * fresh[fresh.length - 1];
      report.regions.push({
        file: f.name,
        reason: m.kind,
        line: m.line,
        detail: m.text,
        startLine: f.pos[a],
        startCol: f.pos[a + 1],
        endLine: f.pos[z + 2],
        endCol: f.pos[z + 3],
        blocks: fresh.length,
        ...t,
        executed: fresh.some((i) => f.counts[i] > 0),
      });
      report.ignored.regions++;
      report.ignored.statements += t.statements;
      report.statements += t.statements;
    }
    const kept = keepBlocks(f, drop);
    if (kept) files.push(kept);
  }
  return { profile: { mode: profile.mode, files }, report };
}

function fileReason(info: ExclusionFacts, opts: ExcludeOptions): { reason: FileExclusionReason; line: number; detail: string } | null {
  if (opts.generated && info.generated) return { reason: 'generated', line: info.generated.line, detail: info.generated.text };
  if (!opts.ignore) return null;
  if (info.covignore) return { reason: 'covignore', line: info.covignore.line, detail: `${info.covignore.file}: ${info.covignore.pattern}` };
  const m = info.markers?.find((x) => x.kind === 'gocover:ignore:file');
  return m ? { reason: 'gocover:ignore:file', line: m.line, detail: m.text } : null;
}

function unusedWhy(m: IgnoreMarker, alreadyExcluded: number): string {
  if (alreadyExcluded > 0) return 'its blocks are already excluded by an earlier marker';
  if (m.kind === 'coverage-ignore') return m.region ? 'the block it opens has no statements in the profile' : 'no block opens on its line';
  return 'no profile block at or after its line';
}

function allBlocks(f: FileCoverage): number[] {
  return Array.from({ length: f.stmts.length }, (_, i) => i);
}

/** Statements and covered statements of some blocks. */
function sum(f: FileCoverage, blocks: readonly number[]): { statements: number; covered: number } {
  let statements = 0;
  let covered = 0;
  for (const i of blocks) {
    statements += f.stmts[i];
    if (f.counts[i] > 0) covered += f.stmts[i];
  }
  return { statements, covered };
}

/** Blocks lying inside a coverage-ignore marker's region. */
function regionBlocks(f: FileCoverage, m: IgnoreMarker): number[] {
  const r = m.region;
  if (!r) return [];
  const out: number[] = [];
  for (let i = 0, p = 0; i < f.stmts.length; i++, p += 4) {
    const startsIn = f.pos[p] > r.startLine || (f.pos[p] === r.startLine && f.pos[p + 1] >= r.startCol);
    const endsIn = f.pos[p + 2] < r.endLine || (f.pos[p + 2] === r.endLine && f.pos[p + 3] <= r.endCol);
    if (startsIn && endsIn) out.push(i);
  }
  return out;
}

/** gocover's choice for a block marker on `line` (blocks are sorted by start). */
function gocoverBlock(f: FileCoverage, line: number): number[] {
  const n = f.stmts.length;
  let idx = 0; // first block starting after `line`
  while (idx < n && f.pos[4 * idx] <= line) idx++;
  if (idx > 0 && f.pos[4 * (idx - 1) + 2] > line) return [idx - 1];
  return idx < n ? [idx] : [];
}

/** The file without the dropped blocks; null when none is left. */
function keepBlocks(f: FileCoverage, drop: Uint8Array): FileCoverage | null {
  let n = 0;
  for (const d of drop) if (d === 0) n++;
  if (n === f.stmts.length) return f;
  if (n === 0) return null;
  const pos = new Uint32Array(4 * n);
  const stmts = new Uint32Array(n);
  const counts = new Float64Array(n);
  for (let i = 0, k = 0; i < drop.length; i++) {
    if (drop[i]) continue;
    pos.set(f.pos.subarray(4 * i, 4 * i + 4), 4 * k);
    stmts[k] = f.stmts[i];
    counts[k++] = f.counts[i];
  }
  return { name: f.name, pos, stmts, counts };
}
