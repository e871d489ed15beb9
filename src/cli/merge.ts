// `gopherage merge FILES...`: one profile from many (see src/ops/merge.ts).
// The module loads without commander (types only): a quick run
// (src/cli/quick.ts) calls mergeFiles directly.

import type { Command } from 'commander';
import type { OnMismatch } from '../ops/merge.js';
import { writeProfile } from '../profile/writer.js';
import { action, outputOption, parseWorkers, warn, WORKERS_DEFAULT, workersOption } from './common.js';
import { mergeInputs } from '../input/merge.js';
import { cliInputs, youngGenerationMb } from './inputs.js';
import { tuneForInputs } from './jit.js';
import { withOutput } from './output.js';

/** The flags of `merge`, as commander gives them. */
export interface MergeFlags {
  output: string;
  onMismatch: OnMismatch;
  workers: string;
}

/** The flags of a `merge` given none but -o (commander's defaults; a quick run uses them too). */
export const MERGE_DEFAULTS: Readonly<Omit<MergeFlags, 'output'>> = { onMismatch: 'error', workers: WORKERS_DEFAULT };

/** Run `merge`: merge the inputs `files` name and write the profile to `flags.output`. */
export async function mergeFiles(files: readonly string[], flags: MergeFlags): Promise<void> {
  const inputs = await cliInputs(files);
  tuneForInputs(inputs);
  const merged = await mergeInputs(inputs, { onMismatch: flags.onMismatch, warn, workers: parseWorkers(flags.workers), youngGenerationMb: youngGenerationMb() });
  await withOutput(flags.output, (out) => writeProfile(merged, out));
}

export function registerMerge(program: Command): void {
  const cmd = program.command('merge');
  cmd
    .description('merge profiles: sum counts per block (OR in set mode)')
    .argument('<files...>', 'profiles, GOCOVERDIR directories, quoted globs or - for stdin')
    .addOption(outputOption())
    .addOption(
      cmd
        .createOption('--on-mismatch <how>', 'when inputs disagree on a file\'s blocks: fail, or keep the union of blocks')
        .choices(['error', 'union'])
        .default(MERGE_DEFAULTS.onMismatch),
    )
    .addOption(workersOption())
    .action(action(async (files: string[], flags: MergeFlags) => mergeFiles(files, flags)));
}
