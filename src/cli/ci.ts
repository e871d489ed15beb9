// `gopherage ci`: the whole coverage pipeline of a CI job in one command.
// This module is the file-system side: config file + flags, merging inputs
// (with merge's fold driver, src/input: folded in argument order so messages
// are deterministic), progress on a TTY, writing the reports into a temp
// directory and moving them into place only when everything succeeded.

import { Command, Option } from 'commander';
import { existsSync } from 'node:fs';
import { appendFile, mkdir, mkdtemp, readdir, readFile, rename, rm, stat } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { createWriteStream } from 'node:fs';
import { finished } from 'node:stream/promises';
import { profileFromTotals, totalsFromSummaryJson } from '../ci/base.js';
import { CI_DEFAULTS, CI_FORMATS, parseConfigObject, resolveCiConfig, type CiConfig, type PathRule } from '../ci/config.js';
import { compileRules } from '../ci/rules.js';
import { measurePatch } from '../patch/measure.js';
import { unlocatedHint } from './patch.js';
import { runCiPipeline, type CiInputs } from '../ci/pipeline.js';
import { collectPods } from '../covdata/pods.js';
import { filterProfile } from '../ops/filter.js';
import { compilePathPatterns } from '../ops/patterns.js';
import { InputError, UsageError, VerdictError } from '../profile/errors.js';
import type { Profile } from '../profile/model.js';
import { asInputError } from '../profile/read.js';
import { writeChunks } from '../profile/writer.js';
import { SourceIndex } from '../source/sourceIndex.js';
import { groupDigits } from '../summary/totals.js';
import { action, collect, note, reportDate, warn } from './common.js';
import { addExcludeOptions, Excluder, exclusionLines } from './excludeFlags.js';
import { locatorFromFlags, sourceStatsLine } from './sources.js';
import { mergeInputs, type Input } from '../input/index.js';
import { cliInputs, youngGenerationMb } from './inputs.js';
import { removeStaleTemps, tempPrefix } from './output.js';
import { expandTargets, pullOptions, TOKEN_ENV } from './collect.js';
import { collectTargets } from '../collect/collect.js';
import { addOptions, untestedCandidates, untestedOptions, untestedSummary, type UntestedFlags } from './untested.js';
import { addUntested } from '../source/untested.js';

/** Config file looked for in the working directory when --config is not given. */
export const DEFAULT_CONFIG_FILE = 'gopherage.config.json';

function collectList(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), ...value.split(',').filter((v) => v !== '')];
}

/** Commander option key -> config key, for flags that were given on the command line. */
const FLAG_KEYS: Record<string, keyof CiConfig> = {
  profiles: 'profiles',
  before: 'before',
  after: 'after',
  collectBefore: 'collectBefore',
  collectAfter: 'collectAfter',
  collectTokenFile: 'collectTokenFile',
  includePath: 'includePath',
  excludePath: 'excludePath',
  out: 'out',
  formats: 'formats',
  compare: 'compare',
  threshold: 'threshold',
  packageThreshold: 'packageThreshold',
  prefix: 'prefix',
  depth: 'depth',
  title: 'title',
  name: 'name',
  compareName: 'compareName',
  sourceRoot: 'sourceRoot',
  trimPrefix: 'trimPrefix',
  sourceMap: 'sourceMap',
  worstFunctions: 'worstFunctions',
  onMismatch: 'onMismatch',
  clamp: 'clamp',
  concurrency: 'concurrency',
  fileThreshold: 'fileThreshold',
  patchBase: 'patchBase',
  patchThreshold: 'patchThreshold',
  linkBase: 'linkBase',
  maxAnnotations: 'maxAnnotations',
  excludeGenerated: 'excludeGenerated',
  honorIgnore: 'honorIgnore',
};

/** `--rule REGEX=RATIO` as a rule (the regexp is compiled with the config file's rules). */
function parseRule(value: string): PathRule {
  const i = value.lastIndexOf('=');
  if (i <= 0) throw new UsageError(`--rule: "${value}" is not REGEX=RATIO`);
  const threshold = value.slice(i + 1).trim() === '' ? NaN : Number(value.slice(i + 1));
  if (!(threshold >= 0 && threshold <= 1)) throw new UsageError(`--rule: "${value}": the threshold must be a ratio between 0 and 1`);
  return { path: value.slice(0, i), threshold };
}

