// `gopherage ci`: the whole coverage pipeline of a CI job in one command.
// This module is the file-system side: config file + flags, reading inputs
// (bounded concurrency and look-ahead, folded in argument order so messages
// are deterministic), progress on a TTY, writing the reports into a temp
// directory and moving them into place only when everything succeeded.

import { Command, Option } from 'commander';
import { existsSync } from 'node:fs';
import { appendFile, mkdir, mkdtemp, readdir, readFile, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { createWriteStream } from 'node:fs';
import { finished } from 'node:stream/promises';
import { profileFromTotals, totalsFromSummaryJson } from '../ci/base.js';
import { CI_DEFAULTS, parseConfigObject, resolveCiConfig, type CiConfig } from '../ci/config.js';
import { runCiPipeline, type CiInputs } from '../ci/pipeline.js';
import { collectPods } from '../covdata/pods.js';
import { filterProfile } from '../ops/filter.js';
import { Merger } from '../ops/merge.js';
import { compilePathPatterns } from '../ops/patterns.js';
import { InputError, UsageError, VerdictError } from '../profile/errors.js';
import type { Profile } from '../profile/model.js';
import { asInputError, inputDisplayName } from '../profile/read.js';
import { writeChunks } from '../profile/writer.js';
import type { SourceFinder } from '../report/html/index.js';
import { action, collect, warn } from './common.js';
import { fileSourceFinder } from './html.js';
import { foldInOrder } from './foldInOrder.js';
import { expandInputs } from './inputs.js';
import { loadProfile } from './load.js';
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
  onMismatch: 'onMismatch',
  clamp: 'clamp',
  concurrency: 'concurrency',
};

export function registerCi(program: Command): void {
  const d = CI_DEFAULTS;
  addOptions(program.command('ci'), untestedOptions())
    .description('the whole coverage CI step: merge (or before/after diff), filter, then HTML, JUnit, tables, JSON; verdict by threshold')
    .option('--config <file>', `settings file (JSON; default ./${DEFAULT_CONFIG_FILE} if present); flags override it`)
    .option('--profiles <globs...>', 'profiles to merge: paths, quoted globs, GOCOVERDIR directories')
    .option('--before <globs...>', 'profiles collected before the tests (merged, then subtracted from --after)')
    .option('--after <globs...>', 'profiles collected after the tests')
    .option('--include-path <regex>', 'keep only files matching (repeatable, comma-separated as in filter)', collect)
    .option('--exclude-path <regex>', 'drop files matching (repeatable, comma-separated as in filter)', collect)
    .option('--out <dir>', `report directory (default: "${d.out}")`)
    .option('--formats <list>', 'extra reports: lcov, cobertura (comma-separated or repeated)', collectList)
    .option('--compare <file>', 'base to compare with: a profile, GOCOVERDIR or a previous run\'s summary.json')
    .option('--threshold <fraction>', 'fail (exit 1) when total coverage is below this ratio in [0, 1] (default: never fail)')
    .option('--package-threshold <fraction>', 'fail when any package (directory) is below this ratio in [0, 1]')
    .option('--no-decrease', 'fail when total coverage is below the --compare base')
    .option('--allow-decrease', 'do not fail on a drop below the --compare base (overrides "noDecrease" of the config file)')
    .option('--prefix <path>', 'summary table: rows are the children of this directory (default: the deepest directory holding every file)')
    .option('--depth <n>', `summary table depth (default: ${d.depth})`)
    .option('--title <title>', `report title (default: "${d.title}")`)
    .option('--name <name>', `column name of this run (default: "${d.name}")`)
    .option('--compare-name <name>', `column name of the --compare base (default: "${d.compareName}")`)
    .option('--source-root <dir>', 'sources for the HTML source view')
    .option('--trim-prefix <prefix>', 'strip this prefix from file names under --source-root')
    .addOption(new Option('--on-mismatch <how>', 'when inputs disagree on a file\'s blocks (default: "error")').choices(['error', 'union']))
    .option('--clamp', 'before/after: count blocks whose count decreased as 0 instead of failing')
    .option('--no-clamp', 'before/after: fail on a decreased count (overrides "clamp" of the config file)')
    .option('--concurrency <n>', `inputs read at once (default: ${d.concurrency})`)
    // --allow-decrease is the positive of --no-decrease: both set `decrease`, the last one given wins.
    .on('option:allow-decrease', function (this: Command) {
      this.setOptionValueWithSource('decrease', true, 'cli');
    })
    .action(
      action(async (flags: Record<string, unknown>, cmd: Command) => {
        const config = await resolveConfig(flags, cmd);
        await runCi(config, flags as UntestedFlags);
      }),
    );
}

