// Merge on several cores: input file paths in, the merged Profile out (or
// null). The main thread and worker threads (foldWorker.ts, loaded from the
// built JS next to this file) each fold a share of the inputs into their own
// Merger, claiming input after input from a counter they share (so fast
// threads take more); the partial merges are then merged here. Valid because
// merge is associative and commutative. The main thread parses the first
// input while the workers start, and hands the workers its blocks (and their
// block texts) as their template, so no worker parses an input unguided or
// builds block texts. The parallel path only
// ever returns a result the sequential path would return: on any error,
// warning, or disagreement between partial merges it returns null, and the
// caller merges single-threaded to report exactly what the sequential path
// reports.

import { Worker } from 'node:worker_threads';
import { fileChunks } from '../input/fs.js';
import { packTexts, type PackedTexts } from '../profile/blockText.js';
import { GuideCache, parseGuided } from '../profile/guided.js';
import type { Mode, Profile } from '../profile/model.js';
import { Merger, type OnMismatch } from './merge.js';

/** What a worker is started with. */
export interface WorkerSetup {
  paths: readonly string[];
  /** The files' sizes in bytes when known (an unguided parse sizes its tables from them). */
  sizes?: readonly (number | null)[];
  /** Shared by every thread of the merge: see NEXT and FAILED. */
  shared: Int32Array;
  onMismatch: OnMismatch;
  hits: boolean;
}

/** Main thread → worker: the blocks to be guided by (the main thread's first input, counts left out) and their texts. */
export type WorkerRequest = { type: 'template'; template: PackedProfile; texts: PackedTexts };
/** Worker → main thread: an input folded, or the worker's partial merge (null: it folded none). */
export type WorkerReply = { type: 'file'; index: number } | { type: 'result'; ok: boolean; profile: PackedProfile | null; inputMode: Mode | null };

/** Slot of `WorkerSetup.shared`: index of the next input to claim. */
const NEXT = 0;
/** Slot of `WorkerSetup.shared`: set to 1 by a thread that failed, so the others stop claiming. */
const FAILED = 1;

/**
 * A Profile as a few flat arrays, so a partial merge crosses threads by
 * transferring a few buffers instead of cloning three arrays per file.
 * `names` null: the files are those of the template the worker was sent
 * (and only `counts` is filled).
 */
export interface PackedProfile {
  mode: Mode;
  names: string[] | null;
  /** Blocks of file i are [ends[i-1], ends[i]) of the flat arrays (ends[-1] = 0). */
  ends: Uint32Array;
  pos: Uint32Array;
  stmts: Uint32Array;
  counts: Float64Array;
}

/**
 * Pack a profile into fresh flat arrays, which may then be transferred:
 * without counts (`withCounts` false), or as counts only when its files are
 * exactly `template`'s (the same block arrays).
 */
export function packProfile(p: Profile, withCounts = true, template: Profile | null = null): PackedProfile {
  let n = 0;
  for (const f of p.files) n += f.stmts.length;
  const counts = new Float64Array(withCounts ? n : 0);
  const sameFiles = template !== null && template.files.length === p.files.length && p.files.every((f, i) => f.pos === template.files[i].pos && f.stmts === template.files[i].stmts);
  if (sameFiles) {
    let at = 0;
    for (const f of p.files) {
      counts.set(f.counts, at);
      at += f.counts.length;
    }
    return { mode: p.mode, names: null, ends: new Uint32Array(0), pos: new Uint32Array(0), stmts: new Uint32Array(0), counts };
  }
  const ends = new Uint32Array(p.files.length);
  const packed: PackedProfile = { mode: p.mode, names: p.files.map((f) => f.name), ends, pos: new Uint32Array(4 * n), stmts: new Uint32Array(n), counts };
  let at = 0;
  p.files.forEach((f, i) => {
    packed.pos.set(f.pos, 4 * at);
    packed.stmts.set(f.stmts, at);
    if (withCounts) packed.counts.set(f.counts, at);
    ends[i] = at += f.stmts.length;
  });
  return packed;
}

/** The Profile of a packed one (views of its flat arrays; the files of `template` when it names none). */
export function unpackProfile(p: PackedProfile, template: Profile | null = null): Profile {
  let from = 0;
  if (p.names === null) {
    return { mode: p.mode, files: template!.files.map((f) => ({ name: f.name, pos: f.pos, stmts: f.stmts, counts: p.counts.subarray(from, (from += f.stmts.length)) })) };
  }
  const files = p.names.map((name, i) => {
    const to = p.ends[i];
    const f = { name, pos: p.pos.subarray(4 * from, 4 * to), stmts: p.stmts.subarray(from, to), counts: p.counts.subarray(from, to) };
    from = to;
    return f;
  });
  return { mode: p.mode, files };
}

/**
 * Fold this thread's share of `setup.paths` into `merger`: claims input after
 * input until none is left, a thread failed, or it folded `limit`; the first
 * input this thread folds is guided by `template` (null: by itself). Returns
 * false, and tells the other threads, if it failed (an error, or a warning:
 * `warned()`).
 */
