// Parser: real Go 1.23 fixtures fed in chunks split at many offsets (inside
// "\r\n", inside multi-byte UTF-8) parse to the same profile as one whole
// read; the tolerances of SPEC §2; one test per error class (code, line,
// input, text); Windows-style names, names with spaces and ':'; UTF-8 byte
// order of file names; the stream adapter with gzip sniffing.

import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { ProfileError } from '../src/profile/errors.js';
import { blockAt, compareUtf8, type Profile } from '../src/profile/model.js';
import { MAX_LINE_BYTES, parseProfileBytes, parseProfileString, ProfileParser } from '../src/profile/parser.js';
import { parseProfileStream } from '../src/profile/read.js';
import { formatProfile } from '../src/profile/writer.js';
import { TESTDATA } from './helpers.js';
import { fixtureFiles } from './parser-fixtures.js';

/** Parse `bytes` split into pieces at the given (sorted) offsets. */
function parseSplit(bytes: Uint8Array, cuts: readonly number[], input = 'split'): Profile {
  const p = new ProfileParser(input);
  let prev = 0;
  for (const c of cuts) {
    p.push(bytes.subarray(prev, c));
    prev = c;
  }
  p.push(bytes.subarray(prev));
  return p.end();
}

/** Parse `bytes` fed `size` bytes at a time. */
function parseChunked(bytes: Uint8Array, size: number, input = 'chunked'): Profile {
  const p = new ProfileParser(input);
  for (let k = 0; k < bytes.length; k += size) p.push(bytes.subarray(k, k + size));
  return p.end();
}

/**
 * A parse result as one string (mode, names, packed arrays): equal strings
 * mean equal Profiles, and comparing strings is far cheaper than a deep
 * equality of thousands of numbers, run here thousands of times.
 */
function snapshot(p: Profile): string {
  return JSON.stringify({ mode: p.mode, files: p.files.map((f) => ({ name: f.name, pos: [...f.pos], stmts: [...f.stmts], counts: [...f.counts] })) });
}

/** Capture the ProfileError thrown by `fn`. */
function parseError(fn: () => unknown): ProfileError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(ProfileError);
    return err as ProfileError;
  }
  throw new Error('expected a ProfileError');
}

const enc = new TextEncoder();

describe('fixtures parse the same in any chunking', () => {
  const files = fixtureFiles();

  it('finds the committed fixtures', () => {
    expect(files.length).toBeGreaterThanOrEqual(40);
  });

  for (const file of files) {
    it(relative(TESTDATA, file), () => {
      const bytes = new Uint8Array(readFileSync(file));
      const whole = parseProfileBytes(bytes, 'whole');
      const want = snapshot(whole);
      expect(whole.files.length).toBeGreaterThan(0);
      // Two pieces, split at ~150 offsets spread over the file plus the first and last bytes.
      const step = Math.max(1, Math.floor(bytes.length / 150));
      const offsets = new Set<number>([0, 1, 2, 5, 11, 12, 13, bytes.length - 2, bytes.length - 1, bytes.length]);
      for (let k = 0; k <= bytes.length; k += step) offsets.add(k);
      for (const k of offsets) expect(snapshot(parseSplit(bytes, [k])), `split at ${k}`).toEqual(want);
      // Fixed-size chunks, from one byte at a time up.
      for (const size of [1, 2, 3, 7, 64, 4093]) expect(snapshot(parseChunked(bytes, size)), `chunks of ${size}`).toEqual(want);
    });
  }
});