async function resolveConfig(flags: Record<string, unknown>, cmd: Command): Promise<CiConfig> {
  const given: Partial<Record<keyof CiConfig, unknown>> = {};
  for (const [flag, key] of Object.entries(FLAG_KEYS)) {
    if (cmd.getOptionValueSource(flag) === 'cli') given[key] = flags[flag];
  }
  // `--no-decrease` is commander's negation of `decrease`; `--allow-decrease` sets it back to true.
  if (cmd.getOptionValueSource('decrease') === 'cli') given.noDecrease = flags.decrease === false;
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
  if (config.trimPrefix !== null && config.sourceRoot === null) throw new UsageError('--trim-prefix needs --source-root');
  return config;
}

/** Where progress goes: process.stderr, or a stand-in in tests. */
export interface ProgressStream {
  readonly isTTY?: boolean;
  write(text: string): unknown;
}

/** Shows files read, MB and elapsed time on stderr, only when it is a terminal. */
export class Progress {
  private files = 0;
  private bytes = 0;
  private readonly start = Date.now();
  private readonly enabled: boolean;
  private shown = false;

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
    const s = ((Date.now() - this.start) / 1000).toFixed(1);
    this.stream.write(`\rgopherage: read ${this.files}/${this.totalFiles} inputs, ${(this.bytes / 1e6).toFixed(1)} MB, ${s}s `);
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
 * Merge the inputs of one side: up to `concurrency` are read at once, never
 * more than `concurrency` ahead of the fold (so a slow early input cannot make
 * later profiles pile up in memory), and folded into the Merger strictly in
 * argument order, so the result and any error message do not depend on which
 * read finished first.
 */
async function mergeSide(args: readonly string[], config: CiConfig, progress: Progress): Promise<Profile> {
  const merger = new Merger({ onMismatch: config.onMismatch, warn });
  await foldInOrder(
    args.length,
    config.concurrency,
    async (i) => {
      const profile = await loadProfile(args[i]);
      progress.read(await inputBytes(args[i]));
      return profile;
    },
    (profile, i) => merger.add(profile, inputDisplayName(args[i])),
  );
  return merger.result();
}

async function loadBase(config: CiConfig, progress: Progress): Promise<Profile | null> {
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
  const merged = await mergeSide(await expandInputs([config.compare]), config, progress);
  return filterProfile(merged, {
    include: compilePathPatterns('--include-path', config.includePath),
    exclude: compilePathPatterns('--exclude-path', config.excludePath),
  });
}

async function runCi(config: CiConfig, untested: UntestedFlags): Promise<void> {
  const paired = config.profiles.length === 0;
  const sides = paired ? [config.before, config.after] : [config.profiles];
  const expanded = await Promise.all(sides.map((globs) => expandInputs(globs)));
  const progress = new Progress(expanded.reduce((n, a) => n + a.length, 0) + (config.compare === null ? 0 : 1));
  const inputs: CiInputs = {};
  try {
    const merged = [];
    for (const args of expanded) merged.push(await mergeSide(args, config, progress));
    if (paired) [inputs.before, inputs.after] = merged;
    else inputs.merged = merged[0];
    inputs.base = await loadBase(config, progress);
  } finally {
    progress.done();
  }
  let untestedLine = '';
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

  let findSource: SourceFinder | undefined;
  if (config.sourceRoot !== null) {
    const st = await stat(config.sourceRoot).catch(() => null);
    if (!st?.isDirectory()) throw new InputError('ENOENT', `--source-root ${config.sourceRoot}: not a directory`);
    findSource = fileSourceFinder(config.sourceRoot, config.trimPrefix === null ? [] : [config.trimPrefix]);
  }
  const result = await runCiPipeline(config, inputs, findSource);
  await writeReports(config.out, result.outputs);

  const summaryFile = process.env.GITHUB_STEP_SUMMARY;
  if (summaryFile) await appendFile(summaryFile, `${result.markdown}\n`).catch((err) => {
    throw asInputError(err, summaryFile);
  });
  process.stdout.write(`${untestedLine}${result.brief}reports in ${config.out}: ${[...result.outputs.keys()].join(', ')}\n`);
  if (result.reasons.length > 0) throw new VerdictError(result.reasons);
}

/**
 * Write every report into a temp directory beside `out`, then move them into
 * `out`. Nothing in `out` changes unless every report was written; files in
 * `out` that this run does not produce are left alone.
 */
async function writeReports(out: string, outputs: Map<string, () => Iterable<string | Uint8Array>>): Promise<void> {
  const target = resolve(out);
  await mkdir(dirname(target), { recursive: true }).catch((err) => {
    throw asInputError(err, dirname(target));
  });
  const tmp = await mkdtemp(join(dirname(target), `.${basename(target)}.tmp-`)).catch((err) => {
    throw asInputError(err, dirname(target));
  });
  try {
    for (const [name, chunks] of outputs) {
      const file = createWriteStream(join(tmp, name), { highWaterMark: 1 << 20 });
      await writeChunks(chunks(), file);
      file.end();
      await finished(file);
    }
    await mkdir(target, { recursive: true });
    for (const name of outputs.keys()) await rename(join(tmp, name), join(target, name));
  } catch (err) {
    throw asInputError(err, out);
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
}
