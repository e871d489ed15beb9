// V8 tuning for small jobs. A run that reads a few hundred KB is over before
// V8's optimizing compiler (TurboFan) pays for itself: it compiles the parser
// and writer loops on a background thread, and that CPU time counts. So when
// every input is a regular text file and they total under SMALL_JOB_BYTES,
// the rest of the run stays in V8's interpreter and baseline code
// (`--no-opt`). Measured on `merge` of one 300 KB profile: about 13 % less
// CPU; at 1 MB it is even, at 4 MB 1.6x slower, hence the bound (on text
// bytes: a gzip file, whose size says little of its text, is never small;
// its first bytes are read to tell, for a few files only). Only the
// gopherage process itself tunes the VM (bin/gopherage.js enables it): an
// in-process run (tests, a library user calling main) leaves V8 alone.

import { setFlagsFromString } from 'node:v8';
import { regularFileBytes, type Input } from '../input/classify.js';
import { isGzipFile } from '../input/fs.js';

/** Text input, in bytes, up to which a run turns the optimizing compiler off. */
export const SMALL_JOB_BYTES = 512 << 10;
/** Most inputs a small job has (each is opened to check it is not gzip). */
const SMALL_JOB_FILES = 16;

let enabled = false;

/** Let this process tune V8 for small jobs (the CLI's own process only). */
export function enableVmTuning(): void {
  enabled = true;
}

/** True when the inputs make a small job: a few regular text files (not gzip), under SMALL_JOB_BYTES in all. */
export function isSmallJob(inputs: readonly Input[]): boolean {
  const bytes = regularFileBytes(inputs);
  if (bytes === null || bytes >= SMALL_JOB_BYTES || inputs.length === 0 || inputs.length > SMALL_JOB_FILES) return false;
  return !inputs.some((i) => isGzipFile(i.arg));
}

/** Before reading `inputs`: for a small job, and when enabled, no optimizing compiler for the rest of the run. */
export function tuneForInputs(inputs: readonly Input[]): void {
  if (enabled && isSmallJob(inputs)) setFlagsFromString('--no-opt');
}
