// One input argument -> one Profile, for commands that take exactly one
// profile per argument (diff, filter, junit, convert): the argument may be a
// path, `-` or a quoted glob, but it must name exactly one input.

import type { Input } from '../input/classify.js';
import { UsageError } from '../profile/errors.js';
import type { Profile } from '../profile/model.js';
import { cliInputs } from './inputs.js';

/** The single input named by `arg`; `tooMany` is the usage error's text when a glob matches `n` inputs. */
export async function oneInput(arg: string, tooMany: (n: number) => string): Promise<Input> {
  const inputs = await cliInputs([arg]);
  if (inputs.length !== 1) throw new UsageError(tooMany(inputs.length));
  return inputs[0];
}

/** Load the single input named by `arg`; `what` describes it in the usage error when a glob matches several. */
export async function loadOne(arg: string, what = 'one profile'): Promise<{ profile: Profile; name: string }> {
  const input = await oneInput(arg, (n) => `expected ${what}, but ${arg} matches ${n} files (merge them first)`);
  // Imported here: `convert DIR` needs oneInput alone, not the text reader and fold engine behind loadProfile.
  const { loadProfile } = await import('../input/load.js');
  return { profile: await loadProfile(input), name: input.name };
}
