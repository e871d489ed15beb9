// Reading a text profile from a path (or `-` for stdin), plain or gzip: the
// file adapter of the parser. Plain files are read with synchronous reads into
// a reused buffer (fileChunks) and parsed by the guided builder with no
// template, which gives exactly the plain parser's Profile and errors and is
// fast on multi-package output that repeats every block once per package.

import { fileChunks } from './fileChunks.js';
import { parseGuided } from './guided.js';
import type { Profile } from './model.js';
import { asInputError, inputDisplayName } from './read.js';

/** Parse a text profile from a path (`-` = stdin), gzip or plain. I/O errors become InputError. */
export async function readProfileFile(arg: string): Promise<Profile> {
  const name = inputDisplayName(arg);
  try {
    return await parseGuided(fileChunks(arg, name), name, null);
  } catch (err) {
    throw asInputError(err, name);
  }
}
