// The fold driver: classified inputs in, one Profile out, for merge,
// aggregate, ci and every command that merges several inputs. Inputs are
// folded one at a time in argument order (memory bounded by the distinct
// blocks): text is streamed and parsed guided by the fold so far, GOCOVERDIR
// directories are loaded. When every input is a regular file, the main thread
// and worker threads may fold shares of them (src/ops/parallel.ts); they only
// ever return what the sequential fold would, else the sequential fold runs
// and reports.

import { availableParallelism } from 'node:os';
import { foldSources, type Folder } from '../ops/fold.js';
import { Merger, type MergeOptions } from '../ops/merge.js';
import type { Profile } from '../profile/model.js';
import { regularFileBytes, toInputs, type ClassifyOptions, type Input } from './classify.js';
import { inputSource } from './load.js';

/** Options of foldInputs. */
export interface FoldInputsOptions extends ClassifyOptions {
  /** Called after each input is folded in (e.g. progress). */
  onInput?: (input: Input, index: number) => void;
}

/** Fold inputs (or arguments, classified first) into `folder`, one at a time, in order. */
export async function foldInputs(args: readonly string[] | readonly Input[], folder: Folder, options: FoldInputsOptions = {}): Promise<void> {
  const inputs = await toInputs(args, options);
  const { onInput } = options;
  await foldSources(
    (function* () {
      for (const input of inputs) yield inputSource(input);
    })(),
    onInput === undefined ? folder : withCallback(folder, inputs, onInput),
  );
}

/** Options of `mergeInputs`: those of a merge, of the fold (progress, stdin), plus `workers` (a number, or `auto`). */
export interface MergeInputsOptions extends MergeOptions, FoldInputsOptions {
  /**
   * Threads folding inputs, the main thread included: a number (0 or 1 = no
   * worker thread), or `auto` (default): one per core when there are at least
   * two input files of 16 MiB or more in all.
   */
  workers?: number | 'auto';
  /** At most this many threads (e.g. ci's --concurrency). */
  maxWorkers?: number;
  /** Young generation of each worker thread, in MB (default 4: per-input garbage is collected early). */
  youngGenerationMb?: number;
  /** Profiles folded in before the inputs (e.g. coverage pulled live), as `[profile, name]`; the fold is then single-threaded. */
  preloaded?: readonly (readonly [Profile, string])[];
}

/** Total input size below which `auto` stays single-threaded (worker start-up costs more). */
const AUTO_MIN_BYTES = 16 << 20;

/**
 * Merge inputs (or arguments, classified first), one input at a time (memory
 * bounded by the distinct blocks), on worker threads when all inputs are
 * regular files. Results, errors and warnings are those of loading each input
 * and folding it into a Merger in argument order.
 */
export async function mergeInputs(args: readonly string[] | readonly Input[], options: MergeInputsOptions = {}): Promise<Profile> {
  const inputs = await toInputs(args, options);
  const preloaded = options.preloaded ?? [];
  const workers = preloaded.length === 0 ? workerCount(inputs, options) : 1;
  const reported = new Set<number>();
  const report = (i: number): void => {
    if (reported.has(i)) return;
    reported.add(i);
    options.onInput?.(inputs[i], i);
  };
  if (workers > 1) {
    // Imported only when workers run (worker_threads and the pool cost start-up otherwise).
    const { parallelMerge } = await import('../ops/parallel.js');
    const merged = await parallelMerge(
      inputs.map((i) => i.arg),
      { workers, sizes: inputs.map((i) => (i.kind === 'file' ? i.size : null)), onMismatch: options.onMismatch, hits: options.hits, youngGenerationMb: options.youngGenerationMb, onFile: report },
    );
    if (merged !== null) return merged;
  }
  const merger = new Merger(options);
  for (const [profile, name] of preloaded) merger.add(profile, name);
  await foldInputs(inputs, merger, { onInput: (_input, i) => report(i) });
  return merger.result();
}

/** Threads folding a merge of `inputs` (main thread included): 1 unless there are two or more regular files (and, for `auto`, enough bytes). */
function workerCount(inputs: readonly Input[], options: MergeInputsOptions): number {
  const bytes = regularFileBytes(inputs);
  if (bytes === null || inputs.length < 2) return 1;
  const wanted = options.workers ?? 'auto';
  const n = wanted === 'auto' ? (bytes >= AUTO_MIN_BYTES ? availableParallelism() : 1) : Math.floor(wanted);
  return Math.min(n, options.maxWorkers ?? n);
}

/** `folder`, calling `onInput` with each input once it is folded in. */
function withCallback(folder: Folder, inputs: readonly Input[], onInput: (input: Input, index: number) => void): Folder {
  let next = 0;
  return {
    add: (profile, name) => {
      folder.add(profile, name);
      onInput(inputs[next], next++);
    },
    result: () => folder.result(),
    template: folder.template ? () => folder.template!() : undefined,
    consumesCounts: folder.consumesCounts,
  };
}
