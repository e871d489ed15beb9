// The CI step's pure core: loaded profiles in, every report out (as chunk
// producers keyed by file name), plus the totals and the verdict. Each report
// comes from the same in-memory profiles: nothing is re-parsed between stages.
// The CLI (src/cli/ci.ts) loads the inputs and writes the files; with
// --patch-base it hands in the patch measurement (src/patch) as a callback.

import { diffProfiles } from '../ops/diff.js';
import type { ExclusionReport } from '../ops/exclude.js';
import { filterProfile } from '../ops/filter.js';
import { compilePathPatterns, type GoRegexp } from '../ops/patterns.js';
import type { Profile } from '../profile/model.js';
import { profileByteChunks } from '../profile/writer.js';
import { buildHtmlModel, type SourceFinder } from '../report/html/index.js';
import { functionRows, worstFunctionsMarkdown } from '../report/func.js';
import { jsonSummary } from '../report/json.js';
import { exclusionsMarkdown } from '../report/exclusions.js';
import { renderer, REPORTERS, reportersOf } from '../report/registry.js';
import { formatTableMarkdown } from '../report/table/index.js';
import { goFixed } from '../summary/goFormat.js';
import { tableRows } from '../summary/rows.js';
import { fileTotals, groupDigits, jsonTotals, percentValue, profileTotals, type Totals } from '../summary/totals.js';
import { packageTotals } from '../summary/goPath.js';
import { profileSourceFacts, reportPathMapper, splitFound, type FileFacts } from '../source/fileFacts.js';
import type { Location } from '../source/locator.js';
import type { SourceIndex } from '../source/sourceIndex.js';
import { buildTree } from '../summary/tree.js';
import { githubAnnotations } from '../patch/github.js';
import { patchHeadline, type PatchCoverage } from '../patch/coverage.js';
import { patchJson, patchReasons, type PatchContext } from '../patch/json.js';
import { patchMarkdown } from '../patch/render.js';
import { coverageBadge } from './badge.js';
import type { CiConfig } from './config.js';
import { compileRules } from './rules.js';
import { verdictReasons } from './verdict.js';

/** What the number of a before/after run is: say it everywhere (headline, table and HTML column, JSON). */
export const BETWEEN_LABEL = 'Covered between before and after';
/** Default column name of a before/after run. */
export const BETWEEN_COLUMN = 'between before and after';

