// JUnit XML for TestGrid, byte-compatible with gopherage's `junit` command:
// Profile (or its per-file totals) + threshold in, XML text out (no trailing newline, as Go's
// xml.MarshalIndent writes it). Targets: OVERALL, every file in profile order,
// then one per directory (Go package: the files directly in it, path.Dir
// semantics), sorted. Ratios are computed in float32 as gopherage does
// (float32(covered) / float32(all); 0 statements -> 1) and printed with Go's
// %.1f / %.0f, ties to even.

import { goPathDir } from '../summary/goPath.js';
import { compareUtf8, type Profile } from '../profile/model.js';
import { goFixed } from '../summary/goFormat.js';
import { addTotals, fileTotals, type Totals } from '../summary/totals.js';

/** gopherage's default threshold (0.8, as a float32). */
export const DEFAULT_JUNIT_THRESHOLD = Math.fround(0.8);

/** One JUnit test case: a coverage target and its totals. */
export interface JunitTarget {
  name: string;
  totals: Totals;
  /** A file in no input profile (added by --include-untested): gets a `not-in-profile` property. */
  notInProfile?: boolean;
}

/** Coverage ratio as gopherage computes it: float32 division, 1 for 0 statements. */
export function junitRatio(t: Totals): number {
  if (t.statements === 0) return 1;
  return Math.fround(Math.fround(t.covered) / Math.fround(t.statements));
}

/** The targets in report order: OVERALL, files (profile order), directories (sorted). */
export function junitTargets(profile: Profile): JunitTarget[] {
  return junitTargetsOf(profile.files.map((f) => (f.notInProfile ? { name: f.name, totals: fileTotals(f), notInProfile: true } : { name: f.name, totals: fileTotals(f) })));
}

/** The targets in report order from the files' own targets (in profile order: sorted by name). */
export function junitTargetsOf(files: readonly JunitTarget[]): JunitTarget[] {
  const overall: Totals = { covered: 0, statements: 0 };
  const dirs = new Map<string, Totals>();
  for (const { name, totals: t } of files) {
    addTotals(overall, t);
    const dir = goPathDir(name);
    const d = dirs.get(dir);
    if (d) addTotals(d, t);
    else dirs.set(dir, { ...t });
  }
  const dirTargets = [...dirs.entries()].sort((a, b) => compareUtf8(a[0], b[0])).map(([name, totals]) => ({ name, totals }));
  return [{ name: 'OVERALL', totals: overall }, ...files, ...dirTargets];
}

/** Text escaped as Go's encoding/xml escapes attribute values and character data. */
export function goXmlEscape(s: string): string {
  // Printable ASCII other than " & ' < > needs no escape (nearly every Go path).
  if (!/[^\x20\x21\x23-\x25\x28-\x3b\x3d\x3f-\x7e]/.test(s)) return s;
  let out = '';
  for (const ch of s) {
    const r = ch.codePointAt(0) as number;
    switch (ch) {
      case '"': out += '&#34;'; break;
      case "'": out += '&#39;'; break;
      case '&': out += '&amp;'; break;
      case '<': out += '&lt;'; break;
      case '>': out += '&gt;'; break;
      case '\t': out += '&#x9;'; break;
      case '\n': out += '&#xA;'; break;
      case '\r': out += '&#xD;'; break;
      default:
        out += (r >= 0x20 && r <= 0xd7ff) || (r >= 0xe000 && r <= 0xfffd) || (r >= 0x10000 && r <= 0x10ffff) ? ch : '\uFFFD';
    }
  }
  return out;
}

/** One `<testcase>` element, indented as by MarshalIndent(ts, "", "    "). */
function testCase(name: string, ratio: number, threshold: number, notInProfile = false): string {
  const pct = goFixed(Math.fround(ratio * 100), 1);
  let s = `    <testcase class_name="go_coverage" name="${goXmlEscape(name)}" time="0">\n`;
  if (ratio < threshold) {
    const got = goFixed(Math.fround(100 * ratio), 0);
    const want = goFixed(Math.fround(100 * threshold), 0);
    s += `        <failure>code coverage of ${got}% is below threshold of ${want}%</failure>\n`;
  }
  s += '        <properties>\n';
  s += `            <property name="coverage" value="${pct}"></property>\n`;
  if (notInProfile) s += '            <property name="not-in-profile" value="true"></property>\n';
  s += '        </properties>\n';
  s += '    </testcase>';
  return s;
}

/**
 * The JUnit XML document for a profile. `threshold` is a fraction in [0, 1]
 * and is used as a float32 (pass the flag value; it is rounded here).
 */
export function junitXml(profile: Profile, threshold: number = DEFAULT_JUNIT_THRESHOLD): string {
  return junitXmlOf(junitTargets(profile), threshold);
}

/** The JUnit XML document of targets (`junitTargets`, or `junitTargetsOf` per-file totals): what `junitXml` writes. */
export function junitXmlOf(targets: readonly JunitTarget[], threshold: number = DEFAULT_JUNIT_THRESHOLD): string {
  const t = Math.fround(threshold);
  const cases = targets.map((target) => testCase(target.name, junitRatio(target.totals), t, target.notInProfile));
  return `<testsuite>\n${cases.join('\n')}\n</testsuite>`;
}

