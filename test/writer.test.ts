// Canonical writer: one mode line, '\n' line ends, integers printed exactly,
// chunks that end on line boundaries, and a Writable's backpressure honoured
// (a slow consumer gets every byte, in order, without unbounded buffering).

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { adoptTexts, blockText, packTexts } from '../src/profile/blockText.js';
import { putDecimal } from '../src/profile/decimal.js';
// A small seeded PRNG (mulberry32): the same cases on every run.
import { rng } from '../bench/generate.mjs';
import { fileFromBlocks, type Profile } from '../src/profile/model.js';
import { parseProfileString } from '../src/profile/parser.js';
import { formatProfile, profileByteChunks, profileChunks, writeChunks, writeProfile } from '../src/profile/writer.js';
import { TESTDATA } from './helpers.js';

/** A synthetic profile of `files` files with `blocks` blocks each (a few MB of text). */
function bigProfile(files: number, blocks: number): Profile {
  const out = [];
  for (let f = 0; f < files; f++) {
    const bs = [];
    for (let b = 0; b < blocks; b++) bs.push({ startLine: b + 1, startCol: 2, endLine: b + 2, endCol: 40, numStmt: 1 + (b % 5), count: (b * 7919 + f) % 1000 });
    out.push(fileFromBlocks(`k8s.io/kubernetes/pkg/dir${String(f).padStart(4, '0')}/file.go`, bs));
  }
  return { mode: 'count', files: out };
}

/** A Writable with a tiny buffer that completes each write asynchronously. */
class SlowSink extends Writable {
  readonly parts: Buffer[] = [];
  maxPending = 0;
  private pending = 0;
  constructor() {
    super({ highWaterMark: 1024 });
  }
  override _write(chunk: Buffer, _enc: BufferEncoding, cb: (err?: Error) => void): void {
    this.pending = this.writableLength;
    this.maxPending = Math.max(this.maxPending, this.pending);
    this.parts.push(chunk);
    setImmediate(cb);
  }
  text(): string {
    return Buffer.concat(this.parts).toString('utf8');
  }
}

describe('formatProfile', () => {
  it('reproduces Go\'s own single-package output byte for byte (example fixtures)', () => {
    for (const f of ['example/list-basic.cov', 'example/list-move.cov', 'std/atomic/path.cov', 'std/count/tabwriter.cov']) {
      const text = readFileSync(join(TESTDATA, f), 'utf8');
      expect(formatProfile(parseProfileString(text)), f).toBe(text);
    }
  });

  it('writes exactly one mode line, \\n line ends, and exact integers up to 2^53-1', () => {
    const p: Profile = {
      mode: 'atomic',
      files: [fileFromBlocks('C:\\w x\\a.go', [
        { startLine: 1, startCol: 1, endLine: 4294967295, endCol: 2, numStmt: 4294967295, count: Number.MAX_SAFE_INTEGER },
        { startLine: 2, startCol: 1, endLine: 3, endCol: 2, numStmt: 0, count: 1e15 },
      ])],
    };
    expect(formatProfile(p)).toBe('mode: atomic\nC:\\w x\\a.go:1.1,4294967295.2 4294967295 9007199254740991\nC:\\w x\\a.go:2.1,3.2 0 1000000000000000\n');
  });

  it('an empty profile is just its mode line', () => {
    expect(formatProfile({ mode: 'set', files: [] })).toBe('mode: set\n');
  });

  it('round-trips: parse(format(p)) formats identically', () => {
    const p = bigProfile(50, 200);
    const text = formatProfile(p);
    expect(formatProfile(parseProfileString(text))).toBe(text);
  });
});

