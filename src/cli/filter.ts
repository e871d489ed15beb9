// `gopherage filter FILE --include-path RE --exclude-path RE` (src/ops/filter.ts,
// flag splitting and regex compilation in src/ops/patterns.ts). A canonical
// input file (what merge and filter write) is filtered by copying its lines.

import { Command } from 'commander';
import type { Input } from '../input/classify.js';
import { inputSource, loadProfile } from '../input/load.js';
import { filterCanonicalText, filterProfile, type FilterOptions } from '../ops/filter.js';
import { compilePathPatterns } from '../ops/patterns.js';
import { writeChunks, writeProfile } from '../profile/writer.js';
import { action, collect, note, outputOption } from './common.js';
import { addExcludeOptions, Excluder, type ExcludeFlags } from './excludeFlags.js';
import { oneProfileInput } from './loadOne.js';
import { withOutput, writesThrough } from './output.js';

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

/**
 * Filter a canonical regular file by copying its kept lines (src/ops/filter.ts
 * filterCanonicalText), with the output and note of the general path. False,
 * with nothing written, when the general path must run instead: the input is
 * not a regular file (it could not be read again), not canonical, or reading
 * it failed (the general path then reports the error as it always has). The
 * lines go straight into -o's temp file, or are held until the input is known
 * good when nothing can be taken back (stdout); a device or FIFO is left to
 * the general path, which opens it only once the input is known good.
 */
async function filterByCopy(input: Input, output: string, options: FilterOptions): Promise<boolean> {
  if (input.kind !== 'file' || input.size === null || (await writesThrough(output)) !== false) return false;
  const source = inputSource(input);
  if (!('chunks' in source)) return false;
  let known = false;
  try {
    await withOutput(output, async (out, staged) => {
      const held: Uint8Array[] = [];
      const counts = await filterCanonicalText(source.chunks(), input.name, options, staged ? (b) => writeChunks([b], out) : (b) => void held.push(b));
      if (counts === null) throw new Error('not canonical');
      known = true;
      if (counts.selected === 0) allOut(counts.files, input.name);
      await writeChunks(held, out);
    });
  } catch (err) {
    if (known) throw err;
    return false;
  }
  return true;
}
