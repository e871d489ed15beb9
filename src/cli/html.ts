// `gopherage html FILES...`: the self-contained HTML coverage browser
// (src/report/html). This module owns the file system side: loading inputs,
// the source locator (discovery, --source-root/--trim-prefix/--source-map),
// atomic output (a file, or with --split a directory built next to the
// target and renamed into place).

import { Command } from 'commander';
import { mkdir, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { InputError, UsageError } from '../profile/errors.js';
import type { Profile } from '../profile/model.js';
import { writeChunks } from '../profile/writer.js';
import { buildHtmlModel, DEFAULT_TITLE, splitReport, type HtmlModel, type SourceFinder } from '../report/html/index.js';
import { render } from '../report/registry.js';
import { columnNames } from '../summary/columns.js';
import pMap from 'p-map';
import type { ExclusionReport } from '../ops/exclude.js';
import type { Location, SourceLocator } from '../source/locator.js';
import { action, note, outputOption, reportDate, warn } from './common.js';
import { addExcludeOptions, Excluder, type ExcludeFlags } from './excludeFlags.js';
import { loadProfile } from '../input/index.js';
import { cliInputs } from './inputs.js';
import { withOutput } from './output.js';
import { addSourceOptions, locatorFromFlags, sourceStatsLine, type SourceFlags } from './sources.js';

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
      const locator = await locatorFromFlags(flags);
      const inputs = await cliInputs(files);
      const names = columnNames(inputs.map((i) => i.arg), flags.names === undefined ? undefined : flags.names.split(','));
      const excluder = await Excluder.fromFlags(flags, locator);
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
      const explicit = flags.sourceRoot !== undefined || flags.sourceMap.length > 0;
      const { found, missing } = await locateAll(locator, profiles);
      // Without flags the source view appears only when discovery found something.
      const findSource: SourceFinder | undefined = explicit || found > 0 ? (name) => locator.read(name) : undefined;
      const model = await buildHtmlModel(profiles, { names, title: flags.title, date: reportDate(), findSource, functions: true, exclusions });
      if (findSource) {
        if (found === 0 && missing.length > 0) {
          warn(`no source file found under ${flags.sourceRoot ?? 'the --source-map directories'} (looked for e.g. ${firstFile(profiles)}); check --source-root and --trim-prefix`);
        } else if (missing.length > 0) {
          note(`source found for ${found} of ${found + missing.length} files; the others are marked "no source": ${sourceStatsLine(found, missing).replace(/^.*?; not found: /, '')}`);
        }
      }
      if (flags.split) await writeSplit(model, flags.output);
      else {
        const chunks = await render('html', model);
        await withOutput(flags.output, (out) => writeChunks(chunks, out));
      }
    }),
  );
}

/** Locate every file of the profiles (no reading): how many were found, and the others. */
export async function locateAll(locator: SourceLocator, profiles: readonly Profile[]): Promise<{ found: number; missing: Location[] }> {
  const names = [...new Set(profiles.flatMap((p) => p.files.map((f) => f.name)))];
  const locs = await pMap(names, (n) => locator.locate(n), { concurrency: 32 });
  return { found: locs.filter((l) => l.found).length, missing: locs.filter((l) => !l.found) };
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
