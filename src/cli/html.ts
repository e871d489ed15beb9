// `gopherage html FILES...`: the self-contained HTML coverage browser
// (src/report/html). This module owns the file system side: loading inputs,
// the source finder behind --source-root/--trim-prefix, atomic output.

import { Command, Option } from 'commander';
import { readFile, stat } from 'node:fs/promises';
import { resolve, sep } from 'node:path';
import { InputError, UsageError } from '../profile/errors.js';
import type { Profile } from '../profile/model.js';
import { writeChunks } from '../profile/writer.js';
import { buildHtmlModel, DEFAULT_TITLE, htmlReportChunks, type SourceFinder } from '../report/html/index.js';
import { columnNames } from '../summary/columns.js';
import { action, collect, note, outputOption, warn } from './common.js';
import { expandInputs } from './inputs.js';
import { loadProfile } from './load.js';
import { withOutput } from './output.js';
import { addOptions, includeUntested, untestedOptions, type UntestedFlags } from './untested.js';

interface HtmlFlags extends UntestedFlags {
  output: string;
  title: string;
  names?: string;
  sourceRoot?: string;
  trimPrefix: string[];
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
  addOptions(program.command('html'), untestedOptions())
    .description('self-contained HTML coverage browser: one column per input, drill-down, optional source view')
    .argument('<files...>', 'profiles, GOCOVERDIR directories, quoted globs or - for stdin (one column each)')
    .addOption(outputOption())
    .option('--title <title>', 'page title', DEFAULT_TITLE)
    .option('--names <names>', 'comma-separated column names, one per input (default: base names without extension)')
    .option('--source-root <dir>', 'directory holding the sources: enables the source view')
    .addOption(
      new Option('--trim-prefix <prefix>', 'strip this prefix from file names before looking them up under --source-root (repeatable; longest match wins)')
        .argParser(collect)
        .default([]),
    )
    .action(
      action(async (files: string[], flags: HtmlFlags) => {
        if (flags.trimPrefix.length > 0 && flags.sourceRoot === undefined) throw new UsageError('--trim-prefix needs --source-root');
        const inputs = await expandInputs(files);
        const names = columnNames(inputs, flags.names === undefined ? undefined : flags.names.split(','));
        let findSource: SourceFinder | undefined;
        if (flags.sourceRoot !== undefined) {
          const st = await stat(flags.sourceRoot).catch(() => null);
          if (!st?.isDirectory()) throw new InputError('ENOENT', `--source-root ${flags.sourceRoot}: not a directory`);
          findSource = fileSourceFinder(flags.sourceRoot, flags.trimPrefix);
        }
        const profiles: Profile[] = [];
        for (const arg of inputs) profiles.push((await includeUntested(await loadProfile(arg), flags)).profile);
        const model = await buildHtmlModel(profiles, { names, title: flags.title, findSource });
        if (findSource) {
          const { found, missing } = model.sourceStats;
          if (found === 0 && missing > 0) {
            warn(`no source file found under ${flags.sourceRoot} (looked for e.g. ${firstFile(profiles)}); check --source-root and --trim-prefix`);
          } else if (missing > 0) {
            note(`source found for ${found} of ${found + missing} files; the others are marked "no source"`);
          }
        }
        await withOutput(flags.output, (out) => writeChunks(htmlReportChunks(model), out));
      }),
    );
}

function firstFile(profiles: readonly Profile[]): string {
  for (const p of profiles) if (p.files.length > 0) return p.files[0].name;
  return '';
}
