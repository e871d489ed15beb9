// One input argument -> one Profile, for commands that take exactly one
// profile per argument (diff, filter, junit, convert): the argument may be a
// path, `-` or a quoted glob, but it must name exactly one input. Also as
// per-file totals only, for commands that need no more (junit, table).

import type { Input } from '../input/classify.js';
import { UsageError } from '../profile/errors.js';
import type { Profile } from '../profile/model.js';
import type { FileTotals } from '../summary/tree.js';
import { cliInputs } from './inputs.js';

/** The single input named by `arg`; `tooMany` is the usage error's text when a glob matches `n` inputs. */
export async function oneInput(arg: string, tooMany: (n: number) => string): Promise<Input> {
  const inputs = await cliInputs([arg]);
  if (inputs.length !== 1) throw new UsageError(tooMany(inputs.length));
  return inputs[0];
}

/** The single profile input named by `arg`; `what` describes it in the usage error when a glob matches several. */
export function oneProfileInput(arg: string, what = 'one profile'): Promise<Input> {
  return oneInput(arg, (n) => `expected ${what}, but ${arg} matches ${n} files (merge them first)`);
}

/**
 * Load one classified input as a Profile. The text reader and fold engine
 * are imported here, on first use: `convert DIR` to text needs neither.
 */
export async function loadInput(input: Input): Promise<Profile> {
  return (await import('../input/load.js')).loadProfile(input);
}

/** Load the single input named by `arg`; `what` describes it in the usage error when a glob matches several. */
export async function loadOne(arg: string, what = 'one profile'): Promise<{ profile: Profile; name: string }> {
  const input = await oneProfileInput(arg, what);
  return { profile: await loadInput(input), name: input.name };
}

/** Load the single input named by `arg` as per-file totals only (src/input/totals.ts); errors as `loadOne`'s. */
export async function loadOneTotals(arg: string, what = 'one profile'): Promise<FileTotals[]> {
  const { loadFileTotals } = await import('../input/totals.js');
  return loadFileTotals(await oneProfileInput(arg, what));
}
