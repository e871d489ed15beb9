// The input adapter: every file-system access made to load inputs lives here
// (stat of an argument, directory listing for glob expansion, a profile
// file's bytes).
// Paths in, stats / bytes out; fs errors are passed through as Node throws
// them (callers map them with asInputError). The GOCOVERDIR reader
// (src/covdata/readCovDir.ts) lists and reads its directory through here too.
//
// A plain file is read with synchronous reads into one reused 64 KiB buffer
// (no allocation per chunk, so memory stays flat however many inputs are
// folded); a gzip file (sniffed once, on its first chunk) goes through gunzip
// from the same file descriptor. The buffer yielded by `fileChunks` is
// overwritten by the next read: consumers must copy what they keep
// (LineScanner does).

import { closeSync, openSync, readdirSync, readSync, statSync, type Dirent, type Stats } from 'node:fs';
import { gunzipChunks, isGzipHead } from '../profile/read.js';

/** Stat a path, following symbolic links (throws Node's fs error). */
export function statPath(path: string): Stats {
  return statSync(path);
}

const CHUNK = 1 << 16;
/** Read buffers not in use: a fold of many inputs reuses one instead of leaving a buffer of garbage per input. */
const idle: Uint8Array[] = [];

/**
 * Decoded bytes of a profile file (plain or gzip), in chunks; a plain file's
 * chunks share one buffer. `onHead` receives a copy of the file's first (up
 * to 4) raw bytes, so an error can be explained without opening it again.
 */
export async function* fileChunks(path: string, input: string, onHead?: (head: Uint8Array) => void): AsyncGenerator<Uint8Array> {
  const fd = openSync(path, 'r');
  let head: Uint8Array | null = null;
  const buf = idle.pop() ?? new Uint8Array(CHUNK);
  try {
    let first = true;
    for (;;) {
      const n = readSync(fd, buf, 0, CHUNK, null);
      if (n === 0) return;
      if (first) {
        first = false;
        onHead?.(buf.slice(0, Math.min(n, 4)));
        if (isGzipHead(buf.subarray(0, n))) {
          head = buf.slice(0, n);
          break;
        }
      }
      yield n === CHUNK ? buf : buf.subarray(0, n);
    }
  } finally {
    idle.push(buf);
    if (head === null) closeSync(fd); // else the gzip reader owns the descriptor
  }
  yield* gunzipChunks(rawChunks(fd, head), input);
}

/** `head`, then the rest of an open file in fresh buffers; closes `fd` when done or abandoned. */
async function* rawChunks(fd: number, head: Uint8Array): AsyncGenerator<Uint8Array> {
  try {
    yield head;
    for (;;) {
      const b = new Uint8Array(CHUNK);
      const n = readSync(fd, b, 0, CHUNK, null);
      if (n === 0) return;
      yield b.subarray(0, n);
    }
  } finally {
    closeSync(fd);
  }
}

type ReaddirSync = ((dir: string, options: { withFileTypes: true }) => Dirent[]) & ((dir: string) => string[]);

/**
 * A readdirSync for fast-glob that lists each real directory (device + inode)
 * once, in name order: a second path to it reads as empty (so links into a
 * cycle end, and which of several links is listed is the same on every run).
 */
export function onceEachReaddir(): ReaddirSync {
  const seen = new Set<string>();
  const byName = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
  return ((dir: string, options?: { withFileTypes: true }) => {
    const st = statSync(dir);
    const key = `${st.dev}:${st.ino}`;
    const first = !seen.has(key);
    seen.add(key);
    if (options?.withFileTypes) return first ? readdirSync(dir, options).sort((a, b) => byName(a.name, b.name)) : [];
    return first ? readdirSync(dir).sort(byName) : [];
  }) as ReaddirSync;
}

/** Names of a directory's entries that are not directories (throws Node's fs error). */
export function listFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((e) => !e.isDirectory())
    .map((e) => e.name);
}

/** True when the file at `path` starts with gzip's magic bytes (false if it cannot be read: its reader says why). */
export function isGzipFile(path: string): boolean {
  try {
    const fd = openSync(path, 'r');
    try {
      const head = new Uint8Array(2);
      return isGzipHead(head.subarray(0, readSync(fd, head, 0, 2, 0)));
    } finally {
      closeSync(fd);
    }
  } catch {
    return false;
  }
}

/**
 * A whole-file reader returning a view of one buffer it reuses (grown when a
 * file does not fit): each result is valid until the next call. A GOCOVERDIR
 * holds thousands of small files, and a promise, a FileHandle and a fresh
 * Buffer per file cost more than decoding it. Throws Node's fs error.
 */
export function reusingFileReader(): (path: string) => Uint8Array {
  let buf = new Uint8Array(1 << 16);
  return (path) => {
    const fd = openSync(path, 'r');
    try {
      let n = 0;
      for (;;) {
        if (n === buf.length) {
          const bigger = new Uint8Array(buf.length * 2);
          bigger.set(buf);
          buf = bigger;
        }
        const got = readSync(fd, buf, n, buf.length - n, null);
        if (got === 0) return buf.subarray(0, n);
        n += got;
      }
    } finally {
      closeSync(fd);
    }
  };
}
