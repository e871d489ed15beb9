// The I/O-free core of the GOCOVERDIR reader: given a directory's file names
// and a way to read one file, group the names into pods (pods.ts), decode
// each meta-data file and its counter files (meta.ts, counters.ts) one file
// at a time, and merge them into a UnitTable. Reading is injected, so the same
// code serves the file system (readCovDir.ts) and in-memory data (tests).

import { join } from 'node:path';
import { ProfileError } from '../profile/errors.js';
import { decodeCounterFile } from './counters.js';
import { decodeMetaFile } from './meta.js';
import { collectPods } from './pods.js';
import { UnitTable } from './unitTable.js';

/** Reads the bytes of one file, given its path (`dir` joined with a name). */
export type ReadFile = (path: string) => Uint8Array | Promise<Uint8Array>;

/**
 * Decode a GOCOVERDIR given its file names. Fails (ProfileError) when no
 * meta-data file is present, on counter files whose meta-data file is
 * missing, and on any file that does not decode. `tmp.*` files are ignored.
 */
export async function decodeCovDir(dir: string, names: readonly string[], read: ReadFile): Promise<UnitTable> {
  const { pods, orphans } = collectPods(names);
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
