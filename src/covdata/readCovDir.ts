// The file-system adapter of the GOCOVERDIR reader (core: decodeCovDir.ts):
// a directory path in; a UnitTable (text in textfmt's order) or a canonical
// Profile out. Files are read one at a time, synchronously, into one reused
// buffer: a GOCOVERDIR holds thousands of small files, and a promise, a
// FileHandle and a fresh Buffer per file cost more than decoding it.

import { closeSync, openSync, readdirSync, readSync } from 'node:fs';
import type { Profile } from '../profile/model.js';
import { asInputError } from '../profile/read.js';
import { decodeCovDirSync } from './decodeCovDir.js';
import { isMetaFileName } from './pods.js';
import type { UnitTable } from './unitTable.js';

/** Names of the directory's entries that are not directories. */
function listFiles(dir: string): string[] {
  try {
    const entries = readdirSync(dir, { withFileTypes: true });
    return entries.filter((e) => !e.isDirectory()).map((e) => e.name);
  } catch (err) {
    throw asInputError(err, dir);
  }
}

/** True when a directory holds at least one Go coverage meta-data file (`covmeta.<hash>`): a GOCOVERDIR. */
export async function isCovDataDir(dir: string): Promise<boolean> {
  return listFiles(dir).some(isMetaFileName);
}

/** Read a GOCOVERDIR directory into a UnitTable (errors as in decodeCovDir). */
export async function readCovDir(dir: string): Promise<UnitTable> {
  return decodeCovDirSync(dir, listFiles(dir), reusingReader());
}

/** Read a GOCOVERDIR directory as a canonical Profile. */
export async function readCovDirProfile(dir: string): Promise<Profile> {
  return (await readCovDir(dir)).toProfile(dir);
}

/**
 * A file reader returning a view of one buffer it reuses (grown when a file
 * does not fit): each result is valid until the next call, which is all
 * decodeCovDir needs (decoders copy what they keep).
 */
function reusingReader(): (path: string) => Uint8Array {
  let buf = new Uint8Array(1 << 16);
  return (path) => {
    let fd: number;
    try {
      fd = openSync(path, 'r');
    } catch (err) {
      throw asInputError(err, path);
    }
    try {
      let n = 0;
      for (;;) {
        if (n === buf.length) {
          const bigger = new Uint8Array(buf.length * 2);
          bigger.set(buf);
          buf = bigger;
        }
        const got = readSync(fd, buf, n, buf.length - n, null);
        if (got === 0) return buf.subarray(0, n);
        n += got;
      }
    } catch (err) {
      throw asInputError(err, path);
    } finally {
      closeSync(fd);
    }
  };
}
