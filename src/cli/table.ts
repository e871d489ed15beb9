// `gopherage table FILES...`: per-directory coverage table, one column per
// input (src/summary/rows.ts builds the rows, src/report/table formats them).
// Each input is reduced to per-file totals as soon as it is loaded, so many
// huge profiles never sit in memory together.

import { Command, Option } from 'commander';
import { UsageError } from '../profile/errors.js';
import { colorEnabled } from '../report/table/index.js';
import { formatsOf, reporterFor, reportText } from '../report/registry.js';
import { columnNames } from '../summary/columns.js';
import { TABLE_SORTS, tableRows, type TableSort } from '../summary/rows.js';
import { buildTreeFromTotals, profileFileTotals, type FileTotals } from '../summary/tree.js';
import { action, outputOption, parseNumber } from './common.js';
import { addExcludeOptions, Excluder, type ExcludeFlags } from './excludeFlags.js';
import { addSourceOptions, locatorFromFlags } from './sources.js';
import { loadProfile } from '../input/index.js';
import { loadFileTotals } from '../input/totals.js';
import { cliInputs } from './inputs.js';
import { writeOutputText } from './output.js';
import { addOptions, includeUntested, untestedOptions, type UntestedFlags } from './untested.js';

interface TableFlags extends ExcludeFlags, UntestedFlags {
  output: string;
  prefix?: string;
  depth: string;
  sort: TableSort;
  format: string;
  names?: string;
  worstFunctions?: string;
  sourceRoot?: string;
  trimPrefix: string[];
  sourceMap: string[];
}

/** Register `gopherage table` on the program. */
export function registerTable(program: Command): void {
  const cmd = addOptions(program.command('table'), untestedOptions())
    .description('per-directory coverage table, one column per input, ▲/▼ against the column to the right')
    .argument('<files...>', 'profiles, GOCOVERDIR directories, quoted globs or - for stdin (one column each)')
    .addOption(outputOption())
    .option('--prefix <path>', 'rows are the children of this directory (default: the deepest directory holding every file; "" = top level)')
    .option('--depth <n>', 'show the tree down to N levels below the prefix', '1')
    .addOption(new Option('--sort <order>', 'row order among siblings (coverage/statements use the first column)').choices([...TABLE_SORTS]).default('name'))
    .addOption(new Option('--format <format>', 'output format').choices(formatsOf('table')).default('text'))
    .option('--names <a,b,c>', 'column headings, comma-separated, one per input (default: base names without extension)')
    .option('--worst-functions <n>', 'markdown: also list the N least-covered functions of the first input (sources found as for func)');
  addExcludeOptions(addSourceOptions(cmd)).action(
    action(async (files: string[], flags: TableFlags) => {
      const depth = parseNumber('--depth', flags.depth);
      if (!Number.isInteger(depth) || depth < 1) throw new UsageError(`--depth: "${flags.depth}" is not a whole number >= 1`);
      const worst = flags.worstFunctions === undefined ? 0 : parseNumber('--worst-functions', flags.worstFunctions);
      if (!Number.isInteger(worst) || worst < 0) throw new UsageError(`--worst-functions: "${flags.worstFunctions}" is not a whole number`);
      if (worst > 0 && flags.format !== 'markdown') throw new UsageError('--worst-functions needs --format markdown');
      const inputs = await cliInputs(files);
      const names = columnNames(inputs.map((i) => i.arg), flags.names === undefined ? undefined : flags.names.split(','));
      const locator = worst > 0 || flags.excludeGenerated || flags.honorIgnore ? await locatorFromFlags(flags) : null;
      const excluder = locator && (await Excluder.fromFlags(flags, locator));
      const columns: FileTotals[][] = [];
      let worstText = '';
      // Without exclusions, untested files or functions, a column is per-file totals only: no Profile is built.
      const totalsOnly = !excluder && worst === 0 && flags.includeUntested === undefined;
      for (const [i, input] of inputs.entries()) {
        if (totalsOnly) {
          columns.push(await loadFileTotals(input));
          continue;
        }
        const loaded = (await includeUntested(await loadProfile(input), flags)).profile;
        const profile = excluder ? await excluder.applyAndReport(loaded, inputs.length > 1 ? names[i] : undefined) : loaded;
        if (worst > 0 && columns.length === 0) {
          // Imported here: only --worst-functions reads sources (start-up is most of a small job).
          const [{ functionRows, worstFunctionsMarkdown }, { profileSourceFacts }, { SourceIndex }] = await Promise.all([
            import('../report/func.js'),
            import('../source/fileFacts.js'),
            import('../source/sourceIndex.js'),
          ]);
          const facts = await profileSourceFacts(profile, new SourceIndex(locator!));
          worstText = `\n${worstFunctionsMarkdown(functionRows(profile, (n) => facts.get(n)?.functions), worst)}`;
        }
        columns.push(profileFileTotals(profile));
      }
      const model = tableRows(buildTreeFromTotals(columns), { prefix: flags.prefix, depth, sort: flags.sort });
      const tty = flags.format === 'text' && flags.output === '-' && process.stdout.isTTY === true;
      const color = flags.format === 'text' && flags.output === '-' && colorEnabled(process.stdout.isTTY === true, process.env);
      const width = tty && process.stdout.columns > 0 ? process.stdout.columns : undefined;
      const report = { columns: names.map((name, i) => ({ name, input: inputs[i].arg })), model };
      const text = reportText((await reporterFor('table', flags.format)!.load())(report, { color, width }));
      await writeOutputText(flags.output, text + worstText);
    }),
  );
}
