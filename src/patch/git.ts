// git as a subprocess: the repository root of a directory, and the unified
// diff of a pull request as Codecov and diff-cover take it: from the
// merge-base of base and head to head. Paths and refs in, diff text out;
// git's own message becomes an InputError (exit 3).

import { execFile } from 'node:child_process';
import { InputError } from '../profile/errors.js';

/** Run git in `dir`; stdout as text, or an InputError with git's first error line. */
export function git(dir: string, args: readonly string[]): Promise<string> {
  return new Promise((resolvePromise, reject) => {
    execFile('git', [...args], { cwd: dir, maxBuffer: 1 << 30, encoding: 'buffer' }, (err, stdout, stderr) => {
      if (err) {
        const why = stderr.toString('utf8').trim().split('\n').find((l) => l.trim() !== '') ?? (err as Error).message;
        const code = (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no git executable on PATH' : why;
        reject(new InputError('GIT', `git ${args.join(' ')} (in ${dir}): ${code}`));
      } else resolvePromise(stdout.toString('utf8'));
    });
  });
}

/** The top directory of the git repository containing `dir`. */
export async function repoRoot(dir: string): Promise<string> {
  return (await git(dir, ['rev-parse', '--show-toplevel'])).replace(/\n$/, '');
}

/** The diff of a change: merge-base of `base` and `head`, and the diff from it to `head`. */
export async function gitPatch(root: string, base: string, head: string): Promise<{ mergeBase: string; diff: string }> {
  const mergeBase = (await git(root, ['merge-base', base, head])).trim();
  // Fixed prefixes, no colour, no external or textconv drivers: whatever the user's config says.
  const diff = await git(root, ['diff', '--no-color', '--no-ext-diff', '--no-textconv', '--find-renames', '--unified=0', '--src-prefix=a/', '--dst-prefix=b/', mergeBase, head, '--']);
  return { mergeBase, diff };
}