describe('chunk boundaries inside CRLF and multi-byte UTF-8', () => {
  // A real fixture rewritten with CRLF line ends, blank lines, and file names
  // holding 2-, 3- and 4-byte UTF-8 characters, a space and a ':'.
  const base = readFileSync(join(TESTDATA, 'example/list-basic.cov'), 'utf8');
  const lines = base.trimEnd().split('\n');
  const names = ['container/ü/list.go', 'C:\\Users\\Ïñ Dév\\日本/list.go', 'x:y/😀 ｆ.go'];
  const text =
    lines[0] +
    '\r\n\r\n' +
    lines
      .slice(1)
      .map((l, k) => l.replace('container/list/list.go', names[k % names.length]))
      .join('\r\n') +
    '\r\n';
  const bytes = enc.encode(text);
  const lf = enc.encode(text.replaceAll('\r\n', '\n'));

  it('the rewritten input has what the test needs', () => {
    expect(bytes.length).toBeGreaterThan(lf.length);
    // every offset inside a multi-byte character and between \r and \n is covered below
    expect([...bytes].some((b) => b >= 0xf0)).toBe(true);
  });

  it('parses the same at every split offset (two and three pieces)', () => {
    const want = snapshot(parseProfileBytes(lf, 'lf'));
    expect(snapshot(parseProfileBytes(bytes, 'crlf'))).toEqual(want);
    for (let k = 0; k <= bytes.length; k++) {
      expect(snapshot(parseSplit(bytes, [k])), `split at ${k}`).toEqual(want);
      const k2 = Math.min(bytes.length, k + 1 + (k % 5));
      expect(snapshot(parseSplit(bytes, [k, k2])), `split at ${k},${k2}`).toEqual(want);
    }
    expect(snapshot(parseChunked(bytes, 1))).toEqual(want);
  });

  it('keeps the names intact (no replacement characters) and sorts them bytewise', () => {
    const p = parseProfileBytes(bytes, 'crlf');
    expect(p.files.map((f) => f.name)).toEqual(['C:\\Users\\Ïñ Dév\\日本/list.go', 'container/ü/list.go', 'x:y/😀 ｆ.go']);
    expect(formatProfile(p)).not.toContain('\ufffd');
    expect(formatProfile(p)).not.toContain('\r');
  });
});