export function registerCi(program: Command): void {
  const d = CI_DEFAULTS;
  const cmd = addOptions(program.command('ci'), untestedOptions())
    .description('the whole coverage CI step: merge (or before/after diff), filter, then HTML, JUnit, tables, JSON; verdict by threshold')
    .option('--config <file>', `settings file (JSON; default ./${DEFAULT_CONFIG_FILE} if present); flags override it`)
    .option('--profiles <globs...>', 'profiles to merge: paths, quoted globs, GOCOVERDIR directories')
    .option('--before <globs...>', 'profiles collected before the tests (merged, then subtracted from --after)')
    .option('--after <globs...>', 'profiles collected after the tests')
    .option('--collect-before <targets...>', 'live coverage endpoints (URLs or @file) pulled now, added to the before side')
    .option('--collect-after <targets...>', 'live coverage endpoints (URLs or @file) pulled now, added to the after side')
    .option('--collect-token-file <file>', `bearer token of the endpoints (default: $${TOKEN_ENV})`)
    .option('--include-path <regex>', 'keep only files matching (repeatable, comma-separated as in filter)', collect)
    .option('--exclude-path <regex>', 'drop files matching (repeatable, comma-separated as in filter)', collect)
    .option('--out <dir>', `report directory (default: "${d.out}")`)
    .option('--formats <list>', `extra reports: ${CI_FORMATS.join(', ')} (comma-separated or repeated)`, collectList)
    .option('--compare <file>', 'base to compare with: a profile, GOCOVERDIR or a previous run\'s summary.json')
    .option('--threshold <fraction>', 'fail (exit 1) when total coverage is below this ratio in [0, 1] (default: never fail)')
    .option('--package-threshold <fraction>', 'fail when any package (directory) is below this ratio in [0, 1]')
    .option('--no-decrease', 'fail when total coverage is below the --compare base')
    .option('--allow-decrease', 'do not fail on a drop below the --compare base (overrides "noDecrease" of the config file)')
    .option('--prefix <path>', 'summary table: rows are the children of this directory (default: the deepest directory holding every file)')
    .option('--depth <n>', `summary table depth (default: ${d.depth})`)
    .option('--title <title>', `report title (default: "${d.title}")`)
    .option('--name <name>', 'column name of this run (default: "current", or "between before and after" with --before/--after)')
    .option('--compare-name <name>', `column name of the --compare base (default: "${d.compareName}")`)
    .option('--source-root <dir>', 'sources for the HTML source view (default: found from go.mod/go.work/GOROOT)')
    .option('--trim-prefix <prefix>', 'strip this prefix from file names under --source-root')
    .option('--source-map <prefix=dir>', 'look up file names starting with import path PREFIX under DIR (repeatable)', collect)
    .option('--worst-functions <n>', 'summary.md: list the N least-covered functions (needs sources)')
    .addOption(new Option('--on-mismatch <how>', 'when inputs disagree on a file\'s blocks (default: "error")').choices(['error', 'union']))
    .option('--clamp', 'before/after: count blocks whose count decreased as 0 instead of failing')
    .option('--no-clamp', 'before/after: fail on a decreased count (overrides "clamp" of the config file)')
    .option('--concurrency <n>', `inputs read at once (default: ${d.concurrency})`)
    .option('--file-threshold <fraction>', 'fail when any file is below this ratio in [0, 1]')
    .option('--rule <regex=fraction>', 'per-path threshold for files and packages matching a Go regexp (repeatable; the most specific match wins)', collect)
    .option('--patch-base <ref>', 'also measure the lines changed since the merge-base of REF and HEAD: patch.md, patch.json, patch.svg')
    .option('--patch-threshold <fraction>', 'fail when patch coverage is below this ratio in [0, 1]')
    .option('--link-base <url>', 'patch.md links files and lines under this URL, e.g. https://github.com/ORG/REPO/blob/SHA')
    .option('--max-annotations <n>', `most GitHub annotations printed when GITHUB_ACTIONS=true (default: ${d.maxAnnotations})`);
  addExcludeOptions(cmd, { honorByDefault: true })
    // --allow-decrease is the positive of --no-decrease: both set `decrease`, the last one given wins.
    .on('option:allow-decrease', function (this: Command) {
      this.setOptionValueWithSource('decrease', true, 'cli');
    })
    .action(
      action(async (flags: Record<string, unknown>, cmd: Command) => {
        const { config, honorExplicit } = await resolveConfig(flags, cmd);
        // --honor-ignore on by default only: sources not found go to the reports, not stderr.
        await runCi(config, !honorExplicit && !config.excludeGenerated, flags as UntestedFlags);
      }, { noDecrease: 'decrease' }),
    );
}

