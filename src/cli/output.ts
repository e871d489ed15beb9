// Output: `-` is stdout; a path is written atomically (a temp file in the
// target's directory, renamed over the target), so a failed run never leaves
// a truncated or half-written file, and `-o` may name one of the inputs (it
// is read before it is replaced). What is at the path decides how:
// - nothing or a regular file: the atomic write;
// - a symlink: the file it points to (resolved, followed through dangling
//   links) is replaced atomically, and the link stays;
// - a device, FIFO or socket (`/dev/null`, `/dev/stdout` on a pipe): written
//   through directly, never replaced;
// - a directory: an error.
// Temp files are `.NAME.tmp-PID-XXXXXX`; stale ones (their process is gone)
// left by a killed run are removed when we next write to that directory.

import { createWriteStream } from 'node:fs';
import { lstat, readdir, readlink, realpath, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import type { Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { InputError } from '../profile/errors.js';
import { asInputError } from '../profile/read.js';

/** `-o`'s value for stdout, and its default. */
export const STDOUT_ARG = '-';

/** Name used in messages for stdout (`-o -`). */
export const STDOUT_NAME = '<stdout>';

/** Run `write` against the output: stdout for `-`, otherwise a temp file renamed into place on success. */
export async function withOutput(path: string, write: (out: Writable) => Promise<void>): Promise<void> {
  if (path === STDOUT_ARG) {
    await write(process.stdout);
    return;
  }
  const target = await outputTarget(path);
  if (target.direct) {
    await writeDirect(path, write);
    return;
  }
  const dir = dirname(target.path);
  await removeStaleTemps(dir);
  const tmp = join(dir, `${tempPrefix(target.path)}${Math.random().toString(36).slice(2, 8)}`);
  const out = createWriteStream(tmp, { highWaterMark: 1 << 20 });
  try {
    await write(out);
    out.end();
    await finished(out);
    await rename(tmp, target.path);
  } catch (err) {
    // The stream opens its file asynchronously: wait until it is closed, or the
    // file could be created after the rm below and be left behind.
    if (!out.closed) await new Promise<void>((done) => out.once('close', () => done()).destroy());
    await rm(tmp, { force: true });
    throw outputError(err, path, tmp, target.path);
  }
}

/**
 * True when `-o PATH` is written through (a device, FIFO or socket: opening
 * it is already seen by a reader), false for stdout and for a file replaced
 * atomically; null when the path cannot be written (withOutput says why).
 */
export async function writesThrough(path: string): Promise<boolean | null> {
  if (path === STDOUT_ARG) return false;
  try {
    return (await outputTarget(path)).direct;
  } catch {
    return null;
  }
}

/** Write a whole string atomically (small reports). */
export function writeOutputText(path: string, text: string): Promise<void> {
  return withOutput(path, async (out) => {
    if (!out.write(text)) await new Promise((r) => out.once('drain', r));
  });
}

const WHY: Readonly<Record<string, string>> = {
  ENOENT: 'no such directory',
  EISDIR: 'is a directory',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  ENOSPC: 'no space left on device',
  ENOTDIR: 'not a directory',
  ELOOP: 'symbolic link loop',
  EROFS: 'read-only file system',
};

/** A failed write to the output named `name` (`<stdout>` for stdout), as one InputError: `NAME: cannot write: WHY`. */
export function writeError(err: unknown, name: string): InputError {
  const e = err as NodeJS.ErrnoException;
  const code = typeof e?.code === 'string' ? e.code : 'EIO';
  return new InputError(code, `${name}: cannot write: ${WHY[code] ?? (e instanceof Error ? e.message : String(err))}`);
}

/** An fs error about the temp file, the target, the rename or a write names the output; others keep their own path. */
function outputError(err: unknown, path: string, tmp: string, target: string): unknown {
  const e = err as NodeJS.ErrnoException & { dest?: string };
  if (!e || typeof e.code !== 'string' || typeof e.syscall !== 'string') return err;
  if (e.path !== tmp && e.dest !== target && e.syscall !== 'write') return asInputError(err, e.path ?? path);
  return writeError(err, path);
}

/** Where to write: the regular file to replace atomically (a symlink resolved), or `direct` for a device, FIFO or socket. */
async function outputTarget(path: string): Promise<{ direct: boolean; path: string }> {
  let st;
  try {
    st = await stat(path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { direct: false, path: await danglingTarget(path) };
    throw writeError(err, path);
  }
  if (st.isDirectory()) throw writeError({ code: 'EISDIR' }, path);
  if (!st.isFile()) return { direct: true, path };
  return { direct: false, path: await realpath(path) };
}

/** The file a missing path will be: itself, or where its (chain of) dangling symlink(s) points. */
async function danglingTarget(path: string): Promise<string> {
  let p = path;
  for (let hops = 0; hops < 40; hops++) {
    const st = await lstat(p).catch(() => null);
    if (!st?.isSymbolicLink()) return p;
    p = resolve(dirname(p), await readlink(p));
  }
  throw writeError({ code: 'ELOOP' }, path);
}

/** Write straight into a device or FIFO (there is nothing to replace atomically). */
async function writeDirect(path: string, write: (out: Writable) => Promise<void>): Promise<void> {
  const out = createWriteStream(path, { highWaterMark: 1 << 20 });
  try {
    await write(out);
    out.end();
    await finished(out);
  } catch (err) {
    out.destroy();
    throw outputError(err, path, path, path);
  }
}

/** Start of our temp file names for `target`; the rest is 1-6 random letters and digits. */
export function tempPrefix(target: string): string {
  return `.${basename(target)}.tmp-${process.pid}-`;
}

const TEMP_NAME = /^\..+\.tmp-(\d+)-[A-Za-z0-9]{1,6}$/;
/** A temp entry younger than this is left alone even when its PID looks dead (a writer in another PID namespace). */
const STALE_AFTER_MS = 60_000;

/**
 * Remove our temp files (and `ci`'s temp directories) in `dir` whose process
 * is gone: named `.NAME.tmp-PID-XXXXXX`, PID not running, owned by us, not
 * modified for a minute. Best effort: any failure is ignored.
 */
export async function removeStaleTemps(dir: string): Promise<void> {
  const names = await readdir(dir).catch(() => [] as string[]);
  const uid = process.getuid?.();
  for (const name of names) {
    const m = TEMP_NAME.exec(name);
    if (!m || running(Number(m[1]))) continue;
    const p = join(dir, name);
    const st = await lstat(p).catch(() => null);
    if (!st || !(st.isFile() || st.isDirectory()) || (uid !== undefined && st.uid !== uid)) continue;
    if (Date.now() - st.mtimeMs < STALE_AFTER_MS) continue;
    await rm(p, { recursive: st.isDirectory(), force: true }).catch(() => {});
  }
}

/** True when a process with this PID exists (EPERM: it exists but is not ours to signal). */
function running(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code !== 'ESRCH';
  }
}