describe('tolerances (SPEC §2)', () => {
  it('skips blank lines, accepts CRLF and a missing final newline', () => {
    const p = parseProfileString('\r\nmode: count\r\n\r\na.go:1.2,3.4 5 6\r\n\n   \nb.go:1.1,1.5 1 0', 'in');
    expect(formatProfile(p)).toBe('mode: count\na.go:1.2,3.4 5 6\nb.go:1.1,1.5 1 0\n');
  });

  it('accepts a repeated identical mode line: `cat a.cov b.cov` parses like merging them', () => {
    const a = readFileSync(join(TESTDATA, 'coverpkg/strings.cov'), 'utf8');
    const b = readFileSync(join(TESTDATA, 'coverpkg/csv.cov'), 'utf8');
    const cat = parseProfileString(a + b, 'cat');
    const pa = parseProfileString(a);
    const pb = parseProfileString(b);
    expect(cat.files.map((f) => f.name)).toEqual(pa.files.map((f) => f.name));
    cat.files.forEach((f, i) => {
      expect([...f.pos]).toEqual([...pa.files[i].pos]);
      expect([...f.counts]).toEqual([...pa.files[i].counts].map((c, k) => c + pb.files[i].counts[k]));
    });
  });

  it('a header-only profile has no files', () => {
    expect(parseProfileString('mode: atomic\n').files).toEqual([]);
    expect(formatProfile(parseProfileString('mode: atomic'))).toBe('mode: atomic\n');
  });

  it('merges duplicate blocks anywhere in the file: sum in count/atomic, OR in set', () => {
    const body = 'a.go:3.1,4.2 1 2\nb.go:1.1,1.2 1 1\na.go:1.1,2.2 2 3\na.go:3.1,4.2 1 5\n';
    expect(formatProfile(parseProfileString(`mode: count\n${body}`))).toBe('mode: count\na.go:1.1,2.2 2 3\na.go:3.1,4.2 1 7\nb.go:1.1,1.2 1 1\n');
    expect(formatProfile(parseProfileString(`mode: atomic\n${body}`))).toBe('mode: atomic\na.go:1.1,2.2 2 3\na.go:3.1,4.2 1 7\nb.go:1.1,1.2 1 1\n');
    const set = 'mode: set\na.go:3.1,4.2 1 0\nb.go:1.1,1.2 1 0\na.go:3.1,4.2 1 1\na.go:3.1,4.2 1 1\nb.go:1.1,1.2 1 0\n';
    expect(formatProfile(parseProfileString(set))).toBe('mode: set\na.go:3.1,4.2 1 1\nb.go:1.1,1.2 1 0\n');
  });

  it('merges the repeated blocks of a real multi-package `go test` output', () => {
    const text = readFileSync(join(TESTDATA, 'multi/multi.cov'), 'utf8');
    const lines = text.trimEnd().split('\n').slice(1);
    const keys = new Set(lines.map((l) => l.slice(0, l.lastIndexOf(' '))));
    expect(keys.size).toBeLessThan(lines.length); // the fixture does repeat blocks
    const p = parseProfileString(text, 'multi');
    expect(p.files.reduce((n, f) => n + f.stmts.length, 0)).toBe(keys.size);
    // each block's count is the sum over its occurrences
    const sums = new Map<string, number>();
    for (const l of lines) {
      const k = l.slice(0, l.lastIndexOf(' '));
      sums.set(k, (sums.get(k) ?? 0) + Number(l.slice(l.lastIndexOf(' ') + 1)));
    }
    for (const f of p.files) {
      for (let i = 0; i < f.stmts.length; i++) {
        const b = blockAt(f, i);
        const k = `${f.name}:${b.startLine}.${b.startCol},${b.endLine}.${b.endCol} ${b.numStmt}`;
        expect(b.count, k).toBe(sums.get(k));
      }
    }
  });

  it('sorts blocks by (startLine, startCol, endLine, endCol)', () => {
    const p = parseProfileString('mode: set\na.go:2.1,3.1 1 1\na.go:1.5,9.9 1 0\na.go:1.5,2.1 1 1\na.go:1.2,1.9 1 0\na.go:1.5,2.0 1 1\n');
    expect(formatProfile(p)).toBe('mode: set\na.go:1.2,1.9 1 0\na.go:1.5,2.0 1 1\na.go:1.5,2.1 1 1\na.go:1.5,9.9 1 0\na.go:2.1,3.1 1 1\n');
  });

  it('keeps the largest exact count, 2^53-1', () => {
    const p = parseProfileString('mode: count\na.go:1.1,2.2 1 9007199254740991\n');
    expect(p.files[0].counts[0]).toBe(Number.MAX_SAFE_INTEGER);
    expect(formatProfile(p)).toBe('mode: count\na.go:1.1,2.2 1 9007199254740991\n');
  });
});

