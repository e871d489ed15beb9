// The CI step's pure core: loaded profiles in, every report out (as chunk
// producers keyed by file name), plus the totals and the verdict. Each report
// comes from the same in-memory profiles: nothing is re-parsed between stages.
// The CLI (src/cli/ci.ts) loads the inputs and writes the files.

import { diffProfiles } from '../ops/diff.js';
import type { ExclusionReport } from '../ops/exclude.js';
import { filterProfile } from '../ops/filter.js';
import { compilePathPatterns } from '../ops/patterns.js';
import { compareUtf8, type Profile } from '../profile/model.js';
import { profileByteChunks } from '../profile/writer.js';
import { coberturaChunks } from '../report/cobertura.js';
import { buildHtmlModel, htmlReportChunks, type SourceFinder } from '../report/html/index.js';
import { functionRows, worstFunctionsMarkdown } from '../report/func.js';
import { jsonSummary } from '../report/json.js';
import { junitXml, DEFAULT_JUNIT_THRESHOLD } from '../report/junit.js';
import { exclusionsMarkdown } from '../report/exclusions.js';
import { lcovChunks } from '../report/lcov.js';
import { formatTableMarkdown } from '../report/table/index.js';
import { goFixed } from '../summary/goFormat.js';
import { tableRows } from '../summary/rows.js';
import { profileSourceFacts, reportPathMapper, splitFound, type FileFacts } from '../source/fileFacts.js';
import type { Location } from '../source/locator.js';
import type { SourceIndex } from '../source/sourceIndex.js';
import { percentValue, profileTotals, type Totals } from '../summary/totals.js';
import { buildTree } from '../summary/tree.js';
import type { CiConfig } from './config.js';
import { verdictReasons } from './verdict.js';

/** The loaded inputs of a run: `merged`, or `before` and `after`; and an optional base. */
export interface CiInputs {
  merged?: Profile;
  before?: Profile;
  after?: Profile;
  /** The compare base (already filtered like the run, or a stand-in from a summary). */
  base?: Profile | null;
}

/** Applies --exclude-generated / --honor-ignore to a profile (src/cli/excludeFlags.ts reads the sources). */
export type ExcludeStep = (profile: Profile) => Promise<{ profile: Profile; report: ExclusionReport }>;

/** Everything a run produced. */
export interface CiResult {
  /** Report files by name, each as a chunk producer (called once, when written). */
  outputs: Map<string, () => Iterable<string | Uint8Array>>;
  total: Totals;
  baseTotal: Totals | null;
  /** Failing rules, one line each; empty = pass. */
  reasons: string[];
  /** summary.md's text (also appended to $GITHUB_STEP_SUMMARY). */
  markdown: string;
  /** A few lines for stdout. */
  brief: string;
  /** What the exclude step left out, and the filtered profile's size before it (null without the step). */
  exclusions: { report: ExclusionReport; before: { statements: number; files: number } } | null;
  /** With sources: how many files were found, and the others. */
  sources?: { found: number; missing: Location[] };
}

/** Percent text with one decimal, or "n/a" without statements. */
function pct(t: Totals): string {
  const p = percentValue(t);
  return p === null ? 'n/a' : `${goFixed(p, 1)}%`;
}

/** Signed difference of two totals in percentage points, e.g. "+1.3" (null when either has no statements). */
export function deltaPoints(current: Totals, base: Totals): string | null {
  const a = percentValue(current);
  const b = percentValue(base);
  if (a === null || b === null) return null;
  const d = a - b;
  const text = goFixed(Math.abs(d), 1);
  return `${d < 0 && text !== '0.0' ? '-' : '+'}${text}`;
}

/** Packages (directories of the files directly in them) with their totals, for package thresholds. */
function packageTotals(profile: Profile): Map<string, Totals> {
  const out = new Map<string, Totals>();
  const tree = buildTree([profile]);
  const visit = (node: typeof tree): void => {
    let own: Totals | null = null;
    for (const c of node.children) {
      if (c.kind === 'dir') visit(c);
      else if (c.totals[0] !== null) {
        own ??= { covered: 0, statements: 0 };
        own.covered += c.totals[0].covered;
        own.statements += c.totals[0].statements;
      }
    }
    if (own !== null) out.set(node.path, own);
  };
  visit(tree);
  return new Map([...out].sort(([a], [b]) => compareUtf8(a, b)));
}

/** Where the pipeline finds sources: an index, and whether the user pointed at them (else the source view needs a find). */
export interface CiSources {
  index: SourceIndex;
  explicit: boolean;
}

/**
 * Run the pipeline on loaded inputs. `findSource` enables the HTML source view;
 * `exclude` drops generated/ignored code after filtering (every report, and
 * filtered.cov, then show the profile without it).
 */