export async function foldShare(
  setup: Pick<WorkerSetup, 'paths' | 'sizes' | 'shared'>,
  merger: Merger,
  warned: () => boolean,
  template: Profile | null,
  onFolded: (index: number) => void,
  limit = Infinity,
): Promise<boolean> {
  const { paths, sizes, shared } = setup;
  const cache = new GuideCache(merger.consumesCounts);
  try {
    for (let n = 0; n < limit && Atomics.load(shared, FAILED) === 0; n++) {
      const i = Atomics.add(shared, NEXT, 1);
      if (i >= paths.length) break;
      merger.add(await parseGuided(fileChunks(paths[i], paths[i]), paths[i], merger.template() ?? template, cache, sizes?.[i] ?? undefined), paths[i]);
      if (warned()) throw new Error('warning');
      onFolded(i);
      // Reads are synchronous: let the event loop deliver what other threads posted (their progress) between inputs.
      await new Promise<void>((resume) => setImmediate(resume));
    }
    return true;
  } catch {
    Atomics.store(shared, FAILED, 1);
    return false;
  }
}

export interface ParallelMergeOptions {
  /** Number of threads folding inputs, the main thread included (at least 1). */
  workers: number;
  onMismatch?: OnMismatch;
  /** Count hits per block (aggregate) instead of merging counts. */
  hits?: boolean;
  /** Young generation of each worker, in MB (default 4). */
  youngGenerationMb?: number;
  /** The files' sizes in bytes, when known (`paths[i]` has `sizes[i]`). */
  sizes?: readonly (number | null)[];
  /** Called on this thread when the file `paths[index]` has been folded. */
  onFile?: (index: number) => void;
  /** False: this thread folds only the first input (the workers' template), the workers all others (default true: a share). */
  mainShare?: boolean;
}

const YOUNG_MB = 4;
const WORKER_URL = new URL('./foldWorker.js', import.meta.url);

/**
 * Merge text profile files (paths; plain or gzip) on the main thread and
 * worker threads. Resolves to the merged profile, or to null when the inputs
 * need the single-threaded path (an error, a warning, incoherent partial
 * merges).
 */
export async function parallelMerge(paths: readonly string[], options: ParallelMergeOptions): Promise<Profile | null> {
  const threads = Math.max(1, Math.min(options.workers, paths.length));
  const shared = new Int32Array(new SharedArrayBuffer(8));
  const setup: WorkerSetup = { paths, sizes: options.sizes, shared, onMismatch: options.onMismatch ?? 'error', hits: options.hits === true };
  const young = options.youngGenerationMb ?? YOUNG_MB;
  // Started first: their start-up overlaps this thread's parse of the first input.
  const workers = Array.from({ length: threads - 1 }, () => new Worker(WORKER_URL, {
    workerData: setup,
    // A small young generation: per-input garbage is collected early, so RSS stays flat.
    resourceLimits: { maxYoungGenerationSizeMb: young },
  }));
  let template: Profile | null = null;
  const results = workers.map((worker) => partialOf(worker, () => template, options.onFile));
  let warned = false;
  const merger = new Merger({ onMismatch: setup.onMismatch, hits: setup.hits, warn: () => (warned = true) });
  const ok = await foldShare(setup, merger, () => warned, null, (index) => {
    if (template === null) {
      // The first input claimed (index 0: workers claim none before this) guides the workers.
      template = merger.template()!;
      // Its block texts are built here once (this thread's next parse uses them too), not again in each worker.
      const request: WorkerRequest = { type: 'template', template: packProfile(template, false), texts: packTexts(template.files) };
      for (const w of workers) w.postMessage(request);
    }
    options.onFile?.(index);
  }, options.mainShare === false && workers.length > 0 ? 1 : Infinity);
  if (!ok || template === null) {
    await Promise.all(workers.map((w) => w.terminate()));
    return null;
  }
  const partials = await Promise.all(results);
  const modes = new Set<Mode | null>([merger.inputMode, ...partials.map((p) => (p ? p.inputMode : null))]);
  modes.delete(null);
  // Threads whose inputs had different modes: the sequential path names them.
  if (partials.some((p) => p === false) || modes.size > 1) return null;
  const others = partials.filter((p): p is { profile: Profile; inputMode: Mode } => p !== null && p !== false && p.profile !== null);
  if (others.length === 0) return merger.result();
  // Partials are merged as they are: summed (hit counts too, which are never `set`), OR-ed in set mode.
  const all = new Merger({ onMismatch: 'error' });
  try {
    all.add(merger.result(), 'partial #1');
    others.forEach((p, k) => all.add(p.profile, `partial #${k + 2}`));
  } catch {
    return null;
  }
  return all.result();
}

/** What one worker sends back, once it is done (false: it failed or died). */
function partialOf(
  worker: Worker,
  template: () => Profile | null,
  onFile: ((index: number) => void) | undefined,
): Promise<{ profile: Profile | null; inputMode: Mode | null } | false> {
  return new Promise((resolve) => {
    let settled = false;
    const settle = (v: { profile: Profile | null; inputMode: Mode | null } | false): void => {
      if (settled) return;
      settled = true;
      resolve(v);
    };
    worker.on('message', (msg: WorkerReply) => {
      if (msg.type === 'file') onFile?.(msg.index);
      else settle(msg.ok ? { profile: msg.profile === null ? null : unpackProfile(msg.profile, template()), inputMode: msg.inputMode } : false);
    });
    worker.on('error', () => settle(false));
    worker.on('exit', () => settle(false));
  });
}
