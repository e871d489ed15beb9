// Loading one input argument into a Profile: a text profile (plain or gzip),
// `-` for stdin, or a GOCOVERDIR directory (Go >= 1.20 binary coverage,
// recognised by its covmeta.* files; see src/covdata).

import { open, stat } from 'node:fs/promises';
import { InputError } from '../profile/errors.js';
import type { Profile } from '../profile/model.js';
import { asInputError } from '../profile/read.js';
import { readProfileFile } from '../profile/readFile.js';

/** True when `arg` names a directory (a GOCOVERDIR candidate). */
export async function isDirectory(arg: string): Promise<boolean> {
  if (arg === '-') return false;
  try {
    return (await stat(arg)).isDirectory();
  } catch (err) {
    throw asInputError(err, arg);
  }
}

/** Load one input (already glob-expanded) as a canonical Profile. */
export async function loadProfile(arg: string): Promise<Profile> {
  // The GOCOVERDIR reader is imported only for a directory (start-up of text-only runs).
  if (await isDirectory(arg)) return (await import('../covdata/readCovDir.js')).readCovDirProfile(arg);
  try {
    return await readProfileFile(arg);
  } catch (err) {
    throw (await binaryHint(arg)) ?? err;
  }
}

/** A clearer error when a text parse failed on a single binary coverage file. */
async function binaryHint(arg: string): Promise<InputError | null> {
  if (arg === '-') return null;
  try {
    const fh = await open(arg, 'r');
    try {
      const head = new Uint8Array(4);
      await fh.read(head, 0, 4, 0);
      const [{ isCounterFile }, { isMetaFile }] = await Promise.all([import('../covdata/counters.js'), import('../covdata/meta.js')]);
      if (isMetaFile(head) || isCounterFile(head)) {
        return new InputError('BINARY_COVERAGE', `${arg}: a Go binary coverage file; pass its directory (the GOCOVERDIR) instead`);
      }
    } finally {
      await fh.close();
    }
  } catch {
    // fall through to the original error
  }
  return null;
}
