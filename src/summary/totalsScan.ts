// Per-file totals straight from a text profile's bytes, without building the
// Profile: bytes in (through the one LineScanner), FileTotals out, sorted as a
// Profile's files are (UTF-8 byte order), or null when the input is not in
// canonical form. Canonical form (what every merged profile is): each file's
// blocks contiguous, strictly sorted by (startLine, startCol, endLine, endCol)
// as the profile model sorts them, so no duplicate. On such an input the
// canonical Profile holds exactly the blocks read, so summing them as they
// come gives its totals, and parsing it cannot fail but for the scanner's own
// errors (which this scan raises identically). Anything else (a file seen
// again later, a block out of order or repeated, which the canonical parse
// would sort or combine, or reject) stops the scan at once with null: the
// caller then loads the input the general way, which gives its result or its
// error exactly.

import { comparePosTo, type Mode } from '../profile/model.js';
import { LineScanner, type BlockSink } from '../profile/scanner.js';
import { sortFileTotals, type FileTotals } from './tree.js';

/** Thrown through the scanner to stop it when the input is not canonical (never escapes this module). */
const NOT_CANONICAL = Symbol('not canonical');

/** A BlockSink keeping, per file, only its statements and covered statements. */
export class TotalsSink implements BlockSink {
  private readonly names: string[] = [];
  private readonly covered: number[] = [];
  private readonly statements: number[] = [];
  /** Every file seen: a name again after another file means not canonical. */
  private readonly seen = new Set<string>();
  /** The current file and its totals so far. */
  private name: string | null = null;
  private fileCovered = 0;
  private fileStatements = 0;
  /** The current file's last block (sl, sc, el, ec). */
  private readonly last = new Uint32Array(4);

  mode(_mode: Mode): void {}

  block(fileName: string, sl: number, sc: number, el: number, ec: number, numStmt: number, count: number): void {
    if (fileName !== this.name) {
      if (this.seen.has(fileName)) throw NOT_CANONICAL;
      this.closeFile();
      this.seen.add(fileName);
      this.name = fileName;
    } else if (comparePosTo(this.last, 0, sl, sc, el, ec) >= 0) {
      throw NOT_CANONICAL; // out of order or repeated: the canonical parse sorts, combines or rejects it
    }
    const last = this.last;
    last[0] = sl;
    last[1] = sc;
    last[2] = el;
    last[3] = ec;
    this.fileStatements += numStmt;
    if (count > 0) this.fileCovered += numStmt;
  }

  /** The totals of every file, sorted by name as a Profile's files are. */
  finish(): FileTotals[] {
    this.closeFile();
    const out: FileTotals[] = this.names.map((name, i) => ({ name, totals: { covered: this.covered[i], statements: this.statements[i] } }));
    return sortFileTotals(out);
  }

  private closeFile(): void {
    if (this.name === null) return;
    this.names.push(this.name);
    this.covered.push(this.fileCovered);
    this.statements.push(this.fileStatements);
    this.fileCovered = 0;
    this.fileStatements = 0;
  }
}

/**
 * The per-file totals of one text profile's decoded bytes, or null when the
 * input is not canonical (the scan stops there). Scanner errors are thrown
 * as the general parse throws them.
 */
export async function scanFileTotals(chunks: AsyncIterable<Uint8Array>, input: string): Promise<FileTotals[] | null> {
  const sink = new TotalsSink();
  const scanner = new LineScanner(input, sink);
  try {
    for await (const chunk of chunks) scanner.push(chunk);
    scanner.end();
  } catch (err) {
    if (err === NOT_CANONICAL) return null;
    throw err;
  }
  return sink.finish();
}
