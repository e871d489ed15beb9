// `gopherage aggregate FILES...`: per block, how many inputs hit it (src/ops/aggregate.ts).

import { Command } from 'commander';
import { Aggregator } from '../ops/aggregate.js';
import { inputDisplayName } from '../profile/read.js';
import { writeProfile } from '../profile/writer.js';
import { action, outputOption } from './common.js';
import { expandInputs } from './inputs.js';
import { loadProfile } from './load.js';
import { withOutput } from './output.js';

/** Register the `aggregate` command. */
export function registerAggregate(program: Command): void {
  program
    .command('aggregate')
    .description('count, per block, how many input profiles hit it (output mode: count for set inputs)')
    .argument('<files...>', 'profiles, GOCOVERDIR directories, quoted globs or - for stdin')
    .addOption(outputOption())
    .action(
      action(async (files: string[], flags: { output: string }) => {
        const inputs = await expandInputs(files);
        const agg = new Aggregator();
        for (const arg of inputs) agg.add(await loadProfile(arg), inputDisplayName(arg));
        const result = agg.result();
        await withOutput(flags.output, (out) => writeProfile(result, out));
      }),
    );
}
