// Worker thread of loadLargeProfile (splitParse.ts): parses one byte range of
// a profile file, after a `mode:` line, and posts back its partial profile
// packed into flat transferable arrays, or a failure (the caller then parses
// the whole file single-threaded and reports the error).

import { closeSync, openSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import { parseGuided } from '../profile/guided.js';
import { packProfile } from './parallel.js';
import { rangeChunks, type SplitReply, type SplitRequest } from './splitParse.js';

const port = parentPort!;
const req = workerData as SplitRequest;

async function main(): Promise<SplitReply> {
  const fd = openSync(req.path, 'r');
  try {
    const prefix = new TextEncoder().encode(`mode: ${req.mode}\n`);
    return { ok: true, profile: packProfile(await parseGuided(rangeChunks(fd, req.start, req.end, prefix), req.path, null)) };
  } finally {
    closeSync(fd);
  }
}

main().then(
  (reply) => {
    const p = reply.ok ? reply.profile : null;
    port.postMessage(reply, p === null ? [] : [p.pos.buffer as ArrayBuffer, p.stmts.buffer as ArrayBuffer, p.counts.buffer as ArrayBuffer]);
    port.close();
  },
  () => {
    port.postMessage({ ok: false } satisfies SplitReply);
    port.close();
  },
);
