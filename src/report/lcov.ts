// LCOV tracefile output (the `SF/DA/LF/LH` subset Codecov, Coveralls and
// SonarQube read): Profile in, UTF-8 chunks out. A line's hit count is the
// max over the blocks that cover it (lineHits.ts). When function data is
// given, FN/FNDA/FNF/FNH records (count = entry block's count) precede the
// lines. Files in profile order (bytewise by name), lines ascending:
// deterministic. Written straight into bytes (byteSink.ts): the report is
// about 40 bytes per line of Go.

import type { Profile } from '../profile/model.js';
import { uniqueFunctionNames, type FuncCoverage } from '../summary/functions.js';
import { ByteSink, Piece } from './byteSink.js';
import { LineExpander, linesHit } from './lineHits.js';

/** Options shared by the line-based reporters. */
export interface LineReportOptions {
  /** Maps a profile file name to the name written in the report (e.g. strip the module path). */
  mapPath?: (name: string) => string;
  /** Per-function coverage of a profile file name, when its source was found (adds function records). */
  functions?: (name: string) => readonly FuncCoverage[] | null | undefined;
  /** Names the profile in errors (e.g. its path). */
  input?: string;
}

const NL = new Piece('\n');
const COMMA = new Piece(',');
const TN_SF = new Piece('TN:\nSF:');
const DA = new Piece('DA:');
const LF = new Piece('LF:');
const LH = new Piece('\nLH:');
const END = new Piece('\nend_of_record\n');

/** The LCOV tracefile of a profile, one record per source file, as UTF-8 chunks of about 64 KiB that end at line ends. */
export function* lcovByteChunks(profile: Profile, opts: LineReportOptions = {}): Generator<Uint8Array> {
  const mapPath = opts.mapPath ?? ((n: string) => n);
  const expander = new LineExpander(opts.input);
  const out = new ByteSink();
  for (const f of profile.files) {
    const { lines, hits } = expander.expand(f);
    out.piece(TN_SF).text(mapPath(f.name)).piece(NL);
    const funcs = opts.functions?.(f.name);
    if (funcs) out.text(lcovFunctionRecords(funcs));
    yield* out.recordChunks(DA, COMMA, NL, lines, hits, 0, lines.length);
    out.piece(LF).decimal(lines.length).piece(LH).decimal(linesHit({ lines, hits })).piece(END);
  }
  if (out.length > 0) yield out.take();
}

/** FN/FNDA/FNF/FNH records of one file's functions (names made unique in the file). */
export function lcovFunctionRecords(funcs: readonly FuncCoverage[]): string {
  const names = uniqueFunctionNames(funcs);
  let out = '';
  funcs.forEach((f, i) => (out += `FN:${f.line},${names[i]}\n`));
  funcs.forEach((f, i) => (out += `FNDA:${f.count},${names[i]}\n`));
  return `${out}FNF:${funcs.length}\nFNH:${funcs.filter((f) => f.count > 0).length}\n`;
}
