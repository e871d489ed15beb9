// `convert INPUT` to text with no other flag: a GOCOVERDIR directory is
// written exactly as `go tool covdata textfmt` writes it, a text profile as
// its canonical text. An input in, a file (or stdout) out. Loads without
// commander: `convert` (src/cli/convert.ts) and a quick run
// (src/cli/quick.ts) both call it.

import type { Input } from '../input/classify.js';
import { writeChunks, writeProfile } from '../profile/writer.js';
import { tuneForInputs } from './jit.js';
import { loadInput, oneInput } from './loadOne.js';
import { withOutput } from './output.js';

/** The one input of `convert` (a usage error when a glob matches several). */
export function convertInput(arg: string): Promise<Input> {
  return oneInput(arg, (n) => `convert takes one input; ${arg} matches ${n}`);
}

/** Write `input` as a text profile to `output` (`-` = stdout). */
export async function convertToText(input: Input, output: string): Promise<void> {
  if (input.kind === 'covdir') {
    // Each reader is imported for its kind of input alone (start-up of a small job).
    const { readCovDir } = await import('../covdata/readCovDir.js');
    const table = await readCovDir(input.arg);
    await withOutput(output, (out) => writeChunks(table.textByteChunks(), out));
    return;
  }
  tuneForInputs([input]);
  const profile = await loadInput(input);
  await withOutput(output, (out) => writeProfile(profile, out));
}