describe('file names', () => {
  it('takes everything before the position as the name: Windows drives, backslashes, spaces, colons', () => {
    const text = [
      'mode: count',
      'C:/x/a.go:1.2,3.4 1 1',
      'C:\\x\\b.go:5.6,7.8 2 3',
      'D:\\My Projects\\go src\\c d.go:1.1,1.20 1 0',
      'weird:name:with:colons.go:10.1,12.2 3 4',
      'trailing space .go:1.1,1.2 1 1',
      '',
    ].join('\n');
    const p = parseProfileString(text, 'win.cov');
    expect(p.files.map((f) => f.name)).toEqual([
      'C:/x/a.go',
      'C:\\x\\b.go',
      'D:\\My Projects\\go src\\c d.go',
      'trailing space .go',
      'weird:name:with:colons.go',
    ]);
    expect(blockAt(p.files[1], 0)).toEqual({ startLine: 5, startCol: 6, endLine: 7, endCol: 8, numStmt: 2, count: 3 });
    expect(blockAt(p.files[4], 0)).toEqual({ startLine: 10, startCol: 1, endLine: 12, endCol: 2, numStmt: 3, count: 4 });
  });

  it('orders names by UTF-8 bytes, not UTF-16 code units (u/ｆ.go < u/😀.go)', () => {
    const p = parseProfileString('mode: set\nu/😀.go:1.1,1.2 1 1\nu/ｆ.go:1.1,1.2 1 1\nu/z.go:1.1,1.2 1 0\nu/é.go:1.1,1.2 1 0\nU/a.go:1.1,1.2 1 0\n');
    expect(p.files.map((f) => f.name)).toEqual(['U/a.go', 'u/z.go', 'u/é.go', 'u/ｆ.go', 'u/😀.go']);
    // JS's default sort would get this pair wrong; compareUtf8 must not.
    expect(['u/ｆ.go', 'u/😀.go'].sort()).toEqual(['u/😀.go', 'u/ｆ.go']);
    expect(compareUtf8('u/ｆ.go', 'u/😀.go')).toBeLessThan(0);
    expect(compareUtf8('u/😀.go', 'u/ｆ.go')).toBeGreaterThan(0);
  });

  it('compareUtf8 agrees with a byte comparison of the encodings', () => {
    const names = ['a', 'ab', 'a/b', 'a-b', 'é', 'ｆ', '😀', '\u{10ffff}', '\ud7ff', '\ue000', 'Z', '', 'a\u0000'];
    const bytewise = (x: string, y: string): number => Buffer.compare(Buffer.from(x), Buffer.from(y));
    for (const x of names) for (const y of names) expect(Math.sign(compareUtf8(x, y)), `${x} vs ${y}`).toBe(bytewise(x, y));
  });
});

