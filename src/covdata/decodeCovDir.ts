// The I/O-free core of the GOCOVERDIR reader: given a directory's file names
// and a way to read one file, group the names into pods (pods.ts), decode
// each meta-data file and its counter files (meta.ts, counters.ts) one file
// at a time, and merge them into a UnitTable. Reading is injected, so the same
// code serves the file system (readCovDir.ts) and in-memory data (tests);
// a synchronous reader is driven without a promise per file.

import { join } from 'node:path';
import { ProfileError } from '../profile/errors.js';
import { CounterRecords, scanCounterFile } from './counters.js';
import { decodeMetaFile } from './meta.js';
import { collectPods } from './pods.js';
import { UnitTable } from './unitTable.js';

/**
 * Reads the bytes of one file, given its path (`dir` joined with a name). The
 * bytes are only used until the next call, so a reader may reuse one buffer.
 */
export type ReadFile = (path: string) => Uint8Array | Promise<Uint8Array>;

/**
 * Decode a GOCOVERDIR given its file names. Files are grouped by the tag
 * in their names, as Go does. Fails (ProfileError) when no meta-data file is
 * present, on counter files whose meta-data file is missing (Go skips them
 * and reports zero counts), on a counter file holding another meta hash than
 * its meta-data file, and on any file that does not decode. `tmp.*` files are ignored.
 */
export async function decodeCovDir(dir: string, names: readonly string[], read: ReadFile): Promise<UnitTable> {
  const steps = decodeSteps(dir, names);
  let step = steps.next();
  while (!step.done) step = steps.next(await read(step.value));
  return step.value;
}

/** decodeCovDir with a synchronous reader. */
export function decodeCovDirSync(dir: string, names: readonly string[], read: (path: string) => Uint8Array): UnitTable {
  const steps = decodeSteps(dir, names);
  let step = steps.next();
  while (!step.done) step = steps.next(read(step.value));
  return step.value;
}

/** The decoding, one file at a time: yields the path of the file it needs next, is resumed with its bytes. */
function* decodeSteps(dir: string, names: readonly string[]): Generator<string, UnitTable, Uint8Array> {
  const { pods, orphans } = collectPods(names);
  if (orphans.length > 0) {
    const more = orphans.length > 1 ? ` (and ${orphans.length - 1} more)` : '';
    throw new ProfileError('CORRUPT', `counter file ${orphans[0]}${more} has no meta-data file (covmeta.<hash>) in this directory`, { input: dir });
  }
  if (pods.length === 0) {
    throw new ProfileError('EMPTY_PROFILE', 'not a GOCOVERDIR: no Go coverage meta-data files (covmeta.*)', { input: dir });
  }
  const pathOf = pathJoiner(dir);
  const table = new UnitTable();
  const recs = new CounterRecords();
  for (const pod of pods) {
    const metaPath = pathOf(pod.metaFile);
    // As in Go, the name's hash only groups files: a meta-data file named by
    // another tag (runtime/coverage's WriteMeta to a writer) is accepted, and
    // each counter file must hold the hash stored inside it (UnitTable checks).
    const meta = decodeMetaFile(yield metaPath, metaPath);
    table.beginPod(meta, metaPath);
    for (const name of pod.counterFiles) {
      const path = pathOf(name);
      table.addRecords(scanCounterFile(yield path, path, recs), path);
    }
    table.endPod();
  }
  return table;
}

/** `join(dir, name)`, with the directory normalised once for plain names (path.join per file costs more than decoding it). */
function pathJoiner(dir: string): (name: string) => string {
  const probe = join(dir, 'x');
  const prefix = probe.slice(0, -1);
  return (name) => (name.includes('/') || name.includes('\\') ? join(dir, name) : prefix + name);
}
