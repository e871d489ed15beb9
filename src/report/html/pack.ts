// Sources of the HTML report packed for the page, one pack per directory:
// the HtmlSources of one directory in, base64 text out (safe inside any
// script element or JS string: no `<`, no quote). The bytes are one raw
// deflate stream (the page inflates it with the browser's
// DecompressionStream('deflate-raw')) of a JSON line
// `[{"s": source index, "n": byte length, "b": blocks per column, "f": functions?}, ...]`,
// a newline, then the files' bytes one after the other. One stream per
// directory compresses what files share (licence headers, imports) and
// opening a file inflates only its directory.

import { deflateRawSync, inflateRawSync } from 'node:zlib';
import type { HtmlFunction, HtmlSource } from './model.js';

/** One file of a pack, unpacked. */
export interface PackedFile {
  s: number;
  blocks: (number[] | null)[];
  functions?: HtmlFunction[];
  bytes: Uint8Array;
}

/** base64 of the deflated header line + the sources' bytes; `indices` are the sources' indices in the model. */
export function packSources(sources: readonly HtmlSource[], indices: readonly number[]): string {
  const head = sources.map((src, i) => ({ s: indices[i], n: src.bytes.length, b: src.blocks, ...(src.functions === undefined ? {} : { f: src.functions }) }));
  const parts = [Buffer.from(`${JSON.stringify(head)}\n`, 'utf8'), ...sources.map((s) => s.bytes)];
  return deflateRawSync(Buffer.concat(parts), { level: 9 }).toString('base64');
}

/** The inverse of packSources (tests, tools). */
export function unpackSources(packed: string): PackedFile[] {
  const all = inflateRawSync(Buffer.from(packed, 'base64'));
  const nl = all.indexOf(0x0a);
  const head = JSON.parse(all.subarray(0, nl).toString('utf8')) as { s: number; n: number; b: (number[] | null)[]; f?: HtmlFunction[] }[];
  let at = nl + 1;
  return head.map((h) => {
    const bytes = all.subarray(at, at + h.n);
    at += h.n;
    return { s: h.s, blocks: h.b, ...(h.f === undefined ? {} : { functions: h.f }), bytes };
  });
}
