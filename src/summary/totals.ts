// Statement totals: how many statements a file, directory or profile has and
// how many of them ran (count > 0). The one rule for "nothing to cover":
// 0 statements has no ratio (`null`), shown as "–" in tables, never as a fake
// 100% (junit alone keeps gopherage's ratio 1 for compatibility).

import type { FileCoverage, Profile } from '../profile/model.js';
import { goFixed } from './goFormat.js';

/** Statements of a target and how many of them are covered. */
export interface Totals {
  covered: number;
  statements: number;
}

/** Totals of one file: covered = NumStmt of blocks with count > 0. */
export function fileTotals(file: FileCoverage): Totals {
  let covered = 0;
  let statements = 0;
  const { stmts, counts } = file;
  for (let i = 0; i < stmts.length; i++) {
    statements += stmts[i];
    if (counts[i] > 0) covered += stmts[i];
  }
  return { covered, statements };
}

/** Totals of a whole profile. */
export function profileTotals(profile: Profile): Totals {
  const t = { covered: 0, statements: 0 };
  for (const f of profile.files) addTotals(t, fileTotals(f));
  return t;
}

/** Add `b` into `a` (mutates `a`). */
export function addTotals(a: Totals, b: Totals): Totals {
  a.covered += b.covered;
  a.statements += b.statements;
  return a;
}

/** Covered fraction in [0, 1], or null when there are no statements. */
export function coverageRatio(t: Totals): number | null {
  return t.statements === 0 ? null : t.covered / t.statements;
}

/**
 * Covered percentage computed as Go's cmd/cover and `go test` do,
 * `100 * covered / statements` (in that order: `(covered / statements) * 100`
 * rounds twice and prints 23/80 as 28.7% where Go prints 28.8%); null for 0 statements.
 */
export function percentValue(t: Totals): number | null {
  return t.statements === 0 ? null : (100 * t.covered) / t.statements;
}

/** Text shown for a missing or statement-less cell. */
export const NOT_APPLICABLE = '–';

/** Percentage with one decimal as Go's `%.1f` prints it, e.g. "49.8%"; "–" for 0 statements. */
export function percentText(t: Totals | null): string {
  if (t === null) return '';
  const p = percentValue(t);
  return p === null ? NOT_APPLICABLE : `${goFixed(p, 1)}%`;
}

/**
 * Arrow comparing a cell with the one to its right: '▲' up, '▼' down, '' same
 * or not comparable. Compared at the displayed precision (0.1%), so an arrow
 * never sits between two equal-looking numbers.
 */
export function trendArrow(current: Totals | null, previous: Totals | null): '▲' | '▼' | '' {
  if (current === null || previous === null) return '';
  const a = percentValue(current);
  const b = percentValue(previous);
  if (a === null || b === null) return '';
  const x = Number(goFixed(a, 1));
  const y = Number(goFixed(b, 1));
  return x > y ? '▲' : x < y ? '▼' : '';
}

/**
 * Totals as every JSON output writes them (one vocabulary, docs/json.md):
 * covered, statements, ratio (null for 0 statements) and percent, a number
 * rounded as Go's `%.1f` prints it (null for 0 statements).
 */
export interface JsonTotals {
  covered: number;
  statements: number;
  ratio: number | null;
  percent: number | null;
}

/** The JSON form of totals (see JsonTotals). */
export function jsonTotals(t: Totals): JsonTotals {
  const p = percentValue(t);
  return { covered: t.covered, statements: t.statements, ratio: coverageRatio(t), percent: p === null ? null : Number(goFixed(p, 1)) };
}

/**
 * A count (an integer >= 0) with thousands separators ("1,234,567"), as the
 * reports show counts to people, by the page's own rule (format.js `group`).
 * Not toLocaleString: its first call loads ICU's locale data, about 20 ms of
 * a small `ci` run (on a terminal, ci's progress line still loads it).
 */
export function groupDigits(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}