export async function runCiPipeline(config: CiConfig, inputs: CiInputs, findSource?: SourceFinder, sources?: CiSources, exclude?: ExcludeStep): Promise<CiResult> {
  const outputs = new Map<string, () => Iterable<string | Uint8Array>>();
  let profile: Profile;
  if (inputs.merged) {
    const merged = inputs.merged;
    outputs.set('merged.cov', () => profileByteChunks(merged));
    profile = merged;
  } else if (inputs.before && inputs.after) {
    const { before, after } = inputs;
    const diff = diffProfiles(before, after, { clamp: config.clamp, before: 'before (merged)', after: 'after (merged)' });
    outputs.set('before.cov', () => profileByteChunks(before));
    outputs.set('after.cov', () => profileByteChunks(after));
    outputs.set('diff.cov', () => profileByteChunks(diff));
    profile = diff;
  } else {
    throw new Error('runCiPipeline: give merged, or before and after');
  }

  const pathFiltered = filterProfile(profile, { include: compiled(config.includePath), exclude: compiled(config.excludePath) });
  let filtered = pathFiltered;
  let exclusions: CiResult['exclusions'] = null;
  if (exclude) {
    const r = await exclude(pathFiltered);
    filtered = r.profile;
    exclusions = { report: r.report, before: { statements: profileTotals(pathFiltered).statements, files: pathFiltered.files.length } };
  }
  outputs.set('filtered.cov', () => profileByteChunks(filtered));

  const base = inputs.base ?? null;
  const columns = base ? [filtered, base] : [filtered];
  const names = base ? [config.name, config.compareName] : [config.name];

  const facts = sources ? await profileSourceFacts(filtered, sources.index) : new Map<string, FileFacts>();
  const sourceCounts = sources ? splitFound(facts) : undefined;
  if (sources && !findSource && (sources.explicit || sourceCounts!.found > 0)) findSource = (name) => sources.index.locator.read(name);
  const functions = (name: string) => facts.get(name)?.functions;
  const mapPath = reportPathMapper('repo', facts, (n) => n);

  const html = await buildHtmlModel(columns, { names, title: config.title, findSource, functions: sources !== undefined, exclusions: [exclusions?.report] });
  outputs.set('coverage.html', () => htmlReportChunks(html));

  const junitThreshold = config.threshold ?? DEFAULT_JUNIT_THRESHOLD;
  outputs.set('junit_coverage.xml', () => [junitXml(filtered, junitThreshold)]);

  const tree = buildTree(columns);
  const model = tableRows(tree, { prefix: config.prefix ?? undefined, depth: config.depth });
  const table = formatTableMarkdown({ columns: names.map((name) => ({ name })), model });

  const total = profileTotals(filtered);
  const baseTotal = base ? profileTotals(base) : null;
  const reasons = verdictReasons({
    total,
    packages: packageTotals(filtered),
    base: baseTotal,
    threshold: config.threshold,
    packageThreshold: config.packageThreshold,
    noDecrease: config.noDecrease,
  });

  const headline = summaryHeadline(total, baseTotal, config);
  const verdictLine =
    reasons.length === 0 ? (config.threshold === null && !config.noDecrease && config.packageThreshold === null ? '' : '**Verdict: pass**') : `**Verdict: FAIL**\n\n${reasons.map((r) => `- ${r}`).join('\n')}`;
  const r = exclusions?.report;
  const sayExcluded = r !== undefined && (r.statements > 0 || r.unused.length > 0 || r.unexplained.length > 0 || r.missing.length > 0);
  const excludedSection = sayExcluded ? `\n${exclusionsMarkdown(r, exclusions!.before.statements)}\n` : '';
  const worst = config.worstFunctions > 0 ? worstFunctionsMarkdown(functionRows(filtered, functions), config.worstFunctions) : '';
  const markdown = `### ${escapeMarkdown(config.title)}\n\n${headline}\n\n${table}${excludedSection}${worst ? `\n${worst}` : ''}${verdictLine ? `\n${verdictLine}\n` : ''}`;
  outputs.set('summary.md', () => [markdown]);

  const summary = {
    ...jsonSummary(filtered, { functions, exclusions: exclusions?.report }),
    ci: {
      threshold: config.threshold,
      packageThreshold: config.packageThreshold,
      base: baseTotal === null ? null : { name: config.compareName, statements: baseTotal.statements, covered: baseTotal.covered, percent: ratioPercent(baseTotal) },
      deltaPoints: baseTotal === null ? null : deltaPoints(total, baseTotal),
      pass: reasons.length === 0,
      reasons,
    },
  };
  outputs.set('summary.json', () => [`${JSON.stringify(summary, null, 2)}\n`]);

  if (config.formats.includes('lcov')) outputs.set('lcov.info', () => lcovChunks(filtered, { mapPath, functions }));
  if (config.formats.includes('cobertura')) outputs.set('cobertura.xml', () => coberturaChunks(filtered, { mapPath, functions }));

  const excludedLine = r && r.statements > 0
    ? `excluded ${r.statements} statements (${r.generated.statements} generated, ${r.ignored.statements} ignored)\n`
    : '';
  const brief = `${headline.replace(/\*\*/g, '')}\n${excludedLine}${reasons.length === 0 ? 'verdict: pass' : `verdict: FAIL (${reasons.length} rule${reasons.length === 1 ? '' : 's'})`}\n`;
  return { outputs, total, baseTotal, reasons, markdown, brief, exclusions, sources: sourceCounts };
}

function ratioPercent(t: Totals): string | null {
  const p = percentValue(t);
  return p === null ? null : goFixed(p, 1);
}

function summaryHeadline(total: Totals, base: Totals | null, config: CiConfig): string {
  let s = `Total coverage: **${pct(total)}** (${total.covered}/${total.statements} statements)`;
  if (base) {
    const d = deltaPoints(total, base);
    s += `, ${d === null ? 'not comparable' : `${d} points`} vs ${escapeMarkdown(config.compareName)} (${pct(base)})`;
  }
  return s;
}

function escapeMarkdown(s: string): string {
  return s.replace(/([\\`*_[\]<>|#])/g, '\\$1');
}

/** Compile include/exclude patterns (the CLI validates them first, so errors here are usage errors too). */
function compiled(values: readonly string[]): RegExp[] {
  return values.length === 0 ? [] : compilePathPatterns('path pattern', values);
}
