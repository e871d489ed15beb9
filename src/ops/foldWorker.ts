// Worker thread of parallelMerge (parallel.ts): asks the main thread for one
// input path at a time, folds each into its own Merger (streamed, guided
// parse), and posts back its partial merge. Any error or warning is reported
// as a failure: the caller then redoes the merge single-threaded, so that
// errors and warnings are exactly those of the sequential path.

import { parentPort, workerData } from 'node:worker_threads';
import { fileChunks } from '../input/fs.js';
import { GuideCache, parseGuided } from '../profile/guided.js';
import { Merger, type OnMismatch } from './merge.js';
import { packProfile, type WorkerReply, type WorkerRequest } from './parallel.js';

const port = parentPort!;
const { onMismatch, hits } = workerData as { onMismatch: OnMismatch; hits: boolean };
let warned = false;
const merger = new Merger({ onMismatch, hits, warn: () => (warned = true) });
const cache = new GuideCache(merger.consumesCounts);
let failed = false;

port.on('message', (msg: WorkerRequest) => {
  void (async () => {
    if (msg.type === 'path' && !failed) {
      try {
        const profile = await parseGuided(fileChunks(msg.path, msg.path), msg.path, merger.template(), cache);
        merger.add(profile, msg.path);
      } catch {
        failed = true;
      }
      if (failed || warned) return finish();
      port.postMessage({ type: 'next' } satisfies WorkerReply);
      return;
    }
    finish();
  })();
});

function finish(): void {
  const ok = !failed && !warned;
  const inputMode = merger.inputMode;
  const profile = ok && inputMode !== null ? packProfile(merger.result()) : null;
  const reply: WorkerReply = { type: 'result', ok, profile, inputMode };
  port.postMessage(reply, profile === null ? [] : [profile.pos.buffer as ArrayBuffer, profile.stmts.buffer as ArrayBuffer, profile.counts.buffer as ArrayBuffer]);
  port.close();
}

port.postMessage({ type: 'next' } satisfies WorkerReply);