async function resolveConfig(flags: Record<string, unknown>, cmd: Command): Promise<{ config: CiConfig; honorExplicit: boolean }> {
  const given: Partial<Record<keyof CiConfig, unknown>> = {};
  for (const [flag, key] of Object.entries(FLAG_KEYS)) {
    if (cmd.getOptionValueSource(flag) === 'cli') given[key] = flags[flag];
  }
  // `--no-decrease` is commander's negation of `decrease`; `--allow-decrease` sets it back to true.
  if (cmd.getOptionValueSource('decrease') === 'cli') given.noDecrease = flags.decrease === false;
  if (cmd.getOptionValueSource('rule') === 'cli') given.rules = (flags.rule as string[]).map(parseRule);
  let fileConfig: Partial<CiConfig> = {};
  const configPath = typeof flags.config === 'string' ? flags.config : existsSync(DEFAULT_CONFIG_FILE) ? DEFAULT_CONFIG_FILE : null;
  if (configPath !== null) {
    let text: string;
    try {
      text = await readFile(configPath, 'utf8');
    } catch (err) {
      throw asInputError(err, configPath);
    }
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch (err) {
      throw new UsageError(`${configPath}: not valid JSON: ${(err as Error).message}`);
    }
    fileConfig = parseConfigObject(raw, configPath);
  }
  const config = resolveCiConfig(fileConfig, given as Partial<CiConfig>);
  // Bad patterns are usage errors, before any input is read.
  compilePathPatterns('--include-path', config.includePath);
  compilePathPatterns('--exclude-path', config.excludePath);
  compileRules(config.rules);
  if (config.trimPrefix !== null && config.sourceRoot === null) throw new UsageError('--trim-prefix needs --source-root');
  return { config, honorExplicit: given.honorIgnore !== undefined || fileConfig.honorIgnore !== undefined };
}

/** Where progress goes: process.stderr, or a stand-in in tests. */
export interface ProgressStream {
  readonly isTTY?: boolean;
  write(text: string): unknown;
}

/** Shows files read, MB, then each later phase (merge, diff, filter, each report) and elapsed time on stderr, only when it is a terminal. */
export class Progress {
  private files = 0;
  private bytes = 0;
  private readonly start = Date.now();
  /** True when progress is shown (stderr is a terminal). */
  readonly enabled: boolean;
  private shown = false;
  private width = 0;

  constructor(
    private readonly totalFiles: number,
    private readonly stream: ProgressStream = process.stderr,
  ) {
    this.enabled = stream.isTTY === true;
  }

  read(bytes: number): void {
    this.files++;
    this.bytes += bytes;
    if (!this.enabled) return;
    this.show(`read ${groupDigits(this.files)}/${groupDigits(this.totalFiles)} inputs, ${(this.bytes / 1e6).toLocaleString('en-US', { minimumFractionDigits: 1, maximumFractionDigits: 1 })} MB`);
  }

  /** A new phase (`merging`, `diff`, `filter`, `writing coverage.html`, ...): replaces the line. */
  phase(what: string): void {
    if (this.enabled) this.show(what);
  }

  private show(what: string): void {
    const s = ((Date.now() - this.start) / 1000).toFixed(1);
    const text = `\rgopherage: ${what}, ${s}s `;
    // spaces over what is left of a longer previous line
    this.stream.write(text.length < this.width ? text + ' '.repeat(this.width - text.length) : text);
    this.width = Math.max(this.width, text.length);
    this.shown = true;
  }

  done(): void {
    if (this.shown) this.stream.write('\n');
  }
}

/** Bytes of one input, for progress: a file's size, or the coverage files of a GOCOVERDIR (0 for stdin or on error). */
export async function inputBytes(arg: string): Promise<number> {
  if (arg === '-') return 0;
  try {
    const st = await stat(arg);
    if (st.isFile()) return st.size;
    if (!st.isDirectory()) return 0;
    const { pods } = collectPods(await readdir(arg));
    const names = pods.flatMap((p) => [p.metaFile, ...p.counterFiles]);
    const sizes = await Promise.all(names.map(async (n) => (await stat(join(arg, n))).size));
    return sizes.reduce((a, b) => a + b, 0);
  } catch {
    return 0;
  }
}

