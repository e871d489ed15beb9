// Input arguments: paths, `-` (stdin) and quoted glob patterns expanded with
// fast-glob. A literal path that exists is taken as is (even if it contains
// glob characters); a pattern that matches nothing is an error. Globs follow
// symbolic links but read each real directory once (so links into a cycle,
// `ln -s . m/a`, end), and give each file once however many links reach it.

import { readdirSync, statSync, type Dirent } from 'node:fs';
import { InputError } from '../profile/errors.js';

/** Expand input arguments to a list of paths (and `-`), in argument order; each pattern's matches sorted. */
export async function expandInputs(args: readonly string[]): Promise<string[]> {
  const out: string[] = [];
  for (const arg of args) {
    if (arg === '-' || exists(arg)) {
      out.push(arg);
      continue;
    }
    // Loaded only for an argument that is not a path: it costs ~35 ms of start-up.
    const { default: fg } = await import('fast-glob');
    if (!fg.isDynamicPattern(arg)) throw new InputError('ENOENT', `${arg}: no such file`);
    // Directories are matched too: a GOCOVERDIR directory is an input. The
    // synchronous walk is breadth first over sorted names, so which of several
    // links to one directory is listed is the same on every run.
    const matches = fg.sync(arg, { onlyFiles: false, dot: false, followSymbolicLinks: true, fs: { readdirSync: onceEach() } });
    if (matches.length === 0) throw new InputError('NO_MATCH', `${arg}: pattern matches no file`);
    matches.sort();
    out.push(...distinctFiles(matches));
  }
  if (out.filter((a) => a === '-').length > 1) throw new InputError('STDIN_TWICE', 'stdin (-) given more than once');
  return out;
}

/** A readdirSync for fast-glob that lists each real directory (device + inode) once, in name order: a second path to it reads as empty. */
function onceEach(): ReaddirSync {
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

type ReaddirSync = ((dir: string, options: { withFileTypes: true }) => Dirent[]) & ((dir: string) => string[]);

/** Paths in order without a second path to the same file (device + inode); paths that cannot be stat-ed are kept. */
function distinctFiles(paths: readonly string[]): string[] {
  const seen = new Set<string>();
  return paths.filter((p) => {
    let key: string;
    try {
      const st = statSync(p);
      key = `${st.dev}:${st.ino}`;
    } catch {
      return true;
    }
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** True unless nothing is at `path` (a symlink loop or an unreadable directory is there: its reader says what is wrong). */
function exists(path: string): boolean {
  try {
    statSync(path);
    return true;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    return code === 'ELOOP' || code === 'EACCES';
  }
}
