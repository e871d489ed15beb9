// The input classifier: input arguments (paths, `-` for stdin, quoted glob
// patterns) in, typed inputs out, each path stat-ed once. A literal path that
// exists is taken as is (even if it contains glob characters); a pattern that
// matches nothing is an error. Globs follow symbolic links but read each real
// directory once (so links into a cycle, `ln -s . m/a`, end), and give each
// file once however many links reach it. Stdin is whatever the caller injects
// (the CLI passes process.stdin): library code never touches the process.

import type { Stats } from 'node:fs';
import { InputError } from '../profile/errors.js';
import { asInputError, STDIN_NAME } from '../profile/read.js';
import { onceEachReaddir, statPath } from './fs.js';

/** One classified input. `arg` is the (expanded) argument: a path, or `-`; `name` names it in messages. */
export type Input =
  | { kind: 'stdin'; arg: '-'; name: string; chunks: () => AsyncIterable<Uint8Array> }
  /** A text profile, plain or gzip; `size` is null when it is not a regular file (a pipe, a device). */
  | { kind: 'file'; arg: string; name: string; size: number | null }
  /** A directory: a GOCOVERDIR (its reader says when it is not one). */
  | { kind: 'covdir'; arg: string; name: string }
  /** A path that could not be stat-ed (symbolic link loop, permission): `error` is reported when its turn comes. */
  | { kind: 'unreadable'; arg: string; name: string; error: unknown };

/** Where stdin comes from. */
export interface ClassifyOptions {
  /** The bytes of stdin, for an argument `-` (the CLI passes process.stdin); without it `-` is an error. */
  stdin?: () => AsyncIterable<Uint8Array>;
}

/** Expand and classify input arguments, in argument order; each pattern's matches sorted. */
export async function classifyInputs(args: readonly string[], options: ClassifyOptions = {}): Promise<Input[]> {
  const out: Input[] = [];
  for (const arg of args) {
    if (arg === '-') {
      out.push(stdinInput(options));
      continue;
    }
    const literal = statOf(arg);
    if (literal !== null) {
      out.push(classify(arg, literal));
      continue;
    }
    // Loaded only for an argument that is not a path: it costs ~35 ms of start-up.
    const { default: fg } = await import('fast-glob');
    if (!fg.isDynamicPattern(arg)) throw new InputError('ENOENT', `${arg}: no such file`);
    // Directories are matched too: a GOCOVERDIR directory is an input. The
    // synchronous walk is breadth first over sorted names, so which of several
    // links to one directory is listed is the same on every run.
    const matches = fg.sync(arg, { onlyFiles: false, dot: false, followSymbolicLinks: true, fs: { readdirSync: onceEachReaddir() } });
    if (matches.length === 0) throw new InputError('NO_MATCH', `${arg}: pattern matches no file`);
    matches.sort();
    out.push(...distinctFiles(matches));
  }
  if (out.filter((a) => a.kind === 'stdin').length > 1) throw new InputError('STDIN_TWICE', 'stdin (-) given more than once');
  return out;
}

/** The bytes of `inputs` in all when every one is a regular file (their size is known), else null. */
export function regularFileBytes(inputs: readonly Input[]): number | null {
  let bytes = 0;
  for (const i of inputs) {
    if (i.kind !== 'file' || i.size === null) return null;
    bytes += i.size;
  }
  return bytes;
}

/** Arguments classified, or inputs already classified as they are. */
export async function toInputs(args: readonly string[] | readonly Input[], options: ClassifyOptions = {}): Promise<readonly Input[]> {
  return args.some((a) => typeof a === 'string') ? classifyInputs(args as string[], options) : (args as readonly Input[]);
}

function stdinInput(options: ClassifyOptions): Input {
  const chunks = options.stdin ?? noStdin;
  return { kind: 'stdin', arg: '-', name: STDIN_NAME, chunks };
}

/** The stdin of a caller that gave none: reading it fails. */
async function* noStdin(): AsyncGenerator<Uint8Array> {
  throw new InputError('NO_STDIN', `${STDIN_NAME}: no stdin given to read (pass options.stdin)`);
}

/** The input at a path, from its stat (or the error stat-ing it). */
function classify(arg: string, st: Stats | { error: unknown }): Input {
  if ('error' in st) return { kind: 'unreadable', arg, name: arg, error: asInputError(st.error, arg) };
  if (st.isDirectory()) return { kind: 'covdir', arg, name: arg };
  return { kind: 'file', arg, name: arg, size: st.isFile() ? st.size : null };
}

/**
 * The stat of a literal argument, its error when something is there that
 * cannot be stat-ed (a symlink loop, an unreadable directory: its reader says
 * what is wrong), or null when nothing is there.
 */
function statOf(path: string): Stats | { error: unknown } | null {
  try {
    return statPath(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return code === 'ELOOP' || code === 'EACCES' ? { error } : null;
  }
}

/** Inputs of glob matches without a second path to the same file (device + inode); paths that cannot be stat-ed are kept. */
function distinctFiles(paths: readonly string[]): Input[] {
  const seen = new Set<string>();
  const out: Input[] = [];
  for (const p of paths) {
    let st: Stats;
    try {
      st = statPath(p);
    } catch (error) {
      out.push(classify(p, { error }));
      continue;
    }
    const key = `${st.dev}:${st.ino}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(classify(p, st));
  }
  return out;
}
