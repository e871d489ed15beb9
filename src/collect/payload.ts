// What one coverage endpoint answered, decoded: a text profile (the TestMain
// shim) or a tar of GOCOVERDIR files (the `-cover` flusher), read with the
// project's GOCOVERDIR reader. Bytes in, a canonical Profile (plus the files,
// for --covdir) out.

import { decodeCovDir } from '../covdata/decodeCovDir.js';
import { ProfileError } from '../profile/errors.js';
import type { Profile } from '../profile/model.js';
import { parseProfileString } from '../profile/parser.js';
import { isTar, readTar } from './tar.js';

/** A decoded endpoint answer. `files` is set for GOCOVERDIR payloads (name -> bytes, as Go named them). */
export interface Payload {
  readonly profile: Profile;
  readonly files: ReadonlyMap<string, Uint8Array> | null;
}

/** Decode one answer of `GET /coverage`; `input` (the target) names it in errors. */
export async function decodePayload(bytes: Uint8Array, input: string): Promise<Payload> {
  if (isTar(bytes)) {
    const files = readTar(bytes, input);
    const table = await decodeCovDir(input, [...files.keys()], (path) => {
      const data = files.get(path.slice(path.lastIndexOf('/') + 1));
      if (!data) throw new ProfileError('CORRUPT', `coverage archive lacks ${path}`, { input });
      return data;
    });
    return { profile: table.toProfile(input), files };
  }
  return { profile: parseProfileString(new TextDecoder('utf-8', { fatal: false }).decode(bytes), input), files: null };
}
