// Parse ONE large text profile on several cores: the file is cut at line
// boundaries into byte ranges, the first range is parsed here while worker
// threads (splitParseWorker.ts, loaded from the built JS next to this file)
// parse the others, and the partial profiles are merged. In: a path. Out: the
// Profile the plain single-threaded parse returns, or null.
//
// Valid because the parse of one input folds repeated blocks per block (sum,
// or OR in set mode), which is associative: a block seen in two ranges is
// combined here exactly as the plain parse combines its two lines. Every
// error or oddity (gzip, no plain "mode:" first line, a parse error in any
// range, NumStmt disagreeing or a count overflowing across ranges, a failed
// worker) gives null, and the caller parses single-threaded, so that error
// messages (with their line numbers) are exactly the plain parse's.

import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { Worker } from 'node:worker_threads';
import { combineCounts } from '../profile/accumulator.js';
import { parseGuided } from '../profile/guided.js';
import { comparePos, compareUtf8, MAX_COUNT, MODES, type FileCoverage, type Mode, type Profile } from '../profile/model.js';
import { unpackProfile, type PackedProfile } from './parallel.js';
import { SPLIT_MIN_BYTES } from '../input/load.js';

/** Most ranges one file is cut into (the main thread takes one). */
const MAX_PARTS = 4;
const CHUNK = 1 << 20;
/** How far past a cut point a line end is looked for before giving up. */
const CUT_WINDOW = 1 << 16;
const NL = 10;

/** Main thread → worker (as workerData): parse bytes [start, end) of `path`, preceded by a `mode:` line. */
export interface SplitRequest {
  path: string;
  start: number;
  end: number;
  mode: Mode;
}
/** Worker → main thread. */
export type SplitReply = { ok: true; profile: PackedProfile } | { ok: false };

export interface SplitOptions {
  /** Number of ranges (default: one per core while the machine is idle, see idleParts; at most 4); below 2 nothing is split. */
  parts?: number;
  /** Smallest file split (default SPLIT_MIN_BYTES). */
  minBytes?: number;
}

const WORKER_URL = new URL('./splitParseWorker.js', import.meta.url);

/**
 * The Profile of a large regular text profile file parsed in byte ranges on
 * several threads, or null when the file is not one to split or anything was
 * odd (the caller then parses it single-threaded, which reports any error).
 */
export async function loadLargeProfile(path: string, options: SplitOptions = {}): Promise<Profile | null> {
  if (path === '-') return null;
  const parts = Math.min(MAX_PARTS, options.parts ?? idleParts());
  if (!(parts >= 2)) return null;
  let plan: { mode: Mode; cuts: number[] } | null;
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch {
    return null;
  }
  try {
    plan = planCuts(fd, parts, options.minBytes ?? SPLIT_MIN_BYTES);
    if (plan === null) return null;
    const { mode, cuts } = plan;
    const workers = cuts.slice(1, -1).map((start, k) => parseInWorker({ path, start, end: cuts[k + 2], mode }));
    let first: Profile | null = null;
    try {
      first = await parseGuided(rangeChunks(fd, 0, cuts[1]), path, null);
    } catch {
      // The plain parse reports it.
    }
    const rest = await Promise.all(workers);
    if (first === null || rest.some((p) => p === null)) return null;
    let result = first;
    for (const p of rest) result = mergeRanges(result, p as Profile);
    return result;
  } catch {
    return null;
  } finally {
    closeSync(fd);
  }
}

/**
 * Default number of ranges: one per core while the cores are idle (1-minute
 * load average at most cores - 1); on a busy machine the second core is not
 * free, and a split only adds CPU time (worker start-up, packing), so 1.
 */
function idleParts(): number {
  const cores = availableParallelism();
  return loadavg()[0] <= cores - 1 ? cores : 1;
}

/**
 * The mode and the range boundaries [0, c1, ..., size] of a file to split:
 * each inner cut just after a '\n'. Null when the file is small, gzip, or
 * does not start with a plain `mode:` line.
 */
