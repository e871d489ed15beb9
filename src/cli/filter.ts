// `gopherage filter FILE --include-path RE --exclude-path RE` (src/ops/filter.ts,
// flag splitting and regex compilation in src/ops/patterns.ts).

import { Command } from 'commander';
import { filterProfile } from '../ops/filter.js';
import { compilePathPatterns } from '../ops/patterns.js';
import { writeProfile } from '../profile/writer.js';
import { action, collect, note, outputOption } from './common.js';
import { addExcludeOptions, Excluder, type ExcludeFlags } from './excludeFlags.js';
import { loadOne } from './loadOne.js';
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
      const { profile, name } = await loadOne(file);
      let result = filterProfile(profile, { include, exclude });
      if (excluder) result = await excluder.applyAndReport(result);
      if (result.files.length === 0 && profile.files.length > 0) {
        note(`filter: all ${profile.files.length} source files of ${name} were filtered out; writing a profile with only the mode line`);
      }
      await withOutput(flags.output, (out) => writeProfile(result, out));
    }),
  );
}
