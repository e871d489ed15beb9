// One input argument -> one Profile, for commands that take exactly one
// profile per argument (diff, filter, junit): the argument may be a path, `-`
// or a quoted glob, but it must name exactly one input.

import { UsageError } from '../profile/errors.js';
import type { Profile } from '../profile/model.js';
import { inputDisplayName } from '../profile/read.js';
import { expandInputs } from './inputs.js';
import { loadProfile } from './load.js';

/** Load the single input named by `arg`; `what` describes it in the usage error when a glob matches several. */
export async function loadOne(arg: string, what = 'one profile'): Promise<{ profile: Profile; name: string }> {
  const inputs = await expandInputs([arg]);
  if (inputs.length !== 1) {
    throw new UsageError(`expected ${what}, but ${arg} matches ${inputs.length} files (merge them first)`);
  }
  return { profile: await loadProfile(inputs[0]), name: inputDisplayName(inputs[0]) };
}