/**
 * Merge the inputs of one side with the fold driver of `merge` (streamed,
 * guided, on up to `concurrency` worker threads for large inputs), folded in
 * argument order, so the result and any error message do not depend on which
 * read finished first. Coverage pulled live is folded in first.
 */
async function mergeSide(inputs: readonly Input[], config: CiConfig, progress: Progress, live: readonly string[] = []): Promise<Profile> {
  const preloaded: [Profile, string][] = [];
  if (live.length > 0) {
    const targets = await expandTargets(live);
    const opts = await pullOptions({ timeout: '30s', retries: '3', tokenFile: config.collectTokenFile ?? undefined });
    const c = await collectTargets(targets, { ...opts, concurrency: config.concurrency });
    // A missing target would silently change the measurement: every one must land.
    if (c.failures.length > 0) throw new InputError('COLLECT', c.failures.map((f) => f.message).join('; '));
    for (const r of c.results) if ('payload' in r) preloaded.push([r.payload.profile, r.target]);
  }
  // Sizes for progress: known from classification for files; a GOCOVERDIR's files are listed only when progress shows.
  const sizes = await Promise.all(inputs.map((i) => (i.kind === 'file' ? i.size ?? 0 : i.kind === 'covdir' && progress.enabled ? inputBytes(i.arg) : 0)));
  const merged = await mergeInputs(inputs, {
    onMismatch: config.onMismatch,
    warn,
    workers: 'auto',
    maxWorkers: config.concurrency,
    youngGenerationMb: youngGenerationMb(),
    preloaded,
    onInput: (_input, i) => progress.read(sizes[i]),
  });
  progress.phase(`merging ${groupDigits(inputs.length)} input${inputs.length === 1 ? '' : 's'}`);
  return merged;
}

async function loadBase(config: CiConfig, progress: Progress, excluder: Excluder | null): Promise<Profile | null> {
  if (config.compare === null) return null;
  if (config.compare.endsWith('.json')) {
    let text: string;
    try {
      text = await readFile(config.compare, 'utf8');
    } catch (err) {
      throw asInputError(err, config.compare);
    }
    return profileFromTotals(totalsFromSummaryJson(text, config.compare));
  }
  const merged = await mergeSide(await cliInputs([config.compare]), config, progress);
  const filtered = filterProfile(merged, {
    include: compilePathPatterns('--include-path', config.includePath),
    exclude: compilePathPatterns('--exclude-path', config.excludePath),
  });
  // The base gets the same exclusions, judged against the current sources.
  return excluder ? (await excluder.apply(filtered)).profile : filtered;
}

/** True when the user pointed at the sources (--source-root or --source-map). */
function explicitSources(config: CiConfig): boolean {
  return config.sourceRoot !== null || config.sourceMap.length > 0;
}

