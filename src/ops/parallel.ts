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
export type WorkerReply = { type: 'next' } | { type: 'result'; ok: boolean; profile: Profile | null };

export interface ParallelMergeOptions {
  /** Number of worker threads (at least 1). */
  workers: number;
  onMismatch?: OnMismatch;
}

const YOUNG_MB = Number(process.env.GOPHERAGE_YOUNG_MB ?? 4);
const WORKER_URL = new URL('./foldWorker.js', import.meta.url);

/**
 * Merge text profile files (paths; plain or gzip) with worker threads.
 * Resolves to the merged profile, or to null when the inputs need the
 * single-threaded path (an error, a warning, incoherent partial merges).
 */
export async function parallelMerge(paths: readonly string[], options: ParallelMergeOptions): Promise<Profile | null> {
  const n = Math.max(1, Math.min(options.workers, paths.length));
  let next = 0;
  const run = (): Promise<Profile | null | false> =>
    new Promise((resolve) => {
      const worker = new Worker(WORKER_URL, {
        workerData: { onMismatch: options.onMismatch ?? 'error' },
        // A small young generation: per-input garbage is collected early, so RSS stays flat.
        resourceLimits: { maxYoungGenerationSizeMb: YOUNG_MB },
      });
      let settled = false;
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
          const req: WorkerRequest = next < paths.length ? { type: 'path', path: paths[next++] } : { type: 'done' };
          worker.postMessage(req);
        } else {
          settle(msg.ok ? msg.profile : false);
        }
      });
      worker.on('error', () => settle(false));
      worker.on('exit', () => settle(false));
    });
  const partials = await Promise.all(Array.from({ length: n }, run));
  if (partials.some((p) => p === false)) return null;
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
