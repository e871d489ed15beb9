// Input arguments: paths, `-` (stdin) and quoted glob patterns expanded with
// fast-glob. A literal path that exists is taken as is (even if it contains
// glob characters); a pattern that matches nothing is an error.

import { statSync } from 'node:fs';
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
    // Directories are matched too: a GOCOVERDIR directory is an input.
    const matches = await fg(arg, { onlyFiles: false, dot: false, followSymbolicLinks: true });
    if (matches.length === 0) throw new InputError('NO_MATCH', `${arg}: pattern matches no file`);
    matches.sort();
    out.push(...matches);
  }
  if (out.filter((a) => a === '-').length > 1) throw new InputError('STDIN_TWICE', 'stdin (-) given more than once');
  return out;
}

function exists(path: string): boolean {
  try {
    statSync(path);
    return true;
  } catch {
    return false;
  }
}
