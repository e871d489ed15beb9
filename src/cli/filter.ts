// `gopherage filter FILE --include-path RE --exclude-path RE` (src/ops/filter.ts,
// flag splitting and regex compilation in src/ops/patterns.ts). A canonical
// input file (what merge and filter write) is filtered by copying its lines.

import { Command } from 'commander';
import type { Input } from '../input/classify.js';
import { loadProfile } from '../input/load.js';
import { filterCanonicalText, filterProfile, type FilterOptions } from '../ops/filter.js';
import { compilePathPatterns } from '../ops/patterns.js';
import type { CopyCounts } from '../profile/canonical.js';
import { writeProfile } from '../profile/writer.js';
import { action, collect, note, outputOption } from './common.js';
import { addExcludeOptions, Excluder, type ExcludeFlags } from './excludeFlags.js';
import { oneProfileInput } from './loadOne.js';
import { outputByCopy } from './copyOutput.js';
import { withOutput } from './output.js';

interface FilterFlags extends ExcludeFlags {
  output: string;
  includePath: string[];
  excludePath: string[];
}

/** Register the `filter` command. */
export function registerFilter(program: Command): void {
  const cmd = program
    .command('filter')
    .description('keep the files matching --include-path (if given), then drop those matching --exclude-path')
    .argument('<file>', 'profile (path, GOCOVERDIR directory, quoted glob matching one file, or - for stdin)')
    .addOption(outputOption())
    .option(
      '--include-path <regex>',
      'keep only files whose path matches one of these (Go regexp, unanchored); repeatable, comma-separated (CSV quoting)',
      collect,
      [],
    )
    .option(
      '--exclude-path <regex>',
      'drop files whose path matches one of these (Go regexp, unanchored); repeatable, comma-separated (CSV quoting)',
      collect,
      [],
    );
  addExcludeOptions(cmd).action(
    action(async (file: string, flags: FilterFlags) => {
      // Patterns first: a bad pattern is a usage error before any input is read.
      const include = compilePathPatterns('--include-path', flags.includePath);
      const exclude = compilePathPatterns('--exclude-path', flags.excludePath);
      const excluder = await Excluder.fromFlags(flags);
      const input = await oneProfileInput(file);
      if (!excluder && (await filterByCopy(input, flags.output, { include, exclude }))) return;
      const profile = await loadProfile(input);
      let result = filterProfile(profile, { include, exclude });
      if (excluder) result = await excluder.applyAndReport(result);
      if (result.files.length === 0) allOut(profile.files.length, input.name);
      await withOutput(flags.output, (out) => writeProfile(result, out));
    }),
  );
}

/** The note when every file was filtered out (none for an input without files). */
function allOut(files: number, name: string): void {
  if (files > 0) note(`filter: all ${files} source files of ${name} were filtered out; writing a profile with only the mode line`);
}

/** Filter a canonical input file by copying its kept lines (false: the general path must run). */
function filterByCopy(input: Input, output: string, options: FilterOptions): Promise<boolean> {
  let counts: CopyCounts | null = null;
  return outputByCopy(
    input,
    output,
    async (chunks, emit) => (counts = await filterCanonicalText(chunks, input.name, options, emit)),
    () => {
      if (counts!.selected === 0) allOut(counts!.files, input.name);
    },
  );
}
