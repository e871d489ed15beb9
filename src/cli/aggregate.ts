// `gopherage aggregate FILES...`: per block, how many inputs hit it (src/ops/aggregate.ts).

import { Command } from 'commander';
import { writeProfile } from '../profile/writer.js';
import { action, outputOption, parseWorkers, workersOption } from './common.js';
import { mergeInputs } from '../input/index.js';
import { cliInputs, youngGenerationMb } from './inputs.js';
import { withOutput } from './output.js';

/** Register the `aggregate` command. */
export function registerAggregate(program: Command): void {
  program
    .command('aggregate')
    .description('count, per block, how many input profiles hit it (output mode: count for set inputs)')
    .argument('<files...>', 'profiles, GOCOVERDIR directories, quoted globs or - for stdin')
    .addOption(outputOption())
    .addOption(workersOption())
    .action(
      action(async (files: string[], flags: { output: string; workers: string }) => {
        const inputs = await cliInputs(files);
        // A merge that counts hits: streamed, guided and on worker threads like merge.
        const result = await mergeInputs(inputs, { hits: true, workers: parseWorkers(flags.workers), youngGenerationMb: youngGenerationMb() });
        await withOutput(flags.output, (out) => writeProfile(result, out));
      }),
    );
}
