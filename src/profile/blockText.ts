// Block texts: a file's block list (pos, NumStmt) in, the bytes of each block
// as it stands in a canonical profile line out ("sl.sc,el.ec n ", between the
// name's ':' and the count). Built once per block list (cached by its pos
// array) and shared by whoever needs them in a thread: the guided parse
// compares input lines with them, the writer copies them. They can be built
// for many files at once as one flat buffer and handed to another thread,
// which adopts them for its copy of the same block lists.

import { blockLength, putBlock } from './decimal.js';
import { viewOf } from './scanner.js';

/** The blocks of one file as text: block k is bytes [offs[k], offs[k+1]) of `bytes` (also readable through `view`). */
export interface BlockText {
  /** The NumStmt array it was built from. */
  readonly stmts: Uint32Array;
  readonly bytes: Uint8Array;
  readonly view: DataView;
  readonly offs: Uint32Array;
}

/** A block list: what block texts are made of. */
export interface Blocks {
  readonly pos: Uint32Array;
  readonly stmts: Uint32Array;
}

/** Block texts of many files in one buffer: file i's blocks are offs[b .. b + n] (b: blocks of the files before it). */
export interface PackedTexts {
  bytes: Uint8Array;
  offs: Uint32Array;
}

/** Block texts by pos array. */
const texts = new WeakMap<Uint32Array, BlockText>();

/** Bytes putBlock may write past a text's end. */
const PUT_ROOM = 4;

/** The block text of a file, built on first use (again if the one kept for its pos array was built from other NumStmts). */
export function blockText(f: Blocks): BlockText {
  return builtText(f) ?? buildTexts([f]).texts[0];
}

/** The block text of a block list if one was built or adopted in this thread (the writer uses it when there is one). */
export function builtText(f: Blocks): BlockText | undefined {
  const t = texts.get(f.pos);
  return t !== undefined && t.stmts === f.stmts ? t : undefined;
}

/** Build (or rebuild) the block texts of `files` in one buffer, and return them packed, to hand to another thread. */
export function packTexts(files: readonly Blocks[]): PackedTexts {
  return buildTexts(files).packed;
}

/** Take `packed` as the block texts of `files`: the same block lists, in the same order, as those they were packed from. */
export function adoptTexts(files: readonly Blocks[], packed: PackedTexts): void {
  const view = viewOf(packed.bytes);
  let b = 0;
  for (const f of files) {
    const n = f.stmts.length;
    texts.set(f.pos, { stmts: f.stmts, bytes: packed.bytes, view, offs: packed.offs.subarray(b, b + n + 1) });
    b += n;
  }
}

function buildTexts(files: readonly Blocks[]): { packed: PackedTexts; texts: BlockText[] } {
  // Sized exactly first (no over-allocation, no copy), plus putBlock's room.
  let len = 0;
  let total = 0;
  for (const { pos, stmts } of files) {
    for (let k = 0; k < stmts.length; k++) len += blockLength(pos, k, stmts[k]);
    total += stmts.length;
  }
  const room = new Uint8Array(len + PUT_ROOM);
  const view = viewOf(room);
  const offs = new Uint32Array(total + 1);
  let at = 0;
  let b = 0;
  for (const { pos, stmts } of files) {
    for (let k = 0; k < stmts.length; k++) {
      at = putBlock(room, view, at, pos, k, stmts[k]);
      offs[++b] = at;
    }
  }
  const packed = { bytes: room.subarray(0, len), offs };
  adoptTexts(files, packed);
  return { packed, texts: files.map((f) => texts.get(f.pos)!) };
}
