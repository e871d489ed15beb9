// The file-system adapter of the GOCOVERDIR reader: list a directory, group
// its files into pods (pods.ts), decode each meta-data file and its counter
// files (meta.ts, counters.ts) one file at a time, and merge them into a
// UnitTable. A directory path in; a UnitTable (text in textfmt's order, or a
// canonical Profile) out.

import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ProfileError } from '../profile/errors.js';
import type { Profile } from '../profile/model.js';
import { asInputError } from '../profile/read.js';
import { decodeCounterFile } from './counters.js';
import { decodeMetaFile } from './meta.js';
import { collectPods, isMetaFileName } from './pods.js';
import { UnitTable } from './unitTable.js';

/** Names of the regular files (and symlinks) of a directory. */
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

/**
 * Read a GOCOVERDIR directory into a UnitTable. Fails (ProfileError) on a
 * directory without meta-data files, on counter files whose meta-data file
 * is missing, and on any file that does not decode. `tmp.*` files are ignored.
 */
export async function readCovDir(dir: string): Promise<UnitTable> {
  const { pods, orphans } = collectPods(await listFiles(dir));
  if (orphans.length > 0) {
    const more = orphans.length > 1 ? ` (and ${orphans.length - 1} more)` : '';
    throw new ProfileError('CORRUPT', `counter file ${orphans[0]}${more} has no meta-data file (covmeta.<hash>) in this directory`, { input: dir });
  }
  if (pods.length === 0) {
    throw new ProfileError('EMPTY_PROFILE', 'not a GOCOVERDIR: no Go coverage meta-data files (covmeta.*)', { input: dir });
  }
  const table = new UnitTable();
  for (const pod of pods) {
    const metaPath = join(dir, pod.metaFile);
    const meta = decodeMetaFile(await read(metaPath), metaPath);
    if (meta.hash !== pod.hash) {
      throw new ProfileError('CORRUPT', `meta-data file holds hash ${meta.hash}, not the ${pod.hash} of its name`, { input: metaPath });
    }
    table.beginPod(meta, metaPath);
    for (const name of pod.counterFiles) {
      const path = join(dir, name);
      table.addCounters(decodeCounterFile(await read(path), path), path);
    }
    table.endPod();
  }
  return table;
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