describe('errors: one per class, with code, input, line and text', () => {
  const cases: { name: string; text: string; code: string; line?: number; offending?: string; message: string }[] = [
    { name: '0-byte input', text: '', code: 'EMPTY_PROFILE', message: 'bad.cov: empty profile: no "mode:" line' },
    { name: 'only blank lines', text: '\n\r\n  \n', code: 'EMPTY_PROFILE', message: 'bad.cov: empty profile: no "mode:" line' },
    { name: 'missing mode line', text: '\na.go:1.1,2.2 1 1\n', code: 'MISSING_MODE', line: 2, offending: 'a.go:1.1,2.2 1 1', message: 'bad.cov:2: first line must be "mode: set|count|atomic", got "a.go:1.1,2.2 1 1"' },
    { name: 'unknown mode', text: 'mode: bogus\n', code: 'BAD_MODE', line: 1, offending: 'mode: bogus', message: 'bad.cov:1: unknown mode (want set, count or atomic) in "mode: bogus"' },
    { name: 'conflicting mode', text: 'mode: set\na.go:1.1,2.2 1 1\nmode: count\n', code: 'MODE_CONFLICT', line: 3, offending: 'mode: count', message: 'bad.cov:3: conflicting mode line (input started with "mode: set"): "mode: count"' },
    { name: 'malformed line', text: 'mode: set\na.go:1.1,2.2 1 1\npkg/a.go:12.3,14\n', code: 'BAD_LINE', line: 3, offending: 'pkg/a.go:12.3,14', message: 'bad.cov:3: bad block "pkg/a.go:12.3,14" (expected file:L.C,L.C N C)' },
    { name: 'non-numeric field', text: 'mode: set\na.go:1.1,2.x 1 1\n', code: 'BAD_LINE', line: 2, offending: 'a.go:1.1,2.x 1 1', message: 'bad.cov:2: bad block "a.go:1.1,2.x 1 1" (expected file:L.C,L.C N C)' },
    { name: 'missing file name', text: 'mode: set\n:1.1,2.2 1 1\n', code: 'BAD_LINE', line: 2, offending: ':1.1,2.2 1 1', message: 'bad.cov:2: bad block ":1.1,2.2 1 1" (expected file:L.C,L.C N C)' },
    { name: 'negative count', text: 'mode: count\na.go:1.1,2.2 1 -4\n', code: 'NEGATIVE_NUMBER', line: 2, offending: 'a.go:1.1,2.2 1 -4', message: 'bad.cov:2: negative number in "a.go:1.1,2.2 1 -4"' },
    { name: 'negative position', text: 'mode: count\n\na.go:-1.1,2.2 1 4\n', code: 'NEGATIVE_NUMBER', line: 3, offending: 'a.go:-1.1,2.2 1 4', message: 'bad.cov:3: negative number in "a.go:-1.1,2.2 1 4"' },
    { name: 'count above 2^53-1', text: 'mode: count\na.go:1.1,2.2 1 9007199254740992\n', code: 'COUNT_OVERFLOW', line: 2, offending: 'a.go:1.1,2.2 1 9007199254740992', message: 'bad.cov:2: count exceeds 2^53-1 in "a.go:1.1,2.2 1 9007199254740992"' },
    { name: 'huge count', text: 'mode: atomic\na.go:1.1,2.2 1 123456789012345678901234567890\n', code: 'COUNT_OVERFLOW', line: 2, offending: 'a.go:1.1,2.2 1 123456789012345678901234567890', message: 'bad.cov:2: count exceeds 2^53-1 in "a.go:1.1,2.2 1 123456789012345678901234567890"' },
    { name: 'duplicate block with another NumStmt', text: 'mode: count\na.go:1.1,2.2 1 1\nb.go:1.1,1.2 1 1\na.go:1.1,2.2 2 1\n', code: 'INCONSISTENT_NUMSTMT', line: 4, offending: 'a.go:1.1,2.2', message: 'bad.cov:4: inconsistent NumStmt for block "a.go:1.1,2.2": 1 (line 2) then 2' },
  ];

  for (const c of cases) {
    it(`${c.code}: ${c.name}`, () => {
      const err = parseError(() => parseProfileString(c.text, 'bad.cov'));
      expect(err.code).toBe(c.code);
      expect(err.input).toBe('bad.cov');
      expect(err.line).toBe(c.line);
      expect(err.text).toBe(c.offending);
      expect(err.message).toBe(c.message);
      expect(err.message).not.toContain('\n');
      // The same error, at the same line, whatever the chunking.
      const bytes = enc.encode(c.text);
      for (const size of [1, 3]) {
        const e2 = parseError(() => parseChunked(bytes, size, 'bad.cov'));
        expect([e2.code, e2.line, e2.message]).toEqual([c.code, c.line, c.message]);
      }
    });
  }

  it('COUNT_OVERFLOW when duplicates sum past 2^53-1', () => {
    const err = parseError(() => parseProfileString('mode: count\na.go:1.1,2.2 1 9007199254740991\na.go:1.1,2.2 1 1\n', 'dup.cov'));
    expect(err.code).toBe('COUNT_OVERFLOW');
    expect(err.input).toBe('dup.cov');
    expect(err.line).toBe(3);
    expect(err.text).toBe('a.go:1.1,2.2');
    expect(err.message).toBe('dup.cov:3: count of block "a.go:1.1,2.2" exceeds 2^53-1 when duplicates are combined');
  });

  it('BAD_LINE for a line longer than 16 MiB, fast and the same in any chunking (a binary file, not a hang)', () => {
    const name = (n: number): string => `a${'b'.repeat(n - 'a.go:1.1,2.2 1 1'.length)}.go:1.1,2.2 1 1`;
    const ok = enc.encode(`mode: set\n${name(MAX_LINE_BYTES)}\n`);
    const tooLong = enc.encode(`mode: set\n${name(MAX_LINE_BYTES + 1)}\n`);
    expect(parseProfileBytes(ok).files[0].name.length).toBe(MAX_LINE_BYTES - ':1.1,2.2 1 1'.length);
    expect(parseChunked(ok, 1 << 20).files.length).toBe(1);
    for (const parse of [() => parseProfileBytes(tooLong, 'big.cov'), () => parseChunked(tooLong, 1 << 20, 'big.cov'), () => parseChunked(tooLong, 65536, 'big.cov')]) {
      const err = parseError(parse);
      expect([err.code, err.line, err.input]).toEqual(['BAD_LINE', 2, 'big.cov']);
      expect(err.message).toMatch(/^big\.cov:2: line longer than 16 MiB/);
    }
    // no newline at all: fails as soon as the line passes the limit, before the input ends
    const p = new ProfileParser('nl.cov');
    p.push(enc.encode('mode: count\n'));
    const chunk = new Uint8Array(1 << 20).fill(0x61);
    let thrown: unknown;
    try {
      for (let k = 0; k < 64; k++) p.push(chunk);
    } catch (err) {
      thrown = err;
    }
    expect(thrown).toMatchObject({ code: 'BAD_LINE', line: 2, input: 'nl.cov' });
  });

  it('truncates long offending text to about 80 characters', () => {
    const long = `${'very/long/path/'.repeat(20)}a.go:1.1,2.2 1 x`;
    const err = parseError(() => parseProfileString(`mode: set\n${long}\n`, 'long.cov'));
    expect(err.code).toBe('BAD_LINE');
    expect(err.text).toBe(`${long.slice(0, 80)}...`);
    expect(err.message.length).toBeLessThan(160);
  });

  it('names the error at the right line of a real fixture with a damaged line', () => {
    const lines = readFileSync(join(TESTDATA, 'std/count/path.cov'), 'utf8').split('\n');
    lines[100] = lines[100].replace(/ (\d+)$/, ' 1x');
    const err = parseError(() => parseProfileString(lines.join('\n'), 'std/count/path.cov'));
    expect([err.code, err.line, err.input]).toEqual(['BAD_LINE', 101, 'std/count/path.cov']);
  });
});

