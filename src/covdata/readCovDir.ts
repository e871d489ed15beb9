// The file-system adapter of the GOCOVERDIR reader (core: decodeCovDir.ts):
// a directory path in; a UnitTable (text in textfmt's order) or a canonical
// Profile out. Files are read one at a time.

import { readdir, readFile } from 'node:fs/promises';
import type { Profile } from '../profile/model.js';
import { asInputError } from '../profile/read.js';
import { decodeCovDir } from './decodeCovDir.js';
import { isMetaFileName } from './pods.js';
import type { UnitTable } from './unitTable.js';

/** Names of the directory's entries that are not directories. */
async function listFiles(dir: string): Promise<string[]> {
  try {
    const entries = await readdir(dir, { withFileTypes: true });
    return entries.filter((e) => !e.isDirectory()).map((e) => e.name);
  } catch (err) {
    throw asInputError(err, dir);
  }
}

/** True when a directory holds at least one Go coverage meta-data file (`covmeta.<hash>`): a GOCOVERDIR. */
export async function isCovDataDir(dir: string): Promise<boolean> {
  return (await listFiles(dir)).some(isMetaFileName);
}

/** Read a GOCOVERDIR directory into a UnitTable (errors as in decodeCovDir). */
export async function readCovDir(dir: string): Promise<UnitTable> {
  return decodeCovDir(dir, await listFiles(dir), read);
}

/** Read a GOCOVERDIR directory as a canonical Profile. */
export async function readCovDirProfile(dir: string): Promise<Profile> {
  return (await readCovDir(dir)).toProfile(dir);
}

async function read(path: string): Promise<Uint8Array> {
  try {
    return await readFile(path);
  } catch (err) {
    throw asInputError(err, path);
  }
}