describe('decimal output and block texts', () => {
  it('putDecimal writes every integer exactly, across digit counts and the small-integer limit (2^31)', () => {
    const values = [0, 9, 10, 2 ** 31 - 1, 2 ** 31, 2 ** 32 - 1, 2 ** 32, 2 ** 53 - 1];
    for (let p = 10; p <= 1e15; p *= 10) values.push(p - 1, p, p + 1);
    const random = rng(53);
    for (let i = 0; i < 5000; i++) values.push(Math.floor(random() * 2 ** (1 + (i % 53))));
    const out = new Uint8Array(24);
    for (const v of values) {
      const end = putDecimal(out, 2, v);
      expect(Buffer.from(out.subarray(2, end)).toString('latin1'), String(v)).toBe(String(v));
    }
  });

  /** `p` with fresh block arrays (so no block text is cached for them). */
  const fresh = (p: Profile): Profile => ({ mode: p.mode, files: p.files.map((f) => ({ ...f, pos: f.pos.slice(), stmts: f.stmts.slice() })) });

  it('the writer gives the same bytes from built, packed and adopted block texts as from formatting', () => {
    const big = bigProfile(40, 100);
    const huge = fileFromBlocks(big.files[3].name, [{ startLine: 4294967295, startCol: 2147483648, endLine: 4294967295, endCol: 9, numStmt: 4294967295, count: 2 ** 53 - 1 }]);
    const p: Profile = { mode: big.mode, files: big.files.map((f, i) => (i === 3 ? huge : f)) };
    const want = formatProfile(fresh(p));
    const built = fresh(p);
    blockText(built.files[0]);
    expect(formatProfile(built)).toBe(want);
    const packedFrom = fresh(p);
    const packed = packTexts(packedFrom.files);
    // Sized exactly: the last block ends where the bytes end.
    expect(packed.offs[packed.offs.length - 1]).toBe(packed.bytes.length);
    expect(formatProfile(packedFrom)).toBe(want);
    const adopted = fresh(p);
    adoptTexts(adopted.files, { bytes: packed.bytes.slice(), offs: packed.offs.slice() });
    expect(blockText(adopted.files[7]).bytes.length).toBe(packed.bytes.length); // the adopted buffer, not a new build
    expect(formatProfile(adopted)).toBe(want);
    // A text is used only with the NumStmt array it was built from.
    const other = { ...adopted.files[0], stmts: adopted.files[0].stmts.map((n) => n + 10) };
    expect(formatProfile({ mode: 'count', files: [other] })).toBe(formatProfile(fresh({ mode: 'count', files: [other] })));
    expect(formatProfile({ mode: 'count', files: [other] })).not.toBe(formatProfile({ mode: 'count', files: [adopted.files[0]] }));
  });
});

describe('profileChunks', () => {
  it('yields ~64 KiB chunks that end on line boundaries and add up to formatProfile', () => {
    const p = bigProfile(200, 300);
    const chunks = [...profileChunks(p)];
    expect(chunks.length).toBeGreaterThan(20);
    for (const c of chunks) expect(c.endsWith('\n')).toBe(true);
    for (const c of chunks.slice(0, -1)) {
      expect(c.length).toBeGreaterThanOrEqual(1 << 16);
      expect(c.length).toBeLessThan((1 << 16) + 200);
    }
    expect(chunks.join('')).toBe(formatProfile(p));
  });
});

describe('profileByteChunks', () => {
  it('gives the same bytes as the text chunks, in fresh buffers a consumer may keep', () => {
    const p = bigProfile(200, 300);
    const chunks = [...profileByteChunks(p)]; // all kept until the end: none may be overwritten
    expect(chunks.length).toBeGreaterThan(20);
    for (const c of chunks) expect(c[c.length - 1]).toBe(10);
    expect(Buffer.concat(chunks).toString('utf8')).toBe(formatProfile(p));
    expect(new Set(chunks.map((c) => c.buffer)).size).toBe(chunks.length);
  });

  it('fits lines whose file name is longer than a chunk, and non-ASCII names', () => {
    const long = `${'k8s.io/'.repeat(20_000)}ü😀.go`;
    const p: Profile = {
      mode: 'set',
      files: [
        fileFromBlocks(long, [{ startLine: 1, startCol: 2, endLine: 3, endCol: 4, numStmt: 5, count: 1 }]),
        fileFromBlocks('z.go', [{ startLine: 7, startCol: 1, endLine: 7, endCol: 9, numStmt: 1, count: 0 }]),
      ],
    };
    const text = Buffer.concat([...profileByteChunks(p)]).toString('utf8');
    expect(text).toBe(`mode: set\n${long}:1.2,3.4 5 1\nz.go:7.1,7.9 1 0\n`);
  });
});

describe('writeProfile', () => {
  it('honours backpressure: a slow sink receives every byte in order', async () => {
    const p = bigProfile(300, 300); // ~ 5 MB of text
    const sink = new SlowSink();
    await writeProfile(p, sink);
    sink.end();
    expect(sink.text()).toBe(formatProfile(p));
    // with backpressure honoured, no more than one chunk beyond the high-water mark is ever queued
    expect(sink.maxPending).toBeLessThan((1 << 16) * 2 + 1024);
  });

  it('does not end the stream (callers may write more)', async () => {
    const sink = new SlowSink();
    await writeProfile({ mode: 'count', files: [] }, sink);
    expect(sink.writableEnded).toBe(false);
    sink.write('tail\n');
    sink.end();
    await new Promise((r) => sink.on('finish', r));
    expect(sink.text()).toBe('mode: count\ntail\n');
  });

  it('rejects when the stream fails while waiting for drain', async () => {
    const failing = new Writable({
      highWaterMark: 16,
      write(_chunk, _enc, cb) {
        setImmediate(() => cb(new Error('disk full')));
      },
    });
    failing.on('error', () => {}); // the rejection below is what we check
    await expect(writeChunks(['x'.repeat(100), 'y'.repeat(100), 'z'], failing)).rejects.toThrow('disk full');
  });
});
