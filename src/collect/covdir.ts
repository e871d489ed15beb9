// `collect --covdir DIR`: write the GOCOVERDIR files of each `-cover` target
// into one directory. The meta-data file is shared by every process of one
// binary (same hash, same bytes) and written once; each counter file keeps
// Go's name covcounters.<hash>.<pid>.<nanotime> unless that name is taken
// (pid 1 in every container), then the nanotime is raised until it is free.
// Files are created exclusively, so nothing present is ever overwritten.

import { open, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { InputError } from '../profile/errors.js';
import { asInputError } from '../profile/read.js';

const COUNTER_NAME = /^(covcounters\.[^.]+\.\d+)\.(\d+)$/;

/** Write one target's files into `dir` (which exists); returns the names written. */
export async function writeCovDirFiles(dir: string, files: ReadonlyMap<string, Uint8Array>): Promise<string[]> {
  const written: string[] = [];
  for (const [name, data] of files) {
    if (name.startsWith('covmeta.')) {
      if (await createExclusive(join(dir, name), data)) written.push(name);
      else if (!Buffer.from(await readFile(join(dir, name))).equals(data)) {
        throw new InputError('EEXIST', `${join(dir, name)}: exists with different content`);
      }
      continue;
    }
    const m = COUNTER_NAME.exec(name);
    if (!m) throw new InputError('EINVAL', `${name}: not a Go coverage counter file name`);
    for (let t = BigInt(m[2]!); ; t++) {
      const candidate = `${m[1]}.${t}`;
      if (await createExclusive(join(dir, candidate), data)) {
        written.push(candidate);
        break;
      }
    }
  }
  return written;
}

/** Create `path` with `data`; false when it already exists. */
async function createExclusive(path: string, data: Uint8Array): Promise<boolean> {
  let fh;
  try {
    fh = await open(path, 'wx');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw asInputError(err, path);
  }
  try {
    await fh.writeFile(data);
  } catch (err) {
    throw asInputError(err, path);
  } finally {
    await fh.close();
  }
  return true;
}
