// `gopherage table FILES...`: per-directory coverage table, one column per
// input (src/summary/rows.ts builds the rows, src/report/table formats them).
// Each input is reduced to per-file totals as soon as it is loaded, so many
// huge profiles never sit in memory together.

import { Command, Option } from 'commander';
import { UsageError } from '../profile/errors.js';
import { colorEnabled, TABLE_FORMAT_NAMES, TABLE_FORMATS, type TableFormat } from '../report/table/index.js';
import { columnNames } from '../summary/columns.js';
import { TABLE_SORTS, tableRows, type TableSort } from '../summary/rows.js';
import { buildTreeFromTotals, profileFileTotals, type FileTotals } from '../summary/tree.js';
import { action, outputOption, parseNumber } from './common.js';
import { expandInputs } from './inputs.js';
import { loadProfile } from './load.js';
import { writeOutputText } from './output.js';
import { addOptions, includeUntested, untestedOptions, type UntestedFlags } from './untested.js';

interface TableFlags extends UntestedFlags {
  output: string;
  prefix?: string;
  depth: string;
  sort: TableSort;
  format: TableFormat;
  names?: string;
}

/** Register `gopherage table` on the program. */
export function registerTable(program: Command): void {
  addOptions(program.command('table'), untestedOptions())
    .description('per-directory coverage table, one column per input, ▲/▼ against the column to the right')
    .argument('<files...>', 'profiles, GOCOVERDIR directories, quoted globs or - for stdin (one column each)')
    .addOption(outputOption())
    .option('--prefix <path>', 'rows are the children of this directory (default: the deepest directory holding every file; "" = top level)')
    .option('--depth <n>', 'show the tree down to N levels below the prefix', '1')
    .addOption(new Option('--sort <order>', 'row order among siblings (coverage/statements use the first column)').choices([...TABLE_SORTS]).default('name'))
    .addOption(new Option('--format <format>', 'output format').choices(TABLE_FORMAT_NAMES).default('text'))
    .option('--names <a,b,c>', 'column headings, comma-separated, one per input (default: base names without extension)')
    .action(
      action(async (files: string[], flags: TableFlags) => {
        const depth = parseNumber('--depth', flags.depth);
        if (!Number.isInteger(depth) || depth < 1) throw new UsageError(`--depth: "${flags.depth}" is not a whole number >= 1`);
        const inputs = await expandInputs(files);
        const names = columnNames(inputs, flags.names === undefined ? undefined : flags.names.split(','));
        const columns: FileTotals[][] = [];
        for (const arg of inputs) columns.push(profileFileTotals((await includeUntested(await loadProfile(arg), flags)).profile));
        const model = tableRows(buildTreeFromTotals(columns), { prefix: flags.prefix, depth, sort: flags.sort });
        const color = flags.format === 'text' && flags.output === '-' && colorEnabled(process.stdout.isTTY === true, process.env);
        const text = TABLE_FORMATS[flags.format]({ columns: names.map((name, i) => ({ name, input: inputs[i] })), model }, { color });
        await writeOutputText(flags.output, text);
      }),
    );
}