describe('stream adapter', () => {
  const file = join(TESTDATA, 'std/atomic/csv.cov');
  const bytes = readFileSync(file);
  const want = formatProfile(parseProfileBytes(new Uint8Array(bytes)));

  /** A Readable that yields `buf` in pieces of `size` bytes. */
  const pieces = (buf: Buffer, size: number): Readable =>
    Readable.from((function* () {
      for (let k = 0; k < buf.length; k += size) yield buf.subarray(k, k + size);
    })());

  it('parses plain text from a stream in small pieces', async () => {
    expect(formatProfile(await parseProfileStream(pieces(bytes, 1000)))).toBe(want);
  });

  it('detects gzip by its magic bytes, whatever the name, even when the magic is split', async () => {
    const gz = gzipSync(bytes);
    expect(formatProfile(await parseProfileStream(pieces(gz, 1)))).toBe(want);
    expect(formatProfile(await parseProfileStream(pieces(gz, 4096)))).toBe(want);
  });

  it('reports a 0-byte stream as an empty profile', async () => {
    await expect(parseProfileStream(Readable.from([]), 'empty.cov')).rejects.toMatchObject({ code: 'EMPTY_PROFILE', input: 'empty.cov' });
  });

  it('a one-byte stream that is not gzip is parsed as text', async () => {
    await expect(parseProfileStream(Readable.from([Buffer.from('m')]), 'm.cov')).rejects.toMatchObject({ code: 'MISSING_MODE', line: 1 });
  });

  it('reports truncated gzip data as an input error', async () => {
    const gz = gzipSync(bytes);
    await expect(parseProfileStream(pieces(gz.subarray(0, gz.length >> 1), 512), 'cut.cov.gz')).rejects.toMatchObject({
      name: 'InputError',
      message: expect.stringContaining('cut.cov.gz'),
    });
  });
});
