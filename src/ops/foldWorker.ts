// Worker thread of parallelMerge (parallel.ts): waits for the template (the
// main thread's first input, with its block texts), then claims input paths one at a time from the
// counter all threads share, folds each into its own Merger (streamed parse
// guided by the template, then by its fold so far), and posts back its
// partial merge: as counts only when its files are the template's. Any error
// or warning is reported as a failure: the caller then redoes the merge
// single-threaded, so that errors and warnings are exactly those of the
// sequential path.

import { parentPort, workerData } from 'node:worker_threads';
import { adoptTexts } from '../profile/blockText.js';
import { Merger } from './merge.js';
import { foldShare, packProfile, unpackProfile, type WorkerReply, type WorkerRequest, type WorkerSetup } from './parallel.js';

const port = parentPort!;
const setup = workerData as WorkerSetup;
const { onMismatch, hits } = setup;

port.once('message', (msg: WorkerRequest) => {
  void (async () => {
    const template = unpackProfile(msg.template);
    adoptTexts(template.files, msg.texts);
    let warned = false;
    const merger = new Merger({ onMismatch, hits, warn: () => (warned = true) });
    const ok = await foldShare(setup, merger, () => warned, template, (index) => port.postMessage({ type: 'file', index } satisfies WorkerReply));
    const inputMode = merger.inputMode;
    const profile = ok && inputMode !== null ? packProfile(merger.result(), true, template) : null;
    const reply: WorkerReply = { type: 'result', ok, profile, inputMode };
    port.postMessage(reply, profile === null ? [] : [profile.pos.buffer as ArrayBuffer, profile.stmts.buffer as ArrayBuffer, profile.counts.buffer as ArrayBuffer]);
    port.close();
  })();
});
