// Loading one input argument into a Profile: a text profile (plain or gzip),
// `-` for stdin, or (see src/covdata) a GOCOVERDIR directory.

import type { Profile } from '../profile/model.js';
import { readProfileFile } from '../profile/read.js';

/** Load one input (already glob-expanded) as a canonical Profile. */
export async function loadProfile(arg: string): Promise<Profile> {
  return readProfileFile(arg);
}
