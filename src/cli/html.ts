// `gopherage html FILES...`: the self-contained HTML coverage browser
// (src/report/html). This module owns the file system side: loading inputs,
// the source locator (discovery, --source-root/--trim-prefix/--source-map),
// atomic output (a file, or with --split a directory built next to the
// target and renamed into place).

import { Command } from 'commander';
import { mkdir, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { pMapIterable } from 'p-map';
import { InputError, UsageError } from '../profile/errors.js';
import type { Profile } from '../profile/model.js';
import { writeChunks } from '../profile/writer.js';
import { buildHtmlModel, buildHtmlTreeModel, DEFAULT_TITLE, htmlColumnTotals, splitReport, type HtmlModel, type SourceFinder } from '../report/html/index.js';
import { render } from '../report/registry.js';
import { columnNames } from '../summary/columns.js';
import type { ExclusionReport } from '../ops/exclude.js';
import type { Location, SourceLocator } from '../source/locator.js';
import { action, note, outputOption, reportDate, warn } from './common.js';
import { addExcludeOptions, Excluder, type ExcludeFlags } from './excludeFlags.js';
import { loadProfile, type Input } from '../input/index.js';
import { cliInputs } from './inputs.js';
import { withOutput } from './output.js';
import { addSourceOptions, locatorFromFlags, notFoundList, type SourceFlags } from './sources.js';

import { addOptions, includeUntested, untestedOptions, type UntestedFlags } from './untested.js';

interface HtmlFlags extends SourceFlags, UntestedFlags, Omit<ExcludeFlags, keyof SourceFlags> {
  output: string;
  title: string;
  names?: string;
  split?: boolean;
}

export function registerHtml(program: Command): void {
  const cmd = addOptions(program.command('html'), untestedOptions())
    .description('self-contained HTML coverage browser: one column per input, drill-down, optional source view')
    .argument('<files...>', 'profiles, GOCOVERDIR directories, quoted globs or - for stdin (one column each)')
    .addOption(outputOption())
    .option('--title <title>', 'page title', DEFAULT_TITLE)
    .option('--names <names>', 'comma-separated column names, one per input (default: base names without extension)')
    .option('--split', 'write a directory (-o DIR): index.html + one data script per directory, loaded on demand; for reports too big for one page');
  addExcludeOptions(addSourceOptions(cmd, 'directory holding the sources (default: found from go.mod/go.work/GOROOT): enables the source view')).action(
    action(async (files: string[], flags: HtmlFlags) => {
      if (flags.split && flags.output === '-') throw new UsageError('--split needs -o DIR (the directory to write)');
      // `let`: dropped once the sources are located (its cache holds every file's location).
      let locator: SourceLocator | undefined = await locatorFromFlags(flags);
      const inputs = await cliInputs(files);
      const names = columnNames(inputs.map((i) => i.arg), flags.names === undefined ? undefined : flags.names.split(','));
      const excluder = await Excluder.fromFlags(flags, locator);
      const { profiles, exclusions } = await loadColumns(inputs, names, flags, excluder);
      const { findSource, tell } = await sourceView(locator, profiles, flags.sourceRoot !== undefined || flags.sourceMap.length > 0, flags.sourceRoot);
      locator = undefined;
      const opts = { names, title: flags.title, date: reportDate(), exclusions };
      let model: HtmlModel;
      if (findSource) {
        model = await buildHtmlModel(profiles, { ...opts, findSource, functions: true });
      } else {
        // No source view: the page needs only per-file totals, so the profiles go before the tree is built.
        const columns = profiles.map(htmlColumnTotals);
        profiles.length = 0;
        model = buildHtmlTreeModel(columns, opts);
      }
      tell();
      if (flags.split) await writeSplit(model, flags.output);
      else {
        const chunks = await render('html', model);
        await withOutput(flags.output, (out) => writeChunks(chunks, out));
      }
    }),
  );
}

/**
 * Load the inputs (one column each), with untested files added and exclusions
 * applied. A function of its own so that no variable of the action's frame
 * keeps a profile alive once the action lets go of it.
 */
async function loadColumns(inputs: readonly Input[], names: readonly string[], flags: HtmlFlags, excluder: Excluder | null): Promise<{ profiles: Profile[]; exclusions: ExclusionReport[] }> {
  const profiles: Profile[] = [];
  const exclusions: ExclusionReport[] = [];
  for (const [i, input] of inputs.entries()) {
    const loaded = (await includeUntested(await loadProfile(input), flags)).profile;
    if (!excluder) {
      profiles.push(loaded);
      continue;
    }
    const { profile, report } = await excluder.apply(loaded);
    excluder.tell(report, loaded, inputs.length > 1 ? names[i] : undefined);
    profiles.push(profile);
    exclusions.push(report);
  }
  return { profiles, exclusions };
}

/** How many examples of files not found the message names. */
const SHOW_MISSING = 3;

/**
 * Locate every file of the profiles (no reading): how many were found, how
 * many were not, and the first few of those (in name order). Keeps no list
 * of a million locations.
 */
async function locateAll(locator: SourceLocator, profiles: readonly Profile[]): Promise<{ found: number; missing: number; examples: Location[] }> {
  // One profile's names are distinct already (a million-name Set is ~50 MB).
  const names = profiles.length === 1 ? profiles[0].files.map((f) => f.name) : [...new Set(profiles.flatMap((p) => p.files.map((f) => f.name)))];
  let found = 0;
  let missing = 0;
  const examples: Location[] = [];
  // 32 look-ups at a time, answers in name order, none kept beyond the few in flight.
  for await (const loc of pMapIterable(names, (name) => locator.locate(name), { concurrency: 32 })) {
    if (loc.found) found++;
    else if (missing++ < SHOW_MISSING) examples.push(loc);
  }
  return { found, missing, examples };
}

/** A `tell` with nothing to say (module level: a closure made in sourceView would keep the locator alive). */
const nothingToTell = (): void => undefined;

/**
 * Locate every file of the profiles: the page's SourceFinder (undefined: no
 * source view; without explicit flags it appears only when discovery found
 * something), and `tell`, which prints what was not found. Keeps no list of
 * locations: a million files would hold hundreds of MB through the page build.
 */
async function sourceView(locator: SourceLocator, profiles: readonly Profile[], explicit: boolean, sourceRoot: string | undefined): Promise<{ findSource?: SourceFinder; tell: () => void }> {
  const { found, missing, examples } = await locateAll(locator, profiles);
  if (!explicit && found === 0) return { tell: nothingToTell };
  let message = '';
  if (found === 0 && missing > 0) {
    message = `no source file found under ${sourceRoot ?? 'the --source-map directories'} (looked for e.g. ${firstFile(profiles)}); check --source-root and --trim-prefix`;
  } else if (missing > 0) {
    message = `source found for ${found} of ${found + missing} files; the others are marked "no source": ${notFoundList(examples, SHOW_MISSING, missing)}`;
  }
  const isWarning = found === 0;
  return {
    findSource: (name) => locator.read(name),
    tell: () => {
      if (message === '') return;
      if (isWarning) warn(message);
      else note(message);
    },
  };
}

/** Write a split report to `dir`: built in a temp sibling, then swapped in (an old split report there is replaced; any other directory is refused). */
async function writeSplit(model: HtmlModel, dir: string): Promise<void> {
  const tmp = join(dirname(dir), `.${basename(dir)}.tmp-${process.pid}-${Math.random().toString(36).slice(2, 8)}`);
  const old = `${tmp}-old`;
  try {
    const report = splitReport(model);
    await mkdir(join(tmp, 'data'), { recursive: true });
    await withOutput(join(tmp, 'index.html'), (out) => writeChunks(report.index, out));
    for (const f of report.data) await writeFile(join(tmp, f.name), f.text);
    const existing = await stat(dir).catch(() => null);
    if (existing && !existing.isDirectory()) throw new InputError('EEXIST', `${dir}: cannot write: not a directory`);
    if (existing && (await readdir(dir)).some((e) => e !== 'index.html' && e !== 'data')) {
      throw new InputError('EEXIST', `${dir}: cannot write: the directory exists and is not a split report (index.html and data/ only)`);
    }
    if (existing) await rename(dir, old);
    await rename(tmp, dir);
    await rm(old, { recursive: true, force: true });
  } catch (err) {
    await rm(tmp, { recursive: true, force: true });
    if (err instanceof InputError) throw err;
    const e = err as NodeJS.ErrnoException;
    throw new InputError(e.code ?? 'IO', `${dir}: cannot write: ${e.message}`);
  }
}

function firstFile(profiles: readonly Profile[]): string {
  for (const p of profiles) if (p.files.length > 0) return p.files[0].name;
  return '';
}