function planCuts(fd: number, parts: number, minBytes: number): { mode: Mode; cuts: number[] } | null {
  const st = fstatSync(fd);
  if (!st.isFile() || st.size < Math.max(minBytes, 1)) return null;
  const size = st.size;
  const head = new Uint8Array(Math.min(size, CUT_WINDOW));
  const n = readSync(fd, head, 0, head.length, 0);
  const nl = head.subarray(0, n).indexOf(NL);
  if (nl < 0) return null;
  const m = /^mode: (\w+)\r?$/.exec(Buffer.from(head.buffer, head.byteOffset, nl).toString('latin1'));
  if (m === null || !(MODES as readonly string[]).includes(m[1])) return null;
  const cuts = [0];
  for (let k = 1; k < parts; k++) {
    const at = Math.floor((size * k) / parts);
    const cut = lineStartAfter(fd, at, size);
    if (cut < 0) return null;
    if (cut > cuts[cuts.length - 1] && cut > nl + 1 && cut < size) cuts.push(cut);
  }
  if (cuts.length < 2) return null;
  cuts.push(size);
  return { mode: m[1] as Mode, cuts };
}

/** The offset just after the first '\n' at or after `at` (within CUT_WINDOW), or -1. */
function lineStartAfter(fd: number, at: number, size: number): number {
  const buf = new Uint8Array(Math.min(CUT_WINDOW, size - at));
  const n = readSync(fd, buf, 0, buf.length, at);
  const i = buf.subarray(0, n).indexOf(NL);
  return i < 0 ? -1 : at + i + 1;
}

/**
 * Bytes [start, end) of an open file in chunks of one reused buffer (the
 * parser copies what it keeps), after `prefix` if given.
 */
export function* rangeChunks(fd: number, start: number, end: number, prefix?: Uint8Array): Generator<Uint8Array> {
  if (prefix !== undefined) yield prefix;
  const buf = new Uint8Array(Math.min(CHUNK, Math.max(1, end - start)));
  for (let at = start; at < end; ) {
    const n = readSync(fd, buf, 0, Math.min(buf.length, end - at), at);
    if (n === 0) throw new Error('file shrank while being read');
    at += n;
    yield buf.subarray(0, n);
  }
}

/** Parse one range in a worker thread; null on any failure. */
function parseInWorker(req: SplitRequest): Promise<Profile | null> {
  return new Promise((resolve) => {
    const worker = new Worker(WORKER_URL, { workerData: req });
    let settled = false;
    const settle = (p: Profile | null): void => {
      if (settled) return;
      settled = true;
      resolve(p);
    };
    worker.on('message', (msg: SplitReply) => settle(msg.ok ? unpackProfile(msg.profile) : null));
    worker.on('error', () => settle(null));
    worker.on('exit', () => settle(null));
  });
}

/**
 * The profile of two consecutive ranges of one input: files in one range are
 * kept as they are, a file in both gets the union of its blocks, repeated
 * ones combined as the parse combines repeated lines. Throws when they
 * disagree on a block's NumStmt or a sum overflows (the plain parse reports it).
 */
export function mergeRanges(a: Profile, b: Profile): Profile {
  if (a.mode !== b.mode) throw new Error('modes differ');
  const files: FileCoverage[] = [];
  let i = 0;
  let j = 0;
  while (i < a.files.length || j < b.files.length) {
    const c = i === a.files.length ? 1 : j === b.files.length ? -1 : compareUtf8(a.files[i].name, b.files[j].name);
    if (c < 0) files.push(a.files[i++]);
    else if (c > 0) files.push(b.files[j++]);
    else files.push(unionBlocks(a.mode, a.files[i++], b.files[j++]));
  }
  return { mode: a.mode, files };
}

/** Sorted union of two files' blocks; a block in both is combined (same NumStmt, no overflow). */
function unionBlocks(mode: Mode, a: FileCoverage, b: FileCoverage): FileCoverage {
  const na = a.stmts.length;
  const nb = b.stmts.length;
  const pos = new Uint32Array(4 * (na + nb));
  const stmts = new Uint32Array(na + nb);
  const counts = new Float64Array(na + nb);
  let n = 0;
  let i = 0;
  let j = 0;
  while (i < na || j < nb) {
    const c = i === na ? 1 : j === nb ? -1 : comparePos(a.pos, i, b.pos, j);
    const f = c <= 0 ? a : b;
    const k = c <= 0 ? i : j;
    pos.set(f.pos.subarray(4 * k, 4 * k + 4), 4 * n);
    stmts[n] = f.stmts[k];
    counts[n] = f.counts[k];
    if (c === 0) {
      if (a.stmts[i] !== b.stmts[j]) throw new Error('NumStmt differs');
      const v = combineCounts(mode, a.counts[i], b.counts[j]);
      if (v > MAX_COUNT) throw new Error('count overflow');
      counts[n] = v;
    }
    if (c <= 0) i++;
    if (c >= 0) j++;
    n++;
  }
  return { name: a.name, pos: pos.slice(0, 4 * n), stmts: stmts.slice(0, n), counts: counts.slice(0, n) };
}
