// `gopherage html FILES...`: the self-contained HTML coverage browser
// (src/report/html). This module owns the file system side: loading inputs,
// the source finder behind --source-root/--trim-prefix, atomic output (a
// file, or with --split a directory built next to the target and renamed
// into place).

import { Command, Option } from 'commander';
import { mkdir, readdir, readFile, realpath, rename, rm, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve, sep } from 'node:path';
import { InputError, UsageError } from '../profile/errors.js';
import type { Profile } from '../profile/model.js';
import { writeChunks } from '../profile/writer.js';
import { buildHtmlModel, DEFAULT_TITLE, htmlReportChunks, splitReport, type HtmlModel, type SourceFinder } from '../report/html/index.js';
import { columnNames } from '../summary/columns.js';
import { action, collect, note, outputOption, reportDate, warn } from './common.js';
import { expandInputs } from './inputs.js';
import { loadProfile } from './load.js';
import { withOutput } from './output.js';

interface HtmlFlags {
  output: string;
  title: string;
  names?: string;
  sourceRoot?: string;
  trimPrefix: string[];
  split?: boolean;
}

/**
 * A SourceFinder reading `root/<name without the longest matching prefix>`.
 * A file is read only if its real path (symlinks resolved, like the root's)
 * is inside the real root and it is a regular file: neither `../..` in a name
 * nor a symlink in the tree pulls an outside file into a report. Not found = null.
 */
export function fileSourceFinder(root: string, prefixes: readonly string[]): SourceFinder {
  const base = resolve(root);
  const sorted = [...prefixes].sort((a, b) => b.length - a.length);
  let realBase: Promise<string> | undefined;
  const inside = (dir: string, p: string): boolean => p === dir || p.startsWith(dir.endsWith(sep) ? dir : dir + sep);
  return async (name) => {
    const prefix = sorted.find((p) => name.startsWith(p));
    const rel = (prefix === undefined ? name : name.slice(prefix.length)).replace(/^[/\\]+/, '');
    const full = resolve(base, rel);
    if (!inside(base, full)) return null;
    try {
      realBase ??= realpath(base);
      const real = await realpath(full);
      if (!inside(await realBase, real) || !(await stat(real)).isFile()) return null;
      return await readFile(real);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ENOTDIR' || code === 'EISDIR' || code === 'ENAMETOOLONG' || code === 'ELOOP') return null;
      throw new InputError(code ?? 'IO', `${full}: ${(err as Error).message}`);
    }
  };
}

export function registerHtml(program: Command): void {
  program
    .command('html')
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
    .option('--split', 'write a directory (-o DIR): index.html + one data script per directory, loaded on demand; for reports too big for one page')
    .action(
      action(async (files: string[], flags: HtmlFlags) => {
        if (flags.trimPrefix.length > 0 && flags.sourceRoot === undefined) throw new UsageError('--trim-prefix needs --source-root');
        if (flags.split && flags.output === '-') throw new UsageError('--split needs -o DIR (the directory to write)');
        const inputs = await expandInputs(files);
        const names = columnNames(inputs, flags.names === undefined ? undefined : flags.names.split(','));
        let findSource: SourceFinder | undefined;
        if (flags.sourceRoot !== undefined) {
          const st = await stat(flags.sourceRoot).catch(() => null);
          if (!st?.isDirectory()) throw new InputError('ENOENT', `--source-root ${flags.sourceRoot}: not a directory`);
          findSource = fileSourceFinder(flags.sourceRoot, flags.trimPrefix);
        }
        const profiles: Profile[] = [];
        for (const arg of inputs) profiles.push(await loadProfile(arg));
        const model = await buildHtmlModel(profiles, { names, title: flags.title, date: reportDate(), findSource });
        if (findSource) {
          const { found, missing } = model.sourceStats;
          if (found === 0 && missing > 0) {
            warn(`no source file found under ${flags.sourceRoot} (looked for e.g. ${firstFile(profiles)}); check --source-root and --trim-prefix`);
          } else if (missing > 0) {
            note(`source found for ${found} of ${found + missing} files; the others are marked "no source"`);
          }
        }
        if (flags.split) await writeSplit(model, flags.output);
        else await withOutput(flags.output, (out) => writeChunks(htmlReportChunks(model), out));
      }),
    );
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
