// Merge on several cores: worker threads (foldWorker.ts, loaded from the
// built JS next to this file) each fold a share of the input files, handed
// out one at a time so fast workers take more; the partial merges are then
// merged here. Valid because merge is associative and commutative. The
// parallel path only ever returns a result the sequential path would return:
// on any error, warning, or disagreement between partial merges it returns
// null, and the caller merges single-threaded to report exactly what the
// sequential path reports.

import { Worker } from 'node:worker_threads';
import type { Profile } from '../profile/model.js';
import { Merger, type OnMismatch } from './merge.js';

/** Main thread → worker. */
export type WorkerRequest = { type: 'path'; path: string } | { type: 'done' };
/** Worker → main thread. */
export type WorkerReply = { type: 'next' } | { type: 'result'; ok: boolean; profile: PackedProfile | null; inputMode: Profile['mode'] | null };

/**
 * A Profile as a few flat arrays, so a partial merge crosses threads by
 * transferring three buffers instead of cloning three arrays per file.
 */
export interface PackedProfile {
  mode: Profile['mode'];
  names: string[];
  /** Blocks of file i are [ends[i-1], ends[i]) of the flat arrays (ends[-1] = 0). */
  ends: Uint32Array;
  pos: Uint32Array;
  stmts: Uint32Array;
  counts: Float64Array;
}

/** Pack a profile (copies its arrays into fresh flat ones, which may then be transferred). */
export function packProfile(p: Profile): PackedProfile {
  const ends = new Uint32Array(p.files.length);
  let n = 0;
  p.files.forEach((f, i) => (ends[i] = n += f.stmts.length));
  const packed: PackedProfile = { mode: p.mode, names: p.files.map((f) => f.name), ends, pos: new Uint32Array(4 * n), stmts: new Uint32Array(n), counts: new Float64Array(n) };
  let at = 0;
  for (const f of p.files) {
    packed.pos.set(f.pos, 4 * at);
    packed.stmts.set(f.stmts, at);
    packed.counts.set(f.counts, at);
    at += f.stmts.length;
  }
  return packed;
}

/** The Profile of a packed one (its files are views of the flat arrays). */
export function unpackProfile(p: PackedProfile): Profile {
  let from = 0;
  const files = p.names.map((name, i) => {
    const to = p.ends[i];
    const f = { name, pos: p.pos.subarray(4 * from, 4 * to), stmts: p.stmts.subarray(from, to), counts: p.counts.subarray(from, to) };
    from = to;
    return f;
  });
  return { mode: p.mode, files };
}

export interface ParallelMergeOptions {
  /** Number of worker threads (at least 1). */
  workers: number;
  onMismatch?: OnMismatch;
  /** Count hits per block (aggregate) instead of merging counts. */
  hits?: boolean;
  /** Young generation of each worker, in MB (default 4). */
  youngGenerationMb?: number;
  /** Called on this thread when the file `paths[index]` has been folded by a worker. */
  onFile?: (index: number) => void;
}

const YOUNG_MB = 4;
const WORKER_URL = new URL('./foldWorker.js', import.meta.url);

/**
 * Merge text profile files (paths; plain or gzip) with worker threads.
 * Resolves to the merged profile, or to null when the inputs need the
 * single-threaded path (an error, a warning, incoherent partial merges).
 */
export async function parallelMerge(paths: readonly string[], options: ParallelMergeOptions): Promise<Profile | null> {
  const n = Math.max(1, Math.min(options.workers, paths.length));
  let next = 0;
  const modes = new Set<string>();
  const young = options.youngGenerationMb ?? YOUNG_MB;
  const run = (): Promise<Profile | null | false> =>
    new Promise((resolve) => {
      const worker = new Worker(WORKER_URL, {
        workerData: { onMismatch: options.onMismatch ?? 'error', hits: options.hits === true },
        // A small young generation: per-input garbage is collected early, so RSS stays flat.
        resourceLimits: { maxYoungGenerationSizeMb: young },
      });
      let settled = false;
      let current = -1; // index of the path this worker is folding
      const settle = (v: Profile | null | false): void => {
        if (settled) return;
        settled = true;
        resolve(v);
        if (v === false) {
          next = paths.length; // stop handing out work: the caller starts over
          void worker.terminate();
        }
      };
      worker.on('message', (msg: WorkerReply) => {
        if (msg.type === 'next') {
          if (current >= 0) options.onFile?.(current);
          current = next < paths.length ? next++ : -1;
          const req: WorkerRequest = current >= 0 ? { type: 'path', path: paths[current] } : { type: 'done' };
          worker.postMessage(req);
        } else {
          if (msg.inputMode !== null) modes.add(msg.inputMode);
          settle(msg.ok && msg.profile !== null ? unpackProfile(msg.profile) : msg.ok ? null : false);
        }
      });
      worker.on('error', () => settle(false));
      worker.on('exit', () => settle(false));
    });
  const partials = await Promise.all(Array.from({ length: n }, run));
  // Workers whose inputs had different modes: the sequential path names them.
  if (partials.some((p) => p === false) || modes.size > 1) return null;
  // Partials are merged as they are: summed (hit counts too, which are never `set`), OR-ed in set mode.
  const merger = new Merger({ onMismatch: 'error' });
  try {
    partials.forEach((p, k) => {
      if (p) merger.add(p, `partial #${k + 1}`);
    });
  } catch {
    return null;
  }
  return merger.result();
}
