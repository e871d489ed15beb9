// The CLI's side of input loading (the library is src/input): input
// arguments are classified with this process's stdin, and worker threads get
// the young-generation size of $GOPHERAGE_YOUNG_MB when it is set.

import { classifyInputs, type ClassifyOptions, type Input } from '../input/classify.js';

/** Classify and expand: stdin is process.stdin. */
export const STDIN: ClassifyOptions = { stdin: () => process.stdin };

/** The input arguments of a command, classified (globs expanded, each path stat-ed once). */
export function cliInputs(args: readonly string[]): Promise<Input[]> {
  return classifyInputs(args, STDIN);
}

/** Worker thread tuning from the environment (undefined: the library's default). */
export function youngGenerationMb(): number | undefined {
  const v = process.env.GOPHERAGE_YOUNG_MB;
  return v === undefined ? undefined : Number(v);
}
