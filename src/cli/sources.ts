// The source flags shared by commands that read Go sources (--source-root,
// --trim-prefix, --source-map) and the one-line note saying how many sources
// were found. Flags in, a SourceLocator (src/source/locator.ts) out.

import { Command, Option } from 'commander';
export type { PathStyle } from '../source/fileFacts.js';
import { stat } from 'node:fs/promises';
import { InputError, UsageError } from '../profile/errors.js';
import type { Location, SourceLocator } from '../source/locator.js';
import { collect } from './common.js';

/** The parsed source flags. */
export interface SourceFlags {
  sourceRoot?: string;
  trimPrefix: string[];
  sourceMap: string[];
}

/** Add --source-root, --trim-prefix and --source-map to a command. */
export function addSourceOptions(cmd: Command, rootHelp = 'directory holding the sources (replaces discovery from go.mod/go.work)'): Command {
  return cmd
    .option('--source-root <dir>', rootHelp)
    .addOption(
      new Option('--trim-prefix <prefix>', 'strip this prefix from file names before looking them up under --source-root (repeatable; longest match wins)')
        .argParser(collect)
        .default([]),
    )
    .addOption(
      new Option('--source-map <prefix=dir>', 'look up file names starting with import path PREFIX under DIR (repeatable; before discovery)')
        .argParser(collect)
        .default([]),
    );
}

/** Parse `IMPORT_PREFIX=DIR`. */
export function parseSourceMap(value: string): [string, string] {
  const eq = value.indexOf('=');
  if (eq <= 0 || eq === value.length - 1) throw new UsageError(`--source-map: "${value}" is not IMPORT_PREFIX=DIR`);
  return [value.slice(0, eq), value.slice(eq + 1)];
}

/** Build the locator the flags ask for, from the working directory. */
export async function locatorFromFlags(flags: { sourceRoot?: string | null; trimPrefix?: readonly string[]; sourceMap?: readonly string[] }): Promise<SourceLocator> {
  const trimPrefix = flags.trimPrefix ?? [];
  const sourceRoot = flags.sourceRoot ?? undefined;
  if (trimPrefix.length > 0 && sourceRoot === undefined) throw new UsageError('--trim-prefix needs --source-root');
  const sourceMap = (flags.sourceMap ?? []).map(parseSourceMap);
  if (sourceRoot !== undefined) {
    const st = await stat(sourceRoot).catch(() => null);
    if (!st?.isDirectory()) throw new InputError('ENOENT', `--source-root ${sourceRoot}: not a directory`);
  }
  // Imported here: registering the flags must not load the source readers (start-up).
  const { createSourceLocator } = await import('../source/locator.js');
  return createSourceLocator({ cwd: process.cwd(), sourceRoot, trimPrefix, sourceMap, env: process.env });
}

/**
 * "sources: found 3 of 5 files; not found: a.go (file missing ...), ..." (at
 * most `show` names) for the files `missing` lists.
 */
export function sourceStatsLine(found: number, missing: readonly Location[], show = 3): string {
  const total = found + missing.length;
  const line = `sources: found ${found} of ${total} file${total === 1 ? '' : 's'}`;
  return missing.length > 0 ? `${line}; not found: ${notFoundList(missing, show)}` : line;
}

/**
 * "a.go (file missing ...), b.go (...), and 4 more": the first `show` files
 * not found, of `count` in all (`missing` may list only the first ones).
 */
export function notFoundList(missing: readonly Location[], show = 3, count = missing.length): string {
  const named = missing.slice(0, show).map((l) => `${l.name} (${l.found ? 'unreadable' : l.reason})`);
  return `${named.join(', ')}${count > show ? `, and ${count - show} more` : ''}`;
}

/** `--path-style import|repo` (default repo: files not found in the repository keep their import path). */
export function pathStyleOption(): Option {
  return new Option('--path-style <style>', 'file names in reports: repo = path relative to the repository root when the source is found there, import = as in the profile')
    .choices(['import', 'repo'])
    .default('repo');
}
