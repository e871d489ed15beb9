// The byte-level machinery of the line reports (LCOV, Cobertura): putDecimal
// exact on both sides of its 31-bit fast path, ByteSink records and chunks,
// a LineExpander reused across files giving what a fresh one gives, and
// Cobertura <method> lines (found by binary search) equal to the naive scan
// of the class's lines in the function's range.

import { describe, expect, it } from 'vitest';
import { putDecimal } from '../src/profile/decimal.js';
import { fileFromBlocks, type Block, type Profile } from '../src/profile/model.js';
import { ByteSink, Piece } from '../src/report/byteSink.js';
import { coberturaByteChunks } from '../src/report/cobertura.js';
import { reportText } from '../src/report/registry.js';
import { LineExpander, lineHits } from '../src/report/lineHits.js';
import type { FuncCoverage } from '../src/summary/functions.js';

const decoder = new TextDecoder();

function decimal(v: number): string {
  const buf = new Uint8Array(40);
  return decoder.decode(buf.subarray(5, putDecimal(buf, 5, v)));
}

let seed = 7;
const rand = (n: number) => ((seed = (seed * 1103515245 + 12345) >>> 0) >>> 8) % n;

function randomBlocks(n: number, span: number): Block[] {
  const blocks: Block[] = [];
  for (let k = 0; k < n; k++) {
    const sl = 1 + rand(span);
    blocks.push({ startLine: sl, startCol: 1, endLine: rand(5) === 0 ? sl : sl + rand(12), endCol: 2, numStmt: 1, count: rand(3) === 0 ? 0 : rand(1_000_000_000) });
  }
  return blocks.sort((a, b) => a.startLine - b.startLine || a.endLine - b.endLine);
}

describe('putDecimal', () => {
  it('writes what String(v) writes, around the 31-bit fast path and up to 2^53-1', () => {
    const values = [0, 9, 10, 99, 100, 2 ** 31 - 2, 2 ** 31 - 1, 2 ** 31, 2 ** 31 + 1, 2 ** 32 - 1, 2 ** 32, Number.MAX_SAFE_INTEGER];
    for (let p = 1; p <= 1e15; p *= 10) values.push(p - 1, p, p + 1);
    for (let i = 0; i < 2000; i++) values.push(rand(2 ** 31) * 2 ** rand(22) + rand(1000));
    for (const v of values.filter((x) => x <= Number.MAX_SAFE_INTEGER)) expect(decimal(v)).toBe(String(v));
  });
});

describe('ByteSink', () => {
  it('records() writes open a mid b close per index, stops when full, and the chunks join to the whole text', () => {
    const n = 20_000;
    const a = Uint32Array.from({ length: n }, (_, i) => i * 37);
    const b = Float64Array.from({ length: n }, (_, i) => (i % 3 === 0 ? 0 : i * 1_234_567_891));
    const [open, mid, close] = [new Piece('    <line number="'), new Piece('" hits="'), new Piece('"/>\n')];
    const out = new ByteSink();
    const chunks: Uint8Array[] = [];
    for (let i = 0; i < n; ) {
      i = out.records(open, mid, close, a, b, i, n);
      if (out.full) chunks.push(out.take());
    }
    chunks.push(out.take());
    expect(chunks.length).toBeGreaterThan(10);
    for (const c of chunks.slice(0, -1)) {
      expect(c.length).toBeGreaterThanOrEqual(1 << 16);
      expect(c[c.length - 1]).toBe(10); // a chunk ends at a record's end
    }
    let want = '';
    for (let i = 0; i < n; i++) want += `    <line number="${a[i]}" hits="${b[i]}"/>\n`;
    expect(chunks.map((c) => decoder.decode(c)).join('')).toBe(want);
  });

  it('text() grows the buffer for a long name and writes UTF-8; a lone surrogate becomes U+FFFD', () => {
    const long = `é/${'x'.repeat(200_000)}\u{1F600}\uDCFF.go`;
    const out = new ByteSink().text(long).piece(new Piece('\n')).decimal(42);
    const bytes = out.take();
    expect(decoder.decode(bytes)).toBe(`é/${'x'.repeat(200_000)}\u{1F600}\uFFFD.go\n42`);
    expect(Buffer.from(bytes).equals(Buffer.from(`${long}\n42`))).toBe(true); // as a stream encodes the string
  });
});

describe('LineExpander', () => {
  it('reused over files of every size gives what a fresh expansion gives', () => {
    const expander = new LineExpander();
    for (let t = 0; t < 200; t++) {
      const file = fileFromBlocks('f.go', randomBlocks(rand(3) === 0 ? 300 : rand(8), rand(2) === 0 ? 30 : 3000));
      const fresh = lineHits(file);
      const reused = expander.expand(file);
      expect([...reused.lines]).toEqual([...fresh.lines]);
      expect([...reused.hits]).toEqual([...fresh.hits]);
    }
  });
});

describe('line reports', () => {
  const profile: Profile = {
    mode: 'count',
    files: [
      fileFromBlocks('m/a/x.go', randomBlocks(400, 600)),
      fileFromBlocks('m/a/y.go', [{ startLine: 3, startCol: 1, endLine: 9, endCol: 2, numStmt: 2, count: 1 }, { startLine: 5, startCol: 1, endLine: 6, endCol: 2, numStmt: 1, count: 0 }]),
    ],
  };

  it('a Cobertura method lists exactly the class lines in its range, with their hits', () => {
    const fn = (name: string, line: number, endLine: number): FuncCoverage => ({ name, line, endLine, startCol: 1, endCol: 2, count: 1, covered: 1, statements: 1 });
    const funcs = [fn('A', 1, 40), fn('B', 35, 80), fn('C', 700, 900), fn('D', 100, 100), fn('E', 250, 249), fn('F', 0, 10_000)];
    const xml = reportText(coberturaByteChunks(profile, { functions: (name) => (name === 'm/a/x.go' ? funcs : null) }));
    const { lines, hits } = lineHits(profile.files[0]);
    const methods = [...xml.matchAll(/<method name="(\w+)"[^>]*line-rate="([^"]*)"[^>]*>\s*<lines>([\s\S]*?)<\/lines>/g)];
    expect(methods.map((m) => m[1])).toEqual(['A', 'B', 'C', 'D', 'E', 'F']);
    for (const [k, f] of funcs.entries()) {
      let want = '';
      let valid = 0;
      let covered = 0;
      for (let i = 0; i < lines.length; i++) {
        if (lines[i] < f.line || lines[i] > f.endLine) continue;
        valid++;
        if (hits[i] > 0) covered++;
        want += `                <line number="${lines[i]}" hits="${hits[i]}"/>\n`;
      }
      expect(methods[k][3].replace(/^\n/, '').replace(/ *$/, '')).toBe(want);
      expect(methods[k][2]).toBe(valid === 0 ? '1' : String(Math.round((covered / valid) * 10000) / 10000));
    }
    expect(methods[5][3].split('<line ').length - 1).toBe(lines.length); // F spans the whole file
  });
});
