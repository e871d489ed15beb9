// The I/O-free core of the text profile parser: bytes in (any chunking),
// canonical Profile out. The line grammar is scanner.ts's; this module builds
// the Profile from the blocks it reads.
//
// Adapters for strings, streams, files and stdin live in read.ts.

import { FileTable } from './fileTable.js';
import { compareUtf8, type FileCoverage, type Mode, type Profile } from './model.js';
import { LineScanner, type BlockSink } from './scanner.js';

export { MAX_LINE_BYTES, type BlockSink } from './scanner.js';

/** Builds a canonical Profile from parsed blocks. */
export class ProfileBuilder implements BlockSink {
  private readonly input: string;
  private modeValue: Mode = 'set';
  private readonly files = new FileTable();

  constructor(input: string) {
    this.input = input;
  }

  mode(mode: Mode): void {
    this.modeValue = mode;
  }

  block(fileName: string, sl: number, sc: number, el: number, ec: number, numStmt: number, count: number, line: number): void {
    this.files.add(fileName, this.modeValue, sl, sc, el, ec, numStmt, count, this.input, line);
  }

  /** The canonical profile. */
  finish(): Profile {
    const names = [...this.files.names()].sort(compareUtf8);
    const files: FileCoverage[] = names.map((n) => this.files.take(n, this.modeValue, this.input));
    return { mode: this.modeValue, files };
  }
}

/** Parses one input into a canonical Profile: `push()` chunks, then `end()`. */
export class ProfileParser {
  private readonly builder: ProfileBuilder;
  private readonly lines: LineScanner;

  constructor(input = '<input>') {
    this.builder = new ProfileBuilder(input);
    this.lines = new LineScanner(input, this.builder);
  }

  push(chunk: Uint8Array): void {
    this.lines.push(chunk);
  }

  end(): Profile {
    this.lines.end();
    return this.builder.finish();
  }
}

/** Parse a whole profile held in memory (bytes). */
export function parseProfileBytes(bytes: Uint8Array, input = '<input>'): Profile {
  const p = new ProfileParser(input);
  p.push(bytes);
  return p.end();
}

/** Parse a profile held in a string (tests, small inputs). */
export function parseProfileString(text: string, input = '<string>'): Profile {
  return parseProfileBytes(new TextEncoder().encode(text), input);
}
