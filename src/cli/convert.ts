// `gopherage convert INPUT [--format text|lcov|cobertura|json]`: one input (a
// text profile or a GOCOVERDIR directory) out in another format. For a
// GOCOVERDIR and `--format text` the output is byte-identical to
// `go tool covdata textfmt -i=DIR -o=OUT`.

import { Command, Option } from 'commander';
import { readCovDir } from '../covdata/readCovDir.js';
import { UsageError } from '../profile/errors.js';
import { writeChunks, writeProfile } from '../profile/writer.js';
import { action, outputOption } from './common.js';
import { expandInputs } from './inputs.js';
import { isDirectory, loadProfile } from './load.js';
import { withOutput } from './output.js';

/** Output formats of `convert`. */
export const CONVERT_FORMATS = ['text'] as const;
type ConvertFormat = (typeof CONVERT_FORMATS)[number];

interface ConvertFlags {
  output: string;
  format: ConvertFormat;
}

/** Register `convert`. */
export function registerConvert(program: Command): void {
  program
    .command('convert')
    .description('convert a profile or a GOCOVERDIR directory to text (as go tool covdata textfmt), LCOV, Cobertura XML or JSON')
    .argument('<input>', 'text profile, GOCOVERDIR directory, quoted glob matching one, or - for stdin')
    .addOption(outputOption())
    .addOption(new Option('-f, --format <format>', 'output format').choices(CONVERT_FORMATS).default('text'))
    .action(
      action(async (input: string, flags: ConvertFlags) => {
        const inputs = await expandInputs([input]);
        if (inputs.length !== 1) throw new UsageError(`convert takes one input; ${input} matches ${inputs.length}`);
        const arg = inputs[0];
        if (flags.format === 'text') {
          if (await isDirectory(arg)) {
            const table = await readCovDir(arg);
            await withOutput(flags.output, (out) => writeChunks(table.textChunks(), out));
          } else {
            const profile = await loadProfile(arg);
            await withOutput(flags.output, (out) => writeProfile(profile, out));
          }
          return;
        }
      }),
    );
}