async function runCi(config: CiConfig, quiet: boolean, untested: UntestedFlags): Promise<void> {
  const paired = config.profiles.length === 0;
  const sides = paired ? [config.before, config.after] : [config.profiles];
  const live = paired ? [config.collectBefore, config.collectAfter] : [[]];
  const expanded = await Promise.all(sides.map((globs) => cliInputs(globs)));
  const progress = new Progress(expanded.reduce((n, a) => n + a.length, 0) + (config.compare === null ? 0 : 1));
  const inputs: CiInputs = {};
  const locator = await locatorFromFlags({ sourceRoot: config.sourceRoot ?? undefined, trimPrefix: config.trimPrefix === null ? [] : [config.trimPrefix], sourceMap: config.sourceMap });
  const excluder = await Excluder.fromFlags({ excludeGenerated: config.excludeGenerated, honorIgnore: config.honorIgnore }, locator);
  let result;
  let untestedLine = '';
  try {
    const merged = [];
    for (const [k, args] of expanded.entries()) merged.push(await mergeSide(args, config, progress, live[k]));
    if (paired) [inputs.before, inputs.after] = merged;
    else inputs.merged = merged[0];
    inputs.base = await loadBase(config, progress, excluder);
    if (untested.includeUntested !== undefined) {
      // Files no input covers join at 0 %: on both sides of a before/after pair, so the diff keeps them.
      const candidates = await untestedCandidates(untested);
      const side = paired ? 'after' : 'merged';
      const { profile, added } = addUntested(inputs[side]!, candidates);
      inputs[side] = profile;
      if (paired) {
        const names = new Set(added.map((a) => a.name));
        inputs.before = addUntested(inputs.before!, candidates).profile;
        inputs.before = { ...inputs.before, files: inputs.before.files.filter((f) => !f.notInProfile || names.has(f.name)) };
      }
      // Counted after --include-path/--exclude-path, as the reports see them.
      const kept = filterProfile(profile, {
        include: compilePathPatterns('--include-path', config.includePath),
        exclude: compilePathPatterns('--exclude-path', config.excludePath),
      });
      const keptNames = new Set(kept.files.map((f) => f.name));
      untestedLine = `${untestedSummary(added.filter((a) => keptNames.has(a.name)))}\n`;
    }

    const sources = { index: new SourceIndex(locator), explicit: explicitSources(config) };
    if (config.patchBase !== null) {
      const patchBase = config.patchBase;
      inputs.patch = async (filtered) => {
        const m = await measurePatch(filtered, { repo: '.', base: patchBase, head: 'HEAD', threshold: config.patchThreshold, locator: { env: process.env } });
        if (m.located === 0 && filtered.files.length > 0) warn(unlocatedHint(filtered.files[0].name));
        return m;
      };
    }
    result = await runCiPipeline(config, inputs, undefined, { onPhase: (what) => progress.phase(what), date: reportDate(), sources, exclude: excluder ? (p) => excluder.apply(p) : undefined });
    await writeReports(config.out, result.outputs, progress);
  } finally {
    progress.done();
  }
  if (result.exclusions) {
    const { report, before } = result.exclusions;
    for (const line of exclusionLines(report, before.statements, before.files, quiet)) {
      if (line.warning) warn(line.text);
      else note(line.text);
    }
  }
  for (const p of result.notMeasured) warn(`${p}: changed but not measured (no profile covers its package)`);
  // Said only when the HTML shows sources (flags given, or discovery found some).
  if (result.sources && result.sources.missing.length > 0 && (explicitSources(config) || result.sources.found > 0)) note(sourceStatsLine(result.sources.found, result.sources.missing));

  const summaryFile = process.env.GITHUB_STEP_SUMMARY;
  if (summaryFile) await appendFile(summaryFile, `${result.markdown}\n`).catch((err) => {
    throw asInputError(err, summaryFile);
  });
  process.stdout.write(`${untestedLine}${result.brief}reports in ${config.out}: ${[...result.outputs.keys()].join(', ')}\n`);
  if (process.env.GITHUB_ACTIONS === 'true') process.stdout.write(result.annotations);
  if (result.reasons.length > 0) throw new VerdictError(result.reasons);
}

/**
 * Write every report into a temp directory beside `out`, then move them into
 * `out`. Nothing in `out` changes unless every report was written; files in
 * `out` that this run does not produce are left alone. The temp directory is
 * named like our temp files (`.OUT.tmp-PID-XXXXXX`), so a killed run's is
 * removed by a later write (removeStaleTemps).
 */
async function writeReports(out: string, outputs: Map<string, () => Iterable<string | Uint8Array>>, progress: Progress): Promise<void> {
  const target = resolve(out);
  await mkdir(dirname(target), { recursive: true }).catch((err) => {
    throw asInputError(err, dirname(target));
  });
  await removeStaleTemps(dirname(target));
  const tmp = await mkdtemp(join(dirname(target), tempPrefix(target))).catch((err) => {
    throw asInputError(err, dirname(target));
  });
  try {
    for (const [name, chunks] of outputs) {
      progress.phase(`writing ${name}`);
      const file = createWriteStream(join(tmp, name), { highWaterMark: 1 << 20 });
      await writeChunks(chunks(), file);
      file.end();
      await finished(file);
    }
    await mkdir(target, { recursive: true });
    for (const name of outputs.keys()) {
      // A failed move names the report's own path (`out/merged.cov: is a directory`).
      await rename(join(tmp, name), join(target, name)).catch((err) => {
        throw asInputError(err, join(out, name));
      });
    }
  } catch (err) {
    throw asInputError(err, out);
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
}