/** The loaded inputs of a run: `merged`, or `before` and `after`; and an optional base. */
export interface CiInputs {
  merged?: Profile;
  before?: Profile;
  after?: Profile;
  /** The compare base (already filtered like the run, or a stand-in from a summary). */
  base?: Profile | null;
  /** Measures the patch on the filtered profile (given with --patch-base). */
  patch?: (filtered: Profile) => Promise<{ coverage: PatchCoverage; context: PatchContext }>;
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
  /** GitHub workflow commands for the uncovered changed lines ('' without a patch). */
  annotations: string;
  /** Changed Go files no profile measures (warnings). */
  notMeasured: string[];
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

/** Extras of runCiPipeline. */
export interface CiPipelineOptions {
  /** Hears each step as it starts (progress). */
  onPhase?: (what: string) => void;
  /** Shown in the HTML report's summary. */
  date?: string;
  /** Where sources are found (source view, repository paths, function data). */
  sources?: CiSources;
  /** Drops generated/ignored code after the path filters (--exclude-generated, --honor-ignore). */
  exclude?: ExcludeStep;
}

/** Where the pipeline finds sources: an index, and whether the user pointed at them (else the source view needs a find). */
export interface CiSources {
  index: SourceIndex;
  explicit: boolean;
}

/**
 * Run the pipeline on loaded inputs. `findSource` enables the HTML source view;
 * `opts.exclude` drops generated/ignored code after filtering (every report, and
 * filtered.cov, then show the profile without it).
 */
export async function runCiPipeline(config: CiConfig, inputs: CiInputs, findSource?: SourceFinder, opts: CiPipelineOptions = {}): Promise<CiResult> {
  const onPhase = opts.onPhase ?? ((): void => {});
  const sources = opts.sources;
  const exclude = opts.exclude;
  const outputs = new Map<string, () => Iterable<string | Uint8Array>>();
  let profile: Profile;
  if (inputs.merged) {
    const merged = inputs.merged;
    outputs.set('merged.cov', () => profileByteChunks(merged));
    profile = merged;
  } else if (inputs.before && inputs.after) {
    const { before, after } = inputs;
    onPhase('diff');
    const diff = diffProfiles(before, after, { clamp: config.clamp, before: 'before (merged)', after: 'after (merged)' });
    outputs.set('before.cov', () => profileByteChunks(before));
    outputs.set('after.cov', () => profileByteChunks(after));
    outputs.set('diff.cov', () => profileByteChunks(diff));
    profile = diff;
  } else {
    throw new Error('runCiPipeline: give merged, or before and after');
  }

  onPhase('filter');
  const filter = { include: compiled('includePath', config.includePath), exclude: compiled('excludePath', config.excludePath) };
  const pathFiltered = filterProfile(profile, filter);
  const afterTotal = inputs.after && !inputs.merged ? profileTotals(filterProfile(inputs.after, filter)) : null;
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
  const runName = config.name ?? (afterTotal ? BETWEEN_COLUMN : 'current');
  const names = base ? [runName, config.compareName] : [runName];

  const facts = sources ? await profileSourceFacts(filtered, sources.index) : new Map<string, FileFacts>();
  const sourceCounts = sources ? splitFound(facts) : undefined;
  if (sources && !findSource && (sources.explicit || sourceCounts!.found > 0)) findSource = (name) => sources.index.locator.read(name);
  const functions = (name: string) => facts.get(name)?.functions;
  const mapPath = reportPathMapper('repo', facts, (n) => n);

  onPhase(findSource ? 'HTML report: reading sources' : 'HTML report');
  const html = await buildHtmlModel(columns, { names, title: config.title, date: opts.date, findSource, functions: sources !== undefined, exclusions: [exclusions?.report] });
  const renderHtml = await renderer('html');
  outputs.set(REPORTERS.html.fileName, () => renderHtml(html));

  const renderJunit = await renderer('junit');
  outputs.set(REPORTERS.junit.fileName, () => renderJunit(filtered, { threshold: config.threshold ?? undefined }));

  onPhase('summary');
  const tree = buildTree(columns);
  const model = tableRows(tree, { prefix: config.prefix ?? undefined, depth: config.depth });
  const table = formatTableMarkdown({ columns: names.map((name) => ({ name })), model });

  const total = profileTotals(filtered);
  const baseTotal = base ? profileTotals(base) : null;
  const reasons = verdictReasons({
    total,
    totalLabel: afterTotal ? `coverage between before and after` : 'total coverage',
    packages: packageTotals(filtered),
    files: new Map(filtered.files.map((f) => [f.name, fileTotals(f)])),
    rules: compileRules(config.rules),
    fileThreshold: config.fileThreshold,
    base: baseTotal,
    threshold: config.threshold,
    packageThreshold: config.packageThreshold,
    noDecrease: config.noDecrease,
  });

  outputs.set('coverage.svg', () => [coverageBadge('coverage', total, config.threshold)]);

  let patch: { coverage: PatchCoverage; context: PatchContext } | null = null;
  let patchSection = '';
  let annotations = '';
  if (inputs.patch) {
    patch = await inputs.patch(filtered);
    const p = patch;
    reasons.push(...patchReasons(p.coverage, config.patchThreshold, false));
    const md = patchMarkdown(p.coverage, { threshold: config.patchThreshold, linkBase: config.linkBase });
    outputs.set('patch.md', () => [md]);
    outputs.set('patch.json', () => [`${JSON.stringify(patchJson(p.coverage, p.context), null, 2)}\n`]);
    outputs.set('patch.svg', () => [coverageBadge('patch coverage', p.coverage.totals, config.patchThreshold)]);
    // Under the run's heading: a level lower, and its gate named apart from the run's verdict.
    patchSection = md.slice(md.indexOf('\n') + 1).replace(/^### /, '#### ').replace('**Verdict: ', '**Patch verdict: ');
    annotations = githubAnnotations(p.coverage, config.maxAnnotations);
  }

  const headline = summaryHeadline(total, baseTotal, afterTotal, config);
  const gated = config.threshold !== null || config.noDecrease || config.packageThreshold !== null || config.fileThreshold !== null || config.rules.length > 0 || config.patchThreshold !== null;
  const r = exclusions?.report;
  const sayExcluded = r !== undefined && (r.statements > 0 || r.unused.length > 0 || r.unexplained.length > 0 || r.missing.length > 0);
  const excludedSection = sayExcluded ? `\n${exclusionsMarkdown(r, exclusions!.before.statements)}\n` : '';
  const worst = config.worstFunctions > 0 ? worstFunctionsMarkdown(functionRows(filtered, functions), config.worstFunctions) : '';
  const verdictLine =
    reasons.length === 0 ? (gated ? '**Verdict: pass**' : '') : `**Verdict: FAIL**\n\n${reasons.map((r) => `- ${r}`).join('\n')}`;
  const markdown = `### ${escapeMarkdown(config.title)}\n\n${headline}\n\n${table}${excludedSection}${worst ? `\n${worst}` : ''}${patchSection ? `\n${patchSection}` : ''}${verdictLine ? `\n${verdictLine}\n` : ''}`;
  outputs.set('summary.md', () => [markdown]);

  const summary = {
    ...jsonSummary(filtered, { functions, exclusions: exclusions?.report }),
    ci: {
      measure: afterTotal ? BETWEEN_LABEL : 'Total coverage',
      afterTotal: afterTotal === null ? null : jsonTotals(afterTotal),
      threshold: config.threshold,
      packageThreshold: config.packageThreshold,
      fileThreshold: config.fileThreshold,
      rules: config.rules,
      patch: patch === null ? null : { ...jsonTotals(patch.coverage.totals), threshold: config.patchThreshold },
      base: baseTotal === null ? null : { name: config.compareName, ...jsonTotals(baseTotal) },
      delta: baseTotal === null ? null : jsonDelta(total, baseTotal),
      pass: reasons.length === 0,
      reasons,
    },
  };
  outputs.set('summary.json', () => [`${JSON.stringify(summary, null, 2)}\n`]);

  // The extra reports (--formats), in registry order.
  for (const r of reportersOf('ci')) {
    if (!config.formats.includes(r.format)) continue;
    const render = await r.load();
    outputs.set(r.fileName, () => render(filtered, { mapPath, functions }));
  }

  const excludedLine = r && r.statements > 0
    ? `excluded ${r.statements} statements (${r.generated.statements} generated, ${r.ignored.statements} ignored)\n`
    : '';
  const patchLine = patch ? `${patchHeadline(patch.coverage)}\n` : '';
  const brief = `${headline.replace(/\*\*/g, '').replace(/\\\n/g, '\n')}\n${excludedLine}${patchLine}${reasons.length === 0 ? 'verdict: pass' : `verdict: FAIL (${reasons.length} rule${reasons.length === 1 ? '' : 's'})`}\n`;
  return { outputs, total, baseTotal, reasons, markdown, brief, annotations, notMeasured: patch?.coverage.notMeasured ?? [], exclusions, sources: sourceCounts };
}

/** The change in percentage points as a JSON number (the same value the markdown prints), null when not comparable. */
function jsonDelta(current: Totals, base: Totals): number | null {
  const d = deltaPoints(current, base);
  return d === null ? null : Number(d) || 0; // no -0
}

/** The headline: what the number is (and, before/after, the after profiles' own total on a second line). */
function summaryHeadline(total: Totals, base: Totals | null, afterTotal: Totals | null, config: CiConfig): string {
  let s = `${afterTotal ? BETWEEN_LABEL : 'Total coverage'}: **${pct(total)}** (${groupDigits(total.covered)}/${groupDigits(total.statements)} statements)`;
  if (base) {
    const d = deltaPoints(total, base);
    s += `, ${d === null ? 'not comparable' : `${d} points`} vs ${escapeMarkdown(config.compareName)} (${pct(base)})`;
  }
  if (afterTotal) s += `\\\nAfter total (the after profiles alone): **${pct(afterTotal)}** (${groupDigits(afterTotal.covered)}/${groupDigits(afterTotal.statements)} statements)`;
  return s;
}

function escapeMarkdown(s: string): string {
  return s.replace(/([\\`*_[\]<>|#])/g, '\\$1');
}

/** Compile the include/exclude patterns of config option `option` (a bad one is an OptionError naming it). */
function compiled(option: 'includePath' | 'excludePath', values: readonly string[]): GoRegexp[] {
  return values.length === 0 ? [] : compilePathPatterns(option, values);
}
