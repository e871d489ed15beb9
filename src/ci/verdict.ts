// The verdict of a CI run: every failing rule gives one clear reason line.
// No threshold and no --no-decrease means coverage never fails the run.

import { goFixed } from '../summary/goFormat.js';
import { coverageRatio, type Totals } from '../summary/totals.js';
import { pathRuleReasons, type CompiledRule } from './rules.js';

export interface VerdictInput {
  total: Totals;
  /** What the total is, for the messages (default "total coverage"). */
  totalLabel?: string;
  /** Totals of every package (directory of files directly in it). */
  packages: ReadonlyMap<string, Totals>;
  /** Totals of every file (by profile name). */
  files?: ReadonlyMap<string, Totals>;
  /** Per-path rules (they override the file and package thresholds of what they match). */
  rules?: readonly CompiledRule[];
  fileThreshold?: number | null;
  /** Total of the compare base, when there is one. */
  base: Totals | null;
  threshold: number | null;
  packageThreshold: number | null;
  noDecrease: boolean;
}

/** A threshold in [0, 1] as a percentage. */
function pct(r: number): string {
  return `${goFixed(r * 100, 1)}%`;
}

/** Coverage of totals as Go's cover tools print it: 100*covered/statements (exact on ties). */
function pctOf(t: Totals): string {
  return `${goFixed((100 * t.covered) / t.statements, 1)}%`;
}

/** Reasons the run fails (empty = pass). */
export function verdictReasons(v: VerdictInput): string[] {
  const reasons: string[] = [];
  const total = coverageRatio(v.total);
  if (v.threshold !== null && total === null) {
    // An empty result (everything filtered out?) cannot meet a threshold.
    reasons.push(`no statements to measure against the threshold of ${pct(v.threshold)} (empty profile after filtering?)`);
  } else if (v.threshold !== null && total !== null && total < v.threshold) {
    reasons.push(`${v.totalLabel ?? 'total coverage'} ${pctOf(v.total)} is below the threshold of ${pct(v.threshold)}`);
  }
  const rules = v.rules ?? [];
  if (v.files) reasons.push(...pathRuleReasons('file', v.files, rules, v.fileThreshold ?? null));
  reasons.push(...pathRuleReasons('package', v.packages, rules, v.packageThreshold));
  if (v.noDecrease && v.base !== null) {
    const b = coverageRatio(v.base);
    // Exact comparison of covered/statements fractions by cross-multiplying integers.
    if (total !== null && b !== null && v.total.covered * v.base.statements < v.base.covered * v.total.statements) {
      reasons.push(`${v.totalLabel ?? 'total coverage'} decreased from ${pctOf(v.base)} to ${pctOf(v.total)} (--no-decrease)`);
    }
  }
  return reasons;
}
