// Decoder for a Go coverage meta-data file (`covmeta.<hash>`), as written by
// Go >= 1.20 (format: Go's src/internal/coverage/defs.go and decodemeta/).
// Bytes in, a MetaFile out: per package its import path and per function its
// source file, name and coverable units. Pure: no I/O.

import { ProfileError } from '../profile/errors.js';
import type { Mode } from '../profile/model.js';
import { ByteReader, corrupt, hex, readStringTable } from './byteReader.js';

/** `\x00cvm`: magic of a meta-data file. */
export const META_MAGIC = Uint8Array.of(0x00, 0x63, 0x76, 0x6d);
/** Newest meta-data file version this reader understands (Go's MetaFileVersion). */
export const META_VERSION = 1;
/** Size of the file header (MetaFileHeader). */
const FILE_HEADER_SIZE = 56;
/** Size of a package's header (MetaSymbolHeader, Go's CovMetaHeaderSize). */
const PKG_HEADER_SIZE = 44;

/** Counter granularity of a meta-data file. */
export type Granularity = 'perblock' | 'perfunc';

/** One function: its coverable units packed 5 per unit (stLine, stCol, enLine, enCol, numStmts). */
export interface MetaFunc {
  readonly name: string;
  readonly file: string;
  readonly lit: boolean;
  readonly units: Uint32Array;
}

/** One package of a meta-data file. */
export interface MetaPackage {
  readonly path: string;
  readonly name: string;
  readonly modulePath: string;
  readonly funcs: readonly MetaFunc[];
}

/** A decoded meta-data file. */
export interface MetaFile {
  /** Hex of the file's meta hash (the `<hash>` its counter files are named after). */
  readonly hash: string;
  readonly mode: Mode;
  readonly granularity: Granularity;
  readonly packages: readonly MetaPackage[];
}

/** True when `bytes` starts with the meta-data file magic. */
export function isMetaFile(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && bytes[0] === 0 && bytes[1] === 0x63 && bytes[2] === 0x76 && bytes[3] === 0x6d;
}

const MODES: Record<number, Mode> = { 1: 'set', 2: 'count', 3: 'atomic' };
const GRANULARITIES: Record<number, Granularity> = { 1: 'perblock', 2: 'perfunc' };

/** Decode a whole meta-data file. `file` names it in errors. */
export function decodeMetaFile(bytes: Uint8Array, file: string): MetaFile {
  const r = new ByteReader(file, bytes);
  r.need(FILE_HEADER_SIZE, 'meta-data file header');
  if (!isMetaFile(bytes)) corrupt(file, 0, 'not a Go coverage meta-data file (bad magic)');
  r.skip(4, 'magic');
  const version = r.u32('version');
  if (version > META_VERSION) {
    throw new ProfileError('CORRUPT', `meta-data file version ${version} is newer than this reader supports (${META_VERSION}); written by a newer Go?`, {
      input: file,
    });
  }
  const totalLength = r.u64('total length');
  const entries = r.u64('package count');
  const hash = hex(r.take(16, 'meta hash'));
  r.u32('string table offset');
  const strTabLength = r.u32('string table length');
  const modeOff = r.off;
  const cmode = r.u8('counter mode');
  const cgran = r.u8('counter granularity');
  r.skip(6, 'padding');
  const mode = MODES[cmode];
  if (mode === undefined) corrupt(file, modeOff, `unknown counter mode ${cmode}`);
  const granularity = GRANULARITIES[cgran];
  if (granularity === undefined) corrupt(file, modeOff + 1, `unknown counter granularity ${cgran}`);
  if (totalLength !== bytes.length) corrupt(file, 8, `header says ${totalLength} bytes, file has ${bytes.length}`);
  // 16 bytes (offset + length) per package must fit.
  if (entries > (bytes.length - FILE_HEADER_SIZE) / 16) corrupt(file, 16, `${entries} packages cannot fit in the file`);
  const offsets: number[] = [];
  const lengths: number[] = [];
  for (let i = 0; i < entries; i++) offsets.push(r.u64(`package ${i} offset`));
  for (let i = 0; i < entries; i++) lengths.push(r.u64(`package ${i} length`));
  r.need(strTabLength, 'file string table');
  const packages: MetaPackage[] = [];
  for (let i = 0; i < entries; i++) {
    const at = FILE_HEADER_SIZE + 8 * i;
    if (offsets[i] > bytes.length || lengths[i] > bytes.length - offsets[i]) {
      corrupt(file, at, `package ${i} at ${offsets[i]} (+${lengths[i]}) lies outside the file`);
    }
    packages.push(decodePackage(bytes, file, offsets[i], lengths[i], i));
  }
  return { hash, mode, granularity, packages };
}

/** Decode one package payload at `[off, off+len)`. */
function decodePackage(bytes: Uint8Array, file: string, off: number, len: number, index: number): MetaPackage {
  const end = off + len;
  const r = new ByteReader(file, bytes, off, end);
  const what = `package ${index}`;
  r.need(PKG_HEADER_SIZE, `${what} header`);
  const length = r.u32(`${what} length`);
  if (length !== len) corrupt(file, off, `${what}: header length ${length} differs from the file's ${len}`);
  const pkgName = r.u32(`${what} name index`);
  const pkgPath = r.u32(`${what} path index`);
  const modPath = r.u32(`${what} module path index`);
  r.skip(16 + 4, `${what} hash`);
  r.u32(`${what} file count`);
  const numFuncs = r.u32(`${what} function count`);
  if (numFuncs > (len - PKG_HEADER_SIZE) / 4) corrupt(file, off + 40, `${what}: ${numFuncs} functions cannot fit in ${len} bytes`);
  const funcOffsets = new Uint32Array(numFuncs);
  for (let i = 0; i < numFuncs; i++) funcOffsets[i] = r.u32(`${what} function ${i} offset`);
  const strings = readStringTable(r, `${what} string table`);
  const str = (idx: number, at: number, kind: string): string => {
    if (idx >= strings.length) corrupt(file, at, `${what}: ${kind} string index ${idx} out of range (${strings.length} strings)`);
    return strings[idx];
  };
  const path = str(pkgPath, off + 8, 'package path');
  const name = str(pkgName, off + 4, 'package name');
  const modulePath = str(modPath, off + 12, 'module path');
  const funcs: MetaFunc[] = [];
  for (let i = 0; i < numFuncs; i++) {
    const foff = funcOffsets[i];
    const slot = PKG_HEADER_SIZE + 4 * i;
    if (foff < slot || foff >= len) corrupt(file, off + slot, `${what}: function ${i} offset ${foff} out of range`);
    r.seek(off + foff, `${what} function ${i}`);
    const fwhat = `${what} function ${i}`;
    const numUnits = r.uleb(`${fwhat} unit count`);
    // Each unit takes at least 5 bytes.
    if (numUnits > r.remaining / 5) corrupt(file, off + foff, `${fwhat}: ${numUnits} units cannot fit`);
    const at = r.off;
    const fname = str(r.uleb(`${fwhat} name index`), at, 'function name');
    const at2 = r.off;
    const src = str(r.uleb(`${fwhat} file index`), at2, 'source file');
    const units = new Uint32Array(numUnits * 5);
    const unit = `${fwhat} unit`;
    for (let k = 0; k < units.length; k++) units[k] = r.uleb32(unit, (k / 5) | 0);
    const lit = r.uleb(`${fwhat} literal flag`) !== 0;
    funcs.push({ name: fname, file: src, lit, units });
  }
  return { path, name, modulePath, funcs };
}
