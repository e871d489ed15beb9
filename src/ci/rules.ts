// Per-path thresholds of a CI run: rules `{path: REGEX, threshold}` (Go
// regexp syntax) checked against every file and every package name, plus a
// threshold for every file. Totals by name in, one failing-rule line per
// target below its threshold out.
//
// Like go-test-coverage's `override`, a rule replaces the general threshold of
// what it matches (the file threshold for a file, the package threshold for a
// package). Where several rules match, the most specific wins: the one whose
// match is longest; on a tie, the one listed first.

import { compileGoRegexp, type GoRegexp } from '../ops/patterns.js';
import { goFixed } from '../summary/goFormat.js';
import { coverageRatio, type Totals } from '../summary/totals.js';
import type { PathRule } from './config.js';

/** A rule with its compiled pattern. */
export interface CompiledRule extends PathRule {
  re: GoRegexp;
}

/** Compile rules; a bad pattern is a UsageError naming it. */
export function compileRules(rules: readonly PathRule[], where = 'rules'): CompiledRule[] {
  return rules.map((r) => ({ ...r, re: compileGoRegexp(`${where} "${r.path}"`, r.path) }));
}

/** The rule that applies to `name` (most specific match), or null. */
export function ruleFor(rules: readonly CompiledRule[], name: string): CompiledRule | null {
  let best: CompiledRule | null = null;
  let bestLength = -1;
  for (const r of rules) {
    const length = r.re.matchLength(name);
    if (length > bestLength) {
      best = r;
      bestLength = length;
    }
  }
  return best;
}

/** Percentage of a ratio in [0, 1]. */
function pct(r: number): string {
  return `${goFixed(r * 100, 1)}%`;
}

/** Coverage of totals as Go prints it. */
function pctOf(t: Totals): string {
  return `${goFixed((100 * t.covered) / t.statements, 1)}%`;
}

/**
 * Failing lines for the targets of one kind (`file` or `package`): each below
 * its rule's threshold, or below `general` when no rule matches. Targets
 * without statements have no coverage to hold to a threshold.
 */
export function pathRuleReasons(
  kind: 'file' | 'package',
  targets: ReadonlyMap<string, Totals>,
  rules: readonly CompiledRule[],
  general: number | null,
): string[] {
  const out: string[] = [];
  for (const [name, t] of targets) {
    const rule = ruleFor(rules, name);
    const threshold = rule?.threshold ?? general;
    const r = coverageRatio(t);
    if (threshold === null || r === null || r >= threshold) continue;
    const shown = name === '' ? '.' : name;
    out.push(
      rule
        ? `${kind} ${shown}: coverage ${pctOf(t)} is below ${pct(threshold)} (rule "${rule.path}")`
        : `${kind} ${shown}: coverage ${pctOf(t)} is below the ${kind} threshold of ${pct(threshold)}`,
    );
  }
  return out;
}
