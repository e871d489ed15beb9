// One source file of the HTML report packed for the page: HtmlSource in,
// base64 text out (safe inside any script element: no `<`, no quote). The
// bytes are a raw deflate stream (the page inflates it with the browser's
// DecompressionStream('deflate-raw')) of one JSON line `{"b": blocks per
// column, "f": functions?}`, a newline, then the source bytes as they are.

import { deflateRawSync, inflateRawSync } from 'node:zlib';
import type { HtmlFunction, HtmlSource } from './model.js';

/** base64 of the deflated header line + source bytes. */
export function packSource(src: HtmlSource): string {
  const head = JSON.stringify(src.functions === undefined ? { b: src.blocks } : { b: src.blocks, f: src.functions });
  return deflateRawSync(Buffer.concat([Buffer.from(`${head}\n`, 'utf8'), src.bytes]), { level: 9 }).toString('base64');
}

/** The inverse of packSource (tests, tools). */
export function unpackSource(packed: string): { blocks: (number[] | null)[]; functions?: HtmlFunction[]; bytes: Uint8Array } {
  const all = inflateRawSync(Buffer.from(packed, 'base64'));
  const nl = all.indexOf(0x0a);
  const head = JSON.parse(all.subarray(0, nl).toString('utf8')) as { b: (number[] | null)[]; f?: HtmlFunction[] };
  return { blocks: head.b, ...(head.f === undefined ? {} : { functions: head.f }), bytes: all.subarray(nl + 1) };
}
