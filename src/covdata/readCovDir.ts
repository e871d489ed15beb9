// The GOCOVERDIR reader's file functions (core: decodeCovDir.ts): a directory
// path in; a UnitTable (text in textfmt's order) or a canonical Profile out.
// Files are listed and read through the input adapter (src/input/fs.ts), one
// at a time, synchronously, into one reused buffer.

import { listFiles, reusingFileReader } from '../input/fs.js';
import type { Profile } from '../profile/model.js';
import { asInputError } from '../profile/read.js';
import { decodeCovDirSync } from './decodeCovDir.js';
import { isMetaFileName } from './pods.js';
import type { UnitTable } from './unitTable.js';

/** Names of the directory's entries that are not directories; fs errors as InputError. */
function filesOf(dir: string): string[] {
  try {
    return listFiles(dir);
  } catch (err) {
    throw asInputError(err, dir);
  }
}

/** True when a directory holds at least one Go coverage meta-data file (`covmeta.<hash>`): a GOCOVERDIR. */
export async function isCovDataDir(dir: string): Promise<boolean> {
  return filesOf(dir).some(isMetaFileName);
}

/** Read a GOCOVERDIR directory into a UnitTable (errors as in decodeCovDir). */
export async function readCovDir(dir: string): Promise<UnitTable> {
  const read = reusingFileReader();
  return decodeCovDirSync(dir, filesOf(dir), (path) => {
    try {
      return read(path);
    } catch (err) {
      throw asInputError(err, path);
    }
  });
}

/** Read a GOCOVERDIR directory as a canonical Profile. */
export async function readCovDirProfile(dir: string): Promise<Profile> {
  return (await readCovDir(dir)).toProfile(dir);
}
