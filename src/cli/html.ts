// `gopherage html FILES...`: the self-contained HTML coverage browser
// (src/report/html). This module owns the file system side: loading inputs,
// the source locator (discovery, --source-root/--trim-prefix/--source-map),
// atomic output.

import { Command } from 'commander';
import { readFile } from 'node:fs/promises';
import { resolve, sep } from 'node:path';
import { InputError } from '../profile/errors.js';
import type { Profile } from '../profile/model.js';
import { writeChunks } from '../profile/writer.js';
import { buildHtmlModel, DEFAULT_TITLE, htmlReportChunks, type SourceFinder } from '../report/html/index.js';
import { columnNames } from '../summary/columns.js';
import pMap from 'p-map';
import type { ExclusionReport } from '../ops/exclude.js';
import type { Location, SourceLocator } from '../source/locator.js';
import { action, note, outputOption, warn } from './common.js';
import { addExcludeOptions, Excluder, type ExcludeFlags } from './excludeFlags.js';
import { expandInputs } from './inputs.js';
import { loadProfile } from './load.js';
import { withOutput } from './output.js';
import { addSourceOptions, locatorFromFlags, sourceStatsLine, type SourceFlags } from './sources.js';

interface HtmlFlags extends SourceFlags, Omit<ExcludeFlags, keyof SourceFlags> {
  output: string;
  title: string;
  names?: string;
}

/**
 * A SourceFinder reading `root/<name without the longest matching prefix>`.
 * Names that would resolve outside `root` (`../..`) are not read: a profile
 * must not pull arbitrary files into a report. Not found = null.
 */
export function fileSourceFinder(root: string, prefixes: readonly string[]): SourceFinder {
  const base = resolve(root);
  const sorted = [...prefixes].sort((a, b) => b.length - a.length);
  return async (name) => {
    const prefix = sorted.find((p) => name.startsWith(p));
    const rel = (prefix === undefined ? name : name.slice(prefix.length)).replace(/^[/\\]+/, '');
    const full = resolve(base, rel);
    if (full !== base && !full.startsWith(base.endsWith(sep) ? base : base + sep)) return null;
    try {
      return await readFile(full);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ENOTDIR' || code === 'EISDIR' || code === 'ENAMETOOLONG') return null;
      throw new InputError(code ?? 'IO', `${full}: ${(err as Error).message}`);
    }
  };
}

export function registerHtml(program: Command): void {
  const cmd = program
    .command('html')
    .description('self-contained HTML coverage browser: one column per input, drill-down, optional source view')
    .argument('<files...>', 'profiles, GOCOVERDIR directories, quoted globs or - for stdin (one column each)')
    .addOption(outputOption())
    .option('--title <title>', 'page title', DEFAULT_TITLE)
    .option('--names <names>', 'comma-separated column names, one per input (default: base names without extension)');
  addExcludeOptions(addSourceOptions(cmd, 'directory holding the sources (default: found from go.mod/go.work/GOROOT): enables the source view')).action(
    action(async (files: string[], flags: HtmlFlags) => {
      const locator = await locatorFromFlags(flags);
      const inputs = await expandInputs(files);
      const names = columnNames(inputs, flags.names === undefined ? undefined : flags.names.split(','));
      const excluder = await Excluder.fromFlags(flags, locator);
      const profiles: Profile[] = [];
      const exclusions: ExclusionReport[] = [];
      for (const [i, arg] of inputs.entries()) {
        const loaded = await loadProfile(arg);
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
      const model = await buildHtmlModel(profiles, { names, title: flags.title, findSource, functions: true, exclusions });
      if (findSource) {
        if (found === 0 && missing.length > 0) {
          warn(`no source file found under ${flags.sourceRoot ?? 'the --source-map directories'} (looked for e.g. ${firstFile(profiles)}); check --source-root and --trim-prefix`);
        } else if (missing.length > 0) {
          note(`source found for ${found} of ${found + missing.length} files; the others are marked "no source": ${sourceStatsLine(found, missing).replace(/^.*?; not found: /, '')}`);
        }
      }
      await withOutput(flags.output, (out) => writeChunks(htmlReportChunks(model), out));
    }),
  );
}

/** Locate every file of the profiles (no reading): how many were found, and the others. */
export async function locateAll(locator: SourceLocator, profiles: readonly Profile[]): Promise<{ found: number; missing: Location[] }> {
  const names = [...new Set(profiles.flatMap((p) => p.files.map((f) => f.name)))];
  const locs = await pMap(names, (n) => locator.locate(n), { concurrency: 32 });
  return { found: locs.filter((l) => l.found).length, missing: locs.filter((l) => !l.found) };
}

function firstFile(profiles: readonly Profile[]): string {
  for (const p of profiles) if (p.files.length > 0) return p.files[0].name;
  return '';
}
