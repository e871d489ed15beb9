// The container of the `-cover` endpoint: an uncompressed ustar archive of
// GOCOVERDIR files. Bytes in, the regular files (name -> bytes) out. Only
// plain file names are accepted (no directories, links or paths), since the
// names become files of a GOCOVERDIR.

import { ProfileError } from '../profile/errors.js';

const BLOCK = 512;

/** True when the bytes start like a ustar archive ("ustar" magic at offset 257). */
export function isTar(bytes: Uint8Array): boolean {
  return bytes.length >= BLOCK && ascii(bytes, 257, 5) === 'ustar';
}

/** The regular files of a ustar archive, in archive order; `input` names the archive in errors. */
export function readTar(bytes: Uint8Array, input: string): Map<string, Uint8Array> {
  const files = new Map<string, Uint8Array>();
  for (let at = 0; at + BLOCK <= bytes.length; ) {
    const header = bytes.subarray(at, at + BLOCK);
    if (header.every((b) => b === 0)) return files;
    if (ascii(header, 257, 5) !== 'ustar') throw bad(input, at, 'not a ustar header');
    const name = cstring(header, 0, 100);
    const size = Number.parseInt(cstring(header, 124, 12).trim() || '0', 8);
    const type = String.fromCharCode(header[156]!);
    if (!Number.isSafeInteger(size) || size < 0) throw bad(input, at, 'bad size field');
    if (type !== '0' && type !== '\0') throw bad(input, at, `entry ${JSON.stringify(name)} is not a regular file`);
    if (name === '' || name.includes('/') || name === '.' || name === '..') throw bad(input, at, `entry name ${JSON.stringify(name)} is not a plain file name`);
    const start = at + BLOCK;
    if (start + size > bytes.length) throw bad(input, at, `entry ${JSON.stringify(name)} is truncated`);
    files.set(name, bytes.subarray(start, start + size));
    at = start + Math.ceil(size / BLOCK) * BLOCK;
  }
  throw bad(input, bytes.length, 'archive ends without its end-of-archive blocks (truncated)');
}

function bad(input: string, offset: number, what: string): ProfileError {
  return new ProfileError('CORRUPT', `coverage archive: ${what} (offset ${offset})`, { input });
}

function ascii(b: Uint8Array, at: number, len: number): string {
  return String.fromCharCode(...b.subarray(at, at + len));
}

function cstring(b: Uint8Array, at: number, len: number): string {
  const field = b.subarray(at, at + len);
  const end = field.indexOf(0);
  return new TextDecoder().decode(end < 0 ? field : field.subarray(0, end));
}
